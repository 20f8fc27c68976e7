import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalFlags, MAX_KEYWORD_LENGTH } from '../../../src/store/flags.js';
import { MAX_KEYWORDS } from '../../../src/store/keywords.js';
import { ls, maildir, message, openFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeEach(async () => {
  f = await openFixture();
});
afterEach(async () => {
  await f.cleanup();
});

describe('canonicalFlags', () => {
  it.each([
    [['\\seen', '\\SEEN'], ['\\Seen']],
    [['\\Deleted', '\\Answered', '\\Seen'], ['\\Seen', '\\Answered', '\\Deleted']],
    [['Work', '$Label1', 'work'], ['Work', '$Label1']],
    [['\\draft', 'x', '\\flagged'], ['\\Flagged', '\\Draft', 'x']],
  ])('%j -> %j', (input, expected) => {
    expect(canonicalFlags(input)).toEqual(expected);
  });

  it.each([['\\Recent'], ['\\Whatever'], ['a b'], ['a]'], ['a*'], ['{3}'], ['"q"'], ['é'], ['x'.repeat(MAX_KEYWORD_LENGTH + 1)]])(
    'refuses %j with CANNOT',
    (flag) => {
      expect(() => canonicalFlags([flag])).toThrow(expect.objectContaining({ code: 'CANNOT' }));
    },
  );

  it(`accepts a keyword of MAX_KEYWORD_LENGTH (${MAX_KEYWORD_LENGTH})`, () => {
    expect(canonicalFlags(['k'.repeat(MAX_KEYWORD_LENGTH)])).toEqual(['k'.repeat(MAX_KEYWORD_LENGTH)]);
  });
});

describe('setFlags', () => {
  it.each([
    ['set', ['\\Seen', '\\Draft'], ['\\Deleted'], ['\\Deleted'], 'T'],
    ['add', ['\\Seen'], ['\\Flagged', '\\Seen'], ['\\Seen', '\\Flagged'], 'FS'],
    ['remove', ['\\Seen', '\\Flagged', '\\Answered'], ['\\Flagged'], ['\\Seen', '\\Answered'], 'RS'],
    ['remove', ['\\Seen'], ['\\Seen'], [], ''],
  ] as const)('%s %j with %j gives %j (letters %j)', async (mode, initial, change, expected, letters) => {
    const info = await f.store.deliver('alice', 'INBOX', message(1), { flags: [...initial] });
    const [after] = await f.store.setFlags('alice', 'INBOX', [info.uid], mode, change);
    expect(after!.flags).toEqual(expected);
    expect(await ls(join(maildir(f), 'cur'))).toEqual([`${info.key}:2,${letters}`]);
    expect((await f.store.messages('alice', 'INBOX'))[0]!.flags).toEqual(expected);
  });

  it('moves a message from new/ to cur/ when it gets flags, keeping \\Recent', async () => {
    const info = await f.store.deliver('alice', 'INBOX', message(1));
    await f.store.setFlags('alice', 'INBOX', [info.uid], 'add', ['\\Seen']);
    expect(await ls(join(maildir(f), 'new'))).toEqual([]);
    expect(await ls(join(maildir(f), 'cur'))).toEqual([`${info.key}:2,S`]);
    expect((await f.store.messages('alice', 'INBOX'))[0]!.recent).toBe(true);
  });

  it('maps keywords to letters a.. in first-use order, shared by all messages', async () => {
    const a = await f.store.deliver('alice', 'INBOX', message(1));
    const b = await f.store.deliver('alice', 'INBOX', message(2));
    await f.store.setFlags('alice', 'INBOX', [a.uid], 'add', ['Work', 'Urgent']);
    await f.store.setFlags('alice', 'INBOX', [b.uid], 'add', ['urgent', '\\Seen', 'Home']);
    expect(await readFile(join(maildir(f), 'mailproto-keywords'), 'utf8')).toBe('0 Work\n1 Urgent\n2 Home\n');
    expect(await ls(join(maildir(f), 'cur'))).toEqual([`${a.key}:2,ab`, `${b.key}:2,Sbc`].sort());
    const listed = await f.store.messages('alice', 'INBOX');
    expect(listed.map((m) => m.flags)).toEqual([
      ['Work', 'Urgent'],
      ['\\Seen', 'Urgent', 'Home'],
    ]);
    // Keywords are read back from the letters after a restart.
    const store = await f.reopen();
    expect((await store.messages('alice', 'INBOX')).map((m) => m.flags)).toEqual(listed.map((m) => m.flags));
  });

  it(`allows ${MAX_KEYWORDS} keywords per mailbox and refuses the next with CANNOT`, async () => {
    const info = await f.store.deliver('alice', 'INBOX', message(1));
    const keywords = Array.from({ length: MAX_KEYWORDS }, (_, i) => `k${i}`);
    const [all] = await f.store.setFlags('alice', 'INBOX', [info.uid], 'set', keywords);
    expect(all!.flags).toEqual(keywords);
    expect(await ls(join(maildir(f), 'cur'))).toEqual([`${info.key}:2,abcdefghijklmnopqrstuvwxyz`]);
    await expect(f.store.setFlags('alice', 'INBOX', [info.uid], 'add', ['one-more'])).rejects.toMatchObject({ code: 'CANNOT' });
    // Another mailbox has its own 26 letters.
    await expect(f.store.deliver('alice', 'Sent', message(2), { flags: ['one-more'] })).resolves.toMatchObject({ flags: ['one-more'] });
  });

  it('keeps Maildir letters it does not understand (P = passed)', async () => {
    const info = await f.store.deliver('alice', 'INBOX', message(1), { flags: ['\\Seen'] });
    await f.store.close();
    const { rename } = await import('node:fs/promises');
    await rename(join(maildir(f), 'cur', `${info.key}:2,S`), join(maildir(f), 'cur', `${info.key}:2,PS`));
    const store = await f.reopen();
    expect((await store.messages('alice', 'INBOX'))[0]!.flags).toEqual(['\\Seen']);
    await store.setFlags('alice', 'INBOX', [info.uid], 'add', ['\\Flagged']);
    expect(await ls(join(maildir(f), 'cur'))).toEqual([`${info.key}:2,FPS`]);
  });

  it('emits one flags event per changed message, with the origin, and none for no-ops', async () => {
    const a = await f.store.deliver('alice', 'INBOX', message(1), { flags: ['\\Seen'] });
    const b = await f.store.deliver('alice', 'INBOX', message(2));
    f.events.length = 0;
    const matched = await f.store.setFlags('alice', 'INBOX', [b.uid, a.uid, 99], 'add', ['\\Seen'], 'imap-7');
    expect(matched.map((m) => m.uid)).toEqual([a.uid, b.uid]);
    expect(f.events).toEqual([{ type: 'flags', user: 'alice', mailbox: 'INBOX', uid: b.uid, flags: ['\\Seen'], origin: 'imap-7' }]);
  });
});

describe('claimRecent', () => {
  it('hands \\Recent to the first claimer only, moving new/ to cur/', async () => {
    const a = await f.store.deliver('alice', 'INBOX', message(1));
    const b = await f.store.deliver('alice', 'INBOX', message(2), { flags: ['\\Seen'] });
    expect((await f.store.status('alice', 'INBOX')).recent).toBe(2);
    expect(await f.store.claimRecent('alice', 'INBOX')).toEqual([a.uid, b.uid]);
    expect(await f.store.claimRecent('alice', 'INBOX')).toEqual([]);
    expect(await ls(join(maildir(f), 'new'))).toEqual([]);
    expect(await ls(join(maildir(f), 'cur'))).toEqual([`${a.key}:2,`, `${b.key}:2,S`].sort());
    expect((await f.store.messages('alice', 'INBOX')).map((m) => m.recent)).toEqual([false, false]);
    expect(await f.store.status('alice', 'INBOX')).toMatchObject({ recent: 0, unseen: 1, messages: 2 });

    const c = await f.store.deliver('alice', 'INBOX', message(3));
    expect(await f.store.claimRecent('alice', 'INBOX')).toEqual([c.uid]);
  });

  it('gives each of two racing claimers a disjoint set', async () => {
    await Promise.all([1, 2, 3].map((i) => f.store.deliver('alice', 'INBOX', message(i))));
    const [x, y] = await Promise.all([f.store.claimRecent('alice', 'INBOX'), f.store.claimRecent('alice', 'INBOX')]);
    expect([...x!, ...y!].sort()).toEqual([1, 2, 3]);
    expect(x!.length === 0 || y!.length === 0).toBe(true);
  });

  it('answers a claimer with nothing to claim without waiting for the mailbox lock', async () => {
    await f.store.deliver('alice', 'INBOX', message(1));
    await f.store.claimRecent('alice', 'INBOX');
    // A delivery holds the lock (it fsyncs); a session asking meanwhile is not held up by it.
    const delivering = f.store.deliver('alice', 'INBOX', message(2));
    let answered = false;
    const claim = f.store.claimRecent('alice', 'INBOX').then((uids) => {
      answered = true;
      return uids;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(answered).toBe(true);
    expect(await claim).toEqual([]);
    const second = await delivering;
    expect(await f.store.claimRecent('alice', 'INBOX')).toEqual([second.uid]);
  });

  it('gives \\Recent back when moving the files fails, so a later claim gets it', async () => {
    const a = await f.store.deliver('alice', 'INBOX', message(1));
    await rm(join(maildir(f), 'new', a.key));
    await expect(f.store.claimRecent('alice', 'INBOX')).rejects.toThrow(/ENOENT/);
    expect((await f.store.status('alice', 'INBOX')).recent).toBe(1);
  });
});
