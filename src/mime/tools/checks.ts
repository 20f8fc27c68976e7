/**
 * The checks behind inspect's warnings: boundaries, transfer encodings,
 * 8-bit data, line lengths, required header fields and the parser's limits.
 * Each pass is linear in the message size.
 */

import { findField, type HeaderField } from '../headers.js';
import { MAX_MIME_DEPTH, MAX_MIME_PARTS } from '../limits.js';
import { boundaryOf, walkParts } from '../parse-tree.js';
import type { MimePart } from '../part-types.js';
import { checkBase64 } from './encodings/base64.js';
import { findEncodedWords } from './encodings/encoded-words.js';
import { checkQuotedPrintable } from './encodings/quoted-printable.js';
import { MAX_HEADER_BYTES, MAX_LINE_OCTETS, MAX_LONG_LINE_REPORTS, MAX_SHOWN_FIELDS, MAX_SHOWN_VALUE } from './limits.js';
import { imapType, partLabel } from './part-report.js';
import { parseRfc5322Date } from './rfc5322-date.js';
import type { WarningList } from './warnings.js';

const KNOWN_ENCODINGS = new Set(['7bit', '8bit', 'binary', 'base64', 'quoted-printable']);
const COMPOSITE_ENCODINGS = new Set(['7bit', '8bit', 'binary']);

/** 1-based line number of `offset` inside `text`. */
function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function checkMultipart(part: MimePart, label: string, partLimitReached: boolean, out: WarningList): void {
  const boundary = boundaryOf(part);
  if (boundary === undefined) {
    out.add('MISSING_BOUNDARY', label);
    return;
  }
  if (part.children.length === 0) {
    out.add('BOUNDARY_NOT_FOUND', label, `no line starts with "--${boundary}": the multipart has no parts`);
    return;
  }
  // as the parser (and so IMAP) saw it: an outer boundary line also ends this multipart, without its close
  // line; past MAX_MIME_PARTS no boundary line is seen at all, and PART_LIMIT says so
  if (part.closeDelimiter === false && !partLimitReached) {
    out.add('NO_CLOSE_DELIMITER', label, `the multipart ends without a "--${boundary}--" line (the message ends first, or an outer boundary line): it may be cut short`);
  }
}

function checkLeafBody(raw: Buffer, part: MimePart, label: string, out: WarningList): void {
  const encoding = (part.content.transferEncoding ?? '7bit').trim().toLowerCase();
  const body = raw.subarray(part.bodyOffset, part.bodyOffset + part.bodyLength);
  if (!KNOWN_ENCODINGS.has(encoding)) {
    const hint = encoding === 'x-uuencode' || encoding === 'uuencode' ? ' (try: mailproto mime decode --uu)' : '';
    out.add('UNKNOWN_ENCODING', label, `unknown Content-Transfer-Encoding "${encoding}": the body is shown as it is${hint}`);
    return;
  }
  if (encoding === 'base64') {
    const text = body.toString('latin1');
    const problem = checkBase64(text);
    if (problem) out.add('BAD_BASE64', label, `broken base64 on line ${lineOf(text, problem.offset)} of the body: ${problem.detail}`);
    return;
  }
  if (encoding === 'quoted-printable') {
    const text = body.toString('latin1');
    const problem = checkQuotedPrintable(text);
    if (problem) out.add('BAD_QUOTED_PRINTABLE', label, `broken quoted-printable on line ${lineOf(text, problem.offset)} of the body: ${problem.detail}`);
    return;
  }
  if (encoding === 'binary') return;
  if (encoding === '7bit') {
    let eight = 0;
    let first = -1;
    for (let i = 0; i < body.length; i++) {
      if (body[i]! >= 0x80) {
        eight++;
        if (first < 0) first = i;
      }
    }
    if (eight > 0) {
      const said = part.content.transferEncoding === null ? 'no Content-Transfer-Encoding (so 7bit)' : 'Content-Transfer-Encoding: 7bit';
      out.add('UNDECLARED_8BIT', label, `${eight} octet(s) above 127 (first on line ${lineOf(body.toString('latin1'), first)} of the body) but ${said}: declare 8bit and send with 8BITMIME, or encode`);
    }
  }
  if (body.includes(0)) out.add('NUL_OCTET', label, `a NUL octet in a ${encoding} body (only binary, base64 or quoted-printable may carry one)`);
}

