/**
 * security.md items 22 and 24 for POP3: one session at a time holds a maildrop ([IN-USE], RFC 2449
 * §8.1.1) and nothing is lost or duplicated; the session log never holds a password or AUTH blob.
 */
import { describe, expect, it } from 'vitest';
import { SASL, apopTimestamp, b64, cmd, cramResponse, expectOk, login, md5hex, message, pop3Events, send, until } from '../../helpers/pop3-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { pop3Fixtures } from '../../helpers/pop3-fixtures.js';
import type { TestSandbox } from '../../helpers/sandbox.js';

const { sandbox, open: openPort } = pop3Fixtures();
const open = (sb: TestSandbox): Promise<RawClient> => openPort(sb.ports.pop3!);

const M1 = message(['Subject: one', '', 'first']);
const M2 = message(['Subject: two', '', 'second']);
const M3 = message(['Subject: three', '', 'arrived during the session']);
const IN_USE = /^-ERR \[IN-USE\] bob's maildrop is locked by another POP3 session/;

describe('the maildrop lock (item 22)', () => {
  it('a second login while locked → -ERR [IN-USE]; after the first QUITs it works; nothing lost or duplicated', async () => {
    const sb = await sandbox();
    await sb.store.deliver('bob', 'INBOX', M1);
    await sb.store.deliver('bob', 'INBOX', M2);
    const first = await open(sb);
    expect(await login(first, 'bob')).toMatch(/^\+OK Logged in as bob: maildrop has 2 messages/);

    const second = await open(sb);
    expect(await login(second, 'bob')).toMatch(IN_USE);
    expect(await send(second, `AUTH PLAIN ${b64('\0bob\0password')}`, SASL)).toMatch(IN_USE);
    // Still in AUTHORIZATION: nothing of the maildrop is visible.
    expect(await send(second, 'STAT')).toMatch(/^-ERR STAT needs a login first/);
    // The lock does not tell strangers anything: a wrong password is a plain [AUTH] failure.
    await send(second, 'USER bob');
    expect(await send(second, 'PASS wrong')).toMatch(/^-ERR \[AUTH\]/);

    // Delivered while the first session holds its snapshot: not in it, and not lost.
    await sb.store.deliver('bob', 'INBOX', M3);
    expect((await cmd(first, 'STAT')).status).toBe(`+OK 2 ${M1.length + M2.length}`);
    await expectOk(first, 'DELE 1');
    expect(await send(first, 'QUIT')).toMatch(/\(1 message deleted\)/);

    expect(await login(second, 'bob')).toMatch(/^\+OK Logged in as bob: maildrop has 2 messages/);
    const r2 = await expectOk(second, 'RETR 1', true);
    const r3 = await expectOk(second, 'RETR 2', true);
    expect([r2.body, r3.body]).toEqual([['Subject: two', '', 'second'], ['Subject: three', '', 'arrived during the session']]);
    const uidl = (await expectOk(second, 'UIDL', true)).body.map((l) => l.split(' ')[1]);
    expect(new Set(uidl).size).toBe(2);
    const stored = await sb.store.messages('bob', 'INBOX');
    expect(stored.map((m) => m.size)).toEqual([M2.length, M3.length]);
  });

  it('APOP on a locked maildrop → -ERR [IN-USE] too', async () => {
    const sb = await sandbox();
    const first = await open(sb);
    await login(first, 'bob');
    const second = await open(sb);
    expect(await send(second, `APOP bob ${md5hex(apopTimestamp(second.text) + 'password')}`)).toMatch(IN_USE);
  });

  it('a dropped connection releases the lock without UPDATE', async () => {
    const sb = await sandbox();
    await sb.store.deliver('bob', 'INBOX', M1);
    const first = await open(sb);
    await login(first, 'bob');
    await expectOk(first, 'DELE 1');
    first.close();
    await until(() => pop3Events(sb.log.events, 'close') === 1, 'the server to see the drop');
    const second = await open(sb);
    expect(await login(second, 'bob')).toMatch(/^\+OK Logged in as bob: maildrop has 1 message /);
  });

  it('other users are not locked out', async () => {
    const sb = await sandbox();
    const first = await open(sb);
    await login(first, 'bob');
    const second = await open(sb);
    expect(await login(second, 'alice')).toMatch(/^\+OK Logged in as alice/);
  });
});

