/**
 * ENVELOPE and BODYSTRUCTURE come from src/mime as finished IMAP wire text (a byte string, one
 * char per octet, written like Dovecot writes it). Most of it can go out as `raw(...)`, but a
 * literal inside (`{16}\r\nGiant; "Big" Box`) cannot: raw text may not hold CR LF, and its
 * 8-bit octets would be re-encoded as UTF-8, breaking the `{n}` count. So the text is read back
 * into lists, and only the lists that hold a literal become ImapValue arrays; everything else
 * stays raw text, byte for byte.
 *
 * One catch: the serializer puts a space between the items of an array, while RFC 3501 writes
 * some lists without one (`env-from = "(" 1*address ")"`, `body-type-mpart = 1*body SP ...`).
 * When such glued items hold a literal, the literal is sent as a quoted string instead, which is
 * the same string to every client; only a literal that cannot be quoted (8-bit, CR, LF) then
 * leaves a space between the glued items, the one departure from the grammar left.
 */
import { raw, literal, type ImapValue } from '../../../protocols/imap/response.js';

type WireNode =
  | { readonly kind: 'list'; readonly items: readonly WireNode[]; /** glued[i]: no space after items[i] */ readonly glued: readonly boolean[] }
  | { readonly kind: 'atom'; readonly text: string }
  | { readonly kind: 'quoted'; readonly text: string }
  | { readonly kind: 'literal'; readonly data: string };

class WireReader {
  pos = 0;
  constructor(readonly text: string) {}

  node(): WireNode {
    const c = this.text[this.pos];
    if (c === '(') return this.list();
    if (c === '"') return this.quoted();
    if (c === '{') return this.literal();
    const start = this.pos;
    while (this.pos < this.text.length && !/[ ()"{]/.test(this.text[this.pos]!)) this.pos++;
    if (this.pos === start) throw new Error(`bad IMAP wire text at ${start}: ${JSON.stringify(this.text.slice(start, start + 20))}`);
    return { kind: 'atom', text: this.text.slice(start, this.pos) };
  }

  private list(): WireNode {
    this.pos++; // "("
    const items: WireNode[] = [];
    const glued: boolean[] = [];
    while (this.text[this.pos] !== ')') {
      if (this.pos >= this.text.length) throw new Error('bad IMAP wire text: unclosed list');
      if (items.length > 0) {
        let spaces = 0;
        while (this.text[this.pos] === ' ') {
          this.pos++;
          spaces++;
        }
        glued.push(spaces === 0);
        if (this.text[this.pos] === ')') break;
      }
      items.push(this.node());
    }
    this.pos++; // ")"
    return { kind: 'list', items, glued };
  }

  private quoted(): WireNode {
    const start = this.pos++;
    while (this.text[this.pos] !== '"') {
      if (this.pos >= this.text.length) throw new Error('bad IMAP wire text: unclosed quoted string');
      if (this.text[this.pos] === '\\') this.pos++;
      this.pos++;
    }
    this.pos++;
    return { kind: 'quoted', text: this.text.slice(start, this.pos) };
  }

  private literal(): WireNode {
    const m = /^\{(\d+)\}\r\n/.exec(this.text.slice(this.pos, this.pos + 24));
    if (!m) throw new Error(`bad IMAP wire text: literal at ${this.pos}`);
    const start = this.pos + m[0].length;
    const end = start + Number(m[1]);
    if (end > this.text.length) throw new Error('bad IMAP wire text: literal past the end');
    this.pos = end;
    return { kind: 'literal', data: this.text.slice(start, end) };
  }
}

const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

function hasLiteral(node: WireNode): boolean {
  if (node.kind === 'literal') return true;
  if (node.kind === 'quoted') return !isAscii(node.text);
  return node.kind === 'list' && node.items.some(hasLiteral);
}

/** Can this literal travel as a quoted string (RFC 3501 QUOTED-CHAR: 7-bit, no CR, LF, NUL)? */
function quotable(data: string): boolean {
  return /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(data);
}

function allLiteralsQuotable(node: WireNode): boolean {
  if (node.kind === 'literal') return quotable(node.data);
  if (node.kind === 'quoted') return isAscii(node.text);
  return node.kind !== 'list' || node.items.every(allLiteralsQuotable);
}

/** The node as wire text, with every literal written as a quoted string (callers check quotable). */
function quotedText(node: WireNode): string {
  switch (node.kind) {
    case 'atom':
    case 'quoted':
      return node.text;
    case 'literal':
      return `"${node.data.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    case 'list':
      return `(${node.items.map((item, i) => (i === 0 ? '' : node.glued[i - 1] ? '' : ' ') + quotedText(item)).join('')})`;
  }
}

function toValue(node: WireNode): ImapValue {
  if (!hasLiteral(node)) return raw(quotedText(node));
  switch (node.kind) {
    case 'literal':
      return literal(Buffer.from(node.data, 'latin1'));
    case 'quoted': // 8-bit inside quotes: not valid IMAP, so send the string as a literal
      return literal(Buffer.from(node.text.slice(1, -1).replace(/\\(.)/g, '$1'), 'latin1'));
    case 'atom':
      return raw(node.text);
    case 'list': {
      const out: ImapValue[] = [];
      let run: WireNode[] = [];
      const flush = () => {
        if (run.length === 1) out.push(toValue(run[0]!));
        else if (run.every(allLiteralsQuotable)) out.push(raw(run.map(quotedText).join('')));
        else out.push(...run.map(toValue));
        run = [];
      };
      node.items.forEach((item, i) => {
        run.push(item);
        if (!node.glued[i]) flush();
      });
      if (run.length > 0) flush();
      return out;
    }
  }
}

/**
 * A parenthesised value written as IMAP wire text (byte string, literals as `{n}\r\n...`) as an
 * ImapValue that the response serializer writes out the same, literals included.
 */
export function wireTextValue(wire: string): ImapValue {
  const reader = new WireReader(wire);
  const node = reader.node();
  if (reader.pos !== wire.length) throw new Error(`bad IMAP wire text: trailing ${JSON.stringify(wire.slice(reader.pos, reader.pos + 20))}`);
  return toValue(node);
}
