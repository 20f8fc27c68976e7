/**
 * Logging in: USER/PASS, APOP (RFC 1939 §7), AUTH PLAIN / LOGIN / CRAM-MD5 (RFC 5034) with the
 * answers computed here; failures carry [AUTH] (RFC 3206); "*" cancels; bare AUTH lists mechanisms.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MULTI, SASL, apopTimestamp, b64, cmd, cramResponse, md5hex, openPop3, parseReply, pop3Events, send, until,
} from '../../helpers/pop3-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sb: TestSandbox;
const clients: RawClient[] = [];
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb?.stop();
});
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  // Every session has ended (and released its maildrop lock) before the next test logs in.
  await until(() => pop3Events(sb.log.events, 'close') === pop3Events(sb.log.events, 'connect'), 'sessions to end');
});

async function open(port = sb.ports.pop3!): Promise<RawClient> {
  const c = await openPop3(port);
  clients.push(c);
  return c;
}
const sasl = (c: RawClient, line: string): Promise<string> => send(c, line, SASL);
const LOGGED_IN = /^\+OK Logged in as alice: maildrop has 0 messages \(0 octets\)\r\n$/;
const FAILED = '-ERR [AUTH] Authentication failed: wrong user name or password (RFC 3206 section 4)\r\n';

/** After a login, the session is in TRANSACTION: STAT answers. */
async function expectTransaction(c: RawClient): Promise<void> {
  expect((await cmd(c, 'STAT')).status).toBe('+OK 0 0');
}

describe('successful logins', () => {
  it('USER/PASS', async () => {
    const c = await open();
    expect(await send(c, 'USER alice')).toMatch(/^\+OK alice is welcome here/);
    expect(await send(c, 'PASS password')).toMatch(LOGGED_IN);
    await expectTransaction(c);
  });

  it('user names are case-insensitive; the canonical spelling is used', async () => {
    const c = await open();
    await send(c, 'user ALICE');
    expect(await send(c, 'pass password')).toMatch(LOGGED_IN);
  });

  it('AUTH PLAIN with an initial response', async () => {
    const c = await open();
    expect(await sasl(c, `AUTH PLAIN ${b64('\0alice\0password')}`)).toMatch(LOGGED_IN);
    await expectTransaction(c);
  });

  it('AUTH PLAIN without: the server sends an empty "+ " challenge first', async () => {
    const c = await open();
    expect(await sasl(c, 'AUTH PLAIN')).toBe('+ \r\n');
    expect(await sasl(c, b64('alice\0alice\0password'))).toMatch(LOGGED_IN);
    await expectTransaction(c);
  });

  it('AUTH LOGIN asks for the user name, then the password', async () => {
    const c = await open();
    expect(await sasl(c, 'AUTH LOGIN')).toBe(`+ ${b64('Username:')}\r\n`);
    expect(await sasl(c, b64('alice'))).toBe(`+ ${b64('Password:')}\r\n`);
    expect(await sasl(c, b64('password'))).toMatch(LOGGED_IN);
    await expectTransaction(c);
  });

  it('AUTH LOGIN with the user name as initial response', async () => {
    const c = await open();
    expect(await sasl(c, `AUTH LOGIN ${b64('alice')}`)).toBe(`+ ${b64('Password:')}\r\n`);
    expect(await sasl(c, b64('password'))).toMatch(LOGGED_IN);
  });

  it('AUTH CRAM-MD5: HMAC-MD5 of the challenge, keyed with the password', async () => {
    const c = await open();
    const challenge = await sasl(c, 'AUTH CRAM-MD5');
    expect(Buffer.from(challenge.slice(2), 'base64').toString()).toMatch(/^<[^>]+@sandbox\.test>$/);
    expect(await sasl(c, cramResponse(challenge, 'alice', 'password'))).toMatch(LOGGED_IN);
    await expectTransaction(c);
  });

  it('APOP: MD5 of the greeting timestamp and the password', async () => {
    const c = await open();
    const digest = md5hex(apopTimestamp(c.text) + 'password');
    expect(await send(c, `APOP alice ${digest}`)).toMatch(LOGGED_IN);
    await expectTransaction(c);
  });

  it('every connection gets its own APOP timestamp', async () => {
    const a = await open();
    const b = await open();
    expect(apopTimestamp(a.text)).not.toBe(apopTimestamp(b.text));
  });
});

