/**
 * Tokens of the IMAP command grammar over a framed command (text parts and literal data).
 *
 * RFC 3501 §9 (with RFC 9051 §9 wording where it is clearer):
 *
 *   atom            = 1*ATOM-CHAR
 *   ATOM-CHAR       = <any CHAR except atom-specials>
 *   atom-specials   = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials
 *   list-wildcards  = "%" / "*"
 *   quoted-specials = DQUOTE / "\"
 *   resp-specials   = "]"
 *   astring         = 1*ASTRING-CHAR / string
 *   ASTRING-CHAR    = ATOM-CHAR / resp-specials
 *   string          = quoted / literal
 *   quoted          = DQUOTE *QUOTED-CHAR DQUOTE
 *   QUOTED-CHAR     = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials
 *   literal         = "{" number "}" CRLF *CHAR8        ; cut out by the framer
 *   nstring         = string / nil
 *   nil             = "NIL"
 *   number          = 1*DIGIT                           ; unsigned 32-bit
 *   nz-number       = digit-nz *DIGIT
 *   tag             = 1*<any ASTRING-CHAR except "+">
 *   list-mailbox    = 1*list-char / string
 *   list-char       = ATOM-CHAR / list-wildcards / resp-specials
 *
 * Quoted strings may carry UTF-8 (RFC 9051 utf8-quoted); atoms are ASCII only.
 */
import type { CommandPart } from './framer.js';
import { ParseError } from './parse-error.js';

const MAX_NUMBER = 4_294_967_295;

/** A cursor over a framed command's parts. */
export class CommandReader {
  private index = 0;
  private pos = 0;

  constructor(private readonly parts: readonly CommandPart[]) {
    this.settle();
  }

  /** The current character, or undefined at a literal or at the end. */
  peek(): string | undefined {
    const part = this.parts[this.index];
    return typeof part === 'string' ? part[this.pos] : undefined;
  }

  /** The character `offset` places ahead within the current text part. */
  peekAt(offset: number): string | undefined {
    const part = this.parts[this.index];
    return typeof part === 'string' ? part[this.pos + offset] : undefined;
  }

  atLiteral(): boolean {
    return typeof this.parts[this.index] === 'object';
  }

  atEnd(): boolean {
    return this.index >= this.parts.length;
  }

  /** Moves past `count` characters of the current text part. */
  skip(count = 1): void {
    this.pos += count;
    this.settle();
  }

  /** Takes the literal at the cursor. */
  takeLiteral(): Buffer {
    const part = this.parts[this.index];
    if (typeof part !== 'object') throw new Error('takeLiteral() called away from a literal');
    this.index += 1;
    this.pos = 0;
    this.settle();
    return part.data;
  }

  /** Takes characters while `test` holds, within the current text part. */
  takeWhile(test: (c: string) => boolean): string {
    const part = this.parts[this.index];
    if (typeof part !== 'string') return '';
    let end = this.pos;
    while (end < part.length && test(part[end]!)) end += 1;
    const text = part.slice(this.pos, end);
    this.pos = end;
    this.settle();
    return text;
  }

  /** How the learner should read what is at the cursor, for "found ..." in messages. */
  describeHere(): string {
    const part = this.parts[this.index];
    if (part === undefined) return 'the end of the command';
    if (typeof part === 'object') return `a literal of ${part.data.length} octets`;
    const c = part[this.pos];
    if (c === ' ') return 'an extra space (IMAP separates arguments with exactly one space)';
    const rest = part.slice(this.pos);
    const word = /^[^ ()]*/.exec(rest)?.[0] ?? '';
    const shown = word.length > 0 ? word : rest.slice(0, 1);
    return `"${printable(shown.length > 24 ? `${shown.slice(0, 24)}...` : shown)}"`;
  }

  /** Text parts end where literals begin; step over empty and finished ones. */
  private settle(): void {
    for (;;) {
      const part = this.parts[this.index];
      if (typeof part !== 'string' || this.pos < part.length) return;
      this.index += 1;
      this.pos = 0;
    }
  }
}

function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f"\\]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Throws a ParseError "expected WHAT, found ...". */
export function fail(r: CommandReader, what: string): never {
  if (r.atEnd()) throw new ParseError(`expected ${what}`);
  throw new ParseError(`expected ${what}, found ${r.describeHere()}`);
}

export function isAtomChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code <= 0x20 || code >= 0x7f) return false;
  return !'(){%*"\\]'.includes(c);
}

export function isAstringChar(c: string): boolean {
  return c === ']' || isAtomChar(c);
}

export function isListChar(c: string): boolean {
  return c === '%' || c === '*' || c === ']' || isAtomChar(c);
}

export function isTagChar(c: string): boolean {
  return c !== '+' && isAstringChar(c);
}

/** The single space before an argument. */
export function space(r: CommandReader, what: string): void {
  if (r.peek() === ' ') {
    r.skip();
    return;
  }
  if (r.atEnd()) throw new ParseError(`expected ${what}`);
  throw new ParseError(`expected a space before ${what}, found ${r.describeHere()}`);
}

/** Whether a space follows (another optional argument). */
export function hasSpace(r: CommandReader): boolean {
  return r.peek() === ' ';
}

export function expectChar(r: CommandReader, c: string, what: string): void {
  if (r.peek() !== c) fail(r, what);
  r.skip();
}

/** The end of the command: nothing may follow. */
export function end(r: CommandReader, command: string): void {
  if (r.atEnd()) return;
  if (r.peek() !== ' ') throw new ParseError(`expected the end of ${command}, found ${r.describeHere()}`);
  r.skip();
  if (r.atEnd()) throw new ParseError(`unexpected space at the end of ${command}`);
  throw new ParseError(`${command} has too many arguments: ${r.describeHere()} is one too many`);
}

