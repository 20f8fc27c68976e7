/**
 * `mailproto sandbox` as instructors run it: the --json listening line and session events, the
 * banner, signals, faults, one-line errors for bad flags, and `sandbox users`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, ROOT } from '../../helpers/cli-process.js';
import { RawClient } from '../../helpers/raw-client.js';
import { requireTool } from '../../helpers/require-tool.js';
import { python } from '../../helpers/tools.js';

/** Each sandbox start generates a 2048-bit RSA certificate: slow on a busy CI machine. */
const SLOW = { timeout: 60_000 };

/** design.md's services, in the order of the listening line. */
const SERVICES = ['smtp', 'submission', 'smtps', 'pop3', 'pop3s', 'imap', 'imaps'] as const;
/** The services this build of `mailproto sandbox` has a --PORT option for (read from its --help). */
let offered: string[];
/** `--smtp 0 --submission 0 ...` for every offered service: no test ever binds a default port. */
let FREE_PORTS: string[];

type Listening = { event: string; host: string; data: string; [service: string]: unknown };

/** A throw-away HOME, so that a command that falls back to the default data directory never touches the real one. */
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  requireTool('python3');
  ensureBuilt();
  home = await mkdtemp(join(tmpdir(), 'mailproto-home-'));
  env = { HOME: home, XDG_DATA_HOME: join(home, 'xdg') };
  const help = mailproto('sandbox', '--help').stdout;
  offered = SERVICES.filter((s) => help.includes(`--${s} <port>`));
  expect(offered).toEqual(expect.arrayContaining(['smtp', 'submission', 'smtps']));
  FREE_PORTS = offered.flatMap((s) => [`--${s}`, '0']);
}, 150_000);
afterEach(() => CliProcess.killAll());
afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

/** Runs a short-lived `mailproto` command to completion. */
function mailproto(...args: string[]) {
  return spawnSync(process.execPath, ['bin/mailproto', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } });
}

/** Starts `mailproto sandbox ... --json` and returns it with its parsed first line. */
async function jsonSandbox(...extra: string[]): Promise<{ proc: CliProcess; listening: Listening }> {
  const proc = CliProcess.start(['sandbox', ...extra, '--json'], env);
  await proc.waitFor(/\n/);
  return { proc, listening: JSON.parse(proc.lines()[0]!) as Listening };
}

/** smtplib: AUTH PLAIN (forced, so the credentials travel in the AUTH line itself) on submission, then a message to argv[4]. */
const SEND = String.raw`
import smtplib, sys
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='laptop.test')
s.ehlo()
s.user, s.password = sys.argv[2], sys.argv[3]
s.auth('PLAIN', s.auth_plain)
s.sendmail('alice@sandbox.test', [sys.argv[4]], 'Subject: from the CLI test\r\n\r\nHello.\r\n')
s.quit()
`;

async function send(port: number, user = 'alice', password = 'password', to = 'bob@sandbox.test'): Promise<void> {
  const r = await python(SEND, [String(port), user, password, to]);
  if (r.code !== 0) throw new Error(`smtplib failed:\n${r.stderr}`);
}

