/**
 * Keywords per mailbox, like Dovecot's `dovecot-keywords`: keyword N is stored in a file name as
 * the letter `a` + N. The file holds lines `N keyword`. Keywords are never removed from the map
 * (file names may still carry their letter), so at most 26 can ever be used in one mailbox.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno, writeFileAtomic } from './durable-fs.js';
import { StoreError } from './types.js';

export const KEYWORDS_FILE = 'mailproto-keywords';
/** Letters `a`..`z` (Maildir info letters for keywords). */
export const MAX_KEYWORDS = 26;

const FIRST_LETTER = 'a'.charCodeAt(0);

/** Keyword <-> letter map of one mailbox. */
export class KeywordMap {
  readonly #keywords: string[];

  constructor(keywords: readonly string[] = []) {
    this.#keywords = keywords.slice(0, MAX_KEYWORDS);
  }

  /** All keywords in letter order. */
  list(): readonly string[] {
    return this.#keywords;
  }

  /** The stored spelling of a keyword (matched case-insensitively), if the map has it. */
  find(keyword: string): string | undefined {
    const lower = keyword.toLowerCase();
    return this.#keywords.find((k) => k.toLowerCase() === lower);
  }

  letterOf(keyword: string): string | undefined {
    const lower = keyword.toLowerCase();
    const index = this.#keywords.findIndex((k) => k.toLowerCase() === lower);
    return index < 0 ? undefined : String.fromCharCode(FIRST_LETTER + index);
  }

  keywordOf(letter: string): string | undefined {
    return this.#keywords[letter.charCodeAt(0) - FIRST_LETTER];
  }

  /**
   * Adds the keywords the map lacks and returns true when it changed (the caller then persists it
   * before any file name uses a new letter). Throws StoreError('CANNOT') past 26 keywords.
   */
  addAll(keywords: readonly string[]): boolean {
    const missing = keywords.filter((k, i) => !this.find(k) && keywords.findIndex((o) => o.toLowerCase() === k.toLowerCase()) === i);
    if (missing.length === 0) return false;
    if (this.#keywords.length + missing.length > MAX_KEYWORDS) {
      throw new StoreError('CANNOT', `too many keywords in this mailbox (at most ${MAX_KEYWORDS})`);
    }
    this.#keywords.push(...missing);
    return true;
  }
}

/** Reads a mailbox's keywords file; a missing file is an empty map, malformed lines are skipped. */
export async function readKeywords(mailboxDir: string): Promise<KeywordMap> {
  let text: string;
  try {
    text = await readFile(join(mailboxDir, KEYWORDS_FILE), 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return new KeywordMap();
    throw err;
  }
  const slots: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\d+) (\S+)$/.exec(line.trimEnd());
    if (!match) continue;
    const index = Number(match[1]);
    if (index < MAX_KEYWORDS) slots[index] = match[2]!;
  }
  // A gap would shift letters; stop at the first one rather than reassign letters.
  const keywords: string[] = [];
  for (let i = 0; i < slots.length && slots[i] !== undefined; i++) keywords.push(slots[i]!);
  return new KeywordMap(keywords);
}

export async function writeKeywords(mailboxDir: string, map: KeywordMap): Promise<void> {
  const text = map.list().map((k, i) => `${i} ${k}\n`).join('');
  await writeFileAtomic(join(mailboxDir, KEYWORDS_FILE), text);
}
