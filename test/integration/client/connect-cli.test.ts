/**
 * `mailproto connect` in line mode, as people script it: stdin in, S:/C:/# lines out, exit
 * statuses from design.md. Runs the built CLI (`npm run build` first) against the sandbox.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';
import { findNewMessage } from '../../helpers/maildir-files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sandbox: TestSandbox;
let dir: string;
let caFile: string;
/** A password that appears nowhere else (the sandbox's own texts say "password"). */
const PASSWORD = 'Sekr1t-Pw';
const url = (service: keyof TestSandbox['ports']): string => `${service}://127.0.0.1:${sandbox.ports[service]}`;

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startTestSandbox({ users: [{ name: 'alice', password: 'password' }, { name: 'bob', password: 'password' }, { name: 'erin', password: PASSWORD }] });
  dir = await mkdtemp(join(tmpdir(), 'mailproto-connect-'));
  caFile = join(dir, 'sandbox-ca.pem');
  await writeFile(caFile, sandbox.certificate.cert);
  await sandbox.store.deliver('bob', 'INBOX', Buffer.from('Subject: for-pop3\r\n\r\nHello.\r\n'));
}, 60_000);
afterEach(() => ConnectProcess.killAll());
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The S:/C: lines only. */
const wire = (lines: readonly string[]): string[] => lines.filter((l) => /^[SC]: /.test(l));

