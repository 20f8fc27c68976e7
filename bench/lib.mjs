// Shared helpers for the benchmarks: timing, child processes, peers. Benchmarks print figures and
// ratios; none of them is a timed test.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** Waits until something accepts connections on the port. */
export async function waitForPort(port, timeoutMs = 10_000) {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
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
