/**
 * A lexer for structured header values (RFC 5322 §3.2, RFC 2045 §5.1), with the
 * same leniency as Dovecot's rfc822-parser.c, so that what we extract from a
 * broken header is what Dovecot extracts.
 *
 * Values are "byte strings": one char per octet (latin1), so 8-bit bytes pass
 * through untouched and IMAP literal lengths are string lengths.
 *
 * Every parse method returns Dovecot's tri-state: 1 = parsed and more input
 * follows, 0 = parsed and the input ended, -1 = syntax error.
 *
 *   atext    = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
 *              "-" / "/" / "=" / "?" / "^" / "_" / "`" / "{" / "|" / "}" / "~"
 *   token    = 1*<any CHAR except SPACE, CTLs, or tspecials>     (RFC 2045)
 *   tspecials= "(" / ")" / "<" / ">" / "@" / "," / ";" / ":" / "\" / <">
 *              "/" / "[" / "]" / "?" / "="
 */

export type ParseResult = -1 | 0 | 1;

const ATEXT = 1;
const ATEXT_NON_TSPECIAL = 2;

/** Character classes: 8-bit bytes count as atext, as in Dovecot. */
const CLASS: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let c = 0x21; c < 0x7f; c++) table[c] = ATEXT | ATEXT_NON_TSPECIAL;
  for (const ch of '()<>@,;:\\".[]') table[ch.charCodeAt(0)] = 0;
  for (const ch of '/=?') table[ch.charCodeAt(0)] = ATEXT;
  for (let c = 0x80; c < 0x100; c++) table[c] = ATEXT | ATEXT_NON_TSPECIAL;
  return table;
})();

export function isAtext(code: number): boolean {
  return ((CLASS[code] ?? 0) & ATEXT) !== 0;
}

/** quoted-pair = "\\" (VCHAR / WSP): CR, LF and NUL cannot be quoted (RFC 5322 §3.2.1). */
function isUnquotable(ch: string | undefined): boolean {
  return ch === '\r' || ch === '\n' || ch === '\0';
}

function isTokenChar(code: number): boolean {
  return ((CLASS[code] ?? 0) & ATEXT_NON_TSPECIAL) !== 0 || code === 0x2e;
}

export class Rfc822Lexer {
  pos = 0;
  readonly end: number;
  /** When not null, the text of the last comment skipped (for "addr (Name)"). */
  lastComment: string | null;

