/**
 * Header block reader (RFC 5322 §2.2): one physical line at a time, so that the
 * MIME parser can stop at a boundary line that interrupts a header block, as
 * Dovecot's message-header-parser.c does.
 *
 *   field      = field-name ":" unstructured CRLF
 *   field-name = 1*ftext
 *   folding    = CRLF 1*WSP   (a line starting with SP or HTAB continues the field)
 *
 * Bare LF is accepted as a line end. A line without ":" is kept as a field
 * with an empty name. Offsets are byte offsets into the message.
 */

import { MAX_HEADER_NAME_LENGTH } from './limits.js';

export type HeaderField = {
  /** Field name as written, trailing blanks removed; '' for a line without ":". */
  readonly name: string;
  /** Value bytes after the colon, folding kept, final line end excluded (byte string). */
  readonly rawValue: string;
  /**
   * Unfolded value (RFC 5322 §2.2.3: CRLF before WSP removed) with the blanks
   * after the colon skipped (all of them, or just one if the value is only
   * blanks). Byte string.
   */
  readonly value: string;
  /**
   * Like `value`, but each folding line end is kept as one LF (CR dropped),
   * except before a continuation line that is a single blank: Dovecot's "full
   * value", from which IMAP ENVELOPE and BODYSTRUCTURE are computed (a folded
   * Subject is sent as a literal because of that LF).
   */
  readonly foldedValue: string;
  /** Offset of the first byte of the field name. */
  readonly offset: number;
  /** Length of the whole field including its final line end. */
  readonly length: number;
};

export const CR = 0x0d;
export const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

export function isBlank(code: number | undefined): boolean {
  return code === SP || code === TAB;
}

/** End of the line starting at `pos`: offset of its LF, or buf.length. */
export function lineEnd(buf: Buffer, pos: number): number {
  const i = buf.indexOf(LF, pos);
  return i < 0 ? buf.length : i;
}

/** A physical line: [start, contentEnd) without line end, next = start of the following line. */
export type PhysicalLine = { start: number; contentEnd: number; next: number; newline: number };

export function readLine(buf: Buffer, start: number): PhysicalLine {
  const lf = lineEnd(buf, start);
  if (lf >= buf.length) return { start, contentEnd: buf.length, next: buf.length, newline: 0 };
  const crlf = lf > start && buf[lf - 1] === CR;
  return { start, contentEnd: crlf ? lf - 1 : lf, next: lf + 1, newline: crlf ? 2 : 1 };
}

/** True when the line at `pos` is empty (CRLF or LF): the end of a header block. */
export function isBlankLine(buf: Buffer, pos: number): boolean {
  return buf[pos] === LF || (buf[pos] === CR && buf[pos + 1] === LF);
}

/**
 * Reads one field starting at `start` (which must not be a blank line or EOF):
 * its first line plus every continuation line. `lastNewline` is the size of
 * the final line end (2, 1, or 0 at the end of input).
 */
export function readField(buf: Buffer, start: number): { field: HeaderField; lastNewline: number } {
  const first = readLine(buf, start);
  const lines: PhysicalLine[] = [first];
  let last = first;
  while (last.newline > 0 && last.next < buf.length && isBlank(buf[last.next])) {
    last = readLine(buf, last.next);
    lines.push(last);
  }
  const firstText = buf.toString('latin1', first.start, first.contentEnd);
  const colon = firstText.indexOf(':');
  let name = '';
  let valueStartInFirst = 0;
  if (colon >= 0) {
    let nameEnd = colon;
    while (nameEnd > 0 && isBlank(firstText.charCodeAt(nameEnd - 1))) nameEnd--;
    if (nameEnd <= MAX_HEADER_NAME_LENGTH) {
      name = firstText.slice(0, nameEnd);
      valueStartInFirst = colon + 1;
    }
  }
  const rawValue = buf.toString('latin1', first.start + valueStartInFirst, last.contentEnd);
  let firstValue = firstText.slice(valueStartInFirst);
  if (valueStartInFirst > 0) {
    let skip = 0;
    while (skip < firstValue.length && isBlank(firstValue.charCodeAt(skip))) skip++;
    if (skip === firstValue.length && skip > 0) skip = 1;
    firstValue = firstValue.slice(skip);
  }
  let value = firstValue;
  let foldedValue = firstValue;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const text = buf.toString('latin1', line.start, line.contentEnd);
    value += text;
    // Dovecot keeps no line end before a continuation line of one blank
    foldedValue += (text.length > 1 ? '\n' : '') + text;
  }
  const end = last.next;
  // NUL is not allowed in a header; Dovecot shows it as U+FFFD (here in UTF-8 bytes).
  const nul = (v: string) => (v.includes('\0') ? v.replaceAll('\0', '\xef\xbf\xbd') : v);
  return {
    field: { name, rawValue, value: nul(value), foldedValue: nul(foldedValue), offset: start, length: end - start },
    lastNewline: last.newline,
  };
}

/** Case-insensitive lookup of the first field with that name. */
export function findField(fields: readonly HeaderField[], name: string): HeaderField | undefined {
  const lower = name.toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === lower);
}
