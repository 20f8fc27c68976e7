/**
 * curl's SMTP uploads against the sandbox: plain, STARTTLS (--ssl-reqd) and smtps://, with files
 * that use CRLF and bare-LF line ends. Stored messages only ever hold CRLF (RFC 5321 §2.3.8).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStored, headerFields } from '../../helpers/maildir-files.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { run } from '../../helpers/tools.js';

let sb: TestSandbox;
let curlCmd: string;
let files: string;

beforeAll(async () => {
  curlCmd = requireTool('curl');
  sb = await startTestSandbox();
  files = await mkdtemp(join(tmpdir(), 'mailproto-curl-'));
});
afterAll(async () => {
  await sb?.stop();
  if (files) await rm(files, { recursive: true, force: true });
});

/** Writes a message file whose Subject is `marker`, with `eol` line ends. */
async function messageFile(marker: string, body: readonly string[], eol: '\r\n' | '\n'): Promise<string> {
  const path = join(files, `${marker}.eml`);
  const lines = ['From: alice@sandbox.test', 'To: bob@sandbox.test', `Subject: ${marker}`, '', ...body];
  await writeFile(path, lines.join(eol) + eol);
  return path;
}

/** curl -sS -v URL/laptop.test (the URL path is curl's EHLO name) ... -T file; -v puts the dialogue on stderr. */
function curl(url: string, file: string, extra: readonly string[] = [], rcpt = 'bob@sandbox.test') {
  return run(curlCmd, ['-sS', '-v', `${url}/laptop.test`, '--mail-from', 'alice@sandbox.test', '--mail-rcpt', rcpt, '-T', file, ...extra]);
}

/** The SMTP lines of curl's verbose output: `> ` sent, `< ` received. */
function dialogue(stderr: string): string[] {
  return stderr.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.startsWith('> ') || l.startsWith('< '));
}

function bodyOf(text: string): string {
  return text.slice(text.indexOf('\r\n\r\n') + 4);
}

/** Every LF is preceded by CR and every CR followed by LF. */
function onlyCrlf(raw: Buffer): boolean {
  return !/\r(?!\n)|(?<!\r)\n/.test(raw.toString('latin1'));
}

const port = (p: number | null): number => {
  if (p === null) throw new Error('service not running');
  return p;
};

