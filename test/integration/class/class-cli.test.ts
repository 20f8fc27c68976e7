/**
 * `mailproto sandbox --users FILE --json` as an instructor runs it for a class: the accounts are
 * imported hashed, passwords travel only inside TLS (on loopback too), and the JSON event log says
 * who connected, what was delivered and which faults fired, without a single secret in it
 * (security.md items 5 and 24). Students log in with every protocol and mechanism here.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt } from '../../helpers/cli-process.js';
import { imap, openImap, sendAndWait, taggedLine } from '../../helpers/imap-wire.js';
import { b64, cmd, openPop3 } from '../../helpers/pop3-wire.js';
import { RawClient } from '../../helpers/raw-client.js';
import { expectCode, openSmtp } from '../../helpers/smtp-wire.js';

/** Each start may generate a 2048-bit RSA certificate: slow on a busy machine. */
const SLOW = { timeout: 90_000 };
const SERVICES = ['smtp', 'submission', 'smtps', 'pop3', 'pop3s', 'imap', 'imaps'];
const FREE_PORTS = SERVICES.flatMap((s) => [`--${s}`, '0']);
const CAROL = 'Carol-Secret-4711';
const DAVE = 'Dave,Pw "9"';

let dir: string;
let env: NodeJS.ProcessEnv;
const clients: RawClient[] = [];

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-class-'));
  env = { HOME: dir, XDG_DATA_HOME: join(dir, 'xdg') };
}, 150_000);
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await CliProcess.killAll();
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start(...args: string[]): Promise<{ proc: CliProcess; ports: Record<string, number> }> {
  const proc = CliProcess.start(['sandbox', ...FREE_PORTS, '--json', ...args], env);
  await proc.waitFor(/\n/, { timeoutMs: 60_000 });
  return { proc, ports: JSON.parse(proc.lines()[0]!) as Record<string, number> };
}

async function track<T extends RawClient>(p: Promise<T>): Promise<T> {
  const c = await p;
  clients.push(c);
  return c;
}

/** Every secret a student's client put on the wire, in each encoding it used. */
function secrets(): string[] {
  return [CAROL, DAVE, b64(`\0carol\0${CAROL}`), b64(`\0dave\0${DAVE}`), b64(CAROL), b64(DAVE), b64(`dave\0dave\0${DAVE}`)];
}

