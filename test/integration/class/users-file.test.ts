/**
 * `--users FILE`: a class's accounts from CSV or YAML. What spreadsheets and editors produce is
 * read as written (quoted commas, CRLF, a BOM, `0123` stays a string); mistakes are reported as
 * `FILE:LINE: message`; accounts end up in users.json as scrypt hashes, never in plaintext.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAccountsFile, parseAccounts, readAccountsFile, UsersFileError } from '../../../src/store/users-file.js';
import { Users } from '../../../src/store/users.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailproto-users-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseAccounts', () => {
  it.each([
    ['plain CSV', 'class.csv', 'name,password\ncarol,secret\ndave,pw2\n', [['carol', 'secret'], ['dave', 'pw2']]],
    ['CRLF, BOM, blank lines, no final line end', 'c.csv', '\uFEFFname,password\r\n\r\ncarol,secret\r\ndave,pw2', [['carol', 'secret'], ['dave', 'pw2']]],
    ['quoted fields with commas, quotes and spaces', 'c.csv', 'name,password\n"carol","a,b ""c"" d "\n', [['carol', 'a,b "c" d ']]],
    ['columns found by the header, extra columns ignored', 'c.csv', 'email,Password,Name\nc@x,pw,carol\n', [['carol', 'pw']]],
    ['YAML list', 'class.yaml', '- name: carol\n  password: secret\n- name: dave\n  password: "p w: #2"\n', [['carol', 'secret'], ['dave', 'p w: #2']]],
    ['YAML scalars stay strings', 'class.yml', '# class of 2025\n- name: carol\n  password: 0123\n- name: "007"\n  password: yes\n', [['carol', '0123'], ['007', 'yes']]],
    ['YAML recognised without its extension', 'accounts', '- name: carol\n  password: x\n', [['carol', 'x']]],
  ])('%s', (_what, file, text, expected) => {
    expect(parseAccounts(text, file).map((a) => [a.name, a.password])).toEqual(expected);
  });

  it.each([
    ['no header', 'c.csv', 'carol,secret\n', 'c.csv:1: the first line must be the header "name,password"'],
    ['a missing field', 'c.csv', 'name,password\ncarol,x\ndave\n', 'c.csv:3: expected 2 fields (name,password), found 1'],
    ['an empty password', 'c.csv', 'name,password\ncarol,\n', 'c.csv:2: empty password for carol'],
    ['a name that is a path', 'c.csv', 'name,password\n../bob,x\n', 'c.csv:2: invalid user name "../bob"'],
    ['a reserved name', 'c.csv', 'name,password\n_held,x\n', 'c.csv:2: user names starting with "_" are reserved for the sandbox (_held)'],
    ['the same name twice, in any case', 'c.csv', 'name,password\ncarol,x\nCarol,y\n', 'c.csv:3: Carol is already defined on line 2'],
    ['an unclosed quote', 'c.csv', 'name,password\ncarol,"x\n', 'c.csv:2: a quoted field is not closed'],
    ['no accounts', 'c.csv', 'name,password\n', 'c.csv: no accounts in the file'],
    ['YAML that is not a list', 'c.yaml', 'carol: secret\n', 'c.yaml:1: expected a list of accounts'],
    ['a YAML entry without password', 'c.yaml', '- name: carol\n  password: x\n- name: dave\n', 'c.yaml:3: the entry needs a "password:"'],
    ['a YAML password that is a list', 'c.yaml', '- name: carol\n  password: [a, b]\n', 'c.yaml:1: the entry needs a "password:"'],
    ['broken YAML', 'c.yaml', '- name: carol\n  password: "x\n', 'c.yaml:3: not valid YAML (Missing closing "quote)'],
  ])('%s → FILE:LINE: message', (_what, file, text, message) => {
    expect(() => parseAccounts(text, file)).toThrow(UsersFileError);
    expect(() => parseAccounts(text, file)).toThrow(message);
  });
});

describe('reading and importing', () => {
  it('a missing file is a clear error', async () => {
    await expect(readAccountsFile(join(dir, 'nope.csv'))).rejects.toThrow(/nope\.csv: cannot read the users file \(ENOENT\)/);
  });

  it('stores every account hashed; the passwords work and are nowhere on disk', async () => {
    const data = join(dir, 'data');
    const file = join(dir, 'class.csv');
    await writeFile(file, 'name,password\ncarol,Carol-Pw-1\ndave,"Dave,Pw-2"\n');
    expect(await importAccountsFile(await Users.load({ dir: data }), file)).toEqual(['carol', 'dave']);
    const stored = await readFile(join(data, 'users.json'), 'utf8');
    expect(stored).not.toContain('Carol-Pw-1');
    expect(stored).not.toContain('Dave,Pw-2');
    const doc = JSON.parse(stored) as { users: Array<{ name: string; hash: string }> };
    expect(doc.users.map((u) => u.name)).toEqual(['carol', 'dave']);
    for (const u of doc.users) expect(u.hash).toMatch(/^scrypt\$/);
    const users = await Users.load({ dir: data });
    expect(await users.verify('carol', 'Carol-Pw-1')).toBe(true);
    expect(await users.verify('dave', 'Dave,Pw-2')).toBe(true);
    expect(await users.verify('dave', 'Carol-Pw-1')).toBe(false);
    // Stored accounts have no plaintext: CRAM-MD5 and APOP cannot be offered for them.
    expect(users.secret('carol')).toBeUndefined();
  });

  it('importing again changes passwords and keeps the other stored accounts', async () => {
    const data = join(dir, 'data2');
    const users = await Users.load({ dir: data });
    await users.add('erin', 'erin-pw');
    const file = join(dir, 'again.yaml');
    await writeFile(file, '- name: carol\n  password: one\n');
    await importAccountsFile(users, file);
    await writeFile(file, '- name: carol\n  password: two\n');
    await importAccountsFile(await Users.load({ dir: data }), file);
    const reloaded = await Users.load({ dir: data });
    expect(reloaded.names()).toEqual(['carol', 'erin']);
    expect(await reloaded.verify('carol', 'two')).toBe(true);
    expect(await reloaded.verify('carol', 'one')).toBe(false);
  });
});
