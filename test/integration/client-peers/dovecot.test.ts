/**
 * `mailproto connect` against a real Dovecot (../shared/peers/dovecot.sh) of this file's own, on
 * free ports: whole POP3 and IMAP sessions over plaintext, STARTTLS/STLS and implicit TLS, with the
 * explanations a learner reads, and recordings that keep no password (security.md item 24).
 * Dovecot's certificate is self-signed for CN=peer.test, so TLS runs use --insecure (and --ca
 * shows the host name mismatch).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';
import { ImapTestClient } from '../../helpers/dovecot.js';
import { startDovecotServer, type DovecotServer } from '../../helpers/mail-peers.js';

let dovecot: DovecotServer;
let dir: string;
/** A password that appears nowhere else (alice's is the word "password", which explanations use). */
const PASSWORD = 'Dv-Sekr1t-9';
const url = (scheme: 'imap' | 'imaps' | 'pop3' | 'pop3s', user = ''): string => `${scheme}://${user}127.0.0.1:${dovecot.ports[scheme]}`;
const wire = (lines: readonly string[]): string[] => lines.filter((l) => /^[SC]: /.test(l));
const after = (lines: readonly string[], line: string | RegExp): string | undefined => {
  const i = lines.findIndex((l) => (typeof line === 'string' ? l === line : line.test(l)));
  return i >= 0 ? lines[i + 1] : undefined;
};

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-dovecot-client-'));
  dovecot = await startDovecotServer(dir);
  dovecot.addUser('erin', PASSWORD);
  const imap = await ImapTestClient.connect(dovecot.ports.imap);
  await imap.ok('LOGIN alice password');
  await imap.ok('APPEND INBOX', Buffer.from('From: bob@peer.test\r\nSubject: first\r\n\r\nHello, alice.\r\n'));
  await imap.ok('APPEND INBOX', Buffer.from('From: bob@peer.test\r\nSubject: second\r\n\r\n.line with a dot\r\n'));
  await imap.logout();
}, 60_000);
afterEach(() => ConnectProcess.killAll());
afterAll(async () => {
  await dovecot?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const TLS_FLAGS: Array<[string, 'plain' | 'starttls' | 'implicit']> = [
  ['plaintext', 'plain'],
  ['STLS/STARTTLS --insecure', 'starttls'],
  ['implicit TLS --insecure', 'implicit'],
];

describe('POP3 against Dovecot', () => {
  it.each(TLS_FLAGS)('%s: USER/PASS, STAT, LIST, UIDL, RETR, TOP, QUIT, explained', async (_name, mode) => {
    const args = mode === 'implicit' ? [url('pop3s'), '--insecure'] : mode === 'starttls' ? [url('pop3'), '--starttls', '--insecure'] : [url('pop3')];
    const run = await runConnect(args, 'USER alice\nPASS password\nSTAT\nLIST\nUIDL\nRETR 2\nTOP 1 0\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    const w = wire(run.lines);
    expect(w[0]).toMatch(/^S: \+OK Dovecot.* ready\.$/);
    expect(after(run.lines, /^S: \+OK Dovecot/)).toMatch(/^#  \+OK POP3 server ready/);
    expect(w).toContain('C: PASS <redacted>');
    expect(after(run.lines, 'S: +OK Logged in.')).toMatch(/^#  \+OK Logged in: the maildrop is locked for you/);
    expect(after(run.lines, /^S: \+OK 2 \d+$/)).toMatch(/^#  \+OK 2 messages, \d+ octets in all/);
    expect(after(run.lines, /^S: \+OK 2 messages:/)).toMatch(/^#  \+OK The scan listing follows/);
    expect(w).toContain('S: Subject: second');
    // Dot-stuffed on the wire, as Dovecot sends it; the client shows the line as it came.
    expect(w).toContain('S: ..line with a dot');
    expect(w).toContain('S: Subject: first');
    expect(w.slice(-2)).toEqual(['C: QUIT', 'S: +OK Logging out.']);
    expect(run.lines.at(-1)).toMatch(/^#  \+OK Goodbye/);
    if (mode !== 'plain') {
      expect(run.lines).toContain('#  certificate subject: CN=peer.test');
      expect(run.lines).toContainEqual(expect.stringMatching(/^#  certificate NOT verified: the certificate is self-signed/));
    }
    if (mode === 'starttls') expect(w.slice(1, 2)).toEqual(['C: CAPA']);
    if (mode === 'starttls') expect(w).toContain('C: STLS');
  });
});

describe('IMAP against Dovecot', () => {
  it.each(TLS_FLAGS)('%s: LOGIN, SELECT (EXISTS explained), FETCH with a literal, SEARCH, STORE, LOGOUT', async (_name, mode) => {
    const args = mode === 'implicit' ? [url('imaps'), '--insecure'] : mode === 'starttls' ? [url('imap'), '--starttls', '--insecure'] : [url('imap')];
    const run = await runConnect(args, 'LOGIN alice password\nSELECT INBOX\nFETCH 1 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])\nSEARCH SUBJECT second\nSTORE 2 +FLAGS (\\Flagged)\nLOGOUT\n');
    expect(run.code, run.stderr).toBe(0);
    const w = wire(run.lines);
    const t = (n: number): string => `A${String(n + (mode === 'starttls' ? 1 : 0)).padStart(3, '0')}`;
    expect(w[0]).toMatch(/^S: \* OK \[CAPABILITY .*\] Dovecot.* ready\.$/);
    expect(after(run.lines, /^S: \* OK \[CAPABILITY /)).toMatch(/^#  \* OK The server is ready; you are not logged in yet/);
    expect(w).toContain(`C: ${t(1)} LOGIN <redacted>`);
    expect(after(run.lines, /^S: A\d+ OK \[CAPABILITY .*\] Logged in$/)).toMatch(/LOGIN succeeded\. Logged in: you are in the authenticated state/);
    expect(after(run.lines, 'S: * 2 EXISTS')).toBe('#  "INBOX" holds 2 messages, numbered 1 to 2 (RFC 3501 §7.3.1)');
    expect(after(run.lines, /^S: \* OK \[UIDVALIDITY \d+\]/)).toMatch(/^#  \[UIDVALIDITY\] UIDs in this mailbox stay valid/);
    expect(after(run.lines, new RegExp(`^S: ${t(2)} OK \\[READ-WRITE\\] Select completed`))).toMatch(/SELECT succeeded\. "INBOX" is open read-write/);
    // POP3's RETR above may have set \Seen: the flags vary, the literal does not.
    expect(w).toContainEqual(expect.stringMatching(/^S: \* 1 FETCH \(FLAGS \([^)]*\) BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{18\}$/));
    expect(w).toContain('S: Subject: first');
    expect(w).toContain('S: * SEARCH 2');
    expect(after(run.lines, new RegExp(`^S: ${t(5)} OK Store completed`))).toMatch(new RegExp(`^#  ${t(5)} OK: STORE succeeded`));
    expect(w.at(-1)).toMatch(new RegExp(`^S: ${t(6)} OK Logout completed`));
    if (mode !== 'plain') expect(run.lines).toContain('#  certificate subject: CN=peer.test');
    if (mode === 'starttls') {
      expect(w.slice(1, 3)).toEqual(['C: A001 STARTTLS', 'S: A001 OK Begin TLS negotiation now.']);
      expect(after(run.lines, 'S: A001 OK Begin TLS negotiation now.')).toMatch(/STARTTLS succeeded/);
    }
  });

  it('--starttls --ca with its certificate: host name mismatch (CN=peer.test, not 127.0.0.1), exit 3, no LOGIN sent', async () => {
    const run = await runConnect([url('imap'), '--starttls', '--ca', dovecot.cert], 'LOGIN alice password\n');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^mailproto: TLS certificate not trusted: host name mismatch: the certificate is for CN=peer\.test, not for 127\.0\.0\.1\. Try: /);
    expect(run.stdout).not.toMatch(/^C: .*LOGIN/m);
  });
});

describe('recordings against Dovecot keep no password (security.md item 24)', () => {
  const b64 = (t: string): string => Buffer.from(t).toString('base64');
  const secrets = [PASSWORD, b64(`\0erin\0${PASSWORD}`), b64(PASSWORD)];
  const cases: Array<[string, string, string, RegExp]> = [
    ['POP3 USER/PASS', 'pop3', `USER erin\nPASS ${PASSWORD}\nQUIT\n`, /^S: \+OK Logged in\./m],
    ['POP3 :auth plain', 'pop3', `:auth plain erin ${PASSWORD}\nQUIT\n`, /^S: \+OK Logged in\./m],
    ['IMAP LOGIN', 'imap', `LOGIN erin ${PASSWORD}\nLOGOUT\n`, /^S: A001 OK .*Logged in$/m],
    ['IMAP LOGIN with a literal', 'imap', `LOGIN erin {${PASSWORD.length}}\n${PASSWORD}\nLOGOUT\n`, /^S: A001 OK .*Logged in$/m],
    ['IMAP :auth plain (SASL-IR)', 'imap', `:auth plain erin ${PASSWORD}\nLOGOUT\n`, /^S: A001 OK .*Logged in$/m],
    ['IMAP :auth login (two challenges)', 'imap', `:auth login erin ${PASSWORD}\nLOGOUT\n`, /^S: A001 OK .*Logged in$/m],
  ];

  it.each(cases)('%s', async (name, scheme, input, loggedIn) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.jsonl`);
    const run = await runConnect([url(scheme as 'pop3' | 'imap'), '--record', file], input);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(loggedIn);
    const text = await readFile(file, 'utf8');
    for (const s of secrets) {
      expect(text).not.toContain(s);
      expect(run.stdout).not.toContain(s);
    }
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ type: 'header', protocol: scheme, target: url(scheme as 'pop3' | 'imap') });
    expect(events.some((e) => e.redacted === true && String(e.text).includes('<redacted>'))).toBe(true);
  });

  it('--show-secrets records them (so the checks above can fail)', async () => {
    const file = join(dir, 'shown.jsonl');
    const run = await runConnect([url('imap'), '--record', file, '--show-secrets'], `LOGIN erin ${PASSWORD}\nLOGOUT\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(file, 'utf8')).toContain(`"A001 LOGIN erin ${PASSWORD}"`);
  });
});
