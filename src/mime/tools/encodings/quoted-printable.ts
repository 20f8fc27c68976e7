/**
 * Quoted-printable (RFC 2045 §6.7). Written here rather than taken from libqp
 * because libqp passes a bare CR or LF through unencoded, and then the
 * decoded bytes are not the original ones.
 *
 *   quoted-printable := qp-line *(CRLF qp-line)
 *   qp-line   := *(qp-segment transport-padding CRLF) qp-part transport-padding
 *   qp-segment:= qp-section *(SPACE / TAB) "="     ; a soft line break
 *   hex-octet := "=" 2(DIGIT / "A" / "B" / "C" / "D" / "E" / "F")
 *   safe-char := <any octet with decimal value of 33 through 126, except 61 ("=")>
 *
 * Line ends in the input are hard line breaks and stay as they are: CRLF when
 * the input has CRLF (the canonical form of text), else LF. Any other CR or LF
 * is encoded (=0D, =0A), so decoding gives back the input byte for byte.
 */

import libqp from 'libqp';

/** RFC 2045 §6.7 rule 5: "encoded lines [must] be no more than 76 characters long". */
export const QP_LINE_LENGTH = 76;

const HEX = '0123456789ABCDEF';
const hex = (b: number) => `=${HEX[b >> 4]}${HEX[b & 15]}`;

/** Quoted-printable text of `data` (a byte string: one char per octet). */
export function encodeQuotedPrintable(data: Uint8Array): string {
  const buf = Buffer.from(data);
  const crlf = buf.includes('\r\n');
  const eol = crlf ? '\r\n' : '\n';
  const out: string[] = [];
  let line = '';
  const isBreak = (i: number) => (crlf ? buf[i] === 0x0d && buf[i + 1] === 0x0a : buf[i] === 0x0a);
  for (let i = 0; i < buf.length; i++) {
    if (isBreak(i)) {
      out.push(line, eol);
      line = '';
      if (crlf) i++;
      continue;
    }
    const b = buf[i]!;
    const atLineEnd = i + 1 === buf.length || isBreak(i + 1);
    // rule 2: literal blanks are fine except at the end of a line, where transport may strip them
    const literal = (b >= 33 && b <= 126 && b !== 0x3d) || ((b === 0x20 || b === 0x09) && !atLineEnd);
    const token = literal ? String.fromCharCode(b) : hex(b);
    // keep room for the "=" of a soft line break, unless this token ends the line anyway
    const limit = atLineEnd ? QP_LINE_LENGTH : QP_LINE_LENGTH - 1;
    if (line.length + token.length > limit) {
      out.push(line, '=', eol);
      line = '';
    }
    line += token;
  }
  out.push(line);
  return out.join('');
}

/**
 * Decodes quoted-printable: `=XX` octets, soft line breaks removed, blanks at
 * the end of a line dropped (RFC 2045 §6.7 rule 3), hard line breaks kept as
 * written. A stray "=" is kept as it is (§6.7 note 1).
 */
export function decodeQuotedPrintable(text: string | Uint8Array): Buffer {
  const s = typeof text === 'string' ? text : Buffer.from(text).toString('latin1');
  return libqp.decode(s);
}

/** The first thing in quoted-printable text that RFC 2045 §6.7 does not allow, if any. */
export function checkQuotedPrintable(text: string): { offset: number; detail: string } | null {
  const bad = /=(?![0-9A-F]{2}|[ \t]*\r?\n|[ \t]*$)/.exec(text);
  if (bad) return { offset: bad.index, detail: `"${text.slice(bad.index, bad.index + 3).replace(/\r?\n.*/s, '')}" is not "=" followed by two upper-case hex digits` };
  let start = 0;
  for (const l of text.split('\n')) {
    const len = l.endsWith('\r') ? l.length - 1 : l.length;
    if (len > QP_LINE_LENGTH) return { offset: start, detail: `a line of ${len} characters (at most ${QP_LINE_LENGTH})` };
    start += l.length + 1;
  }
  return null;
}
