/**
 * Real mail servers for the client's integration tests (../shared/peers/): a Dovecot of the test
 * file's own on free ports (IMAP, IMAPS, POP3, POP3S), and the system's Postfix on port 3025,
 * which one test file at a time may use (a lock file guards it). The peers scripts' output goes
 * to a log file, never a pipe: the daemons they start inherit it and would hold a pipe open.
 * Missing peers fail the test (CI installs them), never skip it.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DOVECOT_SCRIPT } from './dovecot.js';

const POSTFIX_SCRIPT = resolve(DOVECOT_SCRIPT, '../postfix.sh');
export const POSTFIX_PORT = 3025;
export const POSTFIX_CERT = '/etc/postfix/peer-cert.pem';

async function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  if (!existsSync(script)) throw new Error(`missing ${script}`);
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn('bash', [script, ...args], { env, stdio: ['ignore', fd, fd] });
    const code = await new Promise<number | null>((ok, fail) => {
      child.once('error', fail);
      child.once('exit', ok);
    });
    if (code !== 0) throw new Error(`${script} ${args.join(' ')} failed (${code}): ${readFileSync(logFile, 'latin1').slice(-2000)}`);
  } finally {
    closeSync(fd);
  }
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => ok(typeof addr === 'object' && addr !== null ? addr.port : 0));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });
}

export type DovecotPorts = { readonly imap: number; readonly imaps: number; readonly pop3: number; readonly pop3s: number };
export type DovecotServer = {
  readonly dir: string;
  readonly ports: DovecotPorts;
  /** Dovecot's self-signed certificate (CN=peer.test). */
  readonly cert: string;
  /** Adds a user (passwd-file, re-read by Dovecot on change); its mail lives in dir/mail/NAME. */
  addUser(name: string, password: string): void;
  stop(): Promise<void>;
};

/** Starts Dovecot with its state in `dir` on four free loopback ports. */
export async function startDovecotServer(dir: string): Promise<DovecotServer> {
  const ports: DovecotPorts = { imap: await freePort(), imaps: await freePort(), pop3: await freePort(), pop3s: await freePort() };
  const env = { ...process.env, PEER_IMAP: String(ports.imap), PEER_IMAPS: String(ports.imaps), PEER_POP3: String(ports.pop3), PEER_POP3S: String(ports.pop3s) };
  chmodSync(dir, 0o755);
  const log = join(dir, 'peer-script.log');
  await runScript(DOVECOT_SCRIPT, ['start', dir], env, log);
  return {
    dir,
    ports,
    cert: join(dir, 'cert.pem'),
    addUser(name, password) {
      const alice = readFileSync(join(dir, 'passwd'), 'utf8').split('\n').find((l) => l.startsWith('alice:'))!;
      const [, , uid, gid] = alice.split(':');
      appendFileSync(join(dir, 'passwd'), `${name}:{PLAIN}${password}:${uid}:${gid}::${join(dir, 'mail', name)}\n`);
    },
    stop: () => runScript(DOVECOT_SCRIPT, ['stop', dir], env, log),
  };
}

const POSTFIX_LOCK = join(tmpdir(), 'mailproto-postfix-peer.lock');

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the Postfix lock (a file holding our pid), waiting while another live test process holds it. */
async function lockPostfix(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(POSTFIX_LOCK, String(process.pid), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSync(POSTFIX_LOCK, 'utf8').trim());
    if (!Number.isInteger(holder) || holder <= 0 || !pidAlive(holder)) {
      unlinkSync(POSTFIX_LOCK);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Postfix is in use by test process ${holder} (lock ${POSTFIX_LOCK})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export type PostfixServer = { readonly port: number; readonly cert: string; stop(): Promise<void> };

/**
 * Starts (or reconfigures) the system Postfix on 127.0.0.1:3025 and holds it for this test file.
 * stop() stops it again if it was not running before, and lets the next file have it.
 */
export async function startPostfixServer(): Promise<PostfixServer> {
  await lockPostfix(120_000);
  const logDir = join(tmpdir(), 'mailproto-postfix-peer');
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, 'peer-script.log');
  try {
    const wasRunning = await listening(POSTFIX_PORT);
    await runScript(POSTFIX_SCRIPT, ['start'], process.env, log);
    return {
      port: POSTFIX_PORT,
      cert: POSTFIX_CERT,
      async stop() {
        try {
          if (!wasRunning) await runScript(POSTFIX_SCRIPT, ['stop'], process.env, log);
        } finally {
          unlinkSync(POSTFIX_LOCK);
        }
      },
    };
  } catch (err) {
    unlinkSync(POSTFIX_LOCK);
    throw err;
  }
}
