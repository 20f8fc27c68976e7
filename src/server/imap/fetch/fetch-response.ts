/**
 * The data of one `* n FETCH (...)` response (RFC 3501 §6.4.5 FETCH, §7.4.2 the FETCH response).
 *
 *   msg-att         = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
 *   msg-att-dynamic = "FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")"
 *   msg-att-static  = "ENVELOPE" SP envelope / "INTERNALDATE" SP date-time /
 *                     "RFC822" [".HEADER" / ".TEXT"] SP nstring /
 *                     "RFC822.SIZE" SP number /
 *                     "BODY" ["STRUCTURE"] SP body /
 *                     "BODY" section ["<" number ">"] SP nstring /
 *                     "UID" SP uniqueid
 *
 * Pure: the message comes in as a MessageView, the answer goes out as ImapValues. Setting \Seen
 * is left to the session, which knows whether the mailbox is read-only (`setsSeen`).
 */
import { formatDateTime } from '../../../protocols/imap/dates.js';
import { fetchItemResponseName, type FetchItem } from '../../../protocols/imap/fetch-items.js';
import { atom, literal, raw, wire, type ImapValue } from '../../../protocols/imap/response.js';
import type { MimePart } from '../../../mime/part-types.js';
import { extractSection, type SectionSpec } from '../../../mime/sections.js';
import type { MessageFacts } from '../message-facts.js';
import { mimeTreeOf, type MessageView } from '../message-view.js';

export type FetchResult = {
  /**
   * The parenthesised list after `* n FETCH`, e.g.
   * [atom('UID'), 5, atom('FLAGS'), [atom('\\Seen')], raw('BODY[TEXT]<0>'), literal(...)]
   */
  readonly values: ImapValue[];
  /**
   * True when a non-PEEK BODY[...], RFC822 or RFC822.TEXT was fetched and \Seen was not set: the
   * caller must set \Seen (not in read-only mode) and include FLAGS in the response
   * (RFC 3501 §6.4.5); withFetchFlags() does the latter.
   */
  readonly setsSeen: boolean;
  /**
   * When ENVELOPE, BODYSTRUCTURE or BODY was fetched: what could not be parsed in the message's
   * header or MIME structure, which the session tells as `* NO [PARSE]` (RFC 3501 §7.1).
   */
  readonly problems: readonly string[];
};

export type FetchOptions = {
  /** UID FETCH: the response carries UID even when it was not asked for (RFC 3501 §6.4.8). */
  readonly uid: boolean;
};

/** Items answered from the raw message. */
const NEEDS_MESSAGE = new Set(['RFC822', 'RFC822.HEADER', 'RFC822.TEXT']);
/** Items answered from the message's facts (cached: message-facts.ts). */
const NEEDS_FACTS = new Set(['ENVELOPE', 'BODY', 'BODYSTRUCTURE']);

/** Does fetching this item mark the message \Seen (RFC 3501 §6.4.5)? RFC822.HEADER is a PEEK. */
function marksSeen(item: FetchItem): boolean {
  if (item.type === 'section') return !item.peek;
  return item.name === 'RFC822' || item.name === 'RFC822.TEXT';
}

function needsMessage(item: FetchItem): boolean {
  return item.type === 'section' || NEEDS_MESSAGE.has(item.name);
}

function needsFacts(item: FetchItem): boolean {
  return item.type === 'attribute' && NEEDS_FACTS.has(item.name);
}

