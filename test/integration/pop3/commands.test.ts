/**
 * Command dispatch as the wire shows it: historic and unknown commands, commands in the wrong
 * state, argument errors in TRANSACTION, CAPA per state, pipelining, and input split anywhere.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MULTI, cmd, expectOk, login, message, openPop3, pop3Events, send, until } from '../../helpers/pop3-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const FIRST = message(['Subject: first', '', 'body']);
/** RFC 5322 allows an empty header section: the message starts with the blank line. */
const HEADLESS = message(['', 'no headers', 'second line']);

let sb: TestSandbox;
const clients: RawClient[] = [];
beforeAll(async () => {
  sb = await startTestSandbox();
  await sb.store.deliver('bob', 'INBOX', FIRST);
  await sb.store.deliver('bob', 'INBOX', HEADLESS);
});
afterAll(async () => {
  await sb?.stop();
});
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await until(() => pop3Events(sb.log.events, 'close') === pop3Events(sb.log.events, 'connect'), 'sessions to end');
});

async function open(): Promise<RawClient> {
  const c = await openPop3(sb.ports.pop3!);
  clients.push(c);
  return c;
}
async function bob(): Promise<RawClient> {
  const c = await open();
  expect(await login(c, 'bob')).toMatch(/^\+OK Logged in as bob: maildrop has 2 messages/);
  return c;
}

describe('historic, unknown and out-of-state commands', () => {
  it.each([
    ['LAST before login', false, 'LAST', /^-ERR LAST was removed from POP3 by RFC 1725 and is not in RFC 1939.*use UIDL/],
    ['LAST after login', true, 'LAST', /^-ERR LAST was removed from POP3 by RFC 1725/],
    ['RPOP', false, 'RPOP alice', /^-ERR RPOP was removed from POP3 by RFC 1460/],
    ['RETR before login', false, 'RETR 1', /^-ERR RETR needs a login first: USER <name> then PASS <password> \(RFC 1939 section 4\)\r\n$/],
    ['STAT before login', false, 'STAT', /^-ERR STAT needs a login first/],
    ['USER after login', true, 'USER alice', /^-ERR USER is only valid before login; you are logged in already/],
    ['AUTH after login', true, 'AUTH PLAIN', /^-ERR AUTH is only valid before login/],
    ['an unknown command', false, 'XYZZY 1', /^-ERR Unknown command "XYZZY"; CAPA lists what this server offers\r\n$/],
    ['an unknown command after login', true, 'XTND XMIT', /^-ERR Unknown command "XTND"/],
    ['an empty line', false, '', /^-ERR Unknown command ""/],
    ['SMTP spoken to POP3', false, 'EHLO client.test', /^-ERR Unknown command "EHLO"/],
    ['PASS and a TAB', false, 'PASS\tsecret', /^-ERR Unknown command "PASS" followed by a TAB or other blank: separate arguments with one space \(RFC 1939 section 3\)\r\n$/],
    ['AUTH PLAIN and a TAB', false, 'AUTH PLAIN\tAGFsaWNl', /^-ERR Unsupported mechanism: this server offers PLAIN LOGIN CRAM-MD5 \(see CAPA\)\r\n$/],
    ['AUTH and a known-looking mechanism', false, 'AUTH X-OAUTH2', /^-ERR Unsupported mechanism X-OAUTH2: this server offers/],
  ])('%s → -ERR', async (_name, loggedIn, line, expected) => {
    const c = loggedIn ? await bob() : await open();
    expect(await send(c, line)).toMatch(expected);
    // The session is still usable.
    expect((await cmd(c, loggedIn ? 'NOOP' : 'CAPA', !loggedIn)).ok).toBe(true);
  });

  it('the unknown verb is echoed at most 20 characters long', async () => {
    const c = await open();
    expect(await send(c, 'X'.repeat(200))).toBe(`-ERR Unknown command "${'X'.repeat(20)}"; CAPA lists what this server offers\r\n`);
  });

  it('commands are case-insensitive', async () => {
    const c = await open();
    await send(c, 'user bob');
    await send(c, 'pass password');
    expect((await cmd(c, 'stat')).status).toBe(`+OK 2 ${FIRST.length + HEADLESS.length}`);
    expect((await cmd(c, 'list', true)).body).toEqual([`1 ${FIRST.length}`, `2 ${HEADLESS.length}`]);
  });

  it('PASS without USER → -ERR that says USER first', async () => {
    const c = await open();
    expect(await send(c, 'PASS password')).toMatch(/^-ERR USER first/);
  });
});

