/**
 * MessageViews of the selected mailbox for FETCH, SEARCH and STORE: the session's sequence
 * numbers and \Recent over the store's latest data. Each view reads its message at most once.
 */
import type { MailStore } from '../../store/store.js';
import { StoreError } from '../../store/types.js';
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
  for (const { seq, uid } of entries) {
    const info = sel.info(uid);
    const isGone = !present.has(uid);
    if (isGone) gone.push({ seq, uid });
    if (!info || (isGone && !opts.keepGone)) continue;
    views.push(makeView(seq, uid, sel, isGone ? async () => Buffer.alloc(0) : () => readMessage(store, user, sel.name, uid)));
  }
  return { views, gone };
}

function makeView(seq: number, uid: number, sel: SelectedMailbox, read: () => Promise<Buffer>): MessageView {
  const info = sel.info(uid)!;
  let bytes: Promise<Buffer> | undefined;
  return {
    seq,
    uid,
    flags: sel.flagsOf(uid),
    internalDate: info.internalDate,
    size: info.size,
    raw: () => (bytes ??= read()),
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
