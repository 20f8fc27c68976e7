/**
 * Done means: a recorded transcript contains no password unless --show-secrets (security.md item
 * 24). Every way to log in that the sandbox offers, for all three protocols, typed by hand and
 * through `:auth`: `mailproto connect --record` in line mode, then the recording and the screen
 * are searched for the password in every form it took on the wire (as typed, base64, the PLAIN
 * blob, the CRAM-MD5 answer, the APOP digest). The same session with --show-secrets must record
 * them, so each check can fail.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess } from '../../helpers/connect-cli.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sandbox: TestSandbox;
let dir: string;
const USER = 'erin';
/** A password that appears nowhere else (the sandbox's own texts say "password"). */
const PASSWORD = 'Rec0rd-Sekr1t';
const b64 = (t: string): string => Buffer.from(t, 'utf8').toString('base64');

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startTestSandbox({ users: [{ name: USER, password: PASSWORD }] });
  dir = await mkdtemp(join(tmpdir(), 'mailproto-record-secrets-'));
}, 60_000);
afterEach(() => ConnectProcess.killAll());
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** What the server said last, for a step that answers it: the challenge or the greeting. */
type Step = string | { readonly after: RegExp; readonly line: (matched: RegExpExecArray) => string };

/** CRAM-MD5 (RFC 2195 §2): base64 of "user hex(HMAC-MD5(password, challenge))". */
const cram = (challengeB64: string): string =>
  b64(`${USER} ${createHmac('md5', PASSWORD).update(Buffer.from(challengeB64, 'base64')).digest('hex')}`);
/** APOP (RFC 1939 §7): hex MD5 of the greeting's timestamp and the password. */
const apop = (timestamp: string): string => createHash('md5').update(timestamp + PASSWORD).digest('hex');

type Case = readonly [name: string, protocol: 'smtp' | 'pop3' | 'imap', steps: readonly Step[], loggedIn: RegExp];

const SMTP_OK = /^S: 235 2\.7\.0 /m;
const POP3_OK = /^S: \+OK Logged in as erin/m;
const IMAP_OK = /^S: \S+ OK .*logged in as erin/m;

const CASES: readonly Case[] = [
  ['SMTP AUTH PLAIN with an initial response', 'smtp', ['EHLO me', `AUTH PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`, 'QUIT'], SMTP_OK],
  ['SMTP AUTH PLAIN, the blob after 334', 'smtp', ['EHLO me', 'AUTH PLAIN', b64(`\0${USER}\0${PASSWORD}`), 'QUIT'], SMTP_OK],
  ['SMTP AUTH LOGIN, user and password after 334s', 'smtp', ['EHLO me', 'AUTH LOGIN', b64(USER), b64(PASSWORD), 'QUIT'], SMTP_OK],
  ['SMTP AUTH LOGIN with the user as initial response', 'smtp', ['EHLO me', `AUTH LOGIN ${b64(USER)}`, b64(PASSWORD), 'QUIT'], SMTP_OK],
  ['SMTP AUTH CRAM-MD5 typed', 'smtp', ['EHLO me', 'AUTH CRAM-MD5', { after: /^S: 334 (\S+)$/m, line: (m) => cram(m[1]!) }, 'QUIT'], SMTP_OK],
  ['SMTP :auth plain', 'smtp', ['EHLO me', `:auth plain ${USER} ${PASSWORD}`, 'QUIT'], SMTP_OK],
  ['SMTP :auth login', 'smtp', ['EHLO me', `:auth login ${USER} ${PASSWORD}`, 'QUIT'], SMTP_OK],
  ['SMTP :auth cram-md5', 'smtp', ['EHLO me', `:auth cram-md5 ${USER} ${PASSWORD}`, 'QUIT'], SMTP_OK],
  ['POP3 USER and PASS', 'pop3', [`USER ${USER}`, `PASS ${PASSWORD}`, 'QUIT'], POP3_OK],
  ['POP3 APOP', 'pop3', [{ after: /^S: \+OK .*(<[^>]+>)$/m, line: (m) => `APOP ${USER} ${apop(m[1]!)}` }, 'QUIT'], POP3_OK],
  ['POP3 AUTH PLAIN with an initial response', 'pop3', [`AUTH PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`, 'QUIT'], POP3_OK],
  ['POP3 AUTH PLAIN, the blob after +', 'pop3', ['AUTH PLAIN', b64(`\0${USER}\0${PASSWORD}`), 'QUIT'], POP3_OK],
  ['POP3 AUTH LOGIN typed', 'pop3', ['AUTH LOGIN', b64(USER), b64(PASSWORD), 'QUIT'], POP3_OK],
  ['POP3 AUTH CRAM-MD5 typed', 'pop3', ['AUTH CRAM-MD5', { after: /^S: \+ (\S+)$/m, line: (m) => cram(m[1]!) }, 'QUIT'], POP3_OK],
  ['POP3 :auth plain', 'pop3', [`:auth plain ${USER} ${PASSWORD}`, 'QUIT'], POP3_OK],
  ['POP3 :auth login', 'pop3', [`:auth login ${USER} ${PASSWORD}`, 'QUIT'], POP3_OK],
  ['POP3 :auth cram-md5', 'pop3', [`:auth cram-md5 ${USER} ${PASSWORD}`, 'QUIT'], POP3_OK],
  ['IMAP LOGIN', 'imap', [`LOGIN ${USER} ${PASSWORD}`, 'LOGOUT'], IMAP_OK],
  ['IMAP LOGIN, quoted and with the learner\'s tag', 'imap', [`t1 LOGIN "${USER}" "${PASSWORD}"`, 'LOGOUT'], IMAP_OK],
  ['IMAP LOGIN with the password as a literal', 'imap', [`LOGIN ${USER} {${PASSWORD.length}}`, PASSWORD, 'LOGOUT'], IMAP_OK],
  ['IMAP AUTHENTICATE PLAIN with SASL-IR', 'imap', [`AUTHENTICATE PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`, 'LOGOUT'], IMAP_OK],
  ['IMAP AUTHENTICATE PLAIN, the blob after +', 'imap', ['AUTHENTICATE PLAIN', b64(`\0${USER}\0${PASSWORD}`), 'LOGOUT'], IMAP_OK],
  ['IMAP AUTHENTICATE LOGIN typed', 'imap', ['AUTHENTICATE LOGIN', b64(USER), b64(PASSWORD), 'LOGOUT'], IMAP_OK],
  ['IMAP :auth plain', 'imap', [`:auth plain ${USER} ${PASSWORD}`, 'LOGOUT'], IMAP_OK],
  ['IMAP :auth login', 'imap', [`:auth login ${USER} ${PASSWORD}`, 'LOGOUT'], IMAP_OK],
];