function checkFields(fields: readonly HeaderField[], label: string, out: WarningList): void {
  const size = fields.reduce((n, f) => n + f.length, 0);
  if (size > MAX_HEADER_BYTES || fields.length > MAX_SHOWN_FIELDS) {
    out.add('HEADER_TOO_LARGE', label, `${fields.length} header fields, ${size} octets: only the first ${MAX_SHOWN_FIELDS} fields within ${MAX_HEADER_BYTES} octets are shown`);
  }
  const noColon = fields.find((f) => f.name === '');
  if (noColon) out.add('LINE_WITHOUT_COLON', label, `a header line with no colon: "${noColon.value.slice(0, 60)}"`);
  const eight = fields.find((f) => /[\x80-\xff]/.test(f.rawValue) || /[\x80-\xff]/.test(f.name));
  if (eight) out.add('RAW_8BIT_HEADER', label, `raw 8-bit octets in ${eight.name || 'a header line'}: needs RFC 2047 encoding, or SMTPUTF8 (RFC 6532)`);
  for (const f of fields.slice(0, MAX_SHOWN_FIELDS)) {
    const value = f.value.slice(0, MAX_SHOWN_VALUE);
    const long = findEncodedWords(value).find((w) => w.tooLong);
    if (long) out.add('ENCODED_WORD_TOO_LONG', label, `${f.name}: an encoded-word of ${long.raw.length} characters (at most 75)`);
    const name = f.name.toLowerCase();
    if ((name === 'content-type' || name === 'content-disposition') && /=\s*"[^"]*=\?[^?]+\?[bq]\?/i.test(value)) {
      out.add('ENCODED_WORD_IN_PARAMETER', label, `${f.name}: an encoded-word in a quoted parameter; most mailers decode it, the standard is RFC 2231 (name*=utf-8''...)`);
    }
  }
}

/** Checks of the top-level header (RFC 5322 §3.6). */
export function checkMessageHeader(root: MimePart, out: WarningList): void {
  const date = findField(root.fields, 'date');
  if (date === undefined) out.add('MISSING_DATE', '');
  else if (parseRfc5322Date(date.value) === null) out.add('INVALID_DATE', '', `Date: "${date.value.slice(0, 80)}" is not an RFC 5322 date-time`);
  if (findField(root.fields, 'from') === undefined) out.add('MISSING_FROM', '');
  if (findField(root.fields, 'message-id') === undefined) out.add('MISSING_MESSAGE_ID', '');
  const contentField = root.fields.some((f) => f.name.toLowerCase().startsWith('content-'));
  if (contentField && findField(root.fields, 'mime-version') === undefined) out.add('MISSING_MIME_VERSION', '');
}

/** Walks every part once. */
export function checkParts(raw: Buffer, root: MimePart, out: WarningList): void {
  let count = 0;
  let total = 0;
  for (const _ of walkParts(root)) total++;
  const partLimitReached = total >= MAX_MIME_PARTS;
  const visit = (part: MimePart, parentIsDigest: boolean, label: string) => {
    count++;
    checkFields(part.fields, label, out);
    const enc = part.content.transferEncoding?.trim().toLowerCase();
    if (part.kind !== 'leaf') {
      if (enc !== undefined && !COMPOSITE_ENCODINGS.has(enc)) {
        out.add('ENCODING_ON_COMPOSITE', label, `Content-Transfer-Encoding "${enc}" on a ${part.kind === 'message' ? 'message/rfc822' : 'multipart'} part (only 7bit, 8bit or binary)`);
      }
      if (part.kind === 'multipart') checkMultipart(part, label, partLimitReached, out);
    } else if (imapType(part, parentIsDigest) === 'application/octet-stream' && /^(multipart|message)\//i.test(`${part.content.contentType?.type ?? ''}/`)) {
      const deep = part.depth + 1 >= MAX_MIME_DEPTH;
      out.add(deep ? 'DEPTH_LIMIT' : 'PART_LIMIT', label, deep ? `nested ${part.depth + 1} levels deep (the parser opens ${MAX_MIME_DEPTH - 1}): not opened` : `the message has ${MAX_MIME_PARTS} parts already: not opened`);
    } else {
      checkLeafBody(raw, part, label, out);
    }
    for (const child of part.children) visit(child, part.isDigest, partLabel(child));
  };
  visit(root, false, '');
  if (count >= MAX_MIME_PARTS) out.add('PART_LIMIT', '', `the parser stopped at ${MAX_MIME_PARTS} parts: the last one holds the rest of the message`);
}

/** The deepest part whose header or body holds `offset`. */
function partAt(root: MimePart, offset: number): MimePart {
  let best = root;
  for (const p of walkParts(root)) {
    if (p.headerOffset <= offset && offset < p.bodyOffset + p.bodyLength && p.depth >= best.depth) best = p;
  }
  return best;
}

/** Lines over 998 octets (RFC 5322 §2.1.1), CRLF not counted. */
export function checkLineLengths(raw: Buffer, root: MimePart, out: WarningList): void {
  let reported = 0;
  let more = 0;
  let line = 1;
  for (let start = 0; start < raw.length; line++) {
    const lf = raw.indexOf(0x0a, start);
    const end = lf < 0 ? raw.length : lf;
    const length = end - start - (end > start && raw[end - 1] === 0x0d ? 1 : 0);
    if (length > MAX_LINE_OCTETS) {
      if (reported < MAX_LONG_LINE_REPORTS) {
        reported++;
        out.add('LONG_LINE', partLabel(partAt(root, start)), `line ${line} of the message has ${length} octets (at most ${MAX_LINE_OCTETS} before CRLF)`);
      } else more++;
    }
    start = lf < 0 ? raw.length : lf + 1;
  }
  if (more > 0) out.add('LONG_LINE', '', `${more} more line(s) over ${MAX_LINE_OCTETS} octets`);
}
