import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ls, maildir, message, openFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeEach(async () => {
  f = await openFixture();
});
afterEach(async () => {
  await f.cleanup();
});

async function deliverMany(n: number, mailbox = 'INBOX') {
  const out = [];
  for (let i = 1; i <= n; i++) out.push(await f.store.deliver('alice', mailbox, message(i)));
  return out;
}

describe('expunge', () => {
  it('removes exactly the given messages, their files, and emits one event each', async () => {
    const infos = await deliverMany(4);
    await f.store.setFlags('alice', 'INBOX', [1, 2], 'add', ['\\Deleted']);
    f.events.length = 0;
    // UID 1 has \Deleted but is not listed: it stays. UID 3 has no \Deleted but is listed: it goes.
    const removed = await f.store.expunge('alice', 'INBOX', [3, 2, 99, 2], 'imap-1');
    expect(removed).toEqual([2, 3]);
    expect((await f.store.messages('alice', 'INBOX')).map((m) => m.uid)).toEqual([1, 4]);
    expect(f.events).toEqual([
      { type: 'expunged', user: 'alice', mailbox: 'INBOX', uid: 2, origin: 'imap-1' },
      { type: 'expunged', user: 'alice', mailbox: 'INBOX', uid: 3, origin: 'imap-1' },
    ]);
    const files = [...(await ls(join(maildir(f), 'new'))), ...(await ls(join(maildir(f), 'cur')))];
    expect(files.map((n) => n.split(':')[0]).sort()).toEqual([infos[0]!.key, infos[3]!.key].sort());
    await expect(f.store.read('alice', 'INBOX', 2)).rejects.toMatchObject({ code: 'NONEXISTENT' });
    expect(await f.store.status('alice', 'INBOX')).toMatchObject({ messages: 2, uidNext: 5 });
  });

  it('returns [] and emits nothing for unknown UIDs', async () => {
    await deliverMany(1);
    f.events.length = 0;
    expect(await f.store.expunge('alice', 'INBOX', [7, 8])).toEqual([]);
    expect(f.events).toEqual([]);
  });
});

describe('copy and move', () => {
  it('copies with flags and internal date, returns UID pairs and the target UIDVALIDITY', async () => {
    const date = new Date('2020-01-02T03:04:05.000Z');
    await f.store.deliver('alice', 'INBOX', message(1), { flags: ['\\Seen', 'Work'], internalDate: date });
    await f.store.deliver('alice', 'INBOX', message(2));
    await f.store.deliver('alice', 'Trash', message('old'));
    f.events.length = 0;

    const result = await f.store.copy('alice', 'INBOX', [2, 1, 42], 'Trash');
    expect(result).toEqual({
      uidValidity: (await f.store.status('alice', 'Trash')).uidValidity,
      pairs: [
        { from: 1, to: 2 },
        { from: 2, to: 3 },
      ],
    });
    const copies = await f.store.messages('alice', 'Trash');
    expect(copies.map((m) => [m.uid, m.flags, m.recent])).toEqual([
      [1, [], true],
      [2, ['\\Seen', 'Work'], true],
      [3, [], true],
    ]);
    expect(copies[1]!.internalDate.toISOString()).toBe(date.toISOString());
    expect(await f.store.read('alice', 'Trash', 2)).toEqual(message(1));
    expect(await f.store.read('alice', 'Trash', 3)).toEqual(message(2));
    // A copy is a new message with its own key; the source is untouched.
    expect(copies[1]!.key).not.toBe((await f.store.messages('alice', 'INBOX'))[0]!.key);
    expect((await f.store.messages('alice', 'INBOX')).map((m) => m.uid)).toEqual([1, 2]);
    expect(f.events).toEqual([
      { type: 'added', user: 'alice', mailbox: 'Trash', uid: 2 },
      { type: 'added', user: 'alice', mailbox: 'Trash', uid: 3 },
    ]);
    expect(await ls(join(maildir(f), '.Trash', 'tmp'))).toEqual([]);
  });

  it('moves: copies, then expunges the source with events for both sides', async () => {
    await deliverMany(3);
    await f.store.setFlags('alice', 'INBOX', [2], 'add', ['\\Flagged']);
    f.events.length = 0;
    const result = await f.store.move('alice', 'INBOX', [2, 3], 'Junk', 'imap-9');
    expect(result.pairs).toEqual([
      { from: 2, to: 1 },
      { from: 3, to: 2 },
    ]);
    expect((await f.store.messages('alice', 'INBOX')).map((m) => m.uid)).toEqual([1]);
    expect((await f.store.messages('alice', 'Junk')).map((m) => m.flags)).toEqual([['\\Flagged'], []]);
    expect(await f.store.read('alice', 'Junk', 1)).toEqual(message(2));
    expect(f.events).toEqual([
      { type: 'added', user: 'alice', mailbox: 'Junk', uid: 1 },
      { type: 'added', user: 'alice', mailbox: 'Junk', uid: 2 },
      { type: 'expunged', user: 'alice', mailbox: 'INBOX', uid: 2, origin: 'imap-9' },
      { type: 'expunged', user: 'alice', mailbox: 'INBOX', uid: 3, origin: 'imap-9' },
    ]);
  });

  it('copies within one mailbox', async () => {
    await deliverMany(1);
    const result = await f.store.copy('alice', 'inbox', [1], 'INBOX');
    expect(result.pairs).toEqual([{ from: 1, to: 2 }]);
    expect(await f.store.read('alice', 'INBOX', 2)).toEqual(message(1));
  });

  it.each([
    ['missing source', 'Nope', 'Trash'],
    ['missing target', 'INBOX', 'Nope'],
  ])('fails with NONEXISTENT for a %s', async (_what, from, to) => {
    await deliverMany(1);
    await expect(f.store.copy('alice', from, [1], to)).rejects.toMatchObject({ code: 'NONEXISTENT' });
    await expect(f.store.move('alice', from, [1], to)).rejects.toMatchObject({ code: 'NONEXISTENT' });
    expect((await f.store.messages('alice', 'INBOX')).length).toBe(1);
  });
});
