/**
 * SMTP AUTH (RFC 4954) with PLAIN, LOGIN and CRAM-MD5 over loopback, the submission port's AUTH
 * requirement (RFC 6409), and security.md item 24: no password and no SASL blob in the session log.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { command, expectCode, openSmtp } from '../../helpers/smtp-wire.js';

const USER = 'carol';
const PASSWORD = 'Xyzzy-s3cret!';
const WRONG = 'Plugh-wr0ng!';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');
const plain = (user: string, pass: string): string => b64(`\0${user}\0${pass}`);

let sb: TestSandbox;
const clients: RawClient[] = [];
/** Every base64 form of a secret a test sent: none may appear in the log. */
const secrets = new Set<string>([PASSWORD, WRONG, b64(PASSWORD), b64(WRONG)]);

beforeAll(async () => {
  sb = await startTestSandbox({
    users: [{ name: USER, password: PASSWORD }, { name: 'alice', password: 'password' }, { name: 'bob', password: 'password' }],
  });
});
afterAll(async () => {
  await sb.stop();
});
afterEach(() => {
  clients.splice(0).forEach((c) => c.close());
});

async function greeted(port = sb.ports.smtp!): Promise<RawClient> {
  const c = await openSmtp(port);
  clients.push(c);
  await expectCode(c, 'EHLO client.test', 250);
  return c;
}

/** Sends a SASL response line (remembered as a secret) and returns the reply. */
async function respond(c: RawClient, line: string): ReturnType<typeof command> {
  secrets.add(line);
  return command(c, line);
}

async function cramResponse(c: RawClient, user: string, pass: string): ReturnType<typeof command> {
  const challenge = await expectCode(c, 'AUTH CRAM-MD5', 334);
  const nonce = unb64(challenge.text);
  expect(nonce).toMatch(/^<[^@>]+@sandbox\.test>$/);
  return respond(c, b64(`${user} ${createHmac('md5', pass).update(nonce).digest('hex')}`));
}

describe('AUTH mechanisms', () => {
  it.each([
    ['PLAIN with initial response', async (c: RawClient, pass: string) => respond(c, `AUTH PLAIN ${plain(USER, pass)}`)],
    [
      'PLAIN after an empty challenge',
      async (c: RawClient, pass: string) => {
        expect(await expectCode(c, 'AUTH PLAIN', 334)).toMatchObject({ text: '' });
        return respond(c, plain(USER, pass));
      },
    ],
    [
      'LOGIN',
      async (c: RawClient, pass: string) => {
        expect(unb64((await expectCode(c, 'AUTH LOGIN', 334)).text)).toBe('Username:');
        expect(unb64((await respond(c, b64(USER))).text)).toBe('Password:');
        return respond(c, b64(pass));
      },
    ],
    ['LOGIN with initial response', async (c: RawClient, pass: string) => {
      expect(unb64((await respond(c, `AUTH LOGIN ${b64(USER)}`)).text)).toBe('Password:');
      return respond(c, b64(pass));
    }],
    ['CRAM-MD5', async (c: RawClient, pass: string) => cramResponse(c, USER, pass)],
  ])('%s: right password → 235 2.7.0, wrong → 535 5.7.8', async (_name, login) => {
    const bad = await greeted();
    const failed = await login(bad, WRONG);
    expect(failed.code).toBe(535);
    expect(failed.text).toMatch(/^5\.7\.8 /);
    // After a failure the session is still usable and may try again.
    const retry = await login(bad, PASSWORD);
    expect(retry.code).toBe(235);

    const good = await greeted();
    const ok = await login(good, PASSWORD);
    expect(ok).toMatchObject({ code: 235 });
    expect(ok.text).toMatch(/^2\.7\.0 .*carol/);
    const again = await respond(good, `AUTH PLAIN ${plain(USER, PASSWORD)}`);
    expect(again.code).toBe(503);
    expect(again.text).toMatch(/Already authenticated/);
  });

  it.each([
    ['PLAIN', ['AUTH PLAIN']],
    ['LOGIN at the user name', ['AUTH LOGIN']],
    ['LOGIN at the password', ['AUTH LOGIN', b64(USER)]],
    ['CRAM-MD5', ['AUTH CRAM-MD5']],
  ])('"*" cancels %s → 501, and the session is back to commands', async (_name, steps) => {
    const c = await greeted();
    for (const step of steps) await expectCode(c, step, 334);
    expect((await expectCode(c, '*', 501)).text).toMatch(/cancelled/);
    await expectCode(c, 'NOOP', 250);
    expect(sb.log.events.some((e) => e.event === 'auth' && e.ok === true && e.session === lastSession())).toBe(false);
  });

  it('an empty PLAIN response ("=" or an empty line, RFC 4954 §4) → 501 saying what PLAIN carries', async () => {
    const c = await greeted();
    expect((await command(c, 'AUTH PLAIN =')).text).toMatch(/^5\.5\.2 Empty PLAIN response: it must be base64 of "\\0user\\0password"/);
    await expectCode(c, 'AUTH PLAIN', 334);
    expect((await respond(c, '')).text).toMatch(/^5\.5\.2 Empty PLAIN response/);
    await expectCode(c, 'NOOP', 250);
  });

  it('undecodable base64 → 501; unknown mechanism → 504; AUTH before EHLO or inside a transaction → 503', async () => {
    const c = await greeted();
    await expectCode(c, 'AUTH LOGIN', 334);
    expect((await respond(c, 'not base64!')).code).toBe(501);
    expect((await command(c, 'AUTH GSSAPI')).code).toBe(504);
    await expectCode(c, 'MAIL FROM:<alice@sandbox.test>', 250);
    expect((await respond(c, `AUTH PLAIN ${plain(USER, PASSWORD)}`)).code).toBe(503);
    const fresh = await openSmtp(sb.ports.smtp!);
    clients.push(fresh);
    expect((await respond(fresh, `AUTH PLAIN ${plain(USER, PASSWORD)}`)).text).toMatch(/^5\.5\.1 EHLO first/);
  });
});

