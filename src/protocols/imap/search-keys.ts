/**
 * SEARCH criteria as a typed tree.
 *
 * RFC 3501 §9:
 *
 *   search          = "SEARCH" [SP "CHARSET" SP astring] 1*(SP search-key)
 *   search-key      = "ALL" / "ANSWERED" / "BCC" SP astring /
 *                     "BEFORE" SP date / "BODY" SP astring /
 *                     "CC" SP astring / "DELETED" / "FLAGGED" /
 *                     "FROM" SP astring / "KEYWORD" SP flag-keyword /
 *                     "NEW" / "OLD" / "ON" SP date / "RECENT" / "SEEN" /
 *                     "SINCE" SP date / "SUBJECT" SP astring /
 *                     "TEXT" SP astring / "TO" SP astring /
 *                     "UNANSWERED" / "UNDELETED" / "UNFLAGGED" /
 *                     "UNKEYWORD" SP flag-keyword / "UNSEEN" /
 *                     "DRAFT" / "HEADER" SP header-fld-name SP astring /
 *                     "LARGER" SP number / "NOT" SP search-key /
 *                     "OR" SP search-key SP search-key /
 *                     "SENTBEFORE" SP date / "SENTON" SP date /
 *                     "SENTSINCE" SP date / "SMALLER" SP number /
 *                     "UID" SP sequence-set / "UNDRAFT" / sequence-set /
 *                     "(" search-key *(SP search-key) ")"
 *   flag-keyword    = atom
 *
 * Several keys side by side all have to match (AND); a parenthesised group is an AND too.
 */
import { MAX_SEARCH_DEPTH } from './limits.js';
import { ParseError } from './parse-error.js';
import { type ImapDate, readDate } from './dates.js';
import { type SequenceSet, readSequenceSet } from './sequence-set.js';
import { CommandReader, astring, atom, fail, isAtomChar, number, space } from './tokens.js';

const FLAG_KEYS = [
  'ALL', 'ANSWERED', 'DELETED', 'DRAFT', 'FLAGGED', 'NEW', 'OLD', 'RECENT', 'SEEN',
  'UNANSWERED', 'UNDELETED', 'UNDRAFT', 'UNFLAGGED', 'UNSEEN',
] as const;
const STRING_KEYS = ['BCC', 'BODY', 'CC', 'FROM', 'SUBJECT', 'TEXT', 'TO'] as const;
const DATE_KEYS = ['BEFORE', 'ON', 'SINCE', 'SENTBEFORE', 'SENTON', 'SENTSINCE'] as const;
const KEYWORD_KEYS = ['KEYWORD', 'UNKEYWORD'] as const;
const SIZE_KEYS = ['LARGER', 'SMALLER'] as const;

export type SearchKey =
  | { readonly key: (typeof FLAG_KEYS)[number] }
  | { readonly key: (typeof STRING_KEYS)[number]; readonly value: string }
  | { readonly key: (typeof DATE_KEYS)[number]; readonly date: ImapDate }
  | { readonly key: (typeof KEYWORD_KEYS)[number]; readonly flag: string }
  | { readonly key: (typeof SIZE_KEYS)[number]; readonly size: number }
  | { readonly key: 'HEADER'; readonly field: string; readonly value: string }
  | { readonly key: 'NOT'; readonly operand: SearchKey }
  | { readonly key: 'OR'; readonly left: SearchKey; readonly right: SearchKey }
  | { readonly key: 'UID'; readonly set: SequenceSet }
  /** A bare sequence set: message sequence numbers. */
  | { readonly key: 'SEQUENCE'; readonly set: SequenceSet }
  /** A parenthesised group: every key must match. */
  | { readonly key: 'AND'; readonly keys: readonly SearchKey[] };

export const SEARCH_KEY_NAMES: readonly string[] = [
  ...FLAG_KEYS, ...STRING_KEYS, ...DATE_KEYS, ...KEYWORD_KEYS, ...SIZE_KEYS, 'HEADER', 'NOT', 'OR', 'UID',
].sort();

function oneOf<T extends string>(list: readonly T[], word: string): T | undefined {
  return list.find((k) => k === word);
}

