/** The on-disk formats: Maildir file names, the uidlist, the keywords file, mailbox directory names. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeywordMap, readKeywords } from '../../../src/store/keywords.js';
import { canonicalMailboxName, mailboxDirName, mailboxNameFromDir, superiors } from '../../../src/store/mailbox-names.js';
import {
  fileName,
  flagsToLetters,
  lettersToFlags,
  newMessageKey,
  parseFileName,
  safeHostname,
  sizeFromKey,
} from '../../../src/store/maildir-names.js';
import { cleanTmp, TMP_MAX_AGE_MS } from '../../../src/store/message-files.js';
import { isPasswordHash } from '../../../src/store/password-hash.js';
import { createTempDataDir, type TempDataDir } from '../../../src/store/temp-dir.js';
import { formatUidList, MAX_UID, parseUidList } from '../../../src/store/uid-list.js';
import { DUMMY_HASH } from '../../../src/store/users.js';

describe('Maildir file names', () => {
  it.each([
    ['1.M2P3Q4.host,S=10', '1.M2P3Q4.host,S=10', undefined],
    ['1.M2P3Q4.host,S=10:2,', '1.M2P3Q4.host,S=10', ''],
    ['1.M2P3Q4.host,S=10:2,FRS', '1.M2P3Q4.host,S=10', 'FRS'],
    ['odd:name:2,S', 'odd:name', 'S'],
  ])('parses %j', (name, key, letters) => {
    expect(parseFileName(name)).toEqual({ key, letters });
  });

  it.each([
    ['S', 'S'],
    ['TSRFD', 'DFRST'],
    ['bSaS', 'Sab'],
    ['', ''],
  ])('writes letters %j as %j (ASCII order, once each)', (letters, sorted) => {
    expect(fileName('k', letters)).toBe(`k:2,${sorted}`);
  });

  it('maps flags to letters and back', () => {
    const keywords = new KeywordMap(['$Forwarded', 'Work']);
    expect(flagsToLetters(['\\Deleted', '\\Seen', 'Work', '\\Draft', '\\Answered', '\\Flagged', '$Forwarded'], keywords)).toBe('DFRSTab');
    expect(lettersToFlags('DFRSTabP', keywords)).toEqual({
      flags: ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft', '$Forwarded', 'Work'],
      unknown: 'P',
    });
    expect(lettersToFlags('z', keywords)).toEqual({ flags: [], unknown: 'z' });
  });

  it('makes unique keys with S=<size> and a safe host name', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => newMessageKey(42, 'h')));
    expect(keys.size).toBe(1000);
    for (const key of keys) {
      expect(key).toMatch(/^\d{10}\.M\d{1,6}P\d+Q\d+\.h,S=42$/);
      expect(sizeFromKey(key)).toBe(42);
    }
    expect(safeHostname('a/b:c,d')).toBe('a\\057b\\072c\\054d');
  });
});

describe('uidlist', () => {
  it.each([
    ['empty', '1 V5 N1\n', { uidValidity: 5, uidNext: 1, entries: [], clean: true }],
    ['two entries', '1 V5 N1\n1 a\n3 b\n', { uidValidity: 5, uidNext: 4, entries: [{ uid: 1, key: 'a' }, { uid: 3, key: 'b' }], clean: true }],
    ['header N above entries', '1 V5 N9\n1 a\n', { uidValidity: 5, uidNext: 9, entries: [{ uid: 1, key: 'a' }], clean: true }],
    ['torn last line', '1 V5 N1\n1 a\n2 b', { uidValidity: 5, uidNext: 2, entries: [{ uid: 1, key: 'a' }], clean: false }],
    ['out of order', '1 V5 N1\n2 a\n1 b\n', { uidValidity: 5, uidNext: 3, entries: [{ uid: 2, key: 'a' }], clean: false }],
    ['duplicate key', '1 V5 N1\n1 a\n2 a\n', { uidValidity: 5, uidNext: 2, entries: [{ uid: 1, key: 'a' }], clean: false }],
    ['garbage line', '1 V5 N1\nxyz\n2 b\n', { uidValidity: 5, uidNext: 3, entries: [{ uid: 2, key: 'b' }], clean: false }],
    ['uid 0', '1 V5 N1\n0 a\n', { uidValidity: 5, uidNext: 1, entries: [], clean: false }],
  ])('parses %s', (_what, text, expected) => {
    expect(parseUidList(text)).toEqual(expected);
  });

  it.each([['', 'empty file'], ['2 V5 N1\n', 'unknown version'], ['1 V0 N1\n', 'UIDVALIDITY 0'], [`1 V${MAX_UID + 1} N1\n`, 'UIDVALIDITY too large'], ['junk\n', 'junk']])(
    'rejects the header of %j (%s)',
    (text) => {
      expect(parseUidList(text)).toBeUndefined();
    },
  );

  it('round-trips', () => {
    const list = { uidValidity: 1732233600, uidNext: 7, entries: [{ uid: 2, key: 'k2' }, { uid: 6, key: 'k6' }] };
    expect(formatUidList(list)).toBe('1 V1732233600 N7\n2 k2\n6 k6\n');
    expect(parseUidList(formatUidList(list))).toEqual({ ...list, clean: true });
  });
});

describe('keywords', () => {
  let tmp: TempDataDir;
  beforeEach(async () => {
    tmp = await createTempDataDir();
  });
  afterEach(async () => {
    await tmp.remove();
  });

  it('reads `N keyword` lines and stops at a gap rather than shifting letters', async () => {
    await writeFile(join(tmp.dir, 'mailproto-keywords'), '0 Work\n1 $Junk\n3 Later\nbroken line here\n');
    const map = await readKeywords(tmp.dir);
    expect(map.list()).toEqual(['Work', '$Junk']);
    expect(map.letterOf('work')).toBe('a');
    expect(map.keywordOf('b')).toBe('$Junk');
  });

  it('treats a missing file as no keywords', async () => {
    expect((await readKeywords(tmp.dir)).list()).toEqual([]);
  });

  it('cleans crash leftovers from tmp/ only after 36 hours', async () => {
    await mkdir(join(tmp.dir, 'tmp'));
    await writeFile(join(tmp.dir, 'tmp', 'leftover'), 'x');
    expect(await cleanTmp(tmp.dir)).toBe(0);
    expect(await readdir(join(tmp.dir, 'tmp'))).toEqual(['leftover']);
    expect(await cleanTmp(tmp.dir, Date.now() + TMP_MAX_AGE_MS + 1000)).toBe(1);
    expect(await readdir(join(tmp.dir, 'tmp'))).toEqual([]);
  });
});

describe('mailbox directories', () => {
  it.each([
    ['INBOX', ''],
    ['Sent', '.Sent'],
    ['A.B.C', '.A.B.C'],
    ['INBOX.x', '.INBOX.x'],
  ])('%s lives in %j', (name, dir) => {
    expect(mailboxDirName(canonicalMailboxName(name))).toBe(dir);
  });

  it.each([
    ['.Sent', 'Sent'],
    ['.A.B', 'A.B'],
    ['cur', undefined],
    ['.', undefined],
    ['..', undefined],
    ['..mailproto-deleted-abc', undefined],
    ['.INBOX', undefined],
    ['.inbox.x', undefined],
  ])('directory %j is mailbox %j', (dir, name) => {
    expect(mailboxNameFromDir(dir)).toBe(name);
  });

  it('lists superiors outermost first', () => {
    expect(superiors('A.B.C')).toEqual(['A', 'A.B']);
    expect(superiors('A')).toEqual([]);
  });
});

describe('users', () => {
  it('checks unknown users against a well-formed dummy hash (same cost as a real one)', () => {
    expect(isPasswordHash(DUMMY_HASH)).toBe(true);
  });
});
