/**
 * FETCH data items: what the client asks for, and the name each is returned under.
 *
 * RFC 3501 §9:
 *
 *   fetch           = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" /
 *                     fetch-att / "(" fetch-att *(SP fetch-att) ")")
 *   fetch-att       = "ENVELOPE" / "FLAGS" / "INTERNALDATE" /
 *                     "RFC822" [".HEADER" / ".SIZE" / ".TEXT"] /
 *                     "BODY" ["STRUCTURE"] / "UID" /
 *                     "BODY" section ["<" number "." nz-number ">"] /
 *                     "BODY.PEEK" section ["<" number "." nz-number ">"]
 *   section         = "[" [section-spec] "]"
 *   section-spec    = section-msgtext / (section-part ["." section-text])
 *   section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
 *   section-part    = nz-number *("." nz-number)
 *   section-text    = section-msgtext / "MIME"
 *   header-list     = "(" header-fld-name *(SP header-fld-name) ")"
 *   header-fld-name = astring
 *
 * Macros (RFC 3501 §6.4.5): ALL = (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE),
 * FAST = (FLAGS INTERNALDATE RFC822.SIZE), FULL = (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY).
 */
import { ParseError } from './parse-error.js';
import { CommandReader, astring, expectChar, fail, isAtomChar, nzNumber, number, parenList } from './tokens.js';

export const FETCH_ATTRIBUTES = [
  'ENVELOPE',
  'FLAGS',
  'INTERNALDATE',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.SIZE',
  'RFC822.TEXT',
  'BODY',
  'BODYSTRUCTURE',
  'UID',
] as const;

export type FetchAttribute = (typeof FETCH_ATTRIBUTES)[number];

export type FetchMacro = 'ALL' | 'FAST' | 'FULL';

export type SectionText = 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

/** `BODY[1.2.HEADER.FIELDS (Subject)]` is `{ part: [1, 2], text: 'HEADER.FIELDS', fields: ['Subject'] }`. */
export type Section = {
  /** Part numbers; empty for the whole message. */
  readonly part: readonly number[];
  readonly text: SectionText | undefined;
  /** Header field names for HEADER.FIELDS and HEADER.FIELDS.NOT, as the client wrote them. */
  readonly fields: readonly string[] | undefined;
};

export type FetchItem =
  | { readonly type: 'attribute'; readonly name: FetchAttribute }
  | {
      readonly type: 'section';
      /** BODY.PEEK: do not set \Seen. */
      readonly peek: boolean;
      readonly section: Section;
      /** `<origin.size>`: at most `size` octets starting at `origin`. */
      readonly partial: { readonly origin: number; readonly size: number } | undefined;
    };

