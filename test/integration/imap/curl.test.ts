/**
 * curl's imap:// and imaps:// against the sandbox: the bare URL is LIST, `/INBOX;UID=n` selects
 * and fetches one message, `/INBOX?SUBJECT x` searches; --ssl-reqd makes curl upgrade with
 * STARTTLS, and --login-options picks the SASL mechanism.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../helpers/imap-wire.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { run } from '../../helpers/tools.js';

const FIRST = message('curl first', 'One.');
const SECOND = message('curl second', 'Two.\r\nLines.');

let sb: TestSandbox;
let curlCmd: string;

beforeAll(async () => {
  curlCmd = requireTool('curl');
  sb = await startTestSandbox();
  await sb.store.deliver('bob', 'INBOX', Buffer.from(FIRST));
  await sb.store.deliver('bob', 'INBOX', Buffer.from(SECOND));
  await sb.store.create('bob', 'Archive');
});
afterAll(async () => sb?.stop());

type Mode = 'plain' | 'starttls' | 'imaps';
const TLS_ARGS: Record<Mode, string[]> = { plain: [], starttls: ['--ssl-reqd', '-k'], imaps: ['-k'] };

function url(mode: Mode, path = ''): string {
  const port = mode === 'imaps' ? sb.ports.imaps! : sb.ports.imap!;
  return `${mode === 'imaps' ? 'imaps' : 'imap'}://127.0.0.1:${port}/${path}`;
}

/** curl -v puts the dialogue on stderr: `> ` sent, `< ` received. */
function dialogue(stderr: string): string[] {
  return stderr.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.startsWith('> ') || l.startsWith('< '));
}

async function curl(mode: Mode, args: readonly string[]): Promise<{ code: number | null; stdout: string; lines: string[] }> {
  const r = await run(curlCmd, ['-sS', '-v', '--user', 'bob:password', ...TLS_ARGS[mode], ...args]);
  return { code: r.code, stdout: r.stdout, lines: dialogue(r.stderr) };
}

describe.each<Mode>(['plain', 'starttls', 'imaps'])('curl over %s', (mode) => {
  it('lists the mailboxes at the bare URL', async () => {
    const r = await curl(mode, [url(mode)]);
    expect(r.code).toBe(0);
    expect(r.lines.some((l) => /^> \S+ LIST "" \*$/.test(l))).toBe(true);
    expect(r.stdout).toContain('* LIST (\\HasNoChildren) "." "INBOX"\r\n');
    expect(r.stdout).toContain('* LIST (\\HasNoChildren) "." "Archive"\r\n');
    expect(r.stdout).toContain('* LIST (\\HasNoChildren \\Sent) "." "Sent"\r\n');
  });

  it('fetches a message by UID', async () => {
    const r = await curl(mode, [url(mode, 'INBOX;UID=2')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(SECOND);
    expect(r.lines.some((l) => /^> \S+ SELECT INBOX$/.test(l))).toBe(true);
    expect(r.lines.some((l) => /^< \S+ OK \[READ-WRITE\] SELECT completed$/.test(l))).toBe(true);
    if (mode === 'starttls') expect(r.lines.some((l) => /^> \S+ STARTTLS$/.test(l))).toBe(true);
  });

  it('searches the mailbox', async () => {
    const r = await curl(mode, [url(mode, 'INBOX?SUBJECT%20%22curl%20first%22')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('* SEARCH 1\r\n');
  });

  it('authenticates with PLAIN and SASL-IR by default, with the LOGIN mechanism when asked', async () => {
    const viaPlain = await curl(mode, [url(mode, 'INBOX;UID=1')]);
    expect(viaPlain.stdout).toBe(FIRST);
    expect(viaPlain.lines.some((l) => /^> \S+ AUTHENTICATE PLAIN \S+$/.test(l))).toBe(true);
    const viaLogin = await curl(mode, ['--login-options', 'AUTH=LOGIN', url(mode, 'INBOX;UID=1')]);
    expect(viaLogin.code).toBe(0);
    expect(viaLogin.stdout).toBe(FIRST);
    expect(viaLogin.lines).toContain('< + UGFzc3dvcmQ6'); // "Password:" after the SASL-IR user name
    expect(viaLogin.lines.some((l) => /^> \S+ AUTHENTICATE LOGIN Ym9i$/.test(l))).toBe(true);
  });

  it('reports a wrong password as a login failure', async () => {
    const r = await run(curlCmd, ['-sS', '-v', '--user', 'bob:wrong', ...TLS_ARGS[mode], url(mode, 'INBOX;UID=1')]);
    expect(r.code).toBe(67); // CURLE_LOGIN_DENIED
    expect(dialogue(r.stderr).some((l) => /^< \S+ NO \[AUTHENTICATIONFAILED\]/.test(l))).toBe(true);
  });
});