type Session = { readonly stdout: string; readonly recording: string; readonly computed: readonly string[]; readonly code: number | null };

/** Runs the steps in line mode with --record; a computed step waits for what it answers. */
async function record(protocol: Case[1], steps: readonly Step[], file: string, showSecrets: boolean): Promise<Session> {
  const p = ConnectProcess.start([`${protocol}://127.0.0.1:${sandbox.ports[protocol]}`, '--record', file, ...(showSecrets ? ['--show-secrets'] : [])]);
  const computed: string[] = [];
  for (const step of steps) {
    if (typeof step === 'string') {
      p.write(`${step}\n`);
      continue;
    }
    await p.waitFor(step.after);
    const line = step.line(step.after.exec(p.stdout)!);
    computed.push(line.split(' ').at(-1)!);
    p.write(`${line}\n`);
  }
  p.end();
  const code = await p.waitExit(20_000);
  return { stdout: p.stdout, recording: await readFile(file, 'utf8'), computed, code };
}

/** The CRAM-MD5 answers to the challenges on screen (`S: 334 PDE...` or `S: + PDE...`, base64 of `<...>`). */
function cramAnswers(stdout: string): string[] {
  return [...stdout.matchAll(/^S: (?:334|\+) (\S+)$/gm)].flatMap((m) => (Buffer.from(m[1]!, 'base64').toString('latin1').startsWith('<') ? [cram(m[1]!)] : []));
}

/** Every form the password took on the wire in a session. */
const forms = (s: Session): string[] => [PASSWORD, b64(PASSWORD), b64(`\0${USER}\0${PASSWORD}`), ...s.computed, ...cramAnswers(s.stdout)];

describe('a recorded transcript keeps no password unless --show-secrets', () => {
  it.each(CASES)('%s', async (name, protocol, steps, loggedIn) => {
    const slug = name.replace(/\W+/g, '-');
    const hidden = await record(protocol, steps, join(dir, `${slug}.jsonl`), false);
    expect(hidden.code, hidden.stdout).toBe(0);
    // A real login, so the credentials did cross the wire.
    expect(hidden.stdout).toMatch(loggedIn);
    for (const secret of forms(hidden)) {
      expect(hidden.recording, `${secret} in the recording`).not.toContain(secret);
      expect(hidden.stdout, `${secret} on screen`).not.toContain(secret);
    }
    const events = hidden.recording.trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string; redacted?: boolean });
    expect(events[0]).toMatchObject({ type: 'header', protocol });
    const redacted = events.filter((e) => e.redacted === true);
    expect(redacted.length).toBeGreaterThan(0);
    expect(redacted.every((e) => e.type === 'send' && e.text?.includes('<redacted>'))).toBe(true);

    const shown = await record(protocol, steps, join(dir, `${slug}-shown.jsonl`), true);
    expect(shown.code, shown.stdout).toBe(0);
    expect(shown.stdout).toMatch(loggedIn);
    expect(forms(shown).some((secret) => shown.recording.includes(secret)), shown.recording).toBe(true);
    expect(shown.recording).not.toContain('<redacted>');
  }, 60_000); // two sessions per case
});
