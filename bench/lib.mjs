// Shared helpers for the benchmarks: timing, child processes, peers. Benchmarks print figures and
// ratios; none of them is a timed test.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; resolves with exit code, output and wall time in ms. */
export function runTimed(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}

/** True when something accepts connections on the port now. */
export async function portOpen(port) {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Waits until something accepts connections on the port. */
export async function waitForPort(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline) throw new Error(`nothing listening on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function tempDir(prefix) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Prints a table of results with the ratio of each row to the reference row. */
export function printTable(title, rows, { unit, reference, higherIsBetter = true }) {
  console.log(`\n${title}`);
  const ref = rows.find((r) => r.name === reference);
  for (const r of rows) {
    const ratio = ref && r.value > 0 ? (higherIsBetter ? r.value / ref.value : ref.value / r.value) : NaN;
    const note = r.note ? `  ${r.note}` : '';
    console.log(`  ${r.name.padEnd(34)} ${r.value.toFixed(1).padStart(10)} ${unit}   ${Number.isNaN(ratio) ? '' : `${ratio.toFixed(2)}x ${reference}`}${note}`);
  }
}

/** Parses `--name value` flags. */
export function flags(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1]?.startsWith('--') || argv[i + 1] === undefined ? true : argv[++i];
  }
  return out;
}

/** Stops a child process and waits for it, also when it has already exited. */
export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The median of a list of numbers (NaN for an empty list). */
export function median(values) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The p-th percentile (0..100) of a list of numbers, nearest rank (NaN for an empty list). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Linux reports CPU times in clock ticks of 1/100 s (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** CPU time (user + system, ms) used so far by a process, from /proc (Linux); NaN elsewhere. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/**
 * CPU time (ms) of a process and its descendants (Dovecot's master and its imap and auth
 * processes, also those that have exited), from /proc; NaN elsewhere. Granularity: 10 ms per process.
 */
export function treeCpuMs(rootPid) {
  let entries;
  try {
    entries = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return NaN;
  }
  const parent = new Map();
  const cpu = new Map();
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(pid), Number(f[1]));
      // utime + stime, and cutime + cstime: children that have exited and were reaped (Dovecot's
      // imap process of a connection that has logged out) are gone from /proc but counted there.
      cpu.set(Number(pid), ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / CLOCK_TICKS);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const [pid, ms] of cpu) {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) {
      if (p === rootPid) {
        total += ms;
        break;
      }
    }
  }
  return total;
}

/** Resident memory (VmRSS) of a process in MB, from /proc (Linux); NaN elsewhere or once it is gone. */
export function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Where the peers' scripts live (../shared/peers next to the repository, or MAILPROTO_PEERS). */
export function peersDir() {
  return process.env.MAILPROTO_PEERS ?? fileURLToPath(new URL('../../shared/peers/', import.meta.url));
}

/** True when a command is on the PATH. */
export function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts a throwaway Dovecot (peers/dovecot.sh) on free loopback ports with users alice and bob,
 * password "password". Its output goes to a file: a pipe would stay open in the daemon and make
 * the start wait. Resolves with { imap, pop3, dir, stop() }.
 */
export async function startDovecot({ dir: given } = {}) {
  // With dir, an existing Dovecot directory is started again (mail kept); stop() then leaves it.
  const { dir, remove } = given ? { dir: given, remove: async () => undefined } : await tempDir('mailproto-bench-dovecot-');
  // The mail user (vmail) must be able to reach DIR/mail; mkdtemp makes DIR private to us.
  chmodSync(dir, 0o755);
  const [imap, imaps, pop3, pop3s] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env = { ...process.env, PEER_IMAP: String(imap), PEER_IMAPS: String(imaps), PEER_POP3: String(pop3), PEER_POP3S: String(pop3s) };
  const script = join(peersDir(), 'dovecot.sh');
  const log = openSync(join(dir, 'start.log'), 'w');
  try {
    const r = spawnSync('bash', [script, 'start', dir], { env, stdio: ['ignore', log, log] });
    if (r.status !== 0) throw new Error(`dovecot did not start (${r.status}): ${readFileSync(join(dir, 'start.log'), 'utf8')}`);
  } finally {
    closeSync(log);
  }
  await waitForPort(imap);
  const pidFile = join(dir, 'run', 'master.pid');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  // Dovecot runs on its own, outside our process group: stop it also when the benchmark is
  // interrupted.
  const forget = atInterrupt(() => spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore' }));
  return {
    imap,
    pop3,
    dir,
    pid,
    /** Stops the daemon; the directory stays (for a restart) when `keep` is set. */
    async stop({ keep = false } = {}) {
      forget();
      spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
      // doveadm stop returns before the master has exited (and removed its pid file).
      for (let i = 0; i < 200 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 50));
      if (!keep) await remove();
    },
  };
}

const interruptHandlers = new Set();
/** Runs `fn` (synchronously) if the benchmark gets SIGINT or SIGTERM; returns a function that forgets it. */
export function atInterrupt(fn) {
  if (interruptHandlers.size === 0) {
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        for (const h of interruptHandlers) h();
        process.exit(130);
      });
    }
  }
  interruptHandlers.add(fn);
  return () => interruptHandlers.delete(fn);
}

/**
 * Starts `mailproto sandbox` as a child with the listed services on free ports (the others off);
 * resolves with { child, ports, data, stop() } once every service listens. Without `json` the
 * instructors' event log stays off, as it would be in a class: logging every response costs CPU.
 */
export async function startSandboxChild({ services = ['smtp', 'imap'], args = [], env, nodeArgs = [], bin, dataDir, json = false } = {}) {
  // With dataDir the caller owns the directory (a restart on the same store); stop() leaves it.
  const data = dataDir ? { dir: dataDir, remove: async () => undefined } : await tempDir('mailproto-bench-sandbox-');
  const launcher = bin ?? fileURLToPath(new URL('../bin/mailproto', import.meta.url));
  const ports = {};
  const portArgs = [];
  for (const s of ['smtp', 'submission', 'smtps', 'pop3', 'pop3s', 'imap', 'imaps']) {
    ports[s] = services.includes(s) ? await freePort() : null;
    portArgs.push(`--${s}`, ports[s] === null ? 'off' : String(ports[s]));
  }
  const child = spawn(process.execPath, [...nodeArgs, launcher, 'sandbox', ...(json ? ['--json'] : []), '--data', data.dir, ...portArgs, ...args], {
    stdio: ['ignore', json ? 'pipe' : 'ignore', 'pipe'],
    env: env ?? process.env,
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  // The event log, when asked for, is read and dropped so the child never blocks on a full pipe.
  child.stdout?.resume();
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`sandbox exited (${code}): ${stderr}`))));
  exited.catch(() => undefined);
  for (const s of services) await Promise.race([waitForPort(ports[s], 60_000), exited]);
  return {
    child,
    ports,
    data: data.dir,
    stderr: () => stderr,
    async stop({ keep = false } = {}) {
      await stopChild(child);
      if (!keep) await data.remove();
    },
  };
}
