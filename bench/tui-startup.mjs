// Startup (issue 5): `mailproto --version` against a bare `node -e 0`, as a ratio; `explain`; what
// loading Ink and React would add; and how soon `connect` shows its first frame on a terminal
// (node-pty) and the server's greeting. Runs alternate so that a loaded machine hurts all alike.
//
//   node bench/tui-startup.mjs [--runs N]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as pty from 'node-pty';
import { runTimed } from './lib.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const RUNS = Number(values.runs);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;

const CASES = {
  'node -e 0': [node, ['-e', '0']],
  'mailproto --version': [node, ['bin/mailproto', '--version']],
  'mailproto explain 550': [node, ['bin/mailproto', 'explain', '550']],
  'node: import ink + react': [node, ['--input-type=module', '-e', "await import('ink'); await import('react')"]],
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const times = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
for (let i = 0; i < RUNS; i++) {
  for (const [name, [cmd, args]] of Object.entries(CASES)) {
    const r = await runTimed(cmd, args, { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' } });
    if (r.code !== 0) throw new Error(`${name} failed: ${r.out}`);
    times[name].push(r.ms);
  }
}

/** Time until the pty output matches each pattern, in order. */
function firstFrames(patterns) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, TERM: 'xterm-256color' };
    delete env.CI;
    const started = performance.now();
    const p = pty.spawn(node, ['bin/mailproto', 'connect', 'sandbox:smtp'], { cols: 100, rows: 30, cwd: ROOT, env });
    let out = '';
    let done = false;
    const seen = [];
    const timer = setTimeout(() => {
      p.kill();
      reject(new Error(`no ${patterns[seen.length]} within 60 s:\n${out}`));
    }, 60_000);
    p.onData((d) => {
      out += d;
      while (seen.length < patterns.length && patterns[seen.length].test(out)) seen.push(performance.now() - started);
      if (seen.length === patterns.length && !done) {
        done = true;
        clearTimeout(timer);
        p.write('\x03');
      }
    });
    p.onExit(() => resolve(seen));
  });
}

const frame = [];
const greeting = [];
for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
  const [f, g] = await firstFrames([/SMTP │/, /S: 220 /]);
  frame.push(f);
  greeting.push(g);
}

const base = median(times['node -e 0']);
console.log(`\nStartup, median of ${RUNS} runs (wall time, noisy machine)`);
for (const [name, xs] of Object.entries(times)) {
  console.log(`  ${name.padEnd(26)} ${median(xs).toFixed(0).padStart(6)} ms   ${(median(xs) / base).toFixed(2)}x node -e 0`);
}
console.log(`\n  mailproto --version / node -e 0 = ${(median(times['mailproto --version']) / base).toFixed(2)} (Ink and React are not loaded; see test/e2e/no-ink.test.ts)`);
console.log(`\nconnect sandbox:smtp on a terminal (node-pty), median of ${frame.length}`);
console.log(`  first frame (status line)  ${median(frame).toFixed(0).padStart(6)} ms`);
console.log(`  greeting on screen         ${median(greeting).toFixed(0).padStart(6)} ms   (includes starting the in-process sandbox)`);
