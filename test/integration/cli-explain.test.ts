import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function mailproto(...args: string[]) {
  return spawnSync(process.execPath, ['bin/mailproto', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
}

beforeAll(() => {
  if (existsSync(join(ROOT, 'dist/cli/main.js'))) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore', timeout: 120_000 });
  } catch {
    // tsc emits even when some other file has a type error; the check below decides.
  }
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('npm run build did not produce dist/cli/main.js');
}, 150_000);

describe('mailproto explain', () => {
  it('explains a code and an enhanced code for people', () => {
    const stdout = execFileSync(process.execPath, ['bin/mailproto', 'explain', '550', '5.1.1'], { cwd: ROOT, encoding: 'utf8' });
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('SMTP reply: 550 5.1.1');
    expect(lines).toContain('550 reply code');
    expect(lines).toContain('5.1.1 Bad destination mailbox address');
    expect(lines).toContain('  (RFC 5321 §4.2.2)');
    expect(lines).toContain('  (RFC 3463 §3.2)');
    expect(stdout).toMatch(/^ {2}Next: /m);
    expect(stdout.endsWith('\n')).toBe(true);
  });

  it('prints one JSON object with --json', () => {
    const run = mailproto('explain', '421', '4.4.2', 'timeout', '--json');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const e = JSON.parse(run.stdout);
    expect(e).toMatchObject({ protocol: 'smtp', input: '421 4.4.2 timeout', code: 421, enhanced: '4.4.2', text: 'timeout' });
    expect(e.parts[0]).toMatchObject({ kind: 'reply-code', label: '421 reply code', rfc: expect.stringMatching(/^RFC 5321/) });
  });

  it('accepts --protocol smtp and a whole reply line', () => {
    const run = mailproto('explain', '--protocol', 'smtp', '250-PIPELINING', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).parts.map((p: { kind: string }) => p.kind)).toContain('ehlo-keyword');
  });

  it('refuses a protocol without an explainer', () => {
    const run = mailproto('explain', '--protocol', 'nntp', '200 ready');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("argument 'nntp' is invalid");
    expect(run.stdout).toBe('');
  });

  it('says in one line what is wrong with garbage, and exits 1', () => {
    const run = mailproto('explain', 'garbage');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('mailproto: not a reply code I know: garbage. Try: mailproto explain 550 5.1.1\n');
  });

  it('names the rule an invalid enhanced code breaks', () => {
    const run = mailproto('explain', '5.01.1');
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('leading zero');
    expect(run.stderr).toContain('RFC 3463 §2');
  });

  it.each([
    [['NO'], 'IMAP response: NO', ['NO (tagged): failure', '* NO: warning', '  (RFC 3501 §7.1.2)']],
    [['--protocol', 'imap', 'PREAUTH'], 'IMAP response: PREAUTH', ['* PREAUTH: already logged in', '  (RFC 3501 §7.1.4)']],
    [['BYE'], 'IMAP response: BYE', ['* BYE: closing', '  (RFC 3501 §7.1.5)']],
    [['EXISTS'], 'IMAP response: EXISTS', ['EXISTS: mailbox size', '  (RFC 3501 §7.3.1)']],
    [['* 3 EXISTS'], 'IMAP response: * 3 EXISTS', ['* 3 EXISTS', '  (RFC 3501 §7.3.1)']],
    [['NONEXISTENT'], 'IMAP response code: NONEXISTENT', ['[NONEXISTENT] response code', '  (RFC 5530 §3)']],
    [['* OK [UIDVALIDITY 3] UIDs valid'], 'IMAP response: * OK [UIDVALIDITY 3] UIDs valid', ['[UIDVALIDITY] response code', '* OK: information']],
    [['IN-USE'], 'POP3 response code: IN-USE', ['[IN-USE] response code', '  (RFC 2449 §8.1.2)']],
    [['--protocol', 'pop3', 'sys/temp'], 'POP3 response code: sys/temp', ['[SYS/TEMP] response code', '  (RFC 3206 §4)']],
    [['-ERR [AUTH] bad password'], 'POP3 response: -ERR [AUTH] bad password', ['[AUTH] response code', '-ERR negative status indicator']],
    [['+OK 2 320'], 'POP3 response: +OK 2 320', ['+OK positive status indicator', '  (RFC 1939 §3)']],
  ])('POP3 and IMAP: explain %j', (args, heading, lines) => {
    const run = mailproto('explain', ...args);
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout.split('\n');
    expect(out[0]).toBe(heading);
    for (const line of lines) expect(out).toContain(line);
  });
});
