/**
 * A lenient reader for the values on one IMAP server line, for explaining them (not for driving
 * a session). It reads what is there and stops at a literal or at the end of the line; a line
 * cut short by a literal leaves its lists `open`.
 *
 * RFC 3501 §9 (server side):
 *   atom     = 1*ATOM-CHAR                ; plus flag "\" atoms and fetch keys such as BODY[1.2]<0>
 *   number   = 1*DIGIT
 *   quoted   = DQUOTE *QUOTED-CHAR DQUOTE ; "\" escapes DQUOTE and "\"
 *   literal  = "{" number ["+"] "}" CRLF *CHAR8   ; the data is on the lines that follow
 *   nil      = "NIL"
 *   list     = "(" [value *(SP value)] ")"
 */

export type ImapToken =
  | { readonly type: 'atom'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'nil' }
  /** `open`: the line ended (or a literal began) before the closing parenthesis. */
  | { readonly type: 'list'; readonly items: readonly ImapToken[]; readonly open: boolean }
  /** `{n}` announcing n octets on the following lines. */
  | { readonly type: 'literal'; readonly size: number };

/** Lists nested deeper than this are not read: nothing real nests so deep (security.md: bounded work). */
export const MAX_READER_DEPTH = 64;

const ATOM_STOP = new Set([' ', '(', ')', '"', '{']);

export class ResponseReader {
  private pos = 0;
  /** True once a literal was met: the rest of the response is on later lines. */
  literal = false;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    this.skipSpaces();
    return this.literal || this.pos >= this.text.length;
  }

  /** The unread rest of the line. */
  rest(): string {
    return this.text.slice(this.pos);
  }

  /** Reads every value up to the end of the line (or a literal). */
  readAll(): ImapToken[] {
    const out: ImapToken[] = [];
    while (!this.atEnd()) {
      const before = this.pos;
      const value = this.read(0);
      if (value) out.push(value);
      else if (this.pos === before) this.pos += 1; // a stray ")": skip it
    }
    return out;
  }

  /** Reads one value; undefined at the end, at ")" or past MAX_READER_DEPTH. */
  read(depth = 0): ImapToken | undefined {
    this.skipSpaces();
    if (this.literal || this.pos >= this.text.length) return undefined;
    const c = this.text[this.pos];
    if (c === ')') return undefined;
    if (c === '(') return this.readList(depth);
    if (c === '"') return this.readQuoted();
    if (c === '{') return this.readLiteral();
    return this.readAtom();
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos += 1;
  }

  private readList(depth: number): ImapToken {
    this.pos += 1;
    const items: ImapToken[] = [];
    if (depth >= MAX_READER_DEPTH) {
      this.pos = this.text.length;
      return { type: 'list', items, open: true };
    }
    for (;;) {
      this.skipSpaces();
      if (this.literal || this.pos >= this.text.length) return { type: 'list', items, open: true };
      if (this.text[this.pos] === ')') {
        this.pos += 1;
        return { type: 'list', items, open: false };
      }
      const value = this.read(depth + 1);
      if (value) items.push(value);
    }
  }

  private readQuoted(): ImapToken {
    let value = '';
    let i = this.pos + 1;
    while (i < this.text.length && this.text[i] !== '"') {
      if (this.text[i] === '\\' && i + 1 < this.text.length) i += 1;
      value += this.text[i];
      i += 1;
    }
    this.pos = i + 1;
    return { type: 'string', value };
  }

  private readLiteral(): ImapToken {
    const m = /^\{(\d+)\+?\}/.exec(this.text.slice(this.pos));
    if (!m) return this.readAtom();
    this.pos += m[0].length;
    this.literal = true;
    return { type: 'literal', size: Number(m[1]) };
  }

  /** An atom; `[...]` inside it (BODY[HEADER.FIELDS (SUBJECT)]) may hold spaces and parentheses. */
  private readAtom(): ImapToken {
    const start = this.pos;
    while (this.pos < this.text.length && !ATOM_STOP.has(this.text[this.pos] ?? '')) {
      if (this.text[this.pos] === '[') {
        const close = this.text.indexOf(']', this.pos);
        this.pos = close < 0 ? this.text.length : close + 1;
      } else {
        this.pos += 1;
      }
    }
    if (this.pos === start) this.pos += 1;
    const value = this.text.slice(start, this.pos);
    if (/^\d+$/.test(value) && Number.isSafeInteger(Number(value))) return { type: 'number', value: Number(value) };
    if (value.toUpperCase() === 'NIL') return { type: 'nil' };
    return { type: 'atom', value };
  }
}

/** Reads every value of a text. */
export function readValues(text: string): ImapToken[] {
  return new ResponseReader(text).readAll();
}

/** A string, atom or number as text; NIL and lists as undefined. */
export function textOf(token: ImapToken | undefined): string | undefined {
  if (!token) return undefined;
  if (token.type === 'string' || token.type === 'atom') return token.value;
  if (token.type === 'number') return String(token.value);
  return undefined;
}

/** The items of a list token, or [] for anything else. */
export function itemsOf(token: ImapToken | undefined): readonly ImapToken[] {
  return token?.type === 'list' ? token.items : [];
}
