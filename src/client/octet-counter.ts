/**
 * Input lines as a byte stream, for content whose length is given in octets up front: an IMAP
 * literal `{n}` (RFC 3501 §4.3) and a typed SMTP `BDAT n` chunk (RFC 3030). The lines typed after
 * the command are joined with CRLF, as they go on the wire, until n octets have been counted.
 */

export type Feed =
  /** The whole line and its CRLF are content; more is needed. */
  | { readonly done: false }
  /**
   * The content ends in this line. `contentOctets` of the line's own octets are content, and
   * `contentEol` is the part of the CRLF that is content too (`''`, `'\r'` or `'\r\n'`). `rest` is the
   * text after the content on the same line (IMAP: the command goes on), or undefined when the
   * content took the whole line and its CRLF (the command goes on in the next line).
   */
  | { readonly done: true; readonly contentOctets: number; readonly contentEol: '' | '\r' | '\r\n'; readonly rest: string | undefined };

export class OctetCounter {
  constructor(private left: number) {}

  /** Octets still to come. */
  get remaining(): number {
    return this.left;
  }

  feed(line: string): Feed {
    const bytes = Buffer.from(line, 'utf8');
    const size = bytes.length;
    const k = this.left;
    if (k > size + 2) {
      this.left -= size + 2;
      return { done: false };
    }
    this.left = 0;
    if (k === size + 2) return { done: true, contentOctets: size, contentEol: '\r\n', rest: undefined };
    if (k === size + 1) return { done: true, contentOctets: size, contentEol: '\r', rest: '' };
    return { done: true, contentOctets: k, contentEol: '', rest: bytes.subarray(k).toString('utf8') };
  }
}

/** The literal a line announces at its end: `{n}` (synchronizing) or `{n+}` (LITERAL+, RFC 7888). */
export function trailingLiteral(line: string): { readonly size: number; readonly nonSync: boolean } | undefined {
  const m = /~?\{(\d{1,19})(\+?)\}$/.exec(line);
  if (!m) return undefined;
  const size = Number(m[1]);
  if (!Number.isSafeInteger(size)) return undefined;
  return { size, nonSync: m[2] === '+' };
}
