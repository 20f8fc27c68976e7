/**
 * MessageViews of the selected mailbox for FETCH, SEARCH and STORE: the session's sequence
 * numbers and \Recent over the store's latest data. Reads go ahead of a command that reads in order.
 */
import type { MailStore } from '../../store/store.js';
import { StoreError } from '../../store/types.js';
import { factsCacheFor, factsOf, MessageFactsCache, type MessageFacts } from './message-facts.js';
import type { MessageView } from './message-view.js';
import type { SelectedMailbox, SeqUid } from './selected-mailbox.js';

export type Views = {
  readonly views: MessageView[];
  /** Messages asked for that are gone from the store (expunged elsewhere, EXPUNGE not yet sent). */
  readonly gone: SeqUid[];
};

/**
 * Refreshes what the session knows of the mailbox and builds views of `entries`. With
 * `keepGone`, a message already expunged elsewhere still gets a view from what the session
 * remembers, reading as empty (SEARCH numbers must not shift; RFC 2180 §4.1.2).
 */
export async function loadViews(
  store: MailStore,
  user: string,
  sel: SelectedMailbox,
  entries: readonly SeqUid[],
  opts: { keepGone?: boolean } = {},
): Promise<Views> {
  const messages = await store.messages(user, sel.name);
  sel.remember(messages);
  const present = new Set(messages.map((m) => m.uid));
  const views: MessageView[] = [];
  const gone: SeqUid[] = [];
  const reader = new ReadAhead();
  const cache = factsCacheFor(store);
  for (const { seq, uid } of entries) {
    const info = sel.info(uid);
    const isGone = !present.has(uid);
    if (isGone) gone.push({ seq, uid });
    if (!info || (isGone && !opts.keepGone)) continue;
    const index = reader.add(isGone ? async () => Buffer.alloc(0) : () => readMessage(store, user, sel.name, uid));
    const read = (): Promise<Buffer> => reader.read(index);
    const id = { user, mailbox: sel.name, uidValidity: sel.uidValidity, uid };
    const view = makeView(seq, uid, sel, read, isGone ? async () => factsOf(await read()) : cachedFacts(cache, id, read));
    views.push(isGone ? view : { ...view, cachedFacts: () => cache.get(id.user, id.mailbox, id.uidValidity, id.uid) });
  }
  return { views, gone };
}

/** How many messages are read at once when a command reads the views in order. */
export const READ_AHEAD = 8;

/**
 * Reads for the views of one command. FETCH and SEARCH ask for the messages in order, one after
 * the other; once two neighbours were asked for, the next few are read at the same time, so the
 * command does not wait for the disk message by message. Reads behind the current one are let go,
 * so that a FETCH of a whole mailbox holds a few messages in memory, not all of them.
 */
class ReadAhead {
  readonly #sources: Array<() => Promise<Buffer>> = [];
  readonly #reads = new Map<number, Promise<Buffer>>();
  #last = -2;

  add(source: () => Promise<Buffer>): number {
    return this.#sources.push(source) - 1;
  }

  read(index: number): Promise<Buffer> {
    const bytes = this.#reads.get(index) ?? this.#start(index);
    if (index === this.#last + 1) {
      const end = Math.min(this.#sources.length, index + READ_AHEAD);
      for (let i = index + 1; i < end; i++) if (!this.#reads.has(i)) this.#start(i);
    }
    if (index !== this.#last) {
      for (const i of this.#reads.keys()) if (i < index) this.#reads.delete(i);
    }
    this.#last = index;
    return bytes;
  }

  #start(index: number): Promise<Buffer> {
    const bytes = this.#sources[index]!();
    // A read ahead that fails is reported to whoever asks for it, if anybody ever does.
    bytes.catch(() => undefined);
    this.#reads.set(index, bytes);
    return bytes;
  }
}

/** The facts from the cache, or read, computed and kept (an empty read, a message gone meanwhile, is not kept). */
type MessageId = { readonly user: string; readonly mailbox: string; readonly uidValidity: number; readonly uid: number };

function cachedFacts(cache: MessageFactsCache, id: MessageId, read: () => Promise<Buffer>): () => Promise<MessageFacts> {
  return async () => {
    const hit = cache.get(id.user, id.mailbox, id.uidValidity, id.uid);
    if (hit) return hit;
    const raw = await read();
    const facts = factsOf(raw);
    if (raw.length > 0) cache.set(id.user, id.mailbox, id.uidValidity, id.uid, facts);
    return facts;
  };
}

function makeView(
  seq: number,
  uid: number,
  sel: SelectedMailbox,
  read: () => Promise<Buffer>,
  facts: () => Promise<MessageFacts>,
): MessageView {
  const info = sel.info(uid)!;
  return {
    seq,
    uid,
    flags: sel.flagsOf(uid),
    internalDate: info.internalDate,
    size: info.size,
    raw: read,
    facts,
  };
}

/** A message removed between the snapshot and the read reads as empty rather than failing the command. */
async function readMessage(store: MailStore, user: string, mailbox: string, uid: number): Promise<Buffer> {
  try {
    return await store.read(user, mailbox, uid);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'NONEXISTENT') return Buffer.alloc(0);
    throw err;
  }
}
