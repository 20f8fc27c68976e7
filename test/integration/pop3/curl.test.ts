/**
 * curl's pop3:// and pop3s:// against the sandbox: the URL without a message number is LIST, with
 * one it is RETR; --ssl-reqd makes curl upgrade with STLS; --login-options picks the mechanism.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../helpers/pop3-wire.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { run } from '../../helpers/tools.js';

const DOTS = message(['From: alice@sandbox.test', 'Subject: dots', '', '.', '..x', '.leading', 'end']);
const PLAIN = message(['From: alice@sandbox.test', 'Subject: plain', '', 'hello', 'bob']);

let sb: TestSandbox;
let curlCmd: string;

beforeAll(async () => {
  curlCmd = requireTool('curl');
  sb = await startTestSandbox();
  await sb.store.deliver('bob', 'INBOX', DOTS);
  await sb.store.deliver('bob', 'INBOX', PLAIN);
});
afterAll(async () => {
  await sb?.stop();
});

type Mode = 'plain' | 'stls' | 'pop3s';
function url(mode: Mode, path = '', password = 'password'): string {
  const scheme = mode === 'pop3s' ? 'pop3s' : 'pop3';
  const port = mode === 'pop3s' ? sb.ports.pop3s! : sb.ports.pop3!;
  return `${scheme}://bob:${password}@127.0.0.1:${port}/${path}`;
}
const TLS_ARGS: Record<Mode, string[]> = { plain: [], stls: ['--ssl-reqd', '-k'], pop3s: ['-k'] };

/** curl -v puts the dialogue on stderr: `> ` sent, `< ` received. */
function dialogue(stderr: string): string[] {
  return stderr.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.startsWith('> ') || l.startsWith('< '));
}

async function curl(args: readonly string[]): Promise<{ code: number | null; stdout: Buffer; lines: string[] }> {
  const r = await run(curlCmd, ['-sS', '-v', ...args]);
  return { code: r.code, stdout: Buffer.from(r.stdout, 'utf8'), lines: dialogue(r.stderr) };
}

describe.each<Mode>(['plain', 'stls', 'pop3s'])('curl over %s', (mode) => {
  it('the bare URL lists the messages (LIST)', async () => {
    const r = await curl([...TLS_ARGS[mode], url(mode)]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe(`1 ${DOTS.length}\r\n2 ${PLAIN.length}\r\n`);
    expect(r.lines).toContain('> LIST');
  });

  it('/1 fetches message 1 (RETR) with its dot lines exactly as stored', async () => {
    const r = await curl([...TLS_ARGS[mode], url(mode, '1')]);
    expect(r.code).toBe(0);
    expect(r.lines).toContain('> RETR 1');
    expect(r.stdout.equals(DOTS)).toBe(true);
  });

  it(mode === 'stls' ? 'upgrades with STLS before logging in' : 'sends no STLS', async () => {
    const r = await curl([...TLS_ARGS[mode], url(mode, '2')]);
    expect(r.stdout.equals(PLAIN)).toBe(true);
    const stls = r.lines.indexOf('> STLS');
    const login = r.lines.findIndex((l) => /^> (AUTH|APOP|USER)/.test(l));
    expect(login).toBeGreaterThan(0);
    if (mode === 'stls') {
      expect(r.lines[stls + 1]).toBe('< +OK Begin TLS negotiation');
      expect(login).toBeGreaterThan(stls);
      // CAPA is asked again inside TLS; it no longer offers STLS.
      expect(r.lines.slice(stls)).toContain('> CAPA');
      expect(r.lines.slice(stls)).not.toContain('< STLS');
    } else {
      expect(stls).toBe(-1);
    }
  });
});

describe('curl login mechanisms', () => {
  it.each([
    ['AUTH=PLAIN', /^> AUTH PLAIN/],
    ['AUTH=LOGIN', /^> AUTH LOGIN/],
    ['AUTH=CRAM-MD5', /^> AUTH CRAM-MD5$/],
    ['AUTH=+APOP', /^> APOP bob [0-9a-f]{32}$/],
  ])('--login-options %s logs in', async (option, sent) => {
    const r = await curl(['--login-options', option, url('plain')]);
    expect(r.code).toBe(0);
    expect(r.lines.some((l) => sent.test(l))).toBe(true);
    expect(r.lines).toContain(`< +OK Logged in as bob: maildrop has 2 messages (${DOTS.length + PLAIN.length} octets)`);
    expect(r.stdout.toString()).toMatch(/^1 \d+\r\n2 \d+\r\n$/);
  });

  it('a wrong password: curl fails with "login denied" (67) after -ERR [AUTH]', async () => {
    const r = await curl([url('plain', '', 'wrong')]);
    expect(r.code).toBe(67);
    expect(r.lines.some((l) => l.startsWith('< -ERR [AUTH] Authentication failed'))).toBe(true);
    expect(r.stdout.length).toBe(0);
  });
});

describe('curl custom commands (-X)', () => {
  it('UIDL lists stable unique ids', async () => {
    const a = await curl(['-X', 'UIDL', url('plain')]);
    const b = await curl(['-X', 'UIDL', url('plain')]);
    expect(a.stdout.toString()).toMatch(/^1 [\x21-\x7e]{1,70}\r\n2 [\x21-\x7e]{1,70}\r\n$/);
    expect(b.stdout.toString()).toBe(a.stdout.toString());
  });

  it('TOP 2 1 gives the headers, the blank line and one body line', async () => {
    const r = await curl(['-X', 'TOP 2 1', url('plain')]);
    expect(r.stdout.toString()).toBe('From: alice@sandbox.test\r\nSubject: plain\r\n\r\nhello\r\n');
  });
});
