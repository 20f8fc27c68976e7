import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UIDLIST_FILE } from '../../../src/store/uid-list.js';
import { ls, maildir, message, openFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeEach(async () => {
  f = await openFixture();
});
afterEach(async () => {
  await f.cleanup();
});

const uidlistOf = (f: Fixture, folder = '') => readFile(join(maildir(f), folder, UIDLIST_FILE), 'utf8');

describe('persistence across restarts', () => {
  it('keeps UIDs, UIDVALIDITY, UIDNEXT, flags and keys after close + reopen', async () => {
    for (let i = 0; i < 3; i++) await f.store.deliver('alice', 'INBOX', message(i));
    await f.store.setFlags('alice', 'INBOX', [2], 'add', ['\\Answered', 'todo']);
    await f.store.expunge('alice', 'INBOX', [3]);
    const before = await f.store.status('alice', 'INBOX');
    const messagesBefore = await f.store.messages('alice', 'INBOX');
    expect(before).toMatchObject({ messages: 2, uidNext: 4 });

    const store = await f.reopen();
    const after = await store.status('alice', 'INBOX');
    expect(after.uidValidity).toBe(before.uidValidity);
    expect(after.uidNext).toBe(4);
    const messagesAfter = await store.messages('alice', 'INBOX');
    expect(messagesAfter.map((m) => [m.uid, m.key, m.flags])).toEqual(messagesBefore.map((m) => [m.uid, m.key, m.flags]));
    expect(messagesAfter.find((m) => m.uid === 2)!.flags).toEqual(['\\Answered', 'todo']);
    // The highest UID was expunged: UIDNEXT must not fall back to 3.
    expect((await store.deliver('alice', 'INBOX', message(9))).uid).toBe(4);
  });

  it('writes the uidlist header with version, V<uidvalidity> and N<uidnext>, then uid key lines', async () => {
    const a = await f.store.deliver('alice', 'INBOX', message(1));
    const b = await f.store.deliver('alice', 'INBOX', message(2));
    const { uidValidity } = await f.store.status('alice', 'INBOX');
    expect(await uidlistOf(f)).toBe(`1 V${uidValidity} N1\n1 ${a.key}\n2 ${b.key}\n`);
    await f.store.expunge('alice', 'INBOX', [1]);
    expect(await uidlistOf(f)).toBe(`1 V${uidValidity} N3\n2 ${b.key}\n`);
  });

  it('gives a file that has no UID (crash after the rename) a fresh UID on open', async () => {
    const known = await f.store.deliver('alice', 'INBOX', message(1));
    await f.store.close();
    const orphanKey = '1700000000.M1P1Q1.elsewhere,S=20';
    await writeFile(join(maildir(f), 'new', orphanKey), 'Subject: orphan\r\n\r\n');
    await writeFile(join(maildir(f), 'cur', '1700000001.M1P1Q2.elsewhere,S=20:2,S'), 'Subject: seen one\r\n\r\n');

    const store = await f.reopen();
    const listed = await store.messages('alice', 'INBOX');
    expect(listed.map((m) => [m.uid, m.key])).toEqual([
      [known.uid, known.key],
      [2, orphanKey],
      [3, '1700000001.M1P1Q2.elsewhere,S=20'],
    ]);
    expect(listed[2]!.flags).toEqual(['\\Seen']);
    expect(listed[1]!.recent).toBe(true);
    expect((await store.read('alice', 'INBOX', 2)).toString()).toBe('Subject: orphan\r\n\r\n');
    // The repair is persisted: another restart keeps the same numbers.
    expect(await uidlistOf(f)).toContain(`\n2 ${orphanKey}\n`);
    const again = await f.reopen();
    expect((await again.messages('alice', 'INBOX')).map((m) => m.uid)).toEqual([1, 2, 3]);
    expect((await again.status('alice', 'INBOX')).uidNext).toBe(4);
  });

  it('drops uidlist entries whose file is gone, without reusing their UIDs', async () => {
    const infos = [];
    for (let i = 0; i < 3; i++) infos.push(await f.store.deliver('alice', 'INBOX', message(i)));
    await f.store.close();
    await unlink(join(maildir(f), 'new', infos[1]!.key));
    const store = await f.reopen();
    expect((await store.messages('alice', 'INBOX')).map((m) => m.uid)).toEqual([1, 3]);
    expect(await uidlistOf(f)).not.toContain(infos[1]!.key);
    expect((await store.deliver('alice', 'INBOX', message(4))).uid).toBe(4);
  });

  it('repairs a uidlist torn in the middle of an append', async () => {
    const a = await f.store.deliver('alice', 'INBOX', message(1));
    const b = await f.store.deliver('alice', 'INBOX', message(2));
    await f.store.close();
    const path = join(maildir(f), UIDLIST_FILE);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length - 10)); // second line cut short, no newline
    const store = await f.reopen();
    const listed = await store.messages('alice', 'INBOX');
    expect(listed.map((m) => [m.uid, m.key])).toEqual([
      [1, a.key],
      [2, b.key],
    ]);
    expect(await uidlistOf(f)).toMatch(new RegExp(`\\n1 ${a.key.replace(/[.\\]/g, '\\$&')}\\n2 `));
  });

  it('renumbers under a new UIDVALIDITY when the uidlist is garbage', async () => {
    await f.store.deliver('alice', 'INBOX', message(1));
    const { uidValidity } = await f.store.status('alice', 'INBOX');
    await f.store.close();
    await writeFile(join(maildir(f), UIDLIST_FILE), 'not a uidlist\n');
    const store = await f.reopen();
    const status = await store.status('alice', 'INBOX');
    expect(status.uidValidity).toBeGreaterThan(uidValidity);
    expect(status.messages).toBe(1);
  });

  it('gives a re-created mailbox a different UIDVALIDITY, also within the same second', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 5; i++) {
      await f.store.create('alice', 'Again');
      seen.add((await f.store.status('alice', 'Again')).uidValidity);
      await f.store.delete('alice', 'Again');
    }
    expect(seen.size).toBe(5);
    // ... and across a restart (the counter is on disk).
    const store = await f.reopen();
    await store.create('alice', 'Again');
    expect(seen.has((await store.status('alice', 'Again')).uidValidity)).toBe(false);
    expect((await store.status('alice', 'Again')).uidValidity).toBeGreaterThan(Math.max(...seen));
  });

  it('keeps \\Recent across a restart for messages still in new/', async () => {
    await f.store.deliver('alice', 'INBOX', message(1));
    await f.store.deliver('alice', 'INBOX', message(2));
    await f.store.claimRecent('alice', 'INBOX');
    await f.store.deliver('alice', 'INBOX', message(3));
    const store = await f.reopen();
    expect((await store.messages('alice', 'INBOX')).map((m) => m.recent)).toEqual([false, false, true]);
    expect(await ls(join(maildir(f), 'new'))).toHaveLength(1);
  });
});