describe('mailproto sandbox --json', SLOW, () => {
  it('prints the listening line, then a delivered event; SIGTERM exits 0 and removes the --temp directory', async () => {
    const { proc, listening } = await jsonSandbox('--temp', ...FREE_PORTS);
    expect(Object.keys(listening)).toEqual(expect.arrayContaining(['event', 'host', ...SERVICES, 'data']));
    expect(listening).toMatchObject({ event: 'listening', host: '127.0.0.1', data: expect.any(String) });
    // Every service the CLI offers got a free port; the ones it does not serve yet are null.
    for (const s of SERVICES) {
      if (offered.includes(s)) expect(listening[s], s).toBeGreaterThan(0);
      else expect(listening[s], s).toBeNull();
    }
    expect(new Set(offered.map((s) => listening[s])).size).toBe(offered.length);
    expect(existsSync(join(listening.data, 'users', 'bob', 'Maildir', 'new'))).toBe(true);

    await send(listening.submission as number);
    await proc.waitFor(/"event":"delivered"/);
    const events = proc.lines().slice(1).map((l) => JSON.parse(l) as Record<string, unknown>);
    const delivered = events.find((e) => e.event === 'delivered');
    expect(delivered).toMatchObject({ protocol: 'smtp', user: 'bob', mailbox: 'INBOX', uid: 1 });
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['connect', 'command', 'reply', 'auth']));
    expect(events.find((e) => e.event === 'auth')).toMatchObject({ user: 'alice', ok: true });
    // The session log never carries credentials, neither plain nor base64 (\0alice\0password).
    expect(proc.stdout).not.toContain(Buffer.from('\0alice\0password').toString('base64'));
    expect(proc.stdout).not.toContain('password');
    expect(proc.stdout).toContain('"text":"AUTH PLAIN <redacted>","redacted":true');

    proc.signal('SIGTERM');
    expect(await proc.waitExit()).toEqual({ code: 0, signal: null });
    expect(proc.stderr).toBe('');
    expect(existsSync(listening.data)).toBe(false);
  });

  it('--fault "smtp:RCPT:452 4.2.2 Mailbox full" makes RCPT answer exactly that, and nothing else', async () => {
    const { proc, listening } = await jsonSandbox('--temp', ...FREE_PORTS, '--fault', 'smtp:RCPT:452 4.2.2 Mailbox full');
    const c = await RawClient.connect(listening.smtp as number);
    try {
      await c.waitFor(/^220 .*\r\n$/);
      expect(await c.smtp('EHLO laptop.test')).toMatch(/^250-/);
      expect(await c.smtp('MAIL FROM:<alice@sandbox.test>')).toBe('250 2.1.0 Sender <alice@sandbox.test> OK\r\n');
      expect(await c.smtp('RCPT TO:<bob@sandbox.test>')).toBe('452 4.2.2 Mailbox full\r\n');
      expect(await c.smtp('RCPT TO:<alice@sandbox.test>')).toBe('452 4.2.2 Mailbox full\r\n');
      expect(await c.smtp('DATA')).toMatch(/^503 /);
      expect(await c.smtp('QUIT')).toMatch(/^221 /);
    } finally {
      c.close();
    }
    proc.signal('SIGTERM');
    expect((await proc.waitExit()).code).toBe(0);
  });
});

describe('mailproto sandbox: flags that change SMTP replies', SLOW, () => {
  it('--no-vrfy: VRFY → 252 for anyone, EXPN → 502, as most real servers answer', async () => {
    const { proc, listening } = await jsonSandbox('--temp', ...FREE_PORTS, '--no-vrfy');
    const c = await RawClient.connect(listening.smtp as number);
    try {
      await c.waitFor(/^220 .*\r\n$/);
      for (const who of ['alice', 'nobody']) expect(await c.smtp(`VRFY ${who}`)).toMatch(/^252 2\.5\.0 Cannot VRFY user/);
      expect(await c.smtp('EXPN class')).toMatch(/^502 5\.5\.1 /);
      expect(await c.smtp('QUIT')).toMatch(/^221 /);
    } finally {
      c.close();
    }
    proc.signal('SIGTERM');
    expect((await proc.waitExit()).code).toBe(0);
  });

  it('--host 0.0.0.0 --allow-remote: EHLO offers no AUTH before STARTTLS, and plaintext AUTH → 538 (security.md 5)', async () => {
    const { proc, listening } = await jsonSandbox('--temp', ...FREE_PORTS, '--host', '0.0.0.0', '--allow-remote');
    expect(listening.host).toBe('0.0.0.0');
    // Only loopback traffic: the wildcard address includes 127.0.0.1.
    const c = await RawClient.connect(listening.smtp as number);
    try {
      await c.waitFor(/^220 .*\r\n$/);
      const ehlo = await c.smtp('EHLO laptop.test');
      expect(ehlo).toContain('250-STARTTLS\r\n');
      expect(ehlo).not.toMatch(/AUTH/);
      expect(await c.smtp(`AUTH PLAIN ${Buffer.from('\0alice\0password').toString('base64')}`)).toMatch(/^538 5\.7\.11 /);
      expect(await c.smtp('STARTTLS')).toMatch(/^220 /);
      c.clear();
      await c.startTls();
      expect(await c.smtp('EHLO laptop.test')).toContain('250-AUTH PLAIN LOGIN CRAM-MD5\r\n');
      expect(await c.smtp(`AUTH PLAIN ${Buffer.from('\0alice\0password').toString('base64')}`)).toMatch(/^235 2\.7\.0 /);
    } finally {
      c.close();
    }
    proc.signal('SIGTERM');
    expect((await proc.waitExit()).code).toBe(0);
  });
});

