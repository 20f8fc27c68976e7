/**
 * The learner mistakes of issue 4, as a learner meets them: `mailproto connect` in line mode
 * against the sandbox over loopback, the kind explanation on the `#  ` line right after the
 * client line, citing its RFC section, and what the server then says. AUTH before STARTTLS needs a
 * server that is not on loopback: the sandbox is bound to this machine's own non-loopback address
 * (with allowRemote, which refuses plaintext AUTH until TLS).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess, runConnect, type ConnectRun } from '../../helpers/connect-cli.js';
import { findNewMessage } from '../../helpers/maildir-files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sandbox: TestSandbox;
let dir: string;
const url = (service: 'smtp' | 'pop3' | 'imap'): string => `${service}://127.0.0.1:${sandbox.ports[service]}`;

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-mistakes-'));
  await sandbox.store.deliver('alice', 'INBOX', Buffer.from('Subject: one\r\n\r\nHello.\r\n'));
}, 60_000);
afterEach(() => ConnectProcess.killAll());
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The line printed right after `line`. */
function after(run: ConnectRun, line: string): string | undefined {
  const i = run.lines.indexOf(line);
  expect(i, `"${line}" in:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
  return run.lines[i + 1];
}

/** The server line that answers the client line `line` (the first S: after it). */
function answer(run: ConnectRun, line: string): string | undefined {
  return run.lines.slice(run.lines.indexOf(line) + 1).find((l) => l.startsWith('S: '));
}

describe('learner mistakes, explained in line mode', () => {
  it('SMTP: MAIL before EHLO, and RCPT TO:bob without angle brackets', async () => {
    const run = await runConnect([url('smtp')], 'MAIL FROM:<alice@sandbox.test>\nEHLO me\nMAIL FROM:<alice@sandbox.test>\nRCPT TO:bob\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    const mail = after(run, 'C: MAIL FROM:<alice@sandbox.test>');
    expect(mail).toBe('#  MAIL before EHLO: greet the server first with EHLO <your-domain>; its reply lists what it offers (RFC 5321 §4.1.4)');
    expect(answer(run, 'C: MAIL FROM:<alice@sandbox.test>')).toMatch(/^S: 503 5\.5\.1 /);
    expect(after(run, 'C: RCPT TO:bob')).toBe('#  Put the address in angle brackets: RCPT TO:<bob>; many servers refuse it without them (RFC 5321 §4.1.2)');
    expect(answer(run, 'C: RCPT TO:bob')).toMatch(/^S: 501 5\.1\.3 /);
  });

  it('SMTP: a file for :send that holds a lone "." line is dot-stuffed, with a kind note, and the message keeps the line', async () => {
    const file = join(dir, 'lone-dot.eml');
    await writeFile(file, 'Subject: lone-dot\n\nabove\n.\nbelow\n');
    const run = await runConnect([url('smtp')], `EHLO me\nMAIL FROM:<alice@sandbox.test>\nRCPT TO:<bob@sandbox.test>\n:send ${file}\nQUIT\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines.slice(run.lines.indexOf('C: above'), run.lines.indexOf('C: below') + 1)).toEqual([
      'C: above',
      'C: ..',
      expect.stringMatching(/^#  A line holding only "\." inside the message: sent like that it would end the message here.*"\.\." \(dot-stuffing\).*\(RFC 5321 §4\.5\.2\)$/),
      'C: below',
    ]);
    expect(answer(run, 'C: below')).toMatch(/^S: 250 2\.0\.0 /);
    expect((await findNewMessage(sandbox.dataDir, 'bob', 'lone-dot')).text).toMatch(/\r\n\r\nabove\r\n\.\r\nbelow\r\n$/);
  });

  it('POP3: RETR before PASS', async () => {
    const run = await runConnect([url('pop3')], 'USER alice\nRETR 1\nPASS password\nRETR 1\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(after(run, 'C: RETR 1')).toBe('#  RETR needs a login first: USER <name>, then PASS <password> (or AUTH) (RFC 1939 §3, §4)');
    expect(answer(run, 'C: RETR 1')).toMatch(/^S: -ERR /);
    // After PASS the same command is no mistake, and the message comes.
    const second = run.lines.lastIndexOf('C: RETR 1');
    expect(run.lines[second + 1]).toMatch(/^S: \+OK /);
  });

  it('IMAP: FETCH before SELECT, and a mailbox name with a space unquoted (the tags are added for the learner: no "No tag" note)', async () => {
    const run = await runConnect([url('imap')], 'LOGIN alice password\nFETCH 1 FLAGS\nCREATE "Old Mail"\nSELECT Old Mail\nLOGOUT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(after(run, 'C: A002 FETCH 1 FLAGS')).toBe('#  FETCH works on a selected mailbox: SELECT INBOX (or EXAMINE it) first (RFC 3501 §3, §6.4.5)');
    expect(answer(run, 'C: A002 FETCH 1 FLAGS')).toMatch(/^S: A002 BAD /);
    expect(after(run, 'C: A004 SELECT Old Mail')).toBe('#  A mailbox name with a space must be quoted, or the server reads only its first word: A004 SELECT "Old Mail" (RFC 3501 §4.3, §9)');
    expect(answer(run, 'C: A004 SELECT Old Mail')).toMatch(/^S: A004 (BAD|NO) /);
    expect(run.stdout).not.toMatch(/No tag/);
  });

  it('IMAP: a line with its own tag gets no "No tag" note', async () => {
    const run = await runConnect([url('imap')], 'x1 NOOP\nx2 LOGOUT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(after(run, 'C: x1 NOOP')).toBe('S: x1 OK NOOP completed');
  });
});

/**
 * This machine's first IPv4 address that is not loopback. A machine without one (a CI container
 * with loopback only) uses 0.0.0.0: the sandbox binds every address, the client's connection to
 * 0.0.0.0 reaches it, and neither side counts 0.0.0.0 as loopback.
 */
function ownAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
  return found?.address ?? '0.0.0.0';
}

