/**
 * Maildir file names (https://cr.yp.to/proto/maildir.html, Dovecot's maildir-filename.c):
 * `<key>` in new/, `<key>:2,<letters>` in cur/. The key is unique and never changes for the life
 * of a message; the info part after `:2,` holds the flags as letters in ASCII order.
 */
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { KeywordMap } from './keywords.js';
import type { SystemFlag } from './flags.js';
import { SYSTEM_FLAGS, type Flag } from './types.js';

/**
 * Separates key and info. Windows forbids `:` in file names; there we use `!` as mutt, isync and
 * other Windows Maildir tools do.
 */
export const INFO_SEPARATOR = process.platform === 'win32' ? '!' : ':';

/** Maildir letters of the IMAP system flags (D F R S T; `P` "passed" has no IMAP flag). */
export const SYSTEM_FLAG_LETTERS: Readonly<Record<string, string>> = {
  '\\Draft': 'D',
  '\\Flagged': 'F',
  '\\Answered': 'R',
  '\\Seen': 'S',
  '\\Deleted': 'T',
};

const FLAG_BY_LETTER = new Map(Object.entries(SYSTEM_FLAG_LETTERS).map(([flag, letter]) => [letter, flag]));

let counter = 0;

/** The host name as it may appear in a key: `/` and `:` are escaped as the Maildir spec says, `,` too (it starts `,S=`). */
export function safeHostname(name = hostname()): string {
  return name.replace(/\//g, '\\057').replace(/:/g, '\\072').replace(/,/g, '\\054').replace(/!/g, '\\041') || 'localhost';
}

/**
 * A fresh unique key: `<secs>.M<usecs>P<pid>Q<counter>.<hostname>,S=<size>`. The counter makes keys
 * unique within this process; the caller still creates the file with O_EXCL and retries on EEXIST.
 */
export function newMessageKey(size: number, host = safeHostname()): string {
  const nowMs = performance.timeOrigin + performance.now();
  const secs = Math.floor(nowMs / 1000);
  const usecs = Math.floor((nowMs - secs * 1000) * 1000);
  counter += 1;
  return `${secs}.M${usecs}P${process.pid}Q${counter}.${host},S=${size}`;
}

/** The `S=` size field of a key, when present. */
export function sizeFromKey(key: string): number | undefined {
  const match = /,S=(\d+)(?:,|$)/.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** Splits a file name into key and info letters (undefined when there is no `:2,` info part). */
export function parseFileName(name: string): { key: string; letters: string | undefined } {
  const at = name.lastIndexOf(`${INFO_SEPARATOR}2,`);
  if (at < 0) return { key: name, letters: undefined };
  return { key: name.slice(0, at), letters: name.slice(at + 3) };
}

/** `key:2,letters` with the letters de-duplicated and in ASCII order; `key` alone when letters is undefined. */
export function fileName(key: string, letters: string | undefined): string {
  if (letters === undefined) return key;
  return `${key}${INFO_SEPARATOR}2,${sortLetters(letters)}`;
}

export function sortLetters(letters: string): string {
  return [...new Set(letters)].sort().join('');
}

/**
 * Flags -> letters. Keywords must already be in `keywords` (KeywordMap.addAll first). `preserved`
 * are letters we do not understand (e.g. `P`) and keep as found.
 */
export function flagsToLetters(flags: readonly Flag[], keywords: KeywordMap, preserved = ''): string {
  let letters = preserved;
  for (const flag of flags) {
    const letter = SYSTEM_FLAG_LETTERS[flag] ?? keywords.letterOf(flag);
    if (letter === undefined) throw new Error(`bug: keyword ${flag} has no letter`);
    letters += letter;
  }
  return sortLetters(letters);
}

/** Letters -> flags (system flags first, in RFC 3501 order, then keywords in letter order) plus the letters we could not map. */
export function lettersToFlags(letters: string, keywords: KeywordMap): { flags: Flag[]; unknown: string } {
  const system: Flag[] = [];
  const user: Flag[] = [];
  let unknown = '';
  for (const letter of sortLetters(letters)) {
    const flag = FLAG_BY_LETTER.get(letter);
    if (flag) {
      system.push(flag);
      continue;
    }
    const keyword = letter >= 'a' && letter <= 'z' ? keywords.keywordOf(letter) : undefined;
    if (keyword) user.push(keyword);
    else unknown += letter;
  }
  system.sort((a, b) => SYSTEM_FLAGS.indexOf(a as SystemFlag) - SYSTEM_FLAGS.indexOf(b as SystemFlag));
  return { flags: [...system, ...user], unknown };
}
