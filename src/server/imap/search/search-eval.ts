/**
 * SEARCH evaluation (RFC 3501 §6.4.4; UID SEARCH §6.4.8) over the messages of the selected
 * mailbox. The keys come parsed (src/protocols/imap/search-keys.ts); keys side by side and
 * parenthesised groups are ANDs.
 *
 * - Strings match as case-insensitive substrings of the decoded text: header values with
 *   RFC 2047 encoded-words decoded; BODY the decoded text parts; TEXT the header and the body.
 * - BEFORE / ON / SINCE compare the calendar date of INTERNALDATE as FETCH shows it (+0000);
 *   SENTBEFORE / SENTON / SENTSINCE the date written in the Date: header. A message without a
 *   readable Date: header counts as sent on 1-Jan-1970, as in Dovecot: SENTBEFORE finds it.
 * - `*` in a sequence set is the highest message number; in a UID set, the highest UID, so
 *   `UID 900:*` still matches the last message when its UID is below 900.
 * - The message is read only when a key needs it, and the cheap keys of an AND are tried first,
 *   so a search on flags, sizes, dates or numbers never reads a message file.
 */
import type { ImapDate } from '../../../protocols/imap/dates.js';
import type { SearchKey } from '../../../protocols/imap/search-keys.js';
import { sequenceSetContains } from '../../../protocols/imap/sequence-set.js';
import type { HeaderField } from '../../../mime/headers.js';
import type { MessageView } from '../message-view.js';
import { bodyTexts, decodedField, foldCase, foldHeader, headerText, sentDateOf } from './message-text.js';

export type SearchContext = {
  /** The whole selected mailbox, ascending sequence numbers. */
  readonly messages: readonly MessageView[];
  readonly now: Date;
};

/** The charsets SEARCH accepts, for `NO [BADCHARSET (US-ASCII UTF-8)]`. */
export const SEARCH_CHARSETS: readonly string[] = ['US-ASCII', 'UTF-8'];

/** A CHARSET other than US-ASCII or UTF-8: answer `NO [BADCHARSET (US-ASCII UTF-8)]` (RFC 3501 §6.4.4). */
export class BadCharsetError extends Error {
  readonly code = 'BADCHARSET';
  readonly supported = SEARCH_CHARSETS;
  constructor(readonly charset: string) {
    super(`${charset} is not a supported charset; use US-ASCII or UTF-8`);
    this.name = 'BadCharsetError';
  }
}

const FLAG_OF = {
  ANSWERED: '\\answered',
  DELETED: '\\deleted',
  DRAFT: '\\draft',
  FLAGGED: '\\flagged',
  SEEN: '\\seen',
  RECENT: '\\recent',
} as const;
const UNFLAG_OF = {
  UNANSWERED: '\\answered',
  UNDELETED: '\\deleted',
  UNDRAFT: '\\draft',
  UNFLAGGED: '\\flagged',
  UNSEEN: '\\seen',
} as const;
const ADDRESS_HEADER = { BCC: 'bcc', CC: 'cc', FROM: 'from', TO: 'to', SUBJECT: 'subject' } as const;

/** How much reading a key costs: 0 the view alone, 1 the header, 2 the body. */
function cost(key: SearchKey): number {
  switch (key.key) {
    case 'BODY':
    case 'TEXT':
      return 2;
    case 'BCC':
    case 'CC':
    case 'FROM':
    case 'TO':
    case 'SUBJECT':
    case 'HEADER':
    case 'SENTBEFORE':
    case 'SENTON':
    case 'SENTSINCE':
      return 1;
    case 'NOT':
      return cost(key.operand);
    case 'OR':
      return Math.max(cost(key.left), cost(key.right));
    case 'AND':
      return Math.max(0, ...key.keys.map(cost));
    default:
      return 0;
  }
}

/** Cheap keys first in every AND, so that the expensive ones run only on what is left. */
function plan(key: SearchKey): SearchKey {
  switch (key.key) {
    case 'NOT':
      return { key: 'NOT', operand: plan(key.operand) };
    case 'OR':
      return { key: 'OR', left: plan(key.left), right: plan(key.right) };
    case 'AND':
      return { key: 'AND', keys: key.keys.map(plan).sort((a, b) => cost(a) - cost(b)) };
    default:
      return key;
  }
}

const dayNumber = (d: ImapDate) => d.year * 10_000 + d.month * 100 + d.day;

/** The sent date of a message whose Date: header is missing or unreadable (Dovecot: time 0). */
const NO_SENT_DATE: ImapDate = { year: 1970, month: 1, day: 1 };

function compareDay(actual: ImapDate, key: 'BEFORE' | 'ON' | 'SINCE', wanted: ImapDate): boolean {
  const a = dayNumber(actual);
  const w = dayNumber(wanted);
  return key === 'BEFORE' ? a < w : key === 'ON' ? a === w : a >= w;
}

/** One message being tested; reads the message at most once, and only when a key needs it. */
class Candidate {
  #raw: Promise<Buffer> | undefined;
  #body: Promise<string[]> | undefined;
  readonly #flags: ReadonlySet<string>;