describe('a class sandbox', SLOW, () => {
  it('imports the accounts hashed, refuses plaintext logins, and logs events without secrets', async () => {
    const data = join(dir, 'class-data');
    const file = join(dir, 'class.csv');
    await writeFile(file, `name,password\ncarol,${CAROL}\ndave,"${DAVE.replace(/"/g, '""')}"\n`);
    const { proc, ports } = await start('--data', data, '--users', file, '--fault', 'smtp:VRFY:252 2.5.0 Cannot VRFY user, but will accept message', '--fault', 'imap:NAMESPACE:NO [UNAVAILABLE] try later');
    expect(JSON.parse(proc.lines()[0]!)).toMatchObject({ users: ['carol', 'dave'] });
    const stored = await readFile(join(data, 'users.json'), 'utf8');
    for (const s of secrets()) expect(stored).not.toContain(s);

    // SMTP: AUTH before TLS → 538, credentials unchecked; inside TLS PLAIN and LOGIN work.
    const s = await track(openSmtp(ports.submission!));
    await expectCode(s, 'EHLO laptop', 250);
    expect((await expectCode(s, `AUTH PLAIN ${b64(`\0carol\0${CAROL}`)}`, 538)).text).toMatch(/^5\.7\.11 /);
    await expectCode(s, 'STARTTLS', 220);
    await s.startTls();
    await expectCode(s, 'EHLO laptop', 250);
    await expectCode(s, `AUTH PLAIN ${b64(`\0carol\0${CAROL}`)}`, 235);
    await expectCode(s, 'VRFY dave', 252);
    await expectCode(s, 'MAIL FROM:<carol@sandbox.test>', 250);
    await expectCode(s, 'RCPT TO:<dave@sandbox.test>', 250);
    await expectCode(s, 'DATA', 354);
    await expectCode(s, 'Subject: homework\r\n\r\nDone.\r\n.', 250);
    const l = await track(openSmtp(ports.smtps!, { tls: true }));
    await expectCode(l, 'EHLO laptop', 250);
    await expectCode(l, 'AUTH LOGIN', 334);
    await expectCode(l, b64('dave'), 334);
    await expectCode(l, b64(DAVE), 235);

    // POP3: USER before STLS → -ERR; after STLS USER/PASS; on pop3s AUTH PLAIN.
    const p = await track(openPop3(ports.pop3!));
    expect((await cmd(p, 'USER dave')).status).toMatch(/^-ERR/);
    expect((await cmd(p, 'STLS')).ok).toBe(true);
    await p.startTls();
    expect((await cmd(p, 'USER dave')).ok).toBe(true);
    expect((await cmd(p, `PASS ${DAVE}`)).status).toMatch(/^\+OK Logged in as dave/);
    expect((await cmd(p, 'QUIT')).ok).toBe(true);
    const ps = await track(openPop3(ports.pop3s!, { tls: true }));
    expect((await cmd(ps, `AUTH PLAIN ${b64(`dave\0dave\0${DAVE}`)}`)).ok).toBe(true);

    // IMAP: LOGIN before STARTTLS → NO [PRIVACYREQUIRED]; inside TLS LOGIN (literal) and AUTHENTICATE.
    const i = await track(openImap(ports.imap!));
    expect(taggedLine(await imap(i, `a LOGIN carol ${CAROL}`), 'a')).toMatch(/^a NO \[PRIVACYREQUIRED\]/);
    await sendAndWait(i, 'b STARTTLS\r\n', /b OK [^\r\n]*\r\n$/);
    await i.startTls();
    expect(taggedLine(await imap(i, `c LOGIN dave {${Buffer.byteLength(DAVE)}+}\r\n${DAVE}`), 'c')).toMatch(/^c OK /);
    expect(await imap(i, 'd SELECT INBOX')).toContain('* 1 EXISTS');
    expect(taggedLine(await imap(i, 'e NAMESPACE'), 'e')).toBe('e NO [UNAVAILABLE] try later');
    const is = await track(openImap(ports.imaps!, { tls: true }));
    expect(taggedLine(await imap(is, `a AUTHENTICATE PLAIN ${b64(`\0carol\0${CAROL}`)}`), 'a')).toMatch(/^a OK /);
    expect(taggedLine(await imap(is, `b LOGIN carol ${CAROL}`), 'b')).toMatch(/^b BAD/);

    clients.splice(0).forEach((c) => c.close());
    await proc.waitFor((t) => (t.match(/"event":"close"/g) ?? []).length >= 6);
    const events = proc.lines().slice(1).map((line) => JSON.parse(line) as Record<string, unknown>);
    // Who connected, over which protocol and from where; who logged in.
    for (const protocol of ['smtp', 'pop3', 'imap']) {
      expect(events.filter((e) => e.event === 'connect' && e.protocol === protocol && e.remote === '127.0.0.1').length, protocol).toBeGreaterThanOrEqual(2);
    }
    const logins = events.filter((e) => e.event === 'auth' && e.ok === true).map((e) => `${String(e.protocol)}:${String(e.user)}`);
    expect(logins.sort()).toEqual(['imap:carol', 'imap:dave', 'pop3:dave', 'pop3:dave', 'smtp:carol', 'smtp:dave']);
    // What was delivered, and which faults fired.
    expect(events.filter((e) => e.event === 'delivered')).toEqual([expect.objectContaining({ protocol: 'smtp', user: 'dave', mailbox: 'INBOX', uid: 1 })]);
    expect(events.filter((e) => e.event === 'fault').map((e) => [e.protocol, e.command, e.reply])).toEqual([
      ['smtp', 'VRFY', '252 2.5.0 Cannot VRFY user, but will accept message'],
      ['imap', 'NAMESPACE', 'NO [UNAVAILABLE] try later'],
    ]);
    // No secret in any form: not the passwords, not the SASL blobs.
    for (const secret of secrets()) expect(proc.stdout, secret).not.toContain(secret);
    expect(proc.stdout).not.toMatch(/Carol-Secret|Dave,Pw/i);
    expect(proc.stdout).toContain('<redacted>');
    expect(proc.stderr).toBe('');
  });

  it('--require-tls on loopback and --max-connections-per-minute', async () => {
    const { ports } = await start('--temp', '--user', `erin:${CAROL}`, '--require-tls', '--max-connections-per-minute', '3');
    const p = await track(openPop3(ports.pop3!));
    expect((await cmd(p, 'USER erin')).status).toMatch(/^-ERR/);
    const s = await track(openSmtp(ports.smtp!));
    await expectCode(s, 'EHLO laptop', 250);
    await expectCode(s, `AUTH PLAIN ${b64(`\0erin\0${CAROL}`)}`, 538);
    const i = await track(openImap(ports.imap!));
    expect(i.text).toContain('LOGINDISABLED');
    const refused = await track(RawClient.connect(ports.imap!));
    await refused.waitClosed();
    expect(refused.text).toBe('* BYE [UNAVAILABLE] Too many connections from your address in the last minute, try again later\r\n');
  });

  it('a bad users file stops the start with FILE:LINE: message and exit 1', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, '- name: carol\n  password: x\n- name: ../bob\n  password: y\n');
    const proc = CliProcess.start(['sandbox', '--temp', ...FREE_PORTS, '--users', file], env);
    expect((await proc.waitExit(60_000)).code).toBe(1);
    expect(proc.stderr).toBe(`mailproto: ${file}:3: invalid user name "../bob": use letters, digits, ".", "_" and "-" (at most 64). Try: a CSV file with the header "name,password", or YAML "- name: carol" / "  password: secret"\n`);
  });
});
