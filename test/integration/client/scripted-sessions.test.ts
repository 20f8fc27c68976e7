/**
 * Done means: full scripted POP3 and IMAP sessions against the sandbox over plaintext,
 * STARTTLS/STLS and implicit TLS, with the explanations a learner reads after each reply
 * (the same scripts run against real Dovecot in test/integration/client-peers/dovecot.test.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess, runConnect, type ConnectRun } from '../../helpers/connect-cli.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sandbox: TestSandbox;
let dir: string;
let caFile: string;
const FIRST = 'From: bob@sandbox.test\r\nSubject: first\r\n\r\nHello, carol.\r\n';
const SECOND =
  'From: bob@sandbox.test\r\nSubject: second\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n' +
  '--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n.line with a dot\r\n--b1\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b1--\r\n';

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startTestSandbox({ users: [{ name: 'carol', password: 'password' }] });
  dir = await mkdtemp(join(tmpdir(), 'mailproto-scripted-'));
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, sandbox.certificate.cert);
  await sandbox.store.deliver('carol', 'INBOX', Buffer.from(FIRST));
  await sandbox.store.deliver('carol', 'INBOX', Buffer.from(SECOND));
}, 60_000);
afterEach(() => ConnectProcess.killAll());
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

type Mode = 'plain' | 'starttls' | 'implicit';
const MODES: Array<[string, Mode]> = [
  ['plaintext', 'plain'],
  ['STLS/STARTTLS --ca', 'starttls'],
  ['implicit TLS --ca', 'implicit'],
];

function args(protocol: 'pop3' | 'imap', mode: Mode): string[] {
  const ports = sandbox.ports;
  if (mode === 'implicit') return [`${protocol}s://127.0.0.1:${protocol === 'pop3' ? ports.pop3s : ports.imaps}`, '--ca', caFile];
  const plain = `${protocol}://127.0.0.1:${ports[protocol]}`;
  return mode === 'starttls' ? [plain, '--starttls', '--ca', caFile] : [plain];
}

const wire = (lines: readonly string[]): string[] => lines.filter((l) => /^[SC]: /.test(l));
/** The explanation lines right after the first line equal to (or matching) `line`. */
function notes(run: ConnectRun, line: string | RegExp): string[] {
  const i = run.lines.findIndex((l) => (typeof line === 'string' ? l === line : line.test(l)));
  expect(i, `${String(line)} in:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (const l of run.lines.slice(i + 1)) {
    if (!l.startsWith('#  ')) break;
    out.push(l.slice(3));
  }
  return out;
}

function expectTls(run: ConnectRun, mode: Mode): void {
  if (mode === 'plain') {
    expect(run.lines.some((l) => l.startsWith('#  TLS '))).toBe(false);
    return;
  }
  expect(run.lines).toContainEqual(expect.stringMatching(/^#  TLS TLSv1\.[23], cipher \S+$/));
  expect(run.lines).toContain('#  certificate subject: CN=sandbox.test');
  expect(run.lines).toContain(`#  SHA-256 fingerprint: ${sandbox.certificate.fingerprint256}`);
  expect(run.lines).toContain('#  certificate verified');
}

describe('POP3 against the sandbox', () => {
  it.each(MODES)('%s: USER/PASS, STAT, LIST, UIDL, RETR, TOP, DELE, RSET, QUIT, explained', async (_name, mode) => {
    const run = await runConnect(args('pop3', mode), 'USER carol\nPASS password\nSTAT\nLIST\nUIDL\nRETR 2\nTOP 1 0\nDELE 1\nRSET\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expectTls(run, mode);
    const w = wire(run.lines);
    if (mode === 'starttls') expect(w.slice(1, 4)).toEqual(['C: CAPA', expect.stringMatching(/^S: \+OK/), expect.any(String)]);
    if (mode === 'starttls') {
      expect(notes(run, 'S: STLS')).toEqual(['STLS: The connection can be upgraded to TLS with STLS, before you log in. (RFC 2595 §4)']);
      const stls = notes(run, 'S: +OK Begin TLS negotiation');
      expect(stls[0]).toMatch(/^\+OK Start the TLS handshake now; afterwards send CAPA again.*\(RFC 2595 §4\)$/);
      // The handshake follows the go-ahead at once.
      expect(stls[1]).toMatch(/^TLS TLSv1\.[23], cipher /);
    }
    expect(notes(run, /^S: \+OK sandbox\.test POP3 mailproto sandbox ready/)[0]).toMatch(/^\+OK POP3 server ready\. Log in with USER <name> then PASS <password>.*\(RFC 1939 §4\)$/);
    expect(w).toContain('C: PASS <redacted>');
    expect(notes(run, /^S: \+OK Logged in as carol/)).toEqual(['+OK Logged in: the maildrop is locked for you and you are in the TRANSACTION state (STAT, LIST, RETR ...). (RFC 1939 §4, §7)']);
    const size1 = Buffer.byteLength(FIRST);
    const size2 = Buffer.byteLength(SECOND);
    expect(notes(run, `S: +OK 2 ${size1 + size2}`)).toEqual([`+OK 2 messages, ${size1 + size2} octets in all (messages marked with DELE are not counted). (RFC 1939 §5)`]);
    expect(notes(run, `S: 1 ${size1}`)).toEqual([`Message 1 is ${size1} octets (RFC 1939 §5)`]);
    const uidl = run.lines.indexOf('C: UIDL');
    expect(notes(run, run.lines.slice(uidl).find((l) => /^S: 2 \S+$/.test(l))!)[0]).toMatch(/^Message 2 has the unique id "[0-9A-F]+", the same in every session \(RFC 1939 §7\)$/);
    expect(notes(run, `S: +OK ${size2} octets`)[0]).toMatch(/^\+OK Message 2 follows \(\d+ octets\).*byte-stuffing\)\. \(RFC 1939 §3, §5\)$/);
    // Byte-stuffed on the wire, shown as it came; message lines are content, not explained.
    expect(w).toContain('S: ..line with a dot');
    expect(notes(run, 'S: ..line with a dot')).toEqual([]);
    expect(notes(run, /^S: \+OK top of message follows/)[0]).toMatch(/^\+OK The header of message 1, an empty line and the first 0 lines of its body follow/);
    expect(notes(run, /^S: \+OK message 1 deleted/)).toEqual(['+OK Message 1 is marked as deleted: it goes at QUIT, and RSET removes the mark. (RFC 1939 §5)']);
    expect(notes(run, /^S: \+OK maildrop has 2 messages/)).toEqual(['+OK Every deletion mark is removed; nothing will be deleted at QUIT. (RFC 1939 §5)']);
    expect(w.at(-1)).toMatch(/^S: \+OK sandbox\.test POP3 server signing off \(0 messages deleted\)$/);
    expect(run.lines.at(-1)).toMatch(/^#  \+OK Goodbye\. .*\(RFC 1939 §6\)$/);
  });
});

describe('IMAP against the sandbox', () => {
  it.each(MODES)('%s: LOGIN, SELECT, FETCH (BODYSTRUCTURE tree, a literal), SEARCH, STORE, IDLE/DONE, LOGOUT, explained', async (_name, mode) => {
    const run = await runConnect(
      args('imap', mode),
      'LOGIN carol password\nSELECT INBOX\nFETCH 2 (FLAGS BODYSTRUCTURE)\nFETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]\nSEARCH SUBJECT second\nSTORE 2 +FLAGS (\\Flagged)\nIDLE\nDONE\nLOGOUT\n',
    );
    expect(run.code, run.stderr).toBe(0);
    expectTls(run, mode);
    const w = wire(run.lines);
    const t = (n: number): string => `A${String(n + (mode === 'starttls' ? 1 : 0)).padStart(3, '0')}`;
    if (mode === 'starttls') {
      expect(w.slice(1, 3)).toEqual(['C: A001 STARTTLS', 'S: A001 OK Begin TLS negotiation now']);
      expect(notes(run, 'S: A001 OK Begin TLS negotiation now')[0]).toMatch(/^A001 OK: STARTTLS succeeded\. Start the TLS handshake now/);
    }
    expect(notes(run, /^S: \* OK \[CAPABILITY .*\] sandbox\.test IMAP4rev1 mailproto sandbox ready$/)[0]).toBe(
      '* OK The server is ready; you are not logged in yet: LOGIN <user> <password> or AUTHENTICATE. (RFC 3501 §7.1.1)',
    );
    expect(w).toContain(`C: ${t(1)} LOGIN <redacted>`);
    expect(notes(run, new RegExp(`^S: ${t(1)} OK .*LOGIN completed`))[0]).toMatch(/^A\d+ OK: LOGIN succeeded\. Logged in: you are in the authenticated state/);
    expect(notes(run, 'S: * 2 EXISTS')).toEqual(['"INBOX" holds 2 messages, numbered 1 to 2 (RFC 3501 §7.3.1)']);
    expect(notes(run, /^S: \* OK \[UIDVALIDITY \d+\]/)[0]).toMatch(/^\[UIDVALIDITY\] UIDs in this mailbox stay valid/);
    expect(notes(run, `S: ${t(2)} OK [READ-WRITE] SELECT completed`)[0]).toMatch(/SELECT succeeded\. "INBOX" is open read-write/);
    expect(notes(run, /^S: \* 2 FETCH \(FLAGS \(.*\) BODYSTRUCTURE/)).toEqual([
      expect.stringMatching(/^Message 2: flags /),
      'Message 2 BODYSTRUCTURE: multipart/mixed, 2 parts (RFC 3501 §6.4.5, §7.4.2)',
      expect.stringMatching(/^ {2}1 text\/plain utf-8 7bit \d+ octets?, \d+ lines?$/),
      expect.stringMatching(/^ {2}2 image\/png base64 \d+ octets?$/),
    ]);
    // A literal from the server is read exactly and shown as lines.
    expect(w).toContainEqual(expect.stringMatching(/^S: \* 1 FETCH \(BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}$/));
    expect(w).toContain('S: Subject: first');
    expect(notes(run, 'S: Subject: first')).toEqual([]);
    expect(notes(run, 'S: )')).toEqual(['The end of this FETCH response: the ")" after the literal closes its list (RFC 3501 §7.4.2)']);
    expect(notes(run, 'S: * SEARCH 2')).toEqual(['Message 2 matches (1 hit) (RFC 3501 §7.2.5)']);
    expect(notes(run, `S: ${t(6)} OK STORE completed`)[0]).toMatch(new RegExp(`^${t(6)} OK: STORE succeeded`));
    expect(notes(run, 'S: + idling')).toEqual(['+ Idling: the server will push updates (EXISTS, EXPUNGE, FETCH) as they happen; send DONE to stop (RFC 2177 §3)']);
    expect(w).toContain('C: DONE');
    expect(notes(run, `S: ${t(7)} OK IDLE terminated`)[0]).toMatch(/IDLE has ended \(after your DONE\)/);
    expect(notes(run, 'S: * BYE sandbox.test IMAP4rev1 server logging out')[0]).toMatch(/^\* BYE The server is logging you out/);
    expect(w.at(-1)).toBe(`S: ${t(8)} OK LOGOUT completed`);
  });
});

describe('IMAP: untagged responses grouped under the command they belong to', () => {
  it('--json: each server line carries the tag of the command in progress, a literal\'s lines too', async () => {
    const run = await runConnect(args('imap', 'plain').concat('--json'), 'LOGIN carol password\nSELECT INBOX\nFETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]\nx9 NOOP\nLOGOUT\n');
    expect(run.code, run.stderr).toBe(0);
    const events = run.lines.map((l) => JSON.parse(l) as { type: string; text?: string; command?: string; inBody?: boolean });
    const recv = events.filter((e) => e.type === 'recv');
    const by = (tag: string): string[] => recv.filter((e) => e.command === tag).map((e) => e.text!);
    // The greeting belongs to no command.
    expect(recv[0]).not.toHaveProperty('command');
    expect(by('A002')).toEqual([
      expect.stringMatching(/^\* FLAGS /), expect.stringMatching(/^\* OK \[PERMANENTFLAGS /), '* 2 EXISTS', expect.stringMatching(/^\* \d+ RECENT$/),
      ...by('A002').slice(4, -1), 'A002 OK [READ-WRITE] SELECT completed',
    ]);
    expect(by('A002').slice(4, -1).every((t) => t.startsWith('* OK ['))).toBe(true);
    expect(by('A003')).toEqual([expect.stringMatching(/^\* 1 FETCH \(BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}$/), 'Subject: first', '', ')', 'A003 OK FETCH completed']);
    expect(recv.filter((e) => e.command === 'A003' && e.inBody).map((e) => e.text)).toEqual(['Subject: first', '']);
    expect(by('x9')).toEqual(['x9 OK NOOP completed']);
    expect(by('A004')).toEqual(['* BYE sandbox.test IMAP4rev1 server logging out', 'A004 OK LOGOUT completed']);
  });
});
