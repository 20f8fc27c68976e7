/**
 * `mailproto connect` and `mailproto wrap` against a real Postfix (../shared/peers/postfix.sh,
 * SMTP on 127.0.0.1:3025, STARTTLS with a self-signed certificate for CN=peer.test, local users
 * alice and bob). Postfix here offers no AUTH. All Postfix tests live in this one file, which
 * holds a lock on it (test/helpers/mail-peers.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';
import { startPostfixServer, type PostfixServer } from '../../helpers/mail-peers.js';
import { requireTool } from '../../helpers/require-tool.js';
import { WrapPty } from '../../helpers/wrap-pty.js';

let postfix: PostfixServer;
let dir: string;
const target = (): string => `smtp://127.0.0.1:${postfix.port}`;
const wire = (lines: readonly string[]): string[] => lines.filter((l) => /^[SC]: /.test(l));

beforeAll(async () => {
  requireTool('postfix', ['/usr/sbin/postfix']);
  ensureBuilt();
  postfix = await startPostfixServer();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-postfix-'));
}, 150_000);
afterEach(() => {
  ConnectProcess.killAll();
  WrapPty.killAll();
});
afterAll(async () => {
  await postfix?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mailproto connect against Postfix', () => {
  it("printf 'EHLO me\\nQUIT\\n' | mailproto connect smtp://127.0.0.1:3025: S:, C: and # lines", async () => {
    const run = await runConnect([target()], 'EHLO me\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[0]).toBe('S: 220 peer.test ESMTP Postfix');
    expect(run.lines[1]).toMatch(/^#  220 Service ready: the server is listening/);
    expect(wire(run.lines).slice(1, 3)).toEqual(['C: EHLO me', 'S: 250-peer.test']);
    const i = run.lines.indexOf('S: 250-STARTTLS');
    expect(run.lines[i + 1]).toMatch(/^#  STARTTLS: The connection can be upgraded to TLS/);
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  PIPELINING: /));
    expect(wire(run.lines).slice(-2)).toEqual(['C: QUIT', 'S: 221 2.0.0 Bye']);
    expect(run.lines.at(-1)).toMatch(/^#  221 2\.0\.0 Goodbye/);
    expect(run.lines.every((l) => /^(S: |C: |#  )/.test(l))).toBe(true);
  });

  it('a whole transaction: queued (explained), and the message lands in alice\'s Maildir', async () => {
    const subject = `peer-test-${process.pid}-${Date.now()}`;
    const run = await runConnect([target()], `EHLO me\nMAIL FROM:<bob@peer.test>\nRCPT TO:<alice@peer.test>\nDATA\nSubject: ${subject}\n\n.leading dot\n.\nQUIT\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContain('C: ..leading dot');
    const queued = run.lines.findIndex((l) => /^S: 250 2\.0\.0 Ok: queued as \w+$/.test(l));
    expect(queued).toBeGreaterThan(0);
    expect(run.lines[queued + 1]).toMatch(/^#  250 2\.0\.0 /);
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  354 /));
    const maildir = '/home/alice/Maildir/new';
    const deadline = Date.now() + 20_000;
    let found: string | undefined;
    while (!found && Date.now() < deadline) {
      found = existsSync(maildir) ? readdirSync(maildir).map((f) => readFileSync(join(maildir, f), 'latin1')).find((m) => m.includes(subject)) : undefined;
      if (!found) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found, 'delivered to /home/alice/Maildir/new').toContain('\n.leading dot\n');
  });

  it('--starttls --ca peer-cert.pem: CN=peer.test does not name 127.0.0.1, a host name mismatch in plain words, exit 3', async () => {
    const run = await runConnect([target(), '--starttls', '--ca', postfix.cert], 'EHLO me\nQUIT\n');
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('mailproto: TLS certificate not trusted: host name mismatch: the certificate is for CN=peer.test, not for 127.0.0.1. Try: --insecure to continue anyway, or --ca FILE with the certificate (or CA) you trust\n');
    expect(run.lines).toContain('#  certificate subject: CN=peer.test');
    // Nothing was sent inside TLS.
    expect(wire(run.lines).filter((l) => l.startsWith('C: '))).toEqual([expect.stringMatching(/^C: EHLO \S+$/), 'C: STARTTLS']);
  });

  it('--starttls --insecure: TLS is up, the warning stays, and the EHLO inside TLS no longer offers STARTTLS', async () => {
    const run = await runConnect([target(), '--starttls', '--insecure'], 'EHLO me\nNOOP\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  TLS TLSv1\.[23], cipher /));
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  certificate NOT verified: the certificate is self-signed/));
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  warning: the certificate is NOT verified .*--insecure/));
    const inside = wire(run.lines).slice(wire(run.lines).indexOf('C: EHLO me'));
    expect(inside[1]).toBe('S: 250-peer.test');
    expect(inside.some((l) => l.includes('STARTTLS'))).toBe(false);
    expect(inside.slice(-2)).toEqual(['C: QUIT', 'S: 221 2.0.0 Bye']);
  });

  it('--record: AUTH (which this Postfix refuses) is still redacted; --show-secrets keeps it', async () => {
    const blob = Buffer.from('\0alice\0Pf-Secret-1').toString('base64');
    const file = join(dir, 'postfix.jsonl');
    const run = await runConnect([target(), '--record', file], `EHLO me\n:auth plain alice Pf-Secret-1\nAUTH PLAIN ${blob}\nQUIT\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContainEqual(expect.stringMatching(/^S: 503 5\.5\.1 Error: authentication not enabled/));
    const text = await readFile(file, 'utf8');
    for (const leak of ['Pf-Secret-1', blob]) {
      expect(text).not.toContain(leak);
      expect(run.stdout).not.toContain(leak);
    }
    expect(text.split('\n').filter((l) => l.includes('"redacted":true'))).toHaveLength(2);
    const shown = await runConnect([target(), '--record', file, '--show-secrets'], `EHLO me\nAUTH PLAIN ${blob}\nQUIT\n`);
    expect(shown.code, shown.stderr).toBe(0);
    expect(await readFile(file, 'utf8')).toContain(blob);
  });
});

describe('mailproto wrap against Postfix', () => {
  it('openssl s_client -quiet -crlf -starttls smtp: EHLO and QUIT explained', async () => {
    requireTool('openssl');
    const p = WrapPty.start(['--', 'openssl', 's_client', '-quiet', '-crlf', '-starttls', 'smtp', '-connect', `127.0.0.1:${postfix.port}`], { NO_COLOR: '1' });
    await p.waitFor(/verify return:1\n/);
    p.type('EHLO me\r');
    await p.waitFor(/#  CHUNKING: /);
    const lines = p.lines();
    expect(lines[lines.indexOf('250-peer.test') + 1]).toMatch(/^#  250 EHLO accepted: the server greets you \("peer\.test"\)/);
    p.type('QUIT\r');
    await p.waitFor(/#  221 2\.0\.0 Goodbye/);
    expect(await p.waitExit()).toBe(0);
  });
});
