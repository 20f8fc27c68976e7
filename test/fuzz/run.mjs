#!/usr/bin/env node
/**
 * `npm run fuzz -- --minutes N [--side server|client|both] [--protocol P] [--seed S] [--case I]`:
 * the fuzz tests of test/fuzz for longer than `npm test` gives them (20 s each for the servers,
 * 15 s each for the client). Each protocol is fuzzed for N minutes; the chosen tests run side by
 * side, so the whole run takes about N minutes (twice that with `--side both` on a small machine).
 * `--side` picks the sandbox's servers (the default), the client (hostile server byte streams
 * against ClientSession), or both; `--protocol` takes smtp|pop3|imap, or client-smtp|client-pop3|
 * client-imap for the client tests of one protocol. `--seed` repeats a run, `--case` replays one
 * case of it (the failure report prints both).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const PROTOCOLS = ['smtp', 'pop3', 'imap'];
const SIDES = ['server', 'client', 'both'];

function usage(message) {
  process.stderr.write(`mailproto fuzz: ${message}\nusage: npm run fuzz -- --minutes N [--side server|client|both] [--protocol smtp|pop3|imap|client-smtp|client-pop3|client-imap] [--seed S] [--case I]\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '1' },
      side: { type: 'string' },
      protocol: { type: 'string', multiple: true },
      seed: { type: 'string' },
      case: { type: 'string' },
    },
  }));
} catch (err) {
  usage(err.message);
}
const minutes = Number(values.minutes);
if (!(minutes > 0) || !Number.isFinite(minutes)) usage(`--minutes must be a number above 0, got ${JSON.stringify(values.minutes)}`);
if (values.side !== undefined && !SIDES.includes(values.side)) usage(`--side must be server, client or both, got ${JSON.stringify(values.side)}`);
const side = values.side ?? 'server';
// Test file names without .test.ts: smtp (the server's), client-smtp (the client's), ...
let names;
if (values.protocol) {
  names = [];
  for (const p of values.protocol) {
    const bare = p.replace(/^client-/, '');
    if (!PROTOCOLS.includes(bare)) usage(`unknown protocol ${JSON.stringify(p)}`);
    if (p.startsWith('client-')) names.push(p);
    else {
      if (side !== 'client') names.push(p);
      if (side !== 'server') names.push(`client-${p}`);
    }
  }
} else {
  names = [...(side !== 'client' ? PROTOCOLS : []), ...(side !== 'server' ? PROTOCOLS.map((p) => `client-${p}`) : [])];
}
names = [...new Set(names)];
for (const [name, v] of [['seed', values.seed], ['case', values.case]]) {
  if (v !== undefined && !/^\d+$/.test(v)) usage(`--${name} must be a whole number`);
}
if (values.case !== undefined && values.seed === undefined) usage('--case needs the --seed of the run it comes from');

const env = { ...process.env, MAILPROTO_FUZZ_SECONDS: String(Math.max(1, Math.round(minutes * 60))) };
if (values.seed !== undefined) env.MAILPROTO_FUZZ_SEED = values.seed;
if (values.case !== undefined) env.MAILPROTO_FUZZ_CASE = values.case;

// vitest does not export its CLI entry; it sits in the repository's node_modules.
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
if (!existsSync(vitest)) usage('vitest is not installed: run npm install first');
const files = names.map((p) => `test/fuzz/${p}.test.ts`);
const root = fileURLToPath(new URL('../..', import.meta.url));
const child = spawn(process.execPath, [vitest, 'run', ...files, '--maxWorkers', String(Math.min(names.length, 3))], { stdio: 'inherit', env, cwd: root });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