const MACROS: Record<FetchMacro, readonly FetchAttribute[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

/** The items a macro stands for. */
export function expandFetchMacro(macro: FetchMacro): FetchItem[] {
  return MACROS[macro].map((name) => ({ type: 'attribute', name }));
}

const isNameChar = (c: string) => /[A-Za-z0-9.]/.test(c);

/** FETCH's item argument at the cursor: a macro, one item, or a parenthesised list. */
export function readFetchItems(r: CommandReader): { items: FetchItem[]; macro: FetchMacro | undefined } {
  if (r.peek() === '(') {
    return { items: parenList(r, 'the list of FETCH items', readFetchItem), macro: undefined };
  }
  const peekWord = peekName(r);
  if (peekWord === 'ALL' || peekWord === 'FAST' || peekWord === 'FULL') {
    r.takeWhile(isNameChar);
    return { items: expandFetchMacro(peekWord), macro: peekWord };
  }
  return { items: [readFetchItem(r)], macro: undefined };
}

function peekName(r: CommandReader): string {
  let name = '';
  for (let i = 0; ; i++) {
    const c = r.peekAt(i);
    if (c === undefined || !isNameChar(c)) return name.toUpperCase();
    name += c;
  }
}

const WHAT = 'a FETCH item (such as FLAGS, UID, ENVELOPE or BODY.PEEK[HEADER])';

function readFetchItem(r: CommandReader): FetchItem {
  const name = r.takeWhile(isNameChar).toUpperCase();
  if (name.length === 0) fail(r, WHAT);
  if (r.peek() === '[') {
    if (name !== 'BODY' && name !== 'BODY.PEEK') {
      throw new ParseError(`only BODY and BODY.PEEK take a [section], not ${name}`);
    }
    const section = readSection(r);
    const partial = r.peek() === '<' ? readPartial(r) : undefined;
    return { type: 'section', peek: name === 'BODY.PEEK', section, partial };
  }
  if (name === 'BODY.PEEK') throw new ParseError('BODY.PEEK needs a section in brackets, such as BODY.PEEK[] or BODY.PEEK[HEADER]');
  if (name === 'ALL' || name === 'FAST' || name === 'FULL') {
    throw new ParseError(`${name} is a macro and must stand alone, not inside a list of FETCH items`);
  }
  const attribute = FETCH_ATTRIBUTES.find((a) => a === name);
  if (!attribute) {
    throw new ParseError(`unknown FETCH item "${name}"; expected one of ${FETCH_ATTRIBUTES.join(' ')} or BODY[...]`);
  }
  const c = r.peek();
  if (c !== undefined && c !== ' ' && c !== ')') fail(r, `a space or ")" after ${name}`);
  return { type: 'attribute', name: attribute };
}

function readSection(r: CommandReader): Section {
  expectChar(r, '[', 'a section in brackets');
  const part: number[] = [];
  let text: SectionText | undefined;
  let fields: string[] | undefined;
  while (r.peek() !== undefined && r.peek()! >= '0' && r.peek()! <= '9') {
    part.push(nzNumber(r, 'a part number in the section'));
    if (r.peek() !== '.') break;
    r.skip();
    if (!(r.peek()! >= '0' && r.peek()! <= '9')) {
      text = readSectionText(r, true);
      break;
    }
  }
  if (part.length === 0 && r.peek() !== ']') text = readSectionText(r, false);
  if (text === 'HEADER.FIELDS' || text === 'HEADER.FIELDS.NOT') {
    if (r.peek() !== ' ') fail(r, `a space and a list of header field names after ${text}`);
    r.skip();
    fields = parenList(r, `the header field names of ${text}`, (rr) => astring(rr, 'a header field name'));
  }
  expectChar(r, ']', 'a "]" to close the section');
  return { part, text, fields };
}

function readSectionText(r: CommandReader, afterPart: boolean): SectionText {
  const word = r.takeWhile((c) => /[A-Za-z.]/.test(c)).toUpperCase();
  const allowed: SectionText[] = ['HEADER', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT', 'TEXT'];
  if (afterPart) allowed.push('MIME');
  const found = allowed.find((a) => a === word);
  if (found) return found;
  if (word === 'MIME') throw new ParseError('MIME needs a part number before it, such as BODY[1.MIME]');
  if (word.length === 0) fail(r, `a section: a part number or one of ${allowed.join(', ')}`);
  throw new ParseError(`unknown section "${word}"; expected a part number or one of ${allowed.join(', ')}`);
}

/** `"<" number "." nz-number ">"` */
function readPartial(r: CommandReader): { origin: number; size: number } {
  r.skip(); // "<"
  const origin = number(r, 'the first octet of the partial range <origin.size>');
  expectChar(r, '.', 'a "." between origin and size in <origin.size>');
  const size = nzNumber(r, 'the octet count of the partial range <origin.size>');
  expectChar(r, '>', 'a ">" to close <origin.size>');
  return { origin, size };
}

/** A header field name as an astring for the response (atom when it can be). */
function fieldName(name: string): string {
  return name.length > 0 && [...name].every((c) => isAtomChar(c) || c === ']')
    ? name
    : `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The section spec as written between the brackets: `1.2.HEADER.FIELDS (SUBJECT FROM)`. */
export function formatSection(section: Section): string {
  const pieces: string[] = section.part.map(String);
  if (section.text) pieces.push(section.text);
  const spec = pieces.join('.');
  return section.fields ? `${spec} (${section.fields.map(fieldName).join(' ')})` : spec;
}

/**
 * The name the item's value is returned under in the FETCH response (RFC 3501 §7.4.2):
 * BODY.PEEK answers as BODY, and a partial shows only its origin: `BODY[TEXT]<0>`.
 */
export function fetchItemResponseName(item: FetchItem): string {
  if (item.type === 'attribute') return item.name;
  const partial = item.partial ? `<${item.partial.origin}>` : '';
  return `BODY[${formatSection(item.section)}]${partial}`;
}
