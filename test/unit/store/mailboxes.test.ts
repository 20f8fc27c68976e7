import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HIERARCHY_DELIMITER, MAX_MAILBOX_NAME } from '../../../src/store/mailbox-names.js';
import { ls, maildir, message, openFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeEach(async () => {
  f = await openFixture();
});
afterEach(async () => {
  await f.cleanup();
});

const names = async (user = 'alice') => (await f.store.list(user)).map((e) => e.name);

describe('a new user', () => {
  it('has INBOX, Sent, Drafts, Trash, Junk with special-use, all subscribed', async () => {
    expect(await f.store.list('alice')).toEqual([
      { name: 'INBOX', specialUse: undefined, subscribed: true, hasChildren: false },
      { name: 'Drafts', specialUse: '\\Drafts', subscribed: true, hasChildren: false },
      { name: 'Junk', specialUse: '\\Junk', subscribed: true, hasChildren: false },
      { name: 'Sent', specialUse: '\\Sent', subscribed: true, hasChildren: false },
      { name: 'Trash', specialUse: '\\Trash', subscribed: true, hasChildren: false },
    ]);
    const root = maildir(f);
    expect(await ls(root)).toEqual(['.Drafts', '.Junk', '.Sent', '.Trash', 'cur', 'mailproto-uidlist', 'new', 'subscriptions', 'tmp']);
    expect(await ls(join(root, '.Sent'))).toEqual(['cur', 'maildirfolder', 'mailproto-uidlist', 'new', 'tmp']);
    expect(await readFile(join(root, 'subscriptions'), 'utf8')).toBe('INBOX\nSent\nDrafts\nTrash\nJunk\n');
    expect(HIERARCHY_DELIMITER).toBe('.');
  });

  it('ensureUser is idempotent and does not re-create deleted folders', async () => {
    await f.store.delete('alice', 'Junk');
    await f.store.deliver('alice', 'INBOX', message(1));
    await f.store.ensureUser('alice');
    expect(await names()).toEqual(['INBOX', 'Drafts', 'Sent', 'Trash']);
    expect((await f.store.messages('alice', 'INBOX')).length).toBe(1);
  });

  it('hasUser reflects the maildir; invalid or unknown users are refused', async () => {
    expect(f.store.hasUser('alice')).toBe(true);
    expect(f.store.hasUser('bob')).toBe(false);
    await expect(f.store.list('bob')).rejects.toMatchObject({ code: 'NOUSER' });
    await f.store.ensureUser('_held');
    expect(f.store.hasUser('_held')).toBe(true);
    await expect(f.store.ensureUser('../x')).rejects.toMatchObject({ code: 'CANNOT' });
  });

  it('creates a user only once under concurrent ensureUser calls', async () => {
    await Promise.all([1, 2, 3].map(() => f.store.ensureUser('carol')));
    expect(await names('carol')).toEqual(['INBOX', 'Drafts', 'Junk', 'Sent', 'Trash']);
    expect((await ls(join(f.dir, 'users', 'carol'))).filter((n) => n !== 'Maildir')).toEqual([]);
  });
});

describe('mailbox names', () => {
  it.each([
    [''],
    ['a/b'],
    ['.a'],
    ['a.'],
    ['a..b'],
    ['..'],
    ['a\u0000b'],
    ['tab\there'],
    ['del\u007f'],
    ['back\\slash'],
    ['x'.repeat(MAX_MAILBOX_NAME + 1)],
  ])('refuses %j with CANNOT', async (name) => {
    await expect(f.store.create('alice', name)).rejects.toMatchObject({ code: 'CANNOT' });
    await expect(f.store.status('alice', name)).rejects.toMatchObject({ code: 'CANNOT' });
  });

  it(`accepts a name of MAX_MAILBOX_NAME (${MAX_MAILBOX_NAME}) bytes`, async () => {
    const long = 'x'.repeat(MAX_MAILBOX_NAME);
    await f.store.create('alice', long);
    expect(await names()).toContain(long);
  });

  it.each([['inbox'], ['Inbox'], ['INBOX'], ['iNbOx']])('treats %j as INBOX', async (name) => {
    await f.store.deliver('alice', name, message(1));
    expect((await f.store.status('alice', 'INBOX')).messages).toBe(1);
    await expect(f.store.create('alice', name)).rejects.toMatchObject({ code: 'ALREADYEXISTS' });
  });

  it('accepts modified UTF-7 and spaces as opaque names', async () => {
    await f.store.create('alice', 'Entw&APw-rfe');
    await f.store.create('alice', 'My Folder');
    expect(await names()).toEqual(['INBOX', 'Drafts', 'Entw&APw-rfe', 'Junk', 'My Folder', 'Sent', 'Trash']);
    expect(await ls(maildir(f))).toContain('.Entw&APw-rfe');
  });
});

describe('create, delete, rename', () => {
  it('creates missing superiors and reports hasChildren', async () => {
    await f.store.create('alice', 'Work.2024.Q1');
    const list = await f.store.list('alice');
    expect(list.filter((e) => e.name.startsWith('Work')).map((e) => [e.name, e.hasChildren, e.subscribed])).toEqual([
      ['Work', true, false],
      ['Work.2024', true, false],
      ['Work.2024.Q1', false, false],
    ]);
    expect(await ls(maildir(f))).toEqual(expect.arrayContaining(['.Work', '.Work.2024', '.Work.2024.Q1']));
    expect(f.events.filter((e) => e.type === 'mailboxes')).toEqual([{ type: 'mailboxes', user: 'alice' }]);
  });

  it.each([
    ['create existing', (f: Fixture) => f.store.create('alice', 'Sent'), 'ALREADYEXISTS'],
    ['delete INBOX', (f: Fixture) => f.store.delete('alice', 'inbox'), 'CANNOT'],
    ['delete missing', (f: Fixture) => f.store.delete('alice', 'Nope'), 'NONEXISTENT'],
    ['rename missing', (f: Fixture) => f.store.rename('alice', 'Nope', 'X'), 'NONEXISTENT'],
    ['rename onto existing', (f: Fixture) => f.store.rename('alice', 'Sent', 'Trash'), 'ALREADYEXISTS'],
    ['rename onto INBOX', (f: Fixture) => f.store.rename('alice', 'Sent', 'INBOX'), 'ALREADYEXISTS'],
    ['rename into own child', (f: Fixture) => f.store.rename('alice', 'Sent', 'Sent.Old'), 'CANNOT'],
    ['status of missing', (f: Fixture) => f.store.status('alice', 'Nope'), 'NONEXISTENT'],
  ])('%s fails with %s', async (_what, op, code) => {
    await expect(op(f)).rejects.toMatchObject({ name: 'StoreError', code });
  });

  it('deletes a mailbox with children, keeping them (RFC 3501 §6.3.4); deleting the name again fails', async () => {
    await f.store.create('alice', 'A.B');
    await f.store.deliver('alice', 'A', message(1));
    await f.store.deliver('alice', 'A.B', message(2));
    await f.store.delete('alice', 'A');
    expect(await names()).toEqual(['INBOX', 'A.B', 'Drafts', 'Junk', 'Sent', 'Trash']);
    expect((await f.store.messages('alice', 'A.B')).length).toBe(1);
    await expect(f.store.messages('alice', 'A')).rejects.toMatchObject({ code: 'NONEXISTENT' });
    await expect(f.store.delete('alice', 'A')).rejects.toMatchObject({ code: 'NONEXISTENT' });
    await f.store.delete('alice', 'A.B');
    expect(await names()).toEqual(['INBOX', 'Drafts', 'Junk', 'Sent', 'Trash']);
    expect((await ls(maildir(f))).filter((n) => n.startsWith('.A') || n.startsWith('..'))).toEqual([]);
  });

  it('deletes a mailbox with its messages; a re-created one is empty', async () => {
    await f.store.create('alice', 'Tmp');
    await f.store.deliver('alice', 'Tmp', message(1));
    await f.store.delete('alice', 'Tmp');
    await expect(f.store.messages('alice', 'Tmp')).rejects.toMatchObject({ code: 'NONEXISTENT' });
    await f.store.create('alice', 'Tmp');
    expect(await f.store.status('alice', 'Tmp')).toMatchObject({ messages: 0, uidNext: 1 });
  });

  it('renames a mailbox with its children, keeping UIDVALIDITY, UIDs and subscriptions', async () => {
    await f.store.create('alice', 'Work.Old');
    await f.store.subscribe('alice', 'Work.Old');
    const d = await f.store.deliver('alice', 'Work.Old', message(1), { flags: ['\\Seen'] });
    const before = await f.store.status('alice', 'Work.Old');
    f.events.length = 0;

    await f.store.rename('alice', 'Work', 'Archive.2024');
    expect(await names()).toEqual(['INBOX', 'Archive', 'Archive.2024', 'Archive.2024.Old', 'Drafts', 'Junk', 'Sent', 'Trash']);
    const after = await f.store.status('alice', 'Archive.2024.Old');
    expect(after).toEqual({ ...before, name: 'Archive.2024.Old' });
    expect((await f.store.messages('alice', 'Archive.2024.Old')).map((m) => [m.uid, m.key, m.flags])).toEqual([[d.uid, d.key, ['\\Seen']]]);
    await expect(f.store.status('alice', 'Work.Old')).rejects.toMatchObject({ code: 'NONEXISTENT' });
    expect(await f.store.subscriptions('alice')).toContain('Archive.2024.Old');
    expect(await f.store.subscriptions('alice')).not.toContain('Work.Old');
    expect(f.events).toEqual([{ type: 'mailboxes', user: 'alice' }]);
  });

  it('renaming INBOX moves its messages into the new mailbox and leaves INBOX empty', async () => {
    await f.store.deliver('alice', 'INBOX', message(1), { flags: ['\\Answered'] });
    await f.store.deliver('alice', 'INBOX', message(2));
    await f.store.create('alice', 'INBOX.Child');
    const inboxBefore = await f.store.status('alice', 'INBOX');

    await f.store.rename('alice', 'INBOX', 'Old Mail');
    expect(await f.store.status('alice', 'INBOX')).toMatchObject({ messages: 0, uidValidity: inboxBefore.uidValidity, uidNext: 3 });
    const moved = await f.store.messages('alice', 'Old Mail');
    expect(moved.map((m) => m.flags)).toEqual([['\\Answered'], []]);
    expect(await f.store.read('alice', 'Old Mail', moved[1]!.uid)).toEqual(message(2));
    // Inferiors of INBOX are not renamed (RFC 3501 §6.3.5).
    expect(await names()).toContain('INBOX.Child');
    expect(await names()).not.toContain('Old Mail.Child');
    expect(f.events.filter((e) => e.type === 'expunged').map((e) => e.uid)).toEqual([1, 2]);
  });
});

describe('subscriptions', () => {
  it('subscribes and unsubscribes, persisting one name per line', async () => {
    await f.store.create('alice', 'Lists.Rust');
    await f.store.subscribe('alice', 'Lists.Rust');
    await f.store.unsubscribe('alice', 'Junk');
    const path = join(maildir(f), 'subscriptions');
    expect(await readFile(path, 'utf8')).toBe('INBOX\nSent\nDrafts\nTrash\nLists.Rust\n');
    const store = await f.reopen();
    const list = await store.list('alice');
    expect(list.filter((e) => e.subscribed).map((e) => e.name)).toEqual(['INBOX', 'Drafts', 'Lists.Rust', 'Sent', 'Trash']);
  });

  it('refuses to subscribe to a missing mailbox; keeps a subscription whose mailbox is deleted', async () => {
    await expect(f.store.subscribe('alice', 'Nope')).rejects.toMatchObject({ code: 'NONEXISTENT' });
    await f.store.delete('alice', 'Junk');
    expect(await f.store.subscriptions('alice')).toContain('Junk');
    await f.store.unsubscribe('alice', 'Junk');
    expect(await f.store.subscriptions('alice')).toEqual(['INBOX', 'Sent', 'Drafts', 'Trash']);
  });

  it('emits mailboxes only when the list changes', async () => {
    f.events.length = 0;
    await f.store.subscribe('alice', 'Sent');
    await f.store.unsubscribe('alice', 'Nope');
    expect(f.events).toEqual([]);
    await f.store.unsubscribe('alice', 'Sent');
    expect(f.events).toEqual([{ type: 'mailboxes', user: 'alice' }]);
  });
});

describe('lockMaildrop', () => {
  it('is exclusive per user until released', () => {
    const release = f.store.lockMaildrop('alice', 'pop3-1');
    expect(() => f.store.lockMaildrop('alice', 'pop3-2')).toThrow(expect.objectContaining({ code: 'INUSE' }));
    const bob = f.store.lockMaildrop('bob', 'pop3-3');
    release();
    release(); // twice is harmless and must not free someone else's lock
    const again = f.store.lockMaildrop('alice', 'pop3-2');
    release();
    expect(() => f.store.lockMaildrop('alice', 'pop3-4')).toThrow(expect.objectContaining({ code: 'INUSE' }));
    again();
    bob();
  });
});

describe('uids', () => {
  it('gives UIDVALIDITY and UIDNEXT as status() does, and refuses a missing mailbox the same way', async () => {
    await f.store.deliver('alice', 'INBOX', message(1));
    await f.store.deliver('alice', 'INBOX', message(2));
    const status = await f.store.status('alice', 'INBOX');
    expect(await f.store.uids('alice', 'INBOX')).toEqual({ uidValidity: status.uidValidity, uidNext: 3 });
    await expect(f.store.uids('alice', 'Nope')).rejects.toMatchObject({ code: 'NONEXISTENT' });
  });
});