describe('mailproto sandbox --PORT off', SLOW, () => {
  it('turns services off: null in the listening line, nothing listening', async () => {
    const off = offered.filter((s) => s !== 'smtp').flatMap((s) => [`--${s}`, 'off']);
    const { proc, listening } = await jsonSandbox('--temp', '--smtp', '0', ...off);
    expect(SERVICES.filter((s) => listening[s] === null)).toEqual(SERVICES.filter((s) => s !== 'smtp'));
    expect(listening.smtp).toBeGreaterThan(0);
    proc.signal('SIGTERM');
    expect((await proc.waitExit()).code).toBe(0);
  });
});

describe('mailproto sandbox (banner)', SLOW, () => {
  it('names the ports it listens on and the users alice and bob; SIGINT stops it with exit 0', async () => {
    const proc = CliProcess.start(['sandbox', '--temp', ...FREE_PORTS], env);
    const banner = await proc.waitFor('Ctrl-C stops the server.');
    expect(banner).toMatch(/^mailproto sandbox for sandbox\.test, listening on 127\.0\.0\.1\n/);
    const port = (service: string): number => {
      const m = new RegExp(`^ {2}${service} +(\\d+) `, 'm').exec(banner);
      if (!m) throw new Error(`banner names no ${service} port:\n${banner}`);
      return Number(m[1]);
    };
    expect(banner).toMatch(/^ {2}users +alice@sandbox\.test, bob@sandbox\.test \(password: password\)$/m);
    // The ports in the banner are the ones really listening.
    for (const service of ['smtp', 'submission']) {
      const c = await RawClient.connect(port(service));
      await c.waitFor('220 sandbox.test ESMTP');
      c.close();
    }
    const tls = await RawClient.connect(port('smtps'), { tls: true });
    await tls.waitFor('220 sandbox.test ESMTP');
    tls.close();
    expect(banner).toContain(`swaks --server 127.0.0.1:${port('smtp')} --to bob@sandbox.test`);
    const data = /^ {2}data +(\S+)$/m.exec(banner)?.[1];
    expect(data && existsSync(data)).toBe(true);
    proc.signal('SIGINT');
    expect(await proc.waitExit()).toEqual({ code: 0, signal: null });
    expect(proc.stdout.endsWith('mailproto sandbox stopped.\n')).toBe(true);
    // Ctrl-C removes the --temp store too.
    expect(existsSync(data!)).toBe(false);
  });
});