/** A flag as an atom; a name that is not one (never stored by us) is left out rather than break the line. */
function flagValues(flags: readonly string[]): ImapValue[] {
  const out: ImapValue[] = [];
  for (const flag of flags) {
    if (/^\\?[^(){ %*"\\\]\x00-\x1f\x7f-\uffff]+$/.test(flag)) out.push(atom(flag));
  }
  return out;
}

/** What a NUL octet is sent as inside a literal, as Dovecot does: 0x80. */
export const NUL_REPLACEMENT = 0x80;

/**
 * RFC 3501 §9: a literal is `*CHAR8`, and CHAR8 is %x01-ff: NUL cannot be sent (only BINARY's
 * literal8 of RFC 3516 may carry it). A message that holds NULs goes out with each replaced by
 * 0x80, so the literal's length and every offset (partial fetches) stay the same.
 */
export function withoutNul(bytes: Buffer): Buffer {
  let i = bytes.indexOf(0);
  if (i < 0) return bytes;
  const copy = Buffer.from(bytes);
  for (; i >= 0; i = copy.indexOf(0, i + 1)) copy[i] = NUL_REPLACEMENT;
  return copy;
}

/** Section data: an empty string as `""`, anything else as a literal (8-bit safe, never NUL). */
function sectionData(bytes: Buffer): ImapValue {
  return bytes.length === 0 ? '' : literal(withoutNul(bytes));
}

/**
 * The raw message, its MIME tree parsed only when a section needs it (BODY[] does not), and
 * whether it is known to have CRLF line ends throughout (from the facts cache).
 */
type Loaded = { readonly raw: Buffer; tree(): MimePart; readonly crlf: boolean };

function section(loaded: Loaded, spec: SectionSpec, partial?: { origin: number; size: number }): Buffer {
  return extractSection(
    loaded.raw,
    loaded.tree,
    spec,
    partial === undefined ? undefined : { offset: partial.origin, length: partial.size },
    { crlf: loaded.crlf },
  );
}

function itemValue(item: FetchItem, view: MessageView, loaded: Loaded | undefined, facts: MessageFacts | undefined): ImapValue {
  if (item.type === 'section') {
    const spec: SectionSpec = {
      part: item.section.part,
      ...(item.section.text === undefined ? {} : { kind: item.section.text }),
      ...(item.section.fields === undefined ? {} : { fields: item.section.fields }),
    };
    return sectionData(section(loaded!, spec, item.partial));
  }
  switch (item.name) {
    case 'UID':
      return view.uid;
    case 'FLAGS':
      return flagValues(view.flags);
    case 'INTERNALDATE':
      return formatDateTime(view.internalDate);
    case 'RFC822.SIZE':
      return view.size;
    case 'RFC822':
      return sectionData(section(loaded!, { part: [] }));
    case 'RFC822.HEADER':
      return sectionData(section(loaded!, { part: [], kind: 'HEADER' }));
    case 'RFC822.TEXT':
      return sectionData(section(loaded!, { part: [], kind: 'TEXT' }));
    case 'ENVELOPE':
      return wire(facts!.envelope);
    case 'BODYSTRUCTURE':
      return wire(facts!.bodyStructure);
    case 'BODY':
      return wire(facts!.body);
  }
}

/**
 * The item's name in the response. Header field names are case-insensitive; they are sent in
 * upper case, as Dovecot does (`BODY[HEADER.FIELDS (FROM SUBJECT)]` for `(From Subject)`).
 */
function responseName(item: FetchItem): string {
  if (item.type !== 'section' || item.section.fields === undefined) return fetchItemResponseName(item);
  const fields = item.section.fields.map((f) => f.toUpperCase());
  return fetchItemResponseName({ ...item, section: { ...item.section, fields } });
}

/**
 * Builds the FETCH data of one message: the requested items in the order asked, each once
 * (a repeated item is answered once), UID first when `opts.uid` and not asked for.
 * The message is read (raw()) only when an item needs it; ENVELOPE, BODYSTRUCTURE and BODY come
 * from its facts (cached after the first read).
 * Throws SectionError (src/mime/sections.ts) for a section IMAP does not allow: answer BAD.
 */
export async function buildFetchResponse(
  view: MessageView,
  items: readonly FetchItem[],
  opts: FetchOptions,
): Promise<FetchResult> {
  let loaded: Loaded | undefined;
  if (items.some(needsMessage)) {
    const raw = await view.raw();
    loaded = { raw, tree: () => mimeTreeOf(raw), crlf: view.cachedFacts?.()?.crlf === true };
  }
  const facts = items.some(needsFacts) ? await view.facts() : undefined;
  const values: ImapValue[] = [];
  const seen = new Set<string>();
  const asksUid = items.some((i) => i.type === 'attribute' && i.name === 'UID');
  if (opts.uid && !asksUid) {
    values.push(atom('UID'), view.uid);
    seen.add('UID');
  }
  for (const item of items) {
    const name = responseName(item);
    if (seen.has(name)) continue;
    seen.add(name);
    values.push(item.type === 'attribute' ? atom(name) : raw(name), itemValue(item, view, loaded, facts));
  }
  const alreadySeen = view.flags.some((f) => f.toLowerCase() === '\\seen');
  return { values, setsSeen: !alreadySeen && items.some(marksSeen), problems: facts?.problems ?? [] };
}

/**
 * The FETCH data with FLAGS set to `flags`: replaces the FLAGS value when the data has one,
 * appends `FLAGS (...)` otherwise. For the session after it set \Seen because of `setsSeen`.
 */
export function withFetchFlags(values: readonly ImapValue[], flags: readonly string[]): ImapValue[] {
  const out = [...values];
  for (let i = 0; i + 1 < out.length; i += 2) {
    const name = out[i];
    if (name !== null && typeof name === 'object' && !Array.isArray(name) && !Buffer.isBuffer(name) && 'value' in name && name.value === 'FLAGS') {
      out[i + 1] = flagValues(flags);
      return out;
    }
  }
  out.push(atom('FLAGS'), flagValues(flags));
  return out;
}