  constructor(
    readonly data: string,
    keepComments = false,
  ) {
    this.end = data.length;
    this.lastComment = keepComments ? '' : null;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** The current byte, or -1 at the end. */
  peek(): number {
    return this.pos < this.end ? this.data.charCodeAt(this.pos) : -1;
  }

  peekChar(): string {
    return this.pos < this.end ? (this.data[this.pos] as string) : '';
  }

  /** comment = "(" *([FWS] ccontent) [FWS] ")"; nested, with quoted-pairs. */
  skipComment(): ParseResult {
    let level = 1;
    if (this.lastComment !== null) this.lastComment = '';
    let start = ++this.pos;
    for (; this.pos < this.end; this.pos++) {
      const ch = this.data[this.pos];
      if (ch === '(') level++;
      else if (ch === ')') {
        if (--level === 0) {
          if (this.lastComment !== null) this.lastComment += this.data.slice(start, this.pos);
          this.pos++;
          return this.pos < this.end ? 1 : 0;
        }
      } else if (ch === '\\') {
        this.pos++;
        if (this.pos >= this.end) return -1;
        // a quoted-pair cannot quote CR, LF or NUL: the "\\" then stays as it is
        if (isUnquotable(this.data[this.pos])) {
          this.pos--;
          continue;
        }
        if (this.lastComment !== null) this.lastComment += this.data.slice(start, this.pos - 1);
        start = this.pos;
      } else if (ch === '\n') {
        // folding: the comment text goes on without the (CR)LF
        if (this.lastComment !== null) {
          const cut = this.pos > start && this.data[this.pos - 1] === '\r' ? this.pos - 1 : this.pos;
          this.lastComment += this.data.slice(start, cut);
        }
        start = this.pos + 1;
      }
    }
    // missing ")": the text before the last line end counts
    return -1;
  }

  /** CFWS: spaces, tabs, CR, LF and comments. */
  skipLwsp(): ParseResult {
    while (this.pos < this.end) {
      const ch = this.data[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
        this.pos++;
        continue;
      }
      if (ch !== '(') break;
      if (this.skipComment() < 0) return -1;
    }
    return this.pos < this.end ? 1 : 0;
  }

  /** atom = [CFWS] 1*atext [CFWS] */
  parseAtom(out: string[]): ParseResult {
    if (this.pos >= this.end || !isAtext(this.peek())) return -1;
    const start = this.pos++;
    while (this.pos < this.end && isAtext(this.peek())) this.pos++;
    out.push(this.data.slice(start, this.pos));
    return this.pos < this.end ? this.skipLwsp() : 0;
  }

  /** dot-atom = [CFWS] 1*atext *("." 1*atext) [CFWS], with CFWS allowed around "." (RFC 822). */
  parseDotAtom(out: string[]): ParseResult {
    if (this.pos >= this.end || !isAtext(this.peek())) return -1;
    let start = this.pos++;
    while (this.pos < this.end) {
      if (isAtext(this.peek())) {
        this.pos++;
        continue;
      }
      out.push(this.data.slice(start, this.pos));
      let ret = this.skipLwsp();
      if (ret <= 0) return ret;
      if (this.peekChar() !== '.') return 1;
      this.pos++;
      out.push('.');
      // "a." and "a..b" are not dot-atoms (Dovecot 2.3 rejects them too)
      if (this.skipLwsp() <= 0 || !isAtext(this.peek())) return -1;
      start = this.pos;
    }
    out.push(this.data.slice(start, this.pos));
    return 0;
  }

  /** A MIME token (RFC 2045 §5.1), which may be empty; dots allowed. */
  parseMimeToken(out: string[]): ParseResult {
    const start = this.pos;
    while (this.pos < this.end && isTokenChar(this.peek())) this.pos++;
    out.push(this.data.slice(start, this.pos));
    return this.pos < this.end ? this.skipLwsp() : 0;
  }

  /** quoted-string: quoted-pairs unescaped, folding (CR)LF removed. */
  parseQuotedString(out: string[]): ParseResult {
    this.pos++;
    let start = this.pos;
    for (; this.pos < this.end; this.pos++) {
      const ch = this.data[this.pos];
      if (ch === '"') {
        out.push(this.data.slice(start, this.pos));
        this.pos++;
        return this.skipLwsp();
      }
      if (ch === '\n') {
        let len = this.pos - start;
        if (len > 0 && this.data[start + len - 1] === '\r') len--;
        out.push(this.data.slice(start, start + len));
        start = this.pos + 1;
      } else if (ch === '\\') {
        this.pos++;
        if (this.pos >= this.end) return -1;
        if (isUnquotable(this.data[this.pos])) {
          this.pos--;
          continue;
        }
        out.push(this.data.slice(start, this.pos - 1));
        start = this.pos;
      }
    }
    return -1;
  }

  private parseAtomOrDot(out: string[]): ParseResult {
    const start = this.pos;
    while (this.pos < this.end && (isAtext(this.peek()) || this.peekChar() === '.')) this.pos++;
    out.push(this.data.slice(start, this.pos));
    return this.pos < this.end ? this.skipLwsp() : 0;
  }

  /** phrase = 1*word / obs-phrase; words joined by one space. */
  parsePhrase(out: string[]): ParseResult {
    if (this.pos >= this.end) return 0;
    if (this.peekChar() === '.') return -1;
    for (;;) {
      const ret = this.peekChar() === '"' ? this.parseQuotedString(out) : this.parseAtomOrDot(out);
      if (ret <= 0) return ret;
      const c = this.peek();
      if (!isAtext(c) && c !== 0x22 && c !== 0x2e) break;
      out.push(' ');
    }
    return this.skipLwsp();
  }

  private parseDomainLiteral(out: string[]): ParseResult {
    const start = this.pos;
    for (; this.pos < this.end; this.pos++) {
      const ch = this.data[this.pos];
      if (ch === '\\') {
        this.pos++;
        if (this.pos >= this.end) break;
      } else if (ch === ']') {
        this.pos++;
        out.push(this.data.slice(start, this.pos));
        return this.skipLwsp();
      }
    }
    return -1;
  }

  /** "@" domain, where domain = dot-atom / domain-literal / obs-domain. */
  parseDomain(out: string[]): ParseResult {
    this.pos++;
    if (this.skipLwsp() <= 0) return -1;
    return this.peekChar() === '[' ? this.parseDomainLiteral(out) : this.parseDotAtom(out);
  }

  /**
   * type "/" subtype (RFC 2045 §5.1), each at least one byte, followed by
   * nothing or ";". On error the text gathered is returned when only the "/"
   * was missing at the end ("text"), else '' (as Dovecot does).
   */
  parseContentType(): { value: string; ret: ParseResult } {
    const out: string[] = [];
    if (this.skipLwsp() <= 0) return { value: '', ret: -1 };
    if (this.parseMimeToken(out) <= 0 || out.join('') === '') return { value: out.join(''), ret: -1 };
    if (this.peekChar() !== '/') return { value: '', ret: -1 };
    this.pos++;
    if (this.skipLwsp() <= 0) return { value: '', ret: -1 };
    const sub: string[] = [];
    const ret = this.parseMimeToken(sub);
    if (ret < 0 || sub.join('') === '' || (this.pos < this.end && this.peekChar() !== ';')) return { value: '', ret: -1 };
    return { value: `${out.join('')}/${sub.join('')}`, ret };
  }

  /**
   * One `; attribute = value` (RFC 2045 §5.1). ret 0: no more parameters.
   * A value of `=?...` (a bare encoded-word) is taken up to the next `;` or space.
   */
  parseContentParam(): { ret: ParseResult; key: string; value: string } {
    if (this.pos >= this.end) return { ret: 0, key: '', value: '' };
    if (this.peekChar() !== ';') return { ret: -1, key: '', value: '' };
    this.pos++;
    if (this.skipLwsp() <= 0) return { ret: -1, key: '', value: '' };
    const key: string[] = [];
    if (this.parseMimeToken(key) <= 0) return { ret: -1, key: '', value: '' };
    if (this.peekChar() !== '=') return { ret: -1, key: '', value: '' };
    this.pos++;
    const value: string[] = [];
    let ret = this.skipLwsp();
    if (ret <= 0) {
      // broken, or no value
    } else if (this.peekChar() === '"') {
      ret = this.parseQuotedString(value);
    } else if (this.peekChar() === '=') {
      const start = this.pos;
      while (this.pos < this.end && !';  \t\r\n'.includes(this.data[this.pos] as string)) this.pos++;
      value.push(this.data.slice(start, this.pos));
    } else {
      ret = this.parseMimeToken(value);
    }
    return { ret: ret < 0 ? -1 : 1, key: key.join(''), value: value.join('') };
  }
}