describe('mailproto connect, line mode', () => {
  it("printf 'EHLO me\\nQUIT\\n' | mailproto connect smtp://127.0.0.1:PORT", async () => {
    const run = await runConnect([url('smtp')], 'EHLO me\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[0]).toBe('S: 220 sandbox.test ESMTP mailproto sandbox');
    expect(run.lines[1]).toMatch(/^#  \S/);
    const w = wire(run.lines);
    expect(w[1]).toBe('C: EHLO me');
    expect(w[2]).toBe('S: 250-sandbox.test greets me');
    expect(w.at(-2)).toBe('C: QUIT');
    expect(w.at(-1)).toMatch(/^S: 221 /);
    expect(run.lines.every((l) => /^(S: |C: |#  )/.test(l))).toBe(true);
    expect(run.stderr).toBe('');
  });

  it('a whole SMTP session: DATA with a body line starting with ".", exit 0', async () => {
    const run = await runConnect([url('smtp'), '--no-annotate'], [
      'EHLO me', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'DATA',
      'Subject: cli-smtp', '', '.dotted', 'QUIT', '.', 'QUIT', '',
    ].join('\n'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines.some((l) => l.startsWith('#'))).toBe(false);
    expect(run.lines).toContain('C: ..dotted');
    expect(run.lines).toContain('S: 354 End data with <CR><LF>.<CR><LF>');
    expect((await findNewMessage(sandbox.dataDir, 'bob', 'cli-smtp')).text).toContain('\r\n.dotted\r\nQUIT\r\n');
  });

  it('POP3: USER/PASS, STAT, LIST, RETR, QUIT; PASS is shown redacted', async () => {
    const run = await runConnect([url('pop3')], 'USER bob\nPASS password\nSTAT\nLIST\nRETR 1\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContain('C: PASS <redacted>');
    expect(run.stdout).not.toContain('password\n');
    expect(run.lines).toContain('S: Subject: for-pop3');
    expect(wire(run.lines).at(-1)).toMatch(/^S: \+OK .*signing off/);
  });

  const IMAP_SCRIPT = 'LOGIN alice password\nSELECT INBOX\nFETCH 1 (FLAGS BODY[HEADER.FIELDS (SUBJECT)])\nIDLE\nDONE\nLOGOUT\n';

  it.each<[string, 'imap' | 'imaps', readonly string[]]>([
    ['imap, plain', 'imap', []],
    ['imap --starttls --ca FILE', 'imap', ['--starttls', '--ca', '@ca']],
    ['imaps --insecure', 'imaps', ['--insecure']],
    ['imaps --ca FILE', 'imaps', ['--ca', '@ca']],
  ])('IMAP over %s: LOGIN, SELECT, FETCH, IDLE/DONE, LOGOUT', async (_name, service, flags) => {
    await sandbox.store.deliver('alice', 'INBOX', Buffer.from('Subject: imap-cli\r\n\r\nHi.\r\n'));
    const args = [url(service), ...flags.map((f) => (f === '@ca' ? caFile : f))];
    const run = await runConnect(args, IMAP_SCRIPT);
    expect(run.code, run.stderr).toBe(0);
    const w = wire(run.lines);
    const tag = flags.includes('--starttls') ? 1 : 0;
    const t = (n: number): string => `A${String(n + tag).padStart(3, '0')}`;
    expect(w).toContain(`C: ${t(1)} LOGIN <redacted>`);
    expect(w).toContain(`C: ${t(3)} FETCH 1 (FLAGS BODY[HEADER.FIELDS (SUBJECT)])`);
    expect(w).toContain('S: Subject: imap-cli');
    expect(w).toContain('S: + idling');
    expect(w).toContain('C: DONE');
    expect(w).toContain(`S: ${t(4)} OK IDLE terminated`);
    expect(w.at(-1)).toBe(`S: ${t(5)} OK LOGOUT completed`);
    if (service === 'imaps' || flags.includes('--starttls')) {
      expect(run.lines).toContain('#  certificate subject: CN=sandbox.test');
      expect(run.lines).toContainEqual(flags.includes('--insecure') ? expect.stringMatching(/^#  certificate NOT verified: .*self-signed/) : '#  certificate verified');
      expect(run.lines.some((l) => l.startsWith('#  SHA-256 fingerprint: ' + sandbox.certificate.fingerprint256))).toBe(true);
    }
  });

  it('SMTP and POP3 --starttls with --ca, smtps with --ca', async () => {
    const smtp = await runConnect([url('submission'), '--starttls', '--ca', caFile, '--no-annotate'], 'EHLO me\nQUIT\n');
    expect(smtp.code, smtp.stderr).toBe(0);
    expect(wire(smtp.lines).slice(1, 2)).toEqual([expect.stringMatching(/^C: EHLO \S+$/)]);
    expect(wire(smtp.lines)).toContain('C: STARTTLS');
    expect(smtp.lines).toContain('#  certificate verified');
    const afterTls = wire(smtp.lines).slice(wire(smtp.lines).indexOf('C: EHLO me'));
    expect(afterTls.some((l) => l.includes('STARTTLS'))).toBe(false);
    const pop3 = await runConnect([url('pop3'), '--starttls', '--ca', caFile], 'USER bob\nPASS password\nQUIT\n');
    expect(pop3.code, pop3.stderr).toBe(0);
    expect(wire(pop3.lines).slice(1, 3)).toEqual(['C: CAPA', expect.stringMatching(/^S: \+OK/)]);
    const smtps = await runConnect([url('smtps'), '--ca', caFile], 'QUIT\n');
    expect(smtps.code, smtps.stderr).toBe(0);
  }, 60_000); // three sessions in one test: on a loaded 2-core machine each start takes seconds

  it('IDLE in an open session shows a delivery as it happens', async () => {
    const p = ConnectProcess.start([url('imap'), '--no-annotate']);
    p.write('LOGIN bob password\nSELECT INBOX\nIDLE\n');
    await p.waitFor('S: + idling');
    const count = (await sandbox.store.messages('bob', 'INBOX')).length;
    await sandbox.store.deliver('bob', 'INBOX', Buffer.from('Subject: pushed\r\n\r\nx\r\n'));
    await p.waitFor(`S: * ${count + 1} EXISTS`);
    p.write('DONE\n');
    await p.waitFor('OK IDLE terminated');
    p.end();
    expect(await p.waitExit()).toBe(0);
    expect(wire(p.lines()).at(-1)).toMatch(/^S: A004 OK LOGOUT completed/);
  });

  it('stdin ends without QUIT: QUIT is sent politely, exit 0', async () => {
    const run = await runConnect([url('smtp'), '--no-annotate'], 'EHLO me\n');
    expect(run.code, run.stderr).toBe(0);
    expect(wire(run.lines).slice(-2)).toEqual(['C: QUIT', expect.stringMatching(/^S: 221 /)]);
  });

  it('sandbox:smtp works end to end (and its temporary store is removed)', async () => {
    const run = await runConnect(['sandbox:smtp'], 'EHLO me\nMAIL FROM:<alice@sandbox.test>\nRCPT TO:<bob@sandbox.test>\nDATA\nSubject: x\n\nhi\n.\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContainEqual(expect.stringMatching(/^S: 250 2\.0\.0 Ok: queued as \S+, delivered to bob/));
    expect(wire(run.lines).at(-1)).toMatch(/^S: 221 /);
  });

  it('sandbox:imap trusts the sandbox certificate for --starttls', async () => {
    const run = await runConnect(['sandbox:imap', '--starttls'], 'LOGIN alice password\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContain('#  certificate verified');
  });

  it('--json prints one parseable event per line', async () => {
    const run = await runConnect([url('smtp'), '--json'], 'EHLO me\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    const events = run.lines.map((l) => JSON.parse(l) as { type: string; t: number; text?: string });
    expect(events[0]).toMatchObject({ type: 'recv', text: expect.stringMatching(/^220 /) });
    expect(events.filter((e) => e.type === 'send').map((e) => e.text)).toEqual(['EHLO me', 'QUIT']);
    expect(events.some((e) => e.type === 'annotation')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'close', reason: 'quit' });
    expect(events.every((e) => typeof e.t === 'number')).toBe(true);
  });

  it(':raw shows line ends; :b64 and :help print # lines and send nothing', async () => {
    const run = await runConnect([url('smtp'), '--no-annotate'], ':b64 \\0alice\\0password\n:help MAIL\n:raw\nNOOP\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContain('#  base64: AGFsaWNlAHBhc3N3b3Jk');
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  MAIL FROM:<reverse-path>/));
    expect(run.lines).toContain('C: NOOP\\r\\n');
    expect(run.lines).toContainEqual(expect.stringMatching(/^S: 250 .*\\r\\n$/));
    expect(wire(run.lines).filter((l) => l.startsWith('C: '))).toEqual(['C: NOOP\\r\\n', 'C: QUIT\\r\\n']);
  });
});

describe('mailproto connect, recordings', () => {
  const b64 = (t: string): string => Buffer.from(t).toString('base64');
  /** The password, and the base64 of anything that holds it (AUTH PLAIN). */
  const leaks = (text: string): string[] =>
    [PASSWORD, b64(`\0erin\0${PASSWORD}`), b64(PASSWORD)].filter((secret) => text.includes(secret));

  it.each([
    ['smtp', `EHLO me\n:auth plain erin ${PASSWORD}\nQUIT\n`],
    ['pop3', `USER erin\nPASS ${PASSWORD}\nQUIT\n`],
    ['imap', `LOGIN erin ${PASSWORD}\nLOGOUT\n`],
  ] as const)('--record (%s): the transcript has the header and events and no password', async (service, input) => {
    const file = join(dir, `rec-${service}.jsonl`);
    const run = await runConnect([url(service), '--record', file], input);
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(leaks(text)).toEqual([]);
    expect(leaks(run.stdout)).toEqual([]);
    // It was a real login, not a refusal.
    expect(run.stdout).toMatch(/^S: (235|\+OK Logged in|A001 OK)/m);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ type: 'header', version: 1, protocol: service, target: url(service), started: expect.any(String), title: expect.any(String) });
    expect(Number.isNaN(Date.parse(lines[0]!.started as string))).toBe(false);
    expect(lines.slice(1).every((l) => typeof l.t === 'number' && ['send', 'recv', 'tls', 'note', 'marker', 'close'].includes(l.type as string))).toBe(true);
    expect(lines.filter((l) => l.redacted === true).length).toBeGreaterThan(0);
    expect(lines.find((l) => l.redacted)).toMatchObject({ type: 'send', text: expect.stringContaining('<redacted>') });
    expect(lines.at(-1)).toMatchObject({ type: 'close' });
  });

  it('--show-secrets keeps them; :record FILE starts recording mid-session', async () => {
    const file = join(dir, 'rec-secrets.jsonl');
    const run = await runConnect([url('pop3'), '--show-secrets'], `USER erin\n:record ${file}\nPASS ${PASSWORD}\nQUIT\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContain(`C: PASS ${PASSWORD}`);
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'header', protocol: 'pop3' });
    expect(lines.filter((l) => l.type === 'send').map((l) => l.text)).toEqual([`PASS ${PASSWORD}`, 'QUIT']);
  });
});

describe('mailproto connect, errors and exit statuses', () => {
  it.each([
    ['ftp://example.org', /unknown scheme "ftp"/],
    ['127.0.0.1:25', /Try: mailproto connect smtp:\/\/127\.0\.0\.1:25/],
    ['imap://alice:secret@host', /password in the target/],
    ['sandbox:nntp', /sandbox speaks smtp, pop3 and imap/],
    ['smtp://host:99999', /bad target/],
  ])('bad target %s: one line, a "Try", exit 1', async (target, message) => {
    const run = await runConnect([target], '');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^mailproto: .*Try: /);
  });

  it('--starttls with an implicit-TLS scheme is a usage error (exit 1)', async () => {
    const run = await runConnect([url('imaps'), '--starttls'], '');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/TLS from the start/);
  });

  it('connection refused: exit 2, one line', async () => {
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as { port: number }).port;
    await new Promise<void>((r) => free.close(() => r()));
    const run = await runConnect([`smtp://127.0.0.1:${port}`], 'QUIT\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^mailproto: could not connect to 127\.0\.0\.1:\d+: connection refused.*Try: /);
  });

  it.each([
    ['smtps', []],
    ['imap', ['--starttls']],
  ] as const)("TLS verification fails against the sandbox's self-signed certificate (%s): plain words, exit 3", async (service, flags) => {
    const run = await runConnect([url(service), ...flags], 'QUIT\n');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^mailproto: TLS certificate not trusted: the certificate is self-signed.*Try: --insecure to continue anyway, or --ca FILE/);
    expect(run.lines).toContain('#  certificate subject: CN=sandbox.test');
    expect(run.stdout).not.toMatch(/^C: (?!A001 STARTTLS|EHLO|CAPA|STLS|STARTTLS)/m);
  });

  it('--ca with a file that is not a certificate: exit 1', async () => {
    const bad = join(dir, 'not-a-cert.pem');
    await writeFile(bad, 'hello');
    const run = await runConnect([url('smtps'), '--ca', bad], '');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/holds no PEM certificate/);
  });
});
