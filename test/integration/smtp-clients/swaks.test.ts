/**
 * swaks, the tool the sandbox banner tells people to try first, against every SMTP service:
 * plain, STARTTLS with AUTH PLAIN, implicit TLS, and PIPELINING (RFC 2920).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStored, headerFields } from '../../helpers/maildir-files.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { run } from '../../helpers/tools.js';

let sb: TestSandbox;
let swaksCmd: string;

beforeAll(async () => {
  swaksCmd = requireTool('swaks');
  sb = await startTestSandbox();
});
afterAll(async () => sb?.stop());

const AUTH = ['--auth', 'PLAIN', '--auth-user', 'alice', '--auth-password', 'password'];

/** Runs swaks to bob with the brief's headers; `marker` is the body so each test finds its message. */
async function swaks(port: number | null, marker: string, extra: readonly string[] = [], to = 'bob@sandbox.test') {
  if (port === null) throw new Error('service not running');
  return run(swaksCmd, [
    '--server', `127.0.0.1:${port}`,
    '--to', to,
    '--from', 'alice@sandbox.test',
    '--helo', 'laptop.test',
    '--header', 'Subject: swaks test',
    '--body', `${marker}: hello from swaks`,
    '--timeout', '10',
    ...extra,
  ]);
}

/** swaks's transcript with the received lines (`<-  `, `<~  `) and sent lines (` -> `, ` ~> `) normalised. */
function transcript(stdout: string): string[] {
  return stdout.split('\n').map((l) => l.replace(/^<~ /, '<- ').replace(/^ ~> /, ' -> '));
}

async function storedFor(marker: string): Promise<string[]> {
  const m = await findStored(sb.store, 'bob', marker);
  expect(m.text).toContain(`\r\n\r\n${marker}: hello from swaks\r\n`);
  return headerFields(m.text);
}

describe('swaks delivers to the sandbox', () => {
  it('plain SMTP on the smtp port', async () => {
    const r = await swaks(sb.ports.smtp, 'swaks-plain');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = transcript(r.stdout);
    expect(lines).toContain('<-  220 sandbox.test ESMTP mailproto sandbox');
    expect(lines.some((l) => /^<- {2}250 2\.0\.0 Ok: queued as [0-9A-F]{10}, delivered to bob \(UID \d+\)$/.test(l))).toBe(true);
    const fields = await storedFor('swaks-plain');
    expect(fields[0]).toBe('Return-Path: <alice@sandbox.test>');
    expect(fields[1]).toMatch(/^Received: from laptop\.test \(\[127\.0\.0\.1\]\) by sandbox\.test \(mailproto sandbox\) with ESMTP id /);
    expect(fields).toContain('Subject: swaks test');
  });

  it('STARTTLS with AUTH PLAIN on submission', async () => {
    const r = await swaks(sb.ports.submission, 'swaks-starttls', ['--tls', ...AUTH]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const ready = lines.indexOf('<-  220 2.0.0 Ready to start TLS');
    expect(ready).toBeGreaterThan(0);
    expect(lines[ready + 1]).toMatch(/^=== TLS started with cipher TLSv1\.[23]:/);
    // After TLS (swaks marks encrypted lines with "~") the EHLO reply no longer offers STARTTLS (RFC 3207 §4.2).
    const after = lines.slice(ready);
    expect(after).toContain('<~  250 HELP');
    expect(after).not.toContain('<~  250-STARTTLS');
    expect(lines).toContain('<~  235 2.7.0 Authentication successful: welcome, alice');
    const fields = await storedFor('swaks-starttls');
    expect(fields[1]).toMatch(/ with ESMTPSA id /);
  });

  it('implicit TLS (--tls-on-connect) with AUTH PLAIN on smtps', async () => {
    const r = await swaks(sb.ports.smtps, 'swaks-smtps', ['--tls-on-connect', ...AUTH]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    // Over implicit TLS every line is encrypted, the greeting included: swaks marks them with "~".
    expect(lines).toContain('<~  220 sandbox.test ESMTP mailproto sandbox');
    expect(lines).toContain('=== TLS peer DN="/CN=sandbox.test"');
    expect(lines).toContain('<~  235 2.7.0 Authentication successful: welcome, alice');
    const fields = await storedFor('swaks-smtps');
    expect(fields[1]).toMatch(/ with ESMTPSA id /);
  });

  it('--pipeline: MAIL, RCPT and DATA go in one write and get three replies in order', async () => {
    const r = await swaks(sb.ports.smtp, 'swaks-pipeline', ['--pipeline']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = transcript(r.stdout);
    const mail = lines.indexOf(' -> MAIL FROM:<alice@sandbox.test>');
    expect(mail).toBeGreaterThan(0);
    expect(lines.slice(mail, mail + 6)).toEqual([
      ' -> MAIL FROM:<alice@sandbox.test>',
      ' -> RCPT TO:<bob@sandbox.test>',
      ' -> DATA',
      '<-  250 2.1.0 Sender <alice@sandbox.test> OK',
      '<-  250 2.1.5 <bob@sandbox.test> OK: recipient is bob',
      '<-  354 End data with <CR><LF>.<CR><LF>',
    ]);
    await storedFor('swaks-pipeline');
  });

  it('a pipelined unknown recipient is refused with 550 5.1.1, swaks fails and nothing is stored', async () => {
    const before = (await sb.store.messages('bob', 'INBOX')).length;
    const r = await swaks(sb.ports.smtp, 'swaks-nobody', ['--pipeline'], 'nobody@sandbox.test');
    expect(r.code).not.toBe(0);
    expect(transcript(r.stdout).some((l) => l.startsWith('<** 550 5.1.1 <nobody@sandbox.test>: no such user in the sandbox'))).toBe(true);
    expect((await sb.store.messages('bob', 'INBOX')).length).toBe(before);
    await expect(findStored(sb.store, 'alice', 'swaks-nobody')).rejects.toThrow(/found 0/);
  });
});
