/**
 * BODY[section]<partial> bytes (RFC 3501 §6.4.5), resolved like Dovecot's
 * imap-msgpart.c:
 *
 *   section         = "[" [section-spec] "]"
 *   section-spec    = section-msgtext / (section-part ["." section-text])
 *   section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
 *   section-part    = nz-number *("." nz-number)
 *   section-text    = section-msgtext / "MIME"
 *
 * - Part numbers walk multiparts; a non-multipart message (the whole message,
 *   or the one inside a message/rfc822 part) has only part 1: its body.
 * - Inside a message/rfc822 part, the next number is taken in the embedded
 *   message; HEADER, HEADER.FIELDS[.NOT] and TEXT after a part number refer to
 *   the message inside that message/rfc822 part, and are empty for other parts.
 * - A part number that does not exist gives an empty result, as Dovecot does.
 * - HEADER.FIELDS[.NOT] returns the matching fields as written, then a blank
 *   line (except HEADER.FIELDS.NOT, or a header after a part number, that had
 *   none). After a part number the header is read again up to its blank line,
 *   across boundary lines, as Dovecot does.
 *
 * The bytes are those of the raw message with every bare LF sent as CRLF; the
 * partial range applies to them.
 */

import { isBlankLine, readField, type HeaderField } from './headers.js';
import type { MimePart } from './part-types.js';

export type SectionKind = 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

export type SectionSpec = {
  /** Part numbers, e.g. [1, 2] for "1.2"; [] for the whole message. */
  readonly part: readonly number[];
  readonly kind?: SectionKind;
  /** Field names for HEADER.FIELDS and HEADER.FIELDS.NOT (any case). */
  readonly fields?: readonly string[];
};

export type SectionPartial = {
  /** First octet wanted (RFC 3501: origin). */
  readonly offset: number;
  /** At most this many octets. */
  readonly length: number;
};

/** Why a section spec is not valid IMAP (the command answers BAD). */
export class SectionError extends Error {
  readonly code = 'MIME_BAD_SECTION';
}

/**
 * The part that a part number designates, or null when there is none.
 * A non-multipart has only number 1, which is itself (so "1" of a single-part
 * message is its body), and nothing below it unless it is message/rfc822.
 */
export function findPart(root: MimePart, numbers: readonly number[]): MimePart | null {
  let part: MimePart = root;
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i]!;
    const more = i + 1 < numbers.length;
    if (part.kind === 'multipart') {
      const child = part.children[n - 1];
      if (child === undefined) return null;
      part = child;
    } else if (n !== 1 || (more && part.kind !== 'message')) {
      return null;
    }
    // Below message/rfc822 the next number counts in the embedded message.
    if (part.kind === 'message' && more) part = part.children[0]!;
  }
  return part;
}

function headerBytes(raw: Buffer, part: MimePart): Buffer {
  return raw.subarray(part.headerOffset, part.headerOffset + part.headerLength);
}

function bodyBytes(raw: Buffer, part: MimePart): Buffer {
  return raw.subarray(part.bodyOffset, part.bodyOffset + part.bodyLength);
}

type HeaderScan = { readonly fields: readonly HeaderField[]; readonly blankLine: boolean };

/**
 * Reads a header block again from `offset` up to its blank line or the end of
 * the message, not stopping at boundary lines: what Dovecot filters for
 * HEADER.FIELDS of a part (it can differ from the part's header when a
 * boundary line interrupts it).
 */
function rescanHeader(raw: Buffer, offset: number): HeaderScan {
  const fields: HeaderField[] = [];
  let pos = offset;
  while (pos < raw.length) {
    if (isBlankLine(raw, pos)) return { fields, blankLine: true };
    const { field } = readField(raw, pos);
    fields.push(field);
    pos += field.length;
  }
  return { fields, blankLine: false };
}

/** Does the header block end with its blank line? */
function hasBlankLine(raw: Buffer, part: MimePart): boolean {
  const end = part.headerOffset + part.headerLength;
  if (part.headerLength === 0 || raw[end - 1] !== 0x0a) return false;
  const before = end - 2 >= part.headerOffset && raw[end - 2] === 0x0d ? end - 2 : end - 1;
  return before === part.headerOffset || raw[before - 1] === 0x0a;
}

type FilterOptions = { readonly keep: boolean; readonly completeLines: boolean; readonly blankLine: boolean };

/** The fields named (keep) or not named (!keep), as written, then maybe a blank line. */
function filterFields(raw: Buffer, scan: HeaderScan, names: readonly string[], opts: FilterOptions): Buffer {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const chunks: Buffer[] = [];
  for (const field of scan.fields) {
    // a line without ":" has no name: never wanted, never excluded
    if ((field.name !== '' && wanted.has(field.name.toLowerCase())) !== opts.keep) continue;
    const bytes = raw.subarray(field.offset, field.offset + field.length);
    chunks.push(bytes);
    if (opts.completeLines && bytes[bytes.length - 1] !== 0x0a) chunks.push(Buffer.from('\r\n'));
  }
  if (opts.blankLine) chunks.push(Buffer.from('\r\n'));
  return Buffer.concat(chunks);
}