  constructor(
    readonly view: MessageView,
    readonly maxSeq: number,
    readonly maxUid: number,
  ) {
    this.#flags = new Set(view.flags.map((f) => f.toLowerCase()));
  }

  hasFlag(lowerFlag: string): boolean {
    return this.#flags.has(lowerFlag);
  }

  raw(): Promise<Buffer> {
    return (this.#raw ??= this.view.raw());
  }

  /** The header fields, from the message's facts (cached after the first read: message-facts.ts). */
  async fields(): Promise<readonly HeaderField[]> {
    return (await this.view.facts()).fields;
  }

  /** The decoded, case-folded values of the fields named `lowerName` (only those are decoded). */
  async header(lowerName: string): Promise<readonly string[]> {
    return decodedField(await this.view.facts(), lowerName);
  }

  body(): Promise<string[]> {
    return (this.#body ??= this.raw().then(bodyTexts));
  }

  internalDay(): ImapDate {
    const d = this.view.internalDate;
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
}

async function headerContains(c: Candidate, name: string, needle: string): Promise<boolean> {
  return (await c.header(name.toLowerCase())).some((v) => v.includes(needle));
}

async function matches(key: SearchKey, c: Candidate): Promise<boolean> {
  switch (key.key) {
    case 'ALL':
      return true;
    case 'ANSWERED':
    case 'DELETED':
    case 'DRAFT':
    case 'FLAGGED':
    case 'SEEN':
    case 'RECENT':
      return c.hasFlag(FLAG_OF[key.key]);
    case 'UNANSWERED':
    case 'UNDELETED':
    case 'UNDRAFT':
    case 'UNFLAGGED':
    case 'UNSEEN':
      return !c.hasFlag(UNFLAG_OF[key.key]);
    case 'NEW':
      return c.hasFlag('\\recent') && !c.hasFlag('\\seen');
    case 'OLD':
      return !c.hasFlag('\\recent');
    case 'KEYWORD':
      return c.hasFlag(key.flag.toLowerCase());
    case 'UNKEYWORD':
      return !c.hasFlag(key.flag.toLowerCase());
    case 'LARGER':
      return c.view.size > key.size;
    case 'SMALLER':
      return c.view.size < key.size;
    case 'BEFORE':
    case 'ON':
    case 'SINCE':
      return compareDay(c.internalDay(), key.key, key.date);
    case 'SENTBEFORE':
    case 'SENTON':
    case 'SENTSINCE':
      return compareDay(sentDateOf(await c.fields()) ?? NO_SENT_DATE, key.key === 'SENTBEFORE' ? 'BEFORE' : key.key === 'SENTON' ? 'ON' : 'SINCE', key.date);
    case 'SEQUENCE':
      return sequenceSetContains(key.set, c.view.seq, c.maxSeq);
    case 'UID':
      return sequenceSetContains(key.set, c.view.uid, c.maxUid);
    case 'BCC':
    case 'CC':
    case 'FROM':
    case 'TO':
    case 'SUBJECT':
      return headerContains(c, ADDRESS_HEADER[key.key], foldHeader(key.value));
    case 'HEADER':
      return headerContains(c, key.field, foldHeader(key.value));
    case 'BODY': {
      const needle = foldCase(key.value);
      if (needle === '') return true; // every message has a body, if only an empty one
      return (await c.body()).some((t) => t.includes(needle));
    }
    case 'TEXT': {
      const needle = foldCase(key.value);
      if (needle === '') return true;
      if (headerText(await c.fields()).includes(needle)) return true;
      return (await c.body()).some((t) => t.includes(needle));
    }
    case 'NOT':
      return !(await matches(key.operand, c));
    case 'OR':
      return (await matches(key.left, c)) || matches(key.right, c);
    case 'AND':
      for (const k of key.keys) if (!(await matches(k, c))) return false;
      return true;
  }
}

/** Throws BadCharsetError unless the charset is absent, US-ASCII or UTF-8 (any case). */
export function checkSearchCharset(charset: string | undefined): void {
  if (charset === undefined) return;
  if (!SEARCH_CHARSETS.includes(charset.toUpperCase())) throw new BadCharsetError(charset);
}

/**
 * The messages that match the keys, ascending. `keys` may be the parser's list of keys (an AND)
 * or one key. Throws BadCharsetError for a CHARSET other than US-ASCII or UTF-8.
 */
export async function evaluateSearch(
  keys: SearchKey | readonly SearchKey[],
  ctx: SearchContext,
  charset?: string,
): Promise<MessageView[]> {
  checkSearchCharset(charset);
  const root = plan(isKeyList(keys) ? { key: 'AND', keys } : keys);
  let maxSeq = 0;
  let maxUid = 0;
  for (const m of ctx.messages) {
    if (m.seq > maxSeq) maxSeq = m.seq;
    if (m.uid > maxUid) maxUid = m.uid;
  }
  const found: MessageView[] = [];
  for (const view of ctx.messages) {
    if (await matches(root, new Candidate(view, maxSeq, maxUid))) found.push(view);
  }
  return found;
}

function isKeyList(keys: SearchKey | readonly SearchKey[]): keys is readonly SearchKey[] {
  return Array.isArray(keys);
}