export function atom(r: CommandReader, what: string): string {
  const text = r.takeWhile(isAtomChar);
  refuse8bit(r, text, what);
  if (text.length === 0) fail(r, what);
  return text;
}

export function astring(r: CommandReader, what: string): string {
  if (r.peek() === '"' || r.atLiteral()) return string(r, what);
  const text = r.takeWhile(isAstringChar);
  refuse8bit(r, text, what);
  if (text.length === 0) fail(r, what);
  return text;
}

/** Atoms are 7-bit (RFC 3501 CHAR); say how to send the text instead of "unexpected ü". */
function refuse8bit(r: CommandReader, text: string, what: string): void {
  const c = r.peek();
  if (c === undefined || c.charCodeAt(0) < 0x80) return;
  const word = text + r.takeWhile((ch) => ch !== ' ' && ch !== ')' && ch !== '(');
  throw new ParseError(
    `${what}: "${word}" has non-ASCII characters, which an atom cannot hold; put it in quotes or send it as a literal` +
      ' (mailbox names are encoded as modified UTF-7, e.g. Entw&APw-rfe)',
  );
}

/** quoted / literal, as text (literal data decoded as UTF-8). */
export function string(r: CommandReader, what: string): string {
  if (r.atLiteral()) return r.takeLiteral().toString('utf8');
  if (r.peek() === '"') return quoted(r, what);
  return fail(r, what);
}

export function nstring(r: CommandReader, what: string): string | null {
  if (r.peek() === 'N' || r.peek() === 'n') {
    const word = r.takeWhile(isAtomChar);
    if (word.toUpperCase() === 'NIL') return null;
    throw new ParseError(`expected ${what} (a quoted string or NIL), found "${word}"`);
  }
  return string(r, what);
}

function quoted(r: CommandReader, what: string): string {
  r.skip(); // opening DQUOTE
  let text = '';
  for (;;) {
    const c = r.peek();
    if (c === undefined) {
      throw new ParseError(`unterminated quoted string in ${what}: a closing " is missing`);
    }
    r.skip();
    if (c === '"') return text;
    if (c === '\\') {
      const next = r.peek();
      if (next !== '"' && next !== '\\') {
        throw new ParseError(`in a quoted string a backslash may only escape " or \\ (in ${what})`);
      }
      text += next;
      r.skip();
      continue;
    }
    if (c === '\r' || c === '\n' || c === '\0') {
      throw new ParseError(`a quoted string cannot hold CR, LF or NUL; send ${what} as a literal {n}`);
    }
    text += c;
  }
}

/** The raw octets of a literal (APPEND's message). */
export function literal(r: CommandReader, what: string): Buffer {
  if (!r.atLiteral()) fail(r, `${what} as a literal {n}`);
  return r.takeLiteral();
}

export function number(r: CommandReader, what: string): number {
  const digits = r.takeWhile((c) => c >= '0' && c <= '9');
  if (digits.length === 0) fail(r, what);
  const value = Number(digits);
  if (digits.length > 10 || value > MAX_NUMBER) {
    throw new ParseError(`${what} is too large (at most ${MAX_NUMBER})`);
  }
  return value;
}

export function nzNumber(r: CommandReader, what: string): number {
  const value = number(r, what);
  if (value === 0) throw new ParseError(`${what} must be at least 1`);
  return value;
}

export function listMailbox(r: CommandReader, what: string): string {
  if (r.peek() === '"' || r.atLiteral()) return string(r, what);
  const text = r.takeWhile(isListChar);
  if (text.length === 0) fail(r, what);
  return text;
}

/** `"(" item *(SP item) ")"`, or an empty list when `allowEmpty`. */
export function parenList<T>(
  r: CommandReader,
  what: string,
  item: (r: CommandReader) => T,
  allowEmpty = false,
): T[] {
  expectChar(r, '(', `${what} in parentheses`);
  const items: T[] = [];
  if (r.peek() === ')') {
    if (!allowEmpty) throw new ParseError(`${what} must not be an empty list`);
    r.skip();
    return items;
  }
  for (;;) {
    items.push(item(r));
    const c = r.peek();
    if (c === ')') {
      r.skip();
      return items;
    }
    if (c === ' ') {
      r.skip();
      continue;
    }
    fail(r, `a space or ")" in ${what}`);
  }
}

/** `mailbox = "INBOX" / astring`; INBOX is case-insensitive (RFC 3501 §5.1) and normalized. */
export function mailbox(r: CommandReader, what: string): string {
  const name = astring(r, what);
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}

/**
 * flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword / flag-extension
 * flag-keyword = atom;  flag-extension = "\" atom
 * System flags come back in their canonical case.
 */
export function flag(r: CommandReader, what: string): string {
  if (r.peek() === '\\') {
    r.skip();
    const name = r.takeWhile(isAtomChar);
    if (name.length === 0) fail(r, `a flag name after "\\" in ${what}`);
    return canonicalFlag(`\\${name}`);
  }
  return atom(r, what);
}

const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft', '\\Recent'];

function canonicalFlag(f: string): string {
  return SYSTEM_FLAGS.find((s) => s.toLowerCase() === f.toLowerCase()) ?? f;
}

/** flag-list = "(" [flag *(SP flag)] ")" */
export function flagList(r: CommandReader, what: string): string[] {
  return parenList(r, what, (rr) => flag(rr, `a flag in ${what}`), true);
}