describe('mailproto sandbox: bad flags are one line on stderr and a non-zero exit', SLOW, () => {
  it.each([
    [['--fault', 'nonsense'], /^mailproto: bad fault "nonsense": expected PROTOCOL:COMMAND:REPLY\[@PROBABILITY\].*Try: /],
    [['--host', '10.1.2.3'], /^mailproto: binding 10\.1\.2\.3 makes the sandbox reachable from other machines.*--allow-remote/],
    // A typo would otherwise be a fault that never fires.
    [['--fault', 'smtp:RCTP:452 4.2.2 Mailbox full'], /^mailproto: bad fault "smtp:RCTP:452 4\.2\.2 Mailbox full": RCTP is not an SMTP command the sandbox runs; use one of HELO, EHLO, MAIL, RCPT, .*Try: /],
    [['--fault', 'smtp:RCPT:Mailbox full'], /^mailproto: bad fault "smtp:RCPT:Mailbox full": the reply must start with a three-digit SMTP code/],
    [['--fault', 'imap:FECTH:NO [UNAVAILABLE] later'], /^mailproto: bad fault "imap:FECTH:NO \[UNAVAILABLE\] later": FECTH is not an IMAP command the sandbox runs; use one of .*Try: /],
    [['--fault', 'pop3:RETR:+OK here it is'], /^mailproto: bad fault "pop3:RETR:\+OK here it is": \+OK to RETR would promise a multi-line answer the fault cannot give.*Try: /],
    [['--cert', '/nonexistent/cert.pem'], /^mailproto: --cert and --key go together: --key is missing\. Try: --cert FILE --key FILE/],
    [['--key', '/nonexistent/key.pem'], /^mailproto: --cert and --key go together: --cert is missing\. Try: /],
    [['--cert', '/nonexistent/cert.pem', '--key', '/nonexistent/key.pem'], /^mailproto: cannot read the TLS key \/nonexistent\/key\.pem: no such file\. Try: /],
  ])('%j', (args, message) => {
    const r = mailproto('sandbox', '--temp', ...FREE_PORTS, ...args);
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([expect.stringMatching(message), '']);
  });

  it('--cert and --key that are not a certificate and its key: one line naming the files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailproto-cert-'));
    try {
      await writeFile(join(dir, 'cert.pem'), 'not a certificate\n');
      await writeFile(join(dir, 'key.pem'), 'not a key\n');
      const r = mailproto('sandbox', '--temp', ...FREE_PORTS, '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'));
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toEqual([expect.stringMatching(new RegExp(`^mailproto: cannot use the TLS certificate and key ${dir}/cert\\.pem and ${dir}/key\\.pem: .+\\. Try: `)), '']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--smtp 99999: commander names the option and the valid range (plus its usage hint line)', () => {
    const r = mailproto('sandbox', '--temp', '--smtp', '99999');
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    // NOTE: commander's showHelpAfterError adds "(add --help for usage)" as a second line.
    expect(r.stderr.split('\n')).toEqual([
      `error: option '--smtp <port>' argument '99999' is invalid. expected a port number from 0 to 65535, or "off"`,
      '(add --help for usage)',
      '',
    ]);
  });

  it('a second sandbox on a port in use: one line naming the port, exit non-zero; the first keeps running', async () => {
    const { proc: first, listening } = await jsonSandbox('--temp', ...FREE_PORTS);
    const taken = listening.smtp as number;
    const second = CliProcess.start(['sandbox', '--temp', ...offered.flatMap((s) => [`--${s}`, s === 'smtp' ? String(taken) : '0'])], env);
    const exit = await second.waitExit();
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(second.stdout).toBe('');
    const lines = second.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^mailproto: port ${taken} is already in use`));
    expect(lines[0]).not.toMatch(/\bat \S+:\d+/);
    const c = await RawClient.connect(taken);
    await c.waitFor('220 sandbox.test ESMTP');
    c.close();
    first.signal('SIGTERM');
    expect((await first.waitExit()).code).toBe(0);
  });
});

describe('mailproto --version and --help', () => {
  it('--version prints the package.json version', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = mailproto('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('--help lists the sandbox and explain commands', () => {
    const r = mailproto('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mailproto /);
    expect(r.stdout).toMatch(/^ {2}sandbox \[options\] +run the sandbox mail server/m);
    expect(r.stdout).toMatch(/^ {2}explain .+/m);
  });
});

describe('mailproto sandbox users', SLOW, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailproto-users-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('add, list and remove; users.json holds a hash, never the password; the sandbox accepts the account', async () => {
    const add = mailproto('sandbox', 'users', 'add', 'carol', 'correct-horse-7', '--data', dir);
    expect(add.status, add.stderr).toBe(0);
    expect(existsSync(join(home, 'xdg', 'mailproto')), `"users add ... --data DIR" wrote to the default data directory instead: ${add.stdout}`).toBe(false);
    expect(add.stdout).toBe(`added carol (${dir})\n`);

    const list = mailproto('sandbox', 'users', 'list', '--data', dir);
    expect(list.status).toBe(0);
    expect(list.stdout).toBe('carol\n');

    const file = await readFile(join(dir, 'users.json'), 'utf8');
    expect(file).toContain('carol');
    expect(file).not.toContain('correct-horse-7');
    expect(file).not.toContain(Buffer.from('correct-horse-7').toString('base64'));
    expect(file).not.toContain(Buffer.from('correct-horse-7').toString('hex'));

    // A sandbox on that data directory serves carol (and no longer the default users).
    const { proc, listening } = await jsonSandbox('--data', dir, ...FREE_PORTS);
    expect(listening.users).toEqual(['carol']);
    await send(listening.submission as number, 'carol', 'correct-horse-7', 'carol@sandbox.test');
    await proc.waitFor(/"event":"delivered","protocol":"smtp","session":"[^"]+","user":"carol"/);
    const failed = await python(SEND, [String(listening.submission), 'alice', 'password', 'carol@sandbox.test']);
    expect(failed.stderr).toContain('SMTPAuthenticationError');
    proc.signal('SIGTERM');
    expect((await proc.waitExit()).code).toBe(0);
    expect(existsSync(dir)).toBe(true);

    const remove = mailproto('sandbox', 'users', 'remove', 'carol', '--data', dir);
    expect(remove.status).toBe(0);
    expect(remove.stdout).toBe('removed carol\n');
    expect(mailproto('sandbox', 'users', 'list', '--data', dir).stdout).toBe('no stored accounts (the sandbox then uses alice and bob)\n');

    const again = mailproto('sandbox', 'users', 'remove', 'carol', '--data', dir);
    expect(again.status).not.toBe(0);
    expect(again.stderr.split('\n')).toEqual([expect.stringMatching(/^mailproto: no stored account named carol\. Try: mailproto sandbox users list$/), '']);
  });
});
