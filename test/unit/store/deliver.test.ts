import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_WRITE_MAX_BYTES } from '../../../src/store/message-files.js';
import { MAX_MESSAGE_SIZE, SYNC_READ_MAX_BYTES } from '../../../src/store/store.js';
import { StoreError } from '../../../src/store/types.js';
import { ls, maildir, message, openFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeEach(async () => {
  f = await openFixture();
});
afterEach(async () => {
  await f.cleanup();
});

describe('deliver', () => {
  it('stores the bytes exactly and reads them back', async () => {
    // Bare LF, NUL, 8-bit and a line without CRLF at the end: nothing is normalized.
    const raw = Buffer.concat([message(1), Buffer.from([0x00, 0xff, 0x0a, 0x41])]);
    const info = await f.store.deliver('alice', 'INBOX', raw);
    expect(info.uid).toBe(1);
    expect(info.size).toBe(raw.length);
    expect(info.flags).toEqual([]);
    expect(info.recent).toBe(true);
    expect(Buffer.compare(await f.store.read('alice', 'INBOX', info.uid), raw)).toBe(0);
  });

  it.each([
    ['at the synchronous-read limit', SYNC_READ_MAX_BYTES],
    ['just over it (read asynchronously)', SYNC_READ_MAX_BYTES + 1],
    ['at the synchronous-write limit', SYNC_WRITE_MAX_BYTES],
    ['just over it (written asynchronously)', SYNC_WRITE_MAX_BYTES + 1],
    ['far over both', 4 * Math.max(SYNC_READ_MAX_BYTES, SYNC_WRITE_MAX_BYTES)],
  ])('stores and reads a message %s whole, dated, with tmp/ left empty', async (_what, size) => {
    const head = Buffer.from('Subject: size\r\n\r\n');
    const raw = Buffer.concat([head, Buffer.alloc(size - head.length, 0x61)]);
    const date = new Date('2001-02-03T04:05:06.000Z');
    const info = await f.store.deliver('alice', 'INBOX', raw, { internalDate: date });
    expect(info.size).toBe(size);
    expect(Buffer.compare(await f.store.read('alice', 'INBOX', info.uid), raw)).toBe(0);
    expect((await stat(join(maildir(f), 'new', info.key))).mtime.toISOString()).toBe(date.toISOString());
    expect(await ls(join(maildir(f), 'tmp'))).toEqual([]);
  });

  it('puts the file into new/ named <key> with S=<size> and leaves tmp/ empty', async () => {
    const raw = message(2);
    const info = await f.store.deliver('alice', 'INBOX', raw);
    const root = maildir(f);
    const names = await ls(join(root, 'new'));
    expect(names).toEqual([info.key]);
    expect(info.key).toMatch(new RegExp(`^\\d+\\.M\\d+P${process.pid}Q\\d+\\..+,S=${raw.length}$`));
    expect(await ls(join(root, 'cur'))).toEqual([]);
    expect(await ls(join(root, 'tmp'))).toEqual([]);
    expect(await readFile(join(root, 'new', info.key))).toEqual(raw);
  });

  it('puts a message with flags into cur/ with sorted letters, and keywords as letters', async () => {
    const info = await f.store.deliver('alice', 'INBOX', message(3), { flags: ['\\Seen', '$Forwarded', '\\flagged', '\\Draft'] });
    expect(info.flags).toEqual(['\\Seen', '\\Flagged', '\\Draft', '$Forwarded']);
    const root = maildir(f);
    expect(await ls(join(root, 'new'))).toEqual([]);
    expect(await ls(join(root, 'cur'))).toEqual([`${info.key}:2,DFSa`]);
    expect(await readFile(join(root, 'mailproto-keywords'), 'utf8')).toBe('0 $Forwarded\n');
  });

  it('sets the file mtime to internalDate and reads it back', async () => {
    const date = new Date('2024-02-29T12:34:56.000Z');
    const info = await f.store.deliver('alice', 'INBOX', message(4), { internalDate: date });
    expect(info.internalDate.toISOString()).toBe(date.toISOString());
    const st = await stat(join(maildir(f), 'new', info.key));
    expect(st.mtime.toISOString()).toBe(date.toISOString());
    const [listed] = await (await f.reopen()).messages('alice', 'INBOX');
    expect(listed!.internalDate.toISOString()).toBe(date.toISOString());
  });

  it('emits added after the file is readable', async () => {
    const seen: Buffer[] = [];
    const pending: Promise<void>[] = [];
    f.store.on((e) => {
      if (e.type === 'added') pending.push(f.store.read(e.user, e.mailbox, e.uid).then((b) => void seen.push(b)));
    });
    const info = await f.store.deliver('alice', 'Sent', message(5));
    await Promise.all(pending);
    expect(f.events).toEqual([{ type: 'added', user: 'alice', mailbox: 'Sent', uid: info.uid }]);
    expect(seen).toEqual([message(5)]);
  });

  it('gives 200 concurrent deliveries 200 distinct ascending UIDs, none lost', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => f.store.deliver('alice', 'INBOX', message(i))));
    const uids = results.map((r) => r.uid);
    expect(new Set(uids).size).toBe(200);
    expect([...uids].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.key)).size).toBe(200);
    const listed = await f.store.messages('alice', 'INBOX');
    expect(listed.map((m) => m.uid)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    for (const r of results) {
      const body = await f.store.read('alice', 'INBOX', r.uid);
      expect(body).toEqual(message(results.indexOf(r)));
    }
    expect(await ls(join(maildir(f), 'new'))).toHaveLength(200);
    expect(await ls(join(maildir(f), 'tmp'))).toEqual([]);
    expect((await f.store.status('alice', 'INBOX')).uidNext).toBe(201);
  });

  it.each([
    ['unknown user', 'mallory', 'INBOX', 'NOUSER'],
    ['invalid user name', '../etc', 'INBOX', 'NOUSER'],
    ['missing mailbox', 'alice', 'Nope', 'NONEXISTENT'],
    ['invalid mailbox name', 'alice', 'a/b', 'CANNOT'],
  ])('refuses delivery to %s', async (_what, user, mailbox, code) => {
    await expect(f.store.deliver(user, mailbox, message(6))).rejects.toMatchObject({ name: 'StoreError', code });
    expect(await ls(join(maildir(f), 'tmp'))).toEqual([]);
  });

  it.each([['\\Recent'], ['\\Bogus'], ['has space'], ['par(en'], ['']])('refuses the flag %j', async (flag) => {
    await expect(f.store.deliver('alice', 'INBOX', message(7), { flags: [flag] })).rejects.toMatchObject({ code: 'CANNOT' });
    expect(await f.store.messages('alice', 'INBOX')).toEqual([]);
  });

  it(`accepts MAX_MESSAGE_SIZE (${MAX_MESSAGE_SIZE}) octets and refuses one more with TOOBIG`, async () => {
    const big = Buffer.alloc(MAX_MESSAGE_SIZE + 1, 0x61);
    const err = await f.store.deliver('alice', 'INBOX', big).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('TOOBIG');
    const ok = await f.store.deliver('alice', 'INBOX', big.subarray(0, MAX_MESSAGE_SIZE));
    expect(ok.size).toBe(MAX_MESSAGE_SIZE);
  });

  it('leaves nothing behind in tmp/ when the mailbox vanishes during delivery', async () => {
    await f.store.create('alice', 'Gone');
    const delivering = f.store.deliver('alice', 'Gone', message(8));
    const deleting = f.store.delete('alice', 'Gone');
    const [d] = await Promise.allSettled([delivering, deleting]);
    // Either the delivery won (and the folder went with it) or it failed cleanly.
    if (d.status === 'rejected') expect(d.reason).toMatchObject({ code: 'NONEXISTENT' });
    expect(await ls(join(maildir(f), 'tmp'))).toEqual([]);
    expect((await ls(maildir(f))).filter((n) => n.startsWith('.Gone') || n.startsWith('..'))).toEqual([]);
  });
});
