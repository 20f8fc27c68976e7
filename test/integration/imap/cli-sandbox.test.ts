/**
 * POP3 and IMAP through `mailproto sandbox` itself (the built CLI): the pop3/pop3s/imap/imaps
 * ports of design.md with their defaults in --help, free ports with 0, TLS on the implicit ports,
 * `--fault` for both protocols, and the POP3/IMAP flags (--pop3-timeout, --imap-timeout,
 * --pop3-login-delay). No test binds a default port: other suites and peers may be running.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CliProcess, ensureBuilt, ROOT } from '../../helpers/cli-process.js';
import { expectOk, imap, login, openImap, sendAndWait } from '../../helpers/imap-wire.js';
import { cmd, login as popLogin, openPop3 } from '../../helpers/pop3-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';

const SLOW = { timeout: 60_000 };
const SERVICES = ['smtp', 'submission', 'smtps', 'pop3', 'pop3s', 'imap', 'imaps'] as const;
type Listening = Record<string, unknown>;

let home: string;
let env: NodeJS.ProcessEnv;
const clients: RawClient[] = [];

beforeAll(async () => {
  ensureBuilt();
  home = await mkdtemp(join(tmpdir(), 'mailproto-home-'));
  env = { HOME: home, XDG_DATA_HOME: join(home, 'xdg') };
}, 150_000);
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await CliProcess.killAll();
});
afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

async function sandbox(...extra: string[]): Promise<{ proc: CliProcess; ports: Record<string, number> }> {
  const free = SERVICES.flatMap((s) => [`--${s}`, '0']);
  const proc = CliProcess.start(['sandbox', '--temp', ...free, ...extra, '--json'], env);
  await proc.waitFor(/\n/);
  const listening = JSON.parse(proc.lines()[0]!) as Listening;
  const ports = Object.fromEntries(SERVICES.map((s) => [s, listening[s] as number]));
  return { proc, ports };
}

function track<T extends RawClient>(c: T): T {
  clients.push(c);
  return c;
}

describe('mailproto sandbox: the POP3 and IMAP services', SLOW, () => {
  it('--help names the design.md default ports 2110, 2995, 2143, 2993 and the POP3/IMAP flags', () => {
    const help = spawnSync(process.execPath, ['bin/mailproto', 'sandbox', '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } }).stdout.replace(/\s+/g, ' ');
    for (const [service, port] of [['pop3', 2110], ['pop3s', 2995], ['imap', 2143], ['imaps', 2993]] as const) {
      expect(help).toContain(`--${service} <port> ${service} port, 0 for a free one, "off" to disable (default ${port})`);
    }
    for (const flag of ['--pop3-timeout <seconds>', '--imap-timeout <seconds>', '--pop3-login-delay <seconds>']) expect(help).toContain(flag);
  });

  it('serves POP3 and IMAP in plain text and on the implicit-TLS ports, over the one store', async () => {
    const { ports } = await sandbox();
    for (const port of [ports.pop3!, ports.pop3s!]) {
      const tls = port === ports.pop3s;
      const p = track(await openPop3(port, { tls }));
      expect(p.text).toMatch(/^\+OK sandbox\.test POP3 mailproto sandbox ready <[^>]+>\r\n$/);
      expect(await popLogin(p, 'bob')).toMatch(/^\+OK Logged in as bob/);
      expect((await cmd(p, 'QUIT')).status).toMatch(/^\+OK /);
    }
    for (const port of [ports.imap!, ports.imaps!]) {
      const tls = port === ports.imaps;
      const c = track(await openImap(port, { tls }));
      expect(c.text).toMatch(tls ? /^\* OK \[CAPABILITY IMAP4rev1 (?!.*STARTTLS).*AUTH=PLAIN/ : /^\* OK \[CAPABILITY IMAP4rev1 .*STARTTLS/);
      await login(c, 'bob');
      await expectOk(c, 'a APPEND INBOX {18+}\r\nSubject: x\r\n\r\nhi\r\n');
    }
    // Both APPENDs are in bob's maildrop for POP3.
    const p = track(await openPop3(ports.pop3!));
    await popLogin(p, 'bob');
    expect((await cmd(p, 'STAT')).status).toBe('+OK 2 36');
  });

  it('--fault works for both: imap:APPEND:NO [OVERQUOTA] ... and pop3:PASS:-ERR [IN-USE] ...', async () => {
    const { ports } = await sandbox('--fault', 'imap:APPEND:NO [OVERQUOTA] Quota exceeded', '--fault', 'pop3:PASS:-ERR [IN-USE] Mailbox locked');
    const c = track(await openImap(ports.imap!));
    await login(c, 'bob');
    expect(await imap(c, 'a APPEND INBOX {18+}\r\nSubject: x\r\n\r\nhi\r\n')).toBe('a NO [OVERQUOTA] Quota exceeded\r\n');
    expect(await imap(c, 'c STATUS INBOX (MESSAGES)')).toContain('* STATUS "INBOX" (MESSAGES 0)');
    const p = track(await openPop3(ports.pop3!));
    expect(await popLogin(p, 'bob')).toBe('-ERR [IN-USE] Mailbox locked');
  });

  it('--imap-timeout and --pop3-timeout end idle sessions; IDLE is exempt', async () => {
    const { ports } = await sandbox('--imap-timeout', '1', '--pop3-timeout', '1');
    const quiet = track(await openImap(ports.imap!));
    const idle = track(await openImap(ports.imap!));
    await login(idle, 'bob');
    await expectOk(idle, 's SELECT INBOX');
    await sendAndWait(idle, 'i IDLE\r\n', /^\+ idling\r\n$/);
    const p = track(await openPop3(ports.pop3!));
    expect(await quiet.waitFor(/\* BYE Autologout: idle for too long\r\n$/, 5000)).toContain('* BYE');
    expect(await p.waitFor(/-ERR \[SYS\/TEMP\] Disconnected for inactivity\r\n$/, 5000)).toContain('-ERR');
    await quiet.waitClosed();
    expect(await sendAndWait(idle, 'DONE\r\n', /i OK [^\r\n]*\r\n$/)).toMatch(/^i OK /);
  });

  it('--pop3-login-delay is announced in CAPA and enforced with [LOGIN-DELAY]', async () => {
    const { ports } = await sandbox('--pop3-login-delay', '30');
    const first = track(await openPop3(ports.pop3!));
    expect((await cmd(first, 'CAPA', true)).body).toContain('LOGIN-DELAY 30');
    expect(await popLogin(first, 'bob')).toMatch(/^\+OK /);
    await cmd(first, 'QUIT');
    const second = track(await openPop3(ports.pop3!));
    expect(await popLogin(second, 'bob')).toMatch(/^-ERR \[LOGIN-DELAY\] bob logged in less than 30 s ago/);
  });
});