describe('the session log never holds a password or an AUTH blob (item 24)', () => {
  const PASSWORD = 'Tr0ub4dor&3 horse';
  const users = [{ name: 'dave', password: PASSWORD }];

  it('through every way of logging in, failing and cancelling', async () => {
    const sb = await sandbox({ users });
    const secrets: string[] = [PASSWORD, 'Tr0ub4dor', b64(PASSWORD), 'wrong-Pa55'];
    const plain = b64(`\0dave\0${PASSWORD}`);
    const badPlain = b64('\0dave\0wrong-Pa55');
    secrets.push(plain, badPlain, b64('wrong-Pa55'));

    const c = await open(sb);
    await send(c, 'USER dave');
    expect(await send(c, 'PASS wrong-Pa55')).toMatch(/^-ERR \[AUTH\]/);
    expect(await send(c, `AUTH PLAIN ${badPlain}`, SASL)).toMatch(/^-ERR \[AUTH\]/);
    await send(c, 'AUTH LOGIN', SASL);
    await send(c, b64('dave'), SASL);
    expect(await send(c, '*', SASL)).toMatch(/^-ERR Authentication cancelled/);
    await send(c, 'USER dave');
    expect(await send(c, `PASS ${PASSWORD}`)).toMatch(/^\+OK Logged in as dave/);
    await send(c, 'QUIT');

    const d = await open(sb);
    await send(d, 'AUTH PLAIN', SASL);
    expect(await send(d, plain, SASL)).toMatch(/^\+OK Logged in/);
    await send(d, 'QUIT');

    const e = await open(sb);
    await send(e, `AUTH LOGIN ${b64('dave')}`, SASL);
    expect(await send(e, b64(PASSWORD), SASL)).toMatch(/^\+OK Logged in/);
    await send(e, 'QUIT');

    const f = await open(sb);
    const cram = cramResponse(await send(f, 'AUTH CRAM-MD5', SASL), 'dave', PASSWORD);
    secrets.push(cram);
    expect(await send(f, cram, SASL)).toMatch(/^\+OK Logged in/);
    await send(f, 'QUIT');

    const g = await open(sb);
    const digest = md5hex(apopTimestamp(g.text) + PASSWORD);
    secrets.push(digest);
    expect(await send(g, `APOP dave ${digest}`)).toMatch(/^\+OK Logged in/);
    await send(g, 'QUIT');

    const log = JSON.stringify(sb.log.events);
    for (const s of secrets) expect(log, `log contains ${s}`).not.toContain(s);
    const commands = sb.log.events.filter((ev) => ev.event === 'command').map((ev) => ev.text);
    expect(commands).toEqual(expect.arrayContaining(['PASS <redacted>', 'AUTH PLAIN <redacted>', 'AUTH LOGIN <redacted>', 'APOP dave <redacted>', '<redacted>']));
    expect(sb.log.events.filter((ev) => ev.event === 'auth').map((ev) => ev.ok)).toEqual([false, false, true, true, true, true, true]);
  });

  // Not valid POP3 (RFC 1939 §3: one SP between keyword and arguments), but a client that sends it
  // must not get its credentials logged, nor echoed back in an error reply.
  const blob = b64(`\0dave\0${PASSWORD}`);
  it.each([
    ['PASS with a TAB', ['USER dave', `PASS\t${PASSWORD}`]],
    ['PASS with a TAB after the space', ['USER dave', `PASS \t${PASSWORD}`]],
    ['AUTH PLAIN with a TAB before the response', [`AUTH PLAIN\t${blob}`]],
    ['AUTH with TABs only', [`AUTH\tPLAIN\t${blob}`]],
  ])('%s', async (_name, lines) => {
    const sb = await sandbox({ users });
    const c = await open(sb);
    let heard = '';
    for (const line of lines) heard += await send(c, line, SASL);
    for (const text of [JSON.stringify(sb.log.events), heard]) {
      expect(text).not.toContain(PASSWORD.slice(0, 5));
      expect(text.toUpperCase()).not.toContain(blob.slice(0, 12).toUpperCase());
    }
    // The session goes on.
    expect(await send(c, 'USER dave')).toMatch(/^\+OK/);
  });
});