/** One search-key at the cursor; `depth` bounds NOT/OR/( ) nesting. */
export function readSearchKey(r: CommandReader, depth = 0): SearchKey {
  if (depth > MAX_SEARCH_DEPTH) {
    throw new ParseError(`search criteria nested deeper than ${MAX_SEARCH_DEPTH} levels`);
  }
  const c = r.peek();
  if (c === '(') {
    r.skip();
    const keys: SearchKey[] = [readSearchKey(r, depth + 1)];
    for (;;) {
      if (r.peek() === ')') {
        r.skip();
        return { key: 'AND', keys };
      }
      if (r.peek() !== ' ') fail(r, 'a space or ")" in the parenthesised search criteria');
      r.skip();
      keys.push(readSearchKey(r, depth + 1));
    }
  }
  if (c === '*' || (c !== undefined && c >= '0' && c <= '9')) {
    return { key: 'SEQUENCE', set: readSequenceSet(r, 'a sequence set') };
  }
  if (c === undefined || !isAtomChar(c)) fail(r, 'a search key (such as ALL, UNSEEN, FROM "alice" or 1:5)');
  const word = atom(r, 'a search key').toUpperCase();

  const flagKey = oneOf(FLAG_KEYS, word);
  if (flagKey) return { key: flagKey };
  const stringKey = oneOf(STRING_KEYS, word);
  if (stringKey) {
    space(r, `the text to look for after ${word}`);
    return { key: stringKey, value: astring(r, `the text to look for after ${word}`) };
  }
  const dateKey = oneOf(DATE_KEYS, word);
  if (dateKey) {
    space(r, `a date after ${word}`);
    return { key: dateKey, date: readDate(r, `a date after ${word}`) };
  }
  const keywordKey = oneOf(KEYWORD_KEYS, word);
  if (keywordKey) {
    space(r, `a keyword after ${word}`);
    return { key: keywordKey, flag: atom(r, `a keyword (a flag without "\\") after ${word}`) };
  }
  const sizeKey = oneOf(SIZE_KEYS, word);
  if (sizeKey) {
    space(r, `a size in octets after ${word}`);
    return { key: sizeKey, size: number(r, `a size in octets after ${word}`) };
  }
  switch (word) {
    case 'HEADER': {
      space(r, 'a header field name after HEADER');
      const field = astring(r, 'a header field name after HEADER');
      space(r, `the text to look for in the ${field} header`);
      return { key: 'HEADER', field, value: astring(r, `the text to look for in the ${field} header`) };
    }
    case 'NOT':
      space(r, 'a search key after NOT');
      return { key: 'NOT', operand: readSearchKey(r, depth + 1) };
    case 'OR': {
      space(r, 'two search keys after OR');
      const left = readSearchKey(r, depth + 1);
      space(r, 'a second search key after OR');
      return { key: 'OR', left, right: readSearchKey(r, depth + 1) };
    }
    case 'UID':
      space(r, 'a UID set after UID');
      return { key: 'UID', set: readSequenceSet(r, 'a UID set after UID') };
    default:
      throw new ParseError(`unknown search key "${word}"; expected one of ${SEARCH_KEY_NAMES.join(' ')}`);
  }
}

/** SEARCH's arguments: `[CHARSET astring SP] 1*search-key`, the cursor after "SEARCH". */
export function readSearch(r: CommandReader, command: string): { charset: string | undefined; keys: SearchKey[] } {
  space(r, `search criteria after ${command} (such as ALL or UNSEEN)`);
  let charset: string | undefined;
  if (/^charset(?: |$)/i.test(peekWord(r))) {
    r.skip('CHARSET'.length);
    space(r, 'a charset name after CHARSET (such as UTF-8)');
    charset = astring(r, 'a charset name after CHARSET (such as UTF-8)');
    space(r, `search criteria after CHARSET ${charset}`);
  }
  const keys: SearchKey[] = [readSearchKey(r)];
  while (r.peek() === ' ') {
    r.skip();
    keys.push(readSearchKey(r));
  }
  return { charset, keys };
}

function peekWord(r: CommandReader): string {
  let word = '';
  for (let i = 0; i < 8; i++) {
    const c = r.peekAt(i);
    if (c === undefined) break;
    word += c;
  }
  return word;
}
