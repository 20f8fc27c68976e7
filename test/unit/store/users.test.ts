import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, SCRYPT_PARAMS, verifyPasswordHash } from '../../../src/store/password-hash.js';
import { createTempDataDir, type TempDataDir } from '../../../src/store/temp-dir.js';
import { Users, USERS_FILE } from '../../../src/store/users.js';

let tmp: TempDataDir;
beforeEach(async () => {
  tmp = await createTempDataDir();
});
afterEach(async () => {
  await tmp.remove();
});

const defaults = [
  { name: 'alice', password: 'password' },
  { name: 'bob', password: 'password' },
];

describe('password hashes', () => {
  it('writes scrypt$N$r$p$salt$hash with a random salt and verifies', async () => {
    const a = await hashPassword('s3cret');
    const b = await hashPassword('s3cret');
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$${SCRYPT_PARAMS.r}\\$${SCRYPT_PARAMS.p}\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(await verifyPasswordHash('s3cret', a)).toBe(true);
    expect(await verifyPasswordHash('s3cret ', a)).toBe(false);
    expect(await verifyPasswordHash('S3cret', b)).toBe(false);
  });

  it.each([
    ['plaintext', 'password'],
    ['other scheme', 'bcrypt$10$abc'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['N too large', `scrypt$${2 ** 21}$8$1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`],
    ['r = 0', 'scrypt$16384$0$1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['short hash', 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$AAAA'],
  ])('rejects a malformed hash (%s)', async (_what, stored) => {
    expect(isPasswordHash(stored)).toBe(false);
    expect(await verifyPasswordHash('password', stored)).toBe(false);
  });
});

describe('Users', () => {
  it('uses defaults only when there are neither stored nor extra users', async () => {
    const fresh = await Users.load({ dir: tmp.dir, defaults });
    expect(fresh.names()).toEqual(['alice', 'bob']);
    expect(await fresh.verify('alice', 'password')).toBe(true);

    const withExtra = await Users.load({ dir: tmp.dir, defaults, extra: [{ name: 'Carol', password: 'c' }] });
    expect(withExtra.names()).toEqual(['Carol']);
    expect(withExtra.has('alice')).toBe(false);

    await fresh.add('dave', 'd-pass');
    const withStored = await Users.load({ dir: tmp.dir, defaults });
    expect(withStored.names()).toEqual(['dave']);
  });

  it('lets extra users override stored ones of the same name, without writing them', async () => {
    const users = await Users.load({ dir: tmp.dir });
    await users.add('alice', 'stored-pass');
    await users.add('erin', 'erin-pass');
    const before = await readFile(join(tmp.dir, USERS_FILE), 'utf8');

    const loaded = await Users.load({ dir: tmp.dir, extra: [{ name: 'ALICE', password: 'flag-pass' }] });
    expect(loaded.names()).toEqual(['ALICE', 'erin']);
    expect(await loaded.verify('alice', 'flag-pass')).toBe(true);
    expect(await loaded.verify('alice', 'stored-pass')).toBe(false);
    expect(await loaded.verify('erin', 'erin-pass')).toBe(true);
    expect(await readFile(join(tmp.dir, USERS_FILE), 'utf8')).toBe(before);
  });

  it('matches names case-insensitively and returns the canonical spelling', async () => {
    const users = await Users.load({ dir: tmp.dir, extra: [{ name: 'Alice', password: 'pw' }] });
    expect(users.has('alice')).toBe(true);
    expect(users.has('ALICE')).toBe(true);
    expect(users.canonical('aLiCe')).toBe('Alice');
    expect(users.canonical('mallory')).toBeUndefined();
  });

  it.each([
    ['right password', 'alice', 'pw', true],
    ['wrong password', 'alice', 'pW', false],
    ['prefix of the password', 'alice', 'p', false],
    ['empty password', 'alice', '', false],
    ['unknown user', 'mallory', 'pw', false],
  ])('verify: %s -> %s', async (_what, name, password, expected) => {
    const users = await Users.load({ dir: tmp.dir, extra: [{ name: 'alice', password: 'pw' }] });
    await users.add('stored', 'pw');
    expect(await users.verify(name, password)).toBe(expected);
    if (name === 'alice') expect(await users.verify('stored', password)).toBe(expected);
  });

  it('knows the plaintext secret only for in-memory users', async () => {
    const users = await Users.load({ dir: tmp.dir, extra: [{ name: 'alice', password: 'pw' }] });
    await users.add('stored', 'hidden');
    expect(users.secret('ALICE')).toBe('pw');
    expect(users.secret('stored')).toBeUndefined();
    expect(users.secret('nobody')).toBeUndefined();
  });

  it('persists scrypt hashes in users.json (0600), never the plaintext', async () => {
    const users = await Users.load({ dir: tmp.dir });
    await users.add('frank', 'correct horse battery staple');
    const path = join(tmp.dir, USERS_FILE);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('correct horse');
    const doc = JSON.parse(text) as { version: number; users: Array<{ name: string; hash: string }> };
    expect(doc.version).toBe(1);
    expect(doc.users.map((u) => u.name)).toEqual(['frank']);
    expect(isPasswordHash(doc.users[0]!.hash)).toBe(true);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);

    const reloaded = await Users.load({ dir: tmp.dir });
    expect(await reloaded.verify('frank', 'correct horse battery staple')).toBe(true);
    expect(reloaded.secret('frank')).toBeUndefined();
  });

  it('changes a password by adding again, and removes users persistently', async () => {
    const users = await Users.load({ dir: tmp.dir });
    await users.add('gina', 'one');
    await users.add('GINA', 'two');
    await users.add('hank', 'three');
    expect(users.names()).toEqual(['GINA', 'hank']);
    expect(await users.verify('gina', 'one')).toBe(false);
    expect(await users.verify('gina', 'two')).toBe(true);

    expect(await users.remove('Gina')).toBe(true);
    expect(await users.remove('gina')).toBe(false);
    const reloaded = await Users.load({ dir: tmp.dir });
    expect(reloaded.names()).toEqual(['hank']);
  });

  it.each([[''], ['.hidden'], ['a/b'], ['x'.repeat(65)], ['sp ace'], ['-dash']])('refuses the user name %j', async (name) => {
    const users = await Users.load({ dir: tmp.dir });
    await expect(users.add(name, 'pw')).rejects.toMatchObject({ code: 'CANNOT' });
    await expect(Users.load({ dir: tmp.dir, extra: [{ name, password: 'pw' }] })).rejects.toMatchObject({ code: 'CANNOT' });
  });

  it('refuses an empty password', async () => {
    const users = await Users.load({ dir: tmp.dir });
    await expect(users.add('ivan', '')).rejects.toMatchObject({ code: 'CANNOT' });
  });

  it.each([
    ['not JSON', '{'],
    ['wrong version', '{"version":2,"users":[]}'],
    ['plaintext password', '{"version":1,"users":[{"name":"x","hash":"password"}]}'],
    ['bad name', '{"version":1,"users":[{"name":"../x","hash":"scrypt$16384$8$1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}]}'],
  ])('refuses a users.json with %s, naming the file', async (_what, content) => {
    await writeFile(join(tmp.dir, USERS_FILE), content);
    await expect(Users.load({ dir: tmp.dir })).rejects.toMatchObject({ code: 'CANNOT', message: expect.stringContaining(USERS_FILE) });
  });

  it('lists `class` with all users, sorted', async () => {
    const users = await Users.load({ dir: tmp.dir, extra: [{ name: 'zoe', password: 'z' }, { name: 'amy', password: 'a' }] });
    await users.add('mike', 'm');
    expect(users.lists()).toEqual(new Map([['class', ['amy', 'mike', 'zoe']]]));
  });
});