/** The id of the newest session that sent EHLO (tests in this file run one after another). */
function lastSession(): string {
  const ehlos = sb.log.events.filter((e) => e.event === 'command' && e.text === 'EHLO client.test');
  return ehlos[ehlos.length - 1]!.session;
}

describe('submission port (RFC 6409)', () => {
  it('MAIL before AUTH → 530 5.7.0; after AUTH the message is delivered', async () => {
    const c = await greeted(sb.ports.submission!);
    expect((await expectCode(c, 'MAIL FROM:<carol@sandbox.test>', 530)).text).toMatch(/^5\.7\.0 Authentication required/);
    await respond(c, `AUTH PLAIN ${plain(USER, PASSWORD)}`);
    await expectCode(c, 'MAIL FROM:<carol@sandbox.test>', 250);
    await expectCode(c, 'RCPT TO:<bob@sandbox.test>', 250);
    await expectCode(c, 'DATA', 354);
    await expectCode(c, 'Subject: submitted\r\n\r\nhi\r\n.', 250);
    const infos = await sb.store.messages('bob', 'INBOX');
    const stored = (await sb.store.read('bob', 'INBOX', infos[infos.length - 1]!.uid)).toString('latin1');
    expect(stored).toMatch(/with ESMTPA id /);
  });

  it('the plain SMTP port takes mail without AUTH', async () => {
    const c = await greeted();
    await expectCode(c, 'MAIL FROM:<carol@sandbox.test>', 250);
  });
});

describe('secrets stay out of the log (security.md 24)', () => {
  it.each([
    ['TAB separators', (blob: string) => `AUTH\tPLAIN\t${blob}`, 500],
    ['TAB after the verb', (blob: string) => `AUTH\tPLAIN ${blob}`, 500],
    ['TAB before the response', (blob: string) => `AUTH PLAIN\t${blob}`, 504],
    ['lower case', (blob: string) => `auth plain ${blob}`, 235],
  ])('an AUTH line with %s is answered without echoing the response', async (_name, line, code) => {
    const c = await greeted();
    const blob = plain(USER, PASSWORD);
    secrets.add(blob);
    const r = await respond(c, line(blob));
    expect(r.code).toBe(code);
    expect(c.text.toLowerCase()).not.toContain(blob.toLowerCase().slice(0, 12));
  });

  // Runs last in the file: every secret sent above (right and wrong) is in `secrets`.
  it('the MemoryLog holds no password and no SASL response, but does log the AUTH commands', () => {
    // Lower-cased: a reply that echoed a response upper-cased would leak it too.
    const dump = JSON.stringify(sb.log.events);
    const leaked = [...secrets].filter((s) => s.length >= 4 && dump.toLowerCase().includes(s.toLowerCase()));
    expect(leaked).toEqual([]);
    const authCommands = sb.log.events.filter((e) => e.event === 'command' && String(e.text).startsWith('AUTH'));
    expect(authCommands.length).toBeGreaterThan(10);
    expect(authCommands.map((e) => e.text)).toContain('AUTH PLAIN <redacted>');
    expect(sb.log.events.filter((e) => e.event === 'command' && e.text === '<redacted>').length).toBeGreaterThan(5);
    expect(sb.log.events.filter((e) => e.event === 'auth' && e.ok === true).map((e) => e.user)).toContain(USER);
  });
});