describe('AUTH before STARTTLS on a server that is not on loopback', () => {
  let remote: TestSandbox;
  let host: string;
  beforeAll(async () => {
    host = ownAddress();
    remote = await startTestSandbox({ host, allowRemote: true });
  }, 60_000);
  afterAll(async () => {
    await remote?.stop();
  });

  it.each([
    ['smtp', 'EHLO me\nAUTH PLAIN AGFsaWNlAHBhc3N3b3Jk\nQUIT\n', 'C: AUTH PLAIN <redacted>', /^#  AUTH without TLS to a server that is not on this machine: .*Send STARTTLS \(and EHLO again\) first, or connect with implicit TLS \(RFC 3207 §4; RFC 4954 §4\)$/, /^S: 538 5\.7\.11 /],
    ['pop3', 'USER alice\nQUIT\n', 'C: USER alice', /^#  USER and PASS without TLS to a server that is not on this machine: .*Send STLS first.*\(RFC 2595 §4\)$/, /^S: -ERR /],
    ['imap', 'LOGIN alice password\nLOGOUT\n', 'C: A001 LOGIN <redacted>', /^#  LOGIN without TLS to a server that is not on this machine: .*Send STARTTLS first.*\(RFC 3501 §6\.2\.3, §11\.1\)$/, /^S: A001 (NO|BAD) /],
  ] as const)('%s: warned before the credentials go, the server refuses them', async (service, input, sent, note, refusal) => {
    const run = await runConnect([`${service}://${host}:${remote.ports[service]}`], input);
    expect(run.code, run.stderr).toBe(0);
    const notes = run.lines.slice(run.lines.indexOf(sent) + 1).filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('#  ')));
    expect(notes).toContainEqual(expect.stringMatching(note));
    expect(answer(run, sent)).toMatch(refusal);
  });

  it('the same AUTH on loopback is no mistake', async () => {
    const run = await runConnect([url('smtp')], 'EHLO me\nAUTH PLAIN AGFsaWNlAHBhc3N3b3Jk\nQUIT\n');
    expect(after(run, 'C: AUTH PLAIN <redacted>')).toMatch(/^S: 235 /);
  });
});