/** Does the message have an LF that no CR comes before? */
export function hasBareLf(bytes: Buffer): boolean {
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) if (i === 0 || bytes[i - 1] !== 0x0d) return true;
  return false;
}

/** Every bare LF as CRLF: IMAP sends messages with CRLF line ends (RFC 3501 §2.3.5). */
function toCrlf(bytes: Buffer): Buffer {
  let bare = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) if (i === 0 || bytes[i - 1] !== 0x0d) bare++;
  if (bare === 0) return bytes;
  const out = Buffer.alloc(bytes.length + bare);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) out[o++] = 0x0d;
    out[o++] = c;
  }
  return out;
}

/**
 * The bytes of BODY[section]<partial> of a message. Throws SectionError for a
 * spec that IMAP does not allow (MIME without a part number, part number 0,
 * HEADER.FIELDS without field names).
 */
export function extractSection(
  raw: Buffer,
  root: MimePart | (() => MimePart),
  spec: SectionSpec,
  partial?: SectionPartial,
  opts: { readonly crlf?: boolean } = {},
): Buffer {
  if (spec.part.some((n) => !Number.isInteger(n) || n < 1)) throw new SectionError('part numbers start at 1');
  if (spec.kind === 'MIME' && spec.part.length === 0) throw new SectionError('MIME needs a part number');
  if ((spec.kind === 'HEADER.FIELDS' || spec.kind === 'HEADER.FIELDS.NOT') && (spec.fields ?? []).length === 0) {
    throw new SectionError('HEADER.FIELDS needs at least one field name');
  }
  // `crlf`: the caller knows the message has no bare LF (hasBareLf), so no part of it has one.
  const section = sectionBytes(raw, root, spec);
  const bytes = opts.crlf ? section : toCrlf(section);
  if (partial === undefined) return bytes;
  return bytes.subarray(Math.min(partial.offset, bytes.length), Math.min(partial.offset + partial.length, bytes.length));
}

/** `root` may be given as a function: BODY[] (the whole message) needs no parse. */
function sectionBytes(raw: Buffer, root: MimePart | (() => MimePart), spec: SectionSpec): Buffer {
  if (spec.part.length === 0 && spec.kind === undefined) return raw;
  if (typeof root === 'function') root = root();
  const part = findPart(root, spec.part);
  if (part === null) return Buffer.alloc(0);
  if (spec.kind === undefined) return bodyBytes(raw, part);
  if (spec.kind === 'MIME') return headerBytes(raw, part);
  // HEADER/TEXT after a part number: the message inside a message/rfc822 part
  let message = part;
  if (spec.part.length > 0) {
    if (part.kind !== 'message') return Buffer.alloc(0);
    message = part.children[0]!;
  }
  if (spec.kind === 'HEADER') return headerBytes(raw, message);
  if (spec.kind === 'TEXT') return bodyBytes(raw, message);
  const keep = spec.kind === 'HEADER.FIELDS';
  const names = spec.fields ?? [];
  if (spec.part.length > 0) {
    const scan = rescanHeader(raw, message.headerOffset);
    return filterFields(raw, scan, names, { keep, completeLines: false, blankLine: scan.blankLine });
  }
  // The message's own header: HEADER.FIELDS always ends with a blank line and
  // complete lines; HEADER.FIELDS.NOT is the header as it is, less the fields.
  const scan = { fields: message.fields, blankLine: hasBlankLine(raw, message) };
  return filterFields(raw, scan, names, { keep, completeLines: keep, blankLine: keep || scan.blankLine });
}

/**
 * Parses the text between the brackets of BODY[...] ("1.2.HEADER.FIELDS (To Cc)")
 * into a SectionSpec. Throws SectionError when it is not valid section syntax.
 */
export function parseSectionSpec(text: string): SectionSpec {
  let rest = text.trim();
  const part: number[] = [];
  for (let m = /^(\d+)(?:\.|$)/.exec(rest); m !== null; m = /^(\d+)(?:\.|$)/.exec(rest)) {
    const n = Number(m[1]);
    if (!/^[1-9]\d*$/.test(m[1]!) || !Number.isSafeInteger(n)) throw new SectionError(`bad part number in section: ${text}`);
    part.push(n);
    rest = rest.slice(m[0].length);
  }
  if (rest === '') {
    if (text.trim().endsWith('.')) throw new SectionError(`bad section: ${text}`);
    return { part };
  }
  const fm = /^(HEADER\.FIELDS(?:\.NOT)?)\s*\(([^)]*)\)$/i.exec(rest);
  if (fm !== null) {
    const fields = fm[2]!
      .trim()
      .split(/\s+/)
      .filter((f) => f !== '')
      .map((f) => f.replace(/^"(.*)"$/, '$1'));
    return { part, kind: fm[1]!.toUpperCase() as SectionKind, fields };
  }
  const kind = rest.toUpperCase();
  if (kind === 'HEADER' || kind === 'TEXT' || kind === 'MIME') return { part, kind };
  throw new SectionError(`bad section: ${text}`);
}