describe('failed logins → -ERR [AUTH], and the session stays in AUTHORIZATION', () => {
  const cases: Array<[string, (c: RawClient) => Promise<string>]> = [
    ['USER/PASS', async (c) => (await send(c, 'USER alice'), send(c, 'PASS wrong'))],
    ['USER/PASS, unknown user', async (c) => (await send(c, 'USER nobody'), send(c, 'PASS password'))],
    ['AUTH PLAIN', (c) => sasl(c, `AUTH PLAIN ${b64('\0alice\0wrong')}`)],
    ['AUTH PLAIN, authorizing as someone else', (c) => sasl(c, `AUTH PLAIN ${b64('bob\0alice\0password')}`)],
    ['AUTH LOGIN', async (c) => (await sasl(c, 'AUTH LOGIN'), await sasl(c, b64('alice')), sasl(c, b64('wrong')))],
    ['AUTH CRAM-MD5', async (c) => sasl(c, cramResponse(await sasl(c, 'AUTH CRAM-MD5'), 'alice', 'wrong'))],
    ['APOP', (c) => send(c, `APOP alice ${md5hex(apopTimestamp(c.text) + 'wrong')}`)],
    ['APOP with an old timestamp', (c) => send(c, `APOP alice ${md5hex('<1.2.3@sandbox.test>password')}`)],
  ];
  it.each(cases)('%s', async (_name, attempt) => {
    const c = await open();
    expect(await attempt(c)).toBe(FAILED);
    expect(await send(c, 'STAT')).toMatch(/^-ERR STAT needs a login first/);
  });
});

describe('cancelling with "*" (RFC 5034 §4)', () => {
  it.each([
    ['AUTH PLAIN', ['AUTH PLAIN']],
    ['AUTH LOGIN at the user name', ['AUTH LOGIN']],
    ['AUTH LOGIN at the password', ['AUTH LOGIN', b64('alice')]],
    ['AUTH CRAM-MD5', ['AUTH CRAM-MD5']],
  ])('%s: -ERR, then a login works', async (_name, steps) => {
    const c = await open();
    for (const s of steps) expect(await sasl(c, s)).toMatch(/^\+ /);
    expect(await sasl(c, '*')).toMatch(/^-ERR Authentication cancelled/);
    expect(await sasl(c, `AUTH PLAIN ${b64('\0alice\0password')}`)).toMatch(LOGGED_IN);
  });
});

describe('AUTH errors', () => {
  it('bare AUTH lists the mechanisms (multi-line)', async () => {
    const c = await open();
    expect(await send(c, 'AUTH', MULTI)).toBe('+OK Mechanisms follow\r\nPLAIN\r\nLOGIN\r\nCRAM-MD5\r\n.\r\n');
  });

  it.each([
    ['an unknown mechanism', 'AUTH GSSAPI', /^-ERR Unsupported mechanism GSSAPI/],
    ['CRAM-MD5 with an initial response', `AUTH CRAM-MD5 ${b64('x')}`, /^-ERR CRAM-MD5 takes no initial response/],
    ['too many arguments', 'AUTH PLAIN a b', /^-ERR Syntax: AUTH/],
    ['a response that is not base64', 'AUTH PLAIN !!!!', /^-ERR Cannot decode the response/],
  ])('%s → -ERR', async (_name, line, expected) => {
    const c = await open();
    expect(await sasl(c, line)).toMatch(expected);
  });
});

describe('a password with spaces (RFC 1939 §7: PASS takes the rest of the line)', () => {
  let carol: TestSandbox;
  beforeAll(async () => {
    carol = await startTestSandbox({ users: [{ name: 'carol', password: 'with space' }] });
  });
  afterAll(async () => {
    await carol?.stop();
  });

  it.each([
    ['the whole password', 'with space', true],
    ['only the first word', 'with', false],
    ['an extra space', 'with  space', false],
  ])('PASS %s', async (_name, password, works) => {
    const c = await open(carol.ports.pop3!);
    await send(c, 'USER carol');
    const reply = parseReply(await send(c, `PASS ${password}`));
    expect(reply.status).toBe(works ? '+OK Logged in as carol: maildrop has 0 messages (0 octets)' : FAILED.trim());
    if (works) await send(c, 'QUIT');
  });

  it('AUTH PLAIN carries it too', async () => {
    const c = await open(carol.ports.pop3!);
    expect(await sasl(c, `AUTH PLAIN ${b64('\0carol\0with space')}`)).toMatch(/^\+OK Logged in as carol/);
    await send(c, 'QUIT');
  });
});