describe('curl uploads to the sandbox', () => {
  it('plain smtp:// with a CRLF file: delivered byte for byte, a leading dot survives dot-stuffing', async () => {
    const file = await messageFile('curl-crlf', ['line one', '.leading dot', '..two dots', 'end'], '\r\n');
    const r = await curl(`smtp://127.0.0.1:${port(sb.ports.smtp)}`, file);
    expect(r.code, r.stderr).toBe(0);
    const d = dialogue(r.stderr);
    expect(d).toContain('> EHLO laptop.test');
    expect(d.some((l) => /^< 250 2\.0\.0 Ok: queued as [0-9A-F]{10}, delivered to bob/.test(l))).toBe(true);
    const m = await findStored(sb.store, 'bob', 'curl-crlf');
    expect(bodyOf(m.text)).toBe('line one\r\n.leading dot\r\n..two dots\r\nend\r\n');
    const fields = headerFields(m.text);
    expect(fields[0]).toBe('Return-Path: <alice@sandbox.test>');
    expect(fields[1]).toMatch(/^Received: from laptop\.test \(\[127\.0\.0\.1\]\) by sandbox\.test \(mailproto sandbox\) with ESMTP id /);
    expect(onlyCrlf(m.raw)).toBe(true);
  });

  it('plain smtp:// with a bare-LF file: stored with CRLF line ends only', async () => {
    const file = await messageFile('curl-lf', ['line one', 'line two', 'end'], '\n');
    const r = await curl(`smtp://127.0.0.1:${port(sb.ports.smtp)}`, file);
    expect(r.code, r.stderr).toBe(0);
    const m = await findStored(sb.store, 'bob', 'curl-lf');
    expect(onlyCrlf(m.raw)).toBe(true);
    expect(headerFields(m.text)).toEqual(expect.arrayContaining(['From: alice@sandbox.test', 'To: bob@sandbox.test', 'Subject: curl-lf']));
    // Without --crlf curl ends the last bare-LF line with "\r\n.\r\n", so the sandbox (which
    // takes a bare LF as a line end, like Postfix's "normalize") sees one more empty line.
    expect(bodyOf(m.text)).toMatch(/^line one\r\nline two\r\nend\r\n(\r\n)?$/);
  });

  it('--crlf converts a bare-LF file on the way: stored exactly as the CRLF version', async () => {
    const file = await messageFile('curl-lf-crlf', ['line one', '.leading dot', 'end'], '\n');
    const r = await curl(`smtp://127.0.0.1:${port(sb.ports.smtp)}`, file, ['--crlf']);
    expect(r.code, r.stderr).toBe(0);
    const m = await findStored(sb.store, 'bob', 'curl-lf-crlf');
    expect(bodyOf(m.text)).toBe('line one\r\n.leading dot\r\nend\r\n');
  });

  it('STARTTLS with --ssl-reqd -k and --user on submission: WITH ESMTPSA', async () => {
    const file = await messageFile('curl-starttls', ['over STARTTLS'], '\r\n');
    const r = await curl(`smtp://127.0.0.1:${port(sb.ports.submission)}`, file, ['--ssl-reqd', '-k', '--user', 'alice:password']);
    expect(r.code, r.stderr).toBe(0);
    const d = dialogue(r.stderr);
    const tls = d.indexOf('> STARTTLS');
    expect(tls).toBeGreaterThan(0);
    expect(d[tls + 1]).toBe('< 220 2.0.0 Ready to start TLS');
    expect(d.slice(tls)).toContain('< 235 2.7.0 Authentication successful: welcome, alice');
    const m = await findStored(sb.store, 'bob', 'curl-starttls');
    expect(headerFields(m.text)[1]).toMatch(/ with ESMTPSA id /);
  });

  it('smtps:// with -k and --user (AUTH PLAIN forced): WITH ESMTPSA', async () => {
    const file = await messageFile('curl-smtps', ['over implicit TLS'], '\r\n');
    const r = await curl(`smtps://127.0.0.1:${port(sb.ports.smtps)}`, file, ['-k', '--user', 'alice:password', '--login-options', 'AUTH=PLAIN']);
    expect(r.code, r.stderr).toBe(0);
    const d = dialogue(r.stderr);
    expect(d[0]).toBe('< 220 sandbox.test ESMTP mailproto sandbox');
    expect(d.some((l) => l.startsWith('> AUTH PLAIN'))).toBe(true);
    expect(d).not.toContain('< 250-STARTTLS');
    const m = await findStored(sb.store, 'bob', 'curl-smtps');
    expect(headerFields(m.text)[1]).toMatch(/ with ESMTPSA id /);
  });

  it('without -k curl refuses the self-signed certificate (exit 60), and nothing is delivered', async () => {
    const file = await messageFile('curl-verify', ['never sent'], '\r\n');
    const r = await curl(`smtps://127.0.0.1:${port(sb.ports.smtps)}`, file, ['--user', 'alice:password']);
    expect(r.code).toBe(60);
    expect(r.stderr).toMatch(/self[- ]signed certificate/i);
    await expect(findStored(sb.store, 'bob', 'curl-verify')).rejects.toThrow(/found 0/);
  });

  it('an unknown recipient fails the upload with the 550 reply (exit 55)', async () => {
    const file = await messageFile('curl-nobody', ['nobody home'], '\r\n');
    const r = await curl(`smtp://127.0.0.1:${port(sb.ports.smtp)}`, file, [], 'nobody@sandbox.test');
    expect(r.code).toBe(55);
    expect(dialogue(r.stderr)).toContain('< 550 5.1.1 <nobody@sandbox.test>: no such user in the sandbox (users: alice, bob)');
  });

  it('a wrong password on submission is 535 and curl gives up (exit 67)', async () => {
    const file = await messageFile('curl-badpass', ['denied'], '\r\n');
    const r = await curl(`smtp://127.0.0.1:${port(sb.ports.submission)}`, file, ['--ssl-reqd', '-k', '--user', 'alice:wrong']);
    expect(r.code).toBe(67);
    expect(dialogue(r.stderr)).toContain('< 535 5.7.8 Authentication credentials invalid');
    await expect(findStored(sb.store, 'bob', 'curl-badpass')).rejects.toThrow(/found 0/);
  });
});
