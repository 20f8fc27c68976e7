/**
 * What FETCH ENVELOPE / BODYSTRUCTURE / BODY and the header keys of SEARCH need of a message,
 * kept in memory after the first read so that a mail client's usual listing (`FETCH 1:* (UID
 * FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE)` every time a folder opens) and header searches do
 * not read and parse every file again. Dovecot keeps the same facts in dovecot.index.cache.
 *
 * A message's content never changes in a Maildir (flags live in the file name, and FLAGS do not
 * come from here), so an entry needs no invalidation: user, mailbox, UIDVALIDITY and UID together
 * name one message for ever (RFC 3501 §2.3.1.1). An expunged message leaves the cache at once; a
 * mailbox deleted and created again gets a new UIDVALIDITY, and an entry of the old one is dropped
 * when met; entries of a renamed or deleted mailbox age out.
 *
 * One cache per store (so per sandbox), least recently used first out, bounded by bytes.
 */
import { serializeBody, serializeBodyStructure } from '../../mime/bodystructure.js';
import { buildEnvelope, serializeEnvelope } from '../../mime/envelope.js';
import type { HeaderField } from '../../mime/headers.js';
import { toWireBuffer } from '../../mime/imap-string.js';
import { hasBareLf } from '../../mime/sections.js';
import type { MailStore } from '../../store/store.js';
import { mimeTreeOf } from './message-view.js';
import { parseProblems } from './parse-problems.js';

/** Memory the cache may hold, all messages together (about 40,000 typical messages). */
export const MESSAGE_FACTS_CACHE_BYTES = 64 * 1024 * 1024;

/** A message's facts larger than this are not kept (a header block of megabytes is an attack, not mail). */
export const MESSAGE_FACTS_MAX_ENTRY_BYTES = 256 * 1024;

export type MessageFacts = {
  /** ENVELOPE as wire bytes, without the item name. */
  readonly envelope: Buffer;
  readonly bodyStructure: Buffer;
  readonly body: Buffer;
  /** The message's own header fields (byte strings, undecoded), as SEARCH reads them. */
  readonly fields: readonly HeaderField[];
  /** Every LF has its CR: sections of it go out without the CRLF rewrite (sections.ts). */
  readonly crlf: boolean;
  /** What could not be parsed in its header or MIME structure, for `* NO [PARSE]` (parse-problems.ts). */
  readonly problems: readonly string[];
};

/** Computes the facts from the raw message (one MIME parse). */
export function factsOf(raw: Buffer): MessageFacts {
  const tree = mimeTreeOf(raw);
  return {
    envelope: toWireBuffer(serializeEnvelope(buildEnvelope(tree.fields))),
    bodyStructure: toWireBuffer(serializeBodyStructure(tree)),
    body: toWireBuffer(serializeBody(tree)),
    fields: tree.fields,
    crlf: !hasBareLf(raw),
    problems: parseProblems(raw, tree),
  };
}

/** Approximate memory of an entry: the buffers and the header strings (counted as 1 byte per char). */
function sizeOf(facts: MessageFacts): number {
  let bytes = facts.envelope.length + facts.bodyStructure.length + facts.body.length + 64;
  for (const p of facts.problems) bytes += p.length + 16;
  for (const f of facts.fields) bytes += f.name.length + f.rawValue.length + f.value.length + f.foldedValue.length + 64;
  return bytes;
}

export class MessageFactsCache {
  readonly #entries = new Map<string, { readonly uidValidity: number; readonly facts: MessageFacts; readonly bytes: number }>();
  #bytes = 0;

  constructor(readonly maxBytes = MESSAGE_FACTS_CACHE_BYTES) {}

  static #key(user: string, mailbox: string, uid: number): string {
    return `${user}\0${mailbox}\0${uid}`;
  }

  /** The facts of a message, if kept; an entry from an older UIDVALIDITY of the mailbox is dropped. */
  get(user: string, mailbox: string, uidValidity: number, uid: number): MessageFacts | undefined {
    const key = MessageFactsCache.#key(user, mailbox, uid);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.uidValidity !== uidValidity) {
      this.#bytes -= entry.bytes;
      return undefined;
    }
    // Most recently used goes last: a Map iterates in insertion order.
    this.#entries.set(key, entry);
    return entry.facts;
  }

  set(user: string, mailbox: string, uidValidity: number, uid: number, facts: MessageFacts): void {
    const bytes = sizeOf(facts);
    if (bytes > MESSAGE_FACTS_MAX_ENTRY_BYTES || bytes > this.maxBytes) return;
    const key = MessageFactsCache.#key(user, mailbox, uid);
    this.#drop(key);
    this.#entries.set(key, { uidValidity, facts, bytes });
    this.#bytes += bytes;
    for (const [k, e] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(k);
      this.#bytes -= e.bytes;
    }
  }

  /** Forgets an expunged message at once (its UID never comes back in this UIDVALIDITY). */
  forget(user: string, mailbox: string, uid: number): void {
    this.#drop(MessageFactsCache.#key(user, mailbox, uid));
  }

  #drop(key: string): void {
    const old = this.#entries.get(key);
    if (old === undefined) return;
    this.#bytes -= old.bytes;
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}

const caches = new WeakMap<MailStore, MessageFactsCache>();

/** The cache of the sandbox that owns `store`; expunged messages leave it as they go. */
export function factsCacheFor(store: MailStore): MessageFactsCache {
  let cache = caches.get(store);
  if (cache === undefined) {
    const created = new MessageFactsCache();
    store.on((e) => {
      if (e.type === 'expunged') created.forget(e.user, e.mailbox, e.uid);
    });
    caches.set(store, created);
    cache = created;
  }
  return cache;
}