describe('TRANSACTION argument errors', () => {
  it.each([
    ['RETR 3', /^-ERR no such message, only 2 messages in maildrop/],
    ['RETR 0', /^-ERR "0" is not a message number: use 1 to 2/],
    ['RETR x', /^-ERR "x" is not a message number/],
    ['RETR', /^-ERR "" is not a message number/],
    ['RETR -1', /^-ERR "-1" is not a message number/],
    ['LIST 3', /^-ERR no such message/],
    ['UIDL 99999999999', /^-ERR "99999999999" is not a message number/],
    ['TOP 1', /^-ERR Syntax: TOP <msg> <lines>/],
    ['TOP 1 -1', /^-ERR Syntax: TOP/],
    ['DELE 3', /^-ERR no such message/],
    ['STAT 1', /^-ERR STAT takes no arguments/],
    ['RSET now', /^-ERR RSET takes no arguments/],
  ])('%s', async (line, expected) => {
    const c = await bob();
    expect(await send(c, line)).toMatch(expected);
  });

  it('a deleted message cannot be read, listed or deleted again until RSET', async () => {
    const c = await bob();
    await expectOk(c, 'DELE 1');
    for (const line of ['RETR 1', 'TOP 1 0', 'LIST 1', 'UIDL 1', 'DELE 1']) expect(await send(c, line)).toMatch(/^-ERR message 1 already deleted/);
    expect((await cmd(c, 'LIST', true)).body).toEqual([`2 ${HEADLESS.length}`]);
    expect((await expectOk(c, 'RSET')).status).toMatch(/^\+OK maildrop has 2 messages/);
    expect((await expectOk(c, 'RETR 1', true)).body).toEqual(['Subject: first', '', 'body']);
  });

  it('TOP n 0 of a message without headers is just the blank line', async () => {
    const c = await bob();
    expect(await send(c, 'TOP 2 0', MULTI)).toBe('+OK top of message follows\r\n\r\n.\r\n');
    expect(await send(c, 'TOP 2 1', MULTI)).toBe('+OK top of message follows\r\n\r\nno headers\r\n.\r\n');
  });
});

describe('CAPA (RFC 2449)', () => {
  it('before login: USER, SASL and STLS; after login: none of them', async () => {
    const c = await open();
    const before = (await cmd(c, 'CAPA', true)).body;
    expect(before).toEqual(['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER', 'USER', 'SASL PLAIN LOGIN CRAM-MD5', 'STLS', 'IMPLEMENTATION mailproto-sandbox']);
    await login(c, 'bob');
    const after = (await cmd(c, 'CAPA', true)).body;
    expect(after).toEqual(['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER', 'IMPLEMENTATION mailproto-sandbox']);
  });
});

describe('framing', () => {
  it('pipelined commands in one segment are answered in order', async () => {
    const c = await open();
    c.clear();
    c.send('USER bob\r\nPASS password\r\nSTAT\r\nLIST\r\nNOOP\r\nQUIT\r\n');
    await c.waitClosed();
    const lines = c.text.split('\r\n');
    expect(lines[0]).toMatch(/^\+OK bob is welcome/);
    expect(lines[1]).toMatch(/^\+OK Logged in as bob/);
    expect(lines.slice(2)).toEqual([`+OK 2 ${FIRST.length + HEADLESS.length}`, expect.stringMatching(/^\+OK 2 messages/),
      `1 ${FIRST.length}`, `2 ${HEADLESS.length}`, '.', '+OK', '+OK sandbox.test POP3 server signing off (0 messages deleted)', '']);
  });

  it('a bare LF ends a command too', async () => {
    const c = await open();
    c.clear();
    c.send('CAPA\n');
    await c.waitFor(MULTI);
  });

  const SCRIPT = 'USER bob\r\nPASS password\r\nSTAT\r\nQUIT\r\n';
  it.each(Array.from({ length: SCRIPT.length - 1 }, (_, i) => [i + 1]))('input split after octet %i gives the same replies', async (at) => {
    const c = await open();
    c.clear();
    c.send(SCRIPT.slice(0, at));
    await new Promise((r) => setImmediate(r));
    c.send(SCRIPT.slice(at));
    await c.waitClosed();
    expect(c.text.split('\r\n').map((l) => l.split(' ')[0])).toEqual(['+OK', '+OK', '+OK', '+OK', '']);
    expect(c.text).toContain(`\r\n+OK 2 ${FIRST.length + HEADLESS.length}\r\n`);
  });

  it('QUIT before login closes without touching any maildrop', async () => {
    const c = await open();
    expect(await send(c, 'QUIT')).toBe('+OK sandbox.test POP3 server signing off\r\n');
    await c.waitClosed();
  });
});
