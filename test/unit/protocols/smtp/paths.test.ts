import { describe, expect, it } from 'vitest';
import { isValidDomain, parsePathArgs } from '../../../../src/protocols/smtp/paths.js';

const MAIL = { allowNull: true, allowBarePostmaster: false };
const RCPT = { allowNull: false, allowBarePostmaster: true };

describe('parsePathArgs', () => {
  it.each([
    ['<alice@sandbox.test>', 'alice@sandbox.test', {}],
    [' <alice@sandbox.test>', 'alice@sandbox.test', {}],
    ['<>', '', {}],
    ['<"john doe"@example.org>', '"john doe"@example.org', {}],
    ['<user@[192.0.2.1]>', 'user@[192.0.2.1]', {}],
    ['<user@[IPv6:2001:db8::1]>', 'user@[IPv6:2001:db8::1]', {}],
    ['<@relay.example:user@host.example>', 'user@host.example', {}],
    ['<a@b.c> SIZE=100 BODY=8BITMIME', 'a@b.c', { SIZE: '100', BODY: '8BITMIME' }],
    ['<a@b.c> SMTPUTF8', 'a@b.c', { SMTPUTF8: undefined }],
    ['<jörg@bücher.example> SMTPUTF8', 'jörg@bücher.example', { SMTPUTF8: undefined }],
  ])('MAIL FROM:%s', (text, address, params) => {
    const r = parsePathArgs(text, MAIL);
    if ('error' in r) throw new Error(r.error);
    expect(r.path.address).toBe(address);
    expect(Object.fromEntries(r.params)).toEqual(params);
  });

  it.each([
    ['alice@sandbox.test', 501, 'angle brackets'],
    ['<alice@sandbox.test', 501, 'missing ">"'],
    ['<alice>', 501, 'not a valid mailbox'],
    ['<a@b.c>SIZE=1', 501, 'space'],
    ['<a@b.c> SIZE=1 SIZE=2', 501, 'twice'],
    ['<a@b.c> =x', 501, 'ESMTP parameter'],
    ['<a..b@c.d>', 501, 'not a valid mailbox'],
    ['<a@-bad-.example>', 501, 'not a valid mailbox'],
  ])('MAIL FROM:%s is refused', (text, code, message) => {
    const r = parsePathArgs(text, MAIL);
    expect('error' in r && r.code).toBe(code);
    expect('error' in r && r.error).toContain(message);
  });

  it('RCPT: <Postmaster> alone is allowed, <> is not', () => {
    const pm = parsePathArgs('<Postmaster>', RCPT);
    expect('path' in pm && pm.path.localPart).toBe('Postmaster');
    const nul = parsePathArgs('<>', RCPT);
    expect('error' in nul && nul.error).toContain('only valid in MAIL FROM');
  });

  it('marks non-ASCII addresses as needing SMTPUTF8', () => {
    const r = parsePathArgs('<δοκιμή@παράδειγμα.δοκιμή>', RCPT);
    expect('path' in r && r.path.utf8).toBe(true);
  });
});

describe('isValidDomain', () => {
  it.each([
    ['sandbox.test', true],
    ['a', true],
    ['a-b.c', true],
    ['-a.b', false],
    ['a..b', false],
    ['[127.0.0.1]', true],
    ['[300.0.0.1]', false],
    ['x'.repeat(64) + '.com', false],
  ])('%s -> %s', (domain, ok) => {
    expect(isValidDomain(domain)).toBe(ok);
  });
});
