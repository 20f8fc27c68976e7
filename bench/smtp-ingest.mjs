// SMTP ingest: Postfix's smtp-source against the sandbox, against nodemailer's smtp-server writing
// the same Maildir with the same durability (file fsync, rename, directory fsync), and against
// Postfix's smtp-sink (which discards). Prints messages per second and the ratios.
//
// Usage: node bench/smtp-ingest.mjs [--messages N] [--sessions S] [--length L] [--rounds R]
//   [--only sandbox,smtp-server,smtp-server-filesync,smtp-sink]
//   [--threadpool N]      UV_THREADPOOL_SIZE of the sandbox process
//   [--cpu-prof DIR]      write a .cpuprofile of the sandbox process into DIR (see prof-summary.mjs)
//   [--compare-bin PATH]  also run another build's launcher (e.g. a checkout of the previous commit)
// With --rounds R every target runs R times, interleaved, and the median is shown (the spread in the
// note): on a shared machine a single run says little.
import { fork, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs, flags, freePort, median, printTable, runTimed, stopChild, tempDir, waitForPort } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const opts = flags(process.argv.slice(2));
const messages = Number(opts.messages ?? 20000);
const sessions = Number(opts.sessions ?? 20);
const length = Number(opts.length ?? 10240);
const rounds = Number(opts.rounds ?? 1);
const only = typeof opts.only === 'string' ? new Set(opts.only.split(',')) : undefined;
const threadpool = opts.threadpool === undefined ? undefined : String(opts.threadpool);
const cpuProf = typeof opts['cpu-prof'] === 'string' ? resolve(opts['cpu-prof']) : undefined;
const compareBin = typeof opts['compare-bin'] === 'string' ? resolve(opts['compare-bin']) : undefined;
const ownBin = join(here, '..', 'bin', 'mailproto');

async function source(port) {
  const r = await runTimed('smtp-source', ['-d', '-s', String(sessions), '-l', String(length), '-m', String(messages), '-f', 'alice@sandbox.test', '-t', 'bob@sandbox.test', `127.0.0.1:${port}`]);
  if (r.code !== 0) throw new Error(`smtp-source failed (${r.code}): ${r.out}`);
  return r.ms;
}

async function countFiles(dir) {
  return (await readdir(dir)).length;
}

async function sandbox(bin) {
  const port = await freePort();
  const data = await tempDir('mailproto-bench-');
  const nodeArgs = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : [];
  const env = threadpool ? { ...process.env, UV_THREADPOOL_SIZE: threadpool } : process.env;
  const off = ['submission', 'smtps', 'pop3', 'pop3s', 'imap', 'imaps'].flatMap((s) => [`--${s}`, 'off']);
  const child = spawn(process.execPath, [...nodeArgs, bin, 'sandbox', '--data', data.dir, '--smtp', String(port), ...off], { stdio: 'ignore', env });
  try {
    await waitForPort(port, 30_000);
    const cpu0 = cpuMs(child.pid);
    const ms = await source(port);
    const cpu = cpuMs(child.pid) - cpu0;
    return { ms, cpu, stored: await countFiles(join(data.dir, 'users', 'bob', 'Maildir', 'new')) };
  } finally {
    await stopChild(child);
    await data.remove();
  }
}

async function smtpServer(dirFsync) {
  const port = await freePort();
  const data = await tempDir('mailproto-bench-peer-');
  const args = [String(port), data.dir, ...(dirFsync ? [] : ['--no-dir-fsync'])];
  const child = fork(join(here, 'maildir-smtp-server.mjs'), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    await waitForPort(port);
    const cpu0 = cpuMs(child.pid);
    const ms = await source(port);
    const cpu = cpuMs(child.pid) - cpu0;
    return { ms, cpu, stored: await countFiles(join(data.dir, 'new')) };
  } finally {
    await stopChild(child);
    await data.remove();
  }
}

async function smtpSink() {
  const port = await freePort();
  // smtp-sink refuses to run as root without -u; nobody is on every Debian system.
  const asRoot = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
  const child = spawn('smtp-sink', [...asRoot, `127.0.0.1:${port}`, '1000'], { stdio: 'ignore' });
  try {
    await waitForPort(port);
    return { ms: await source(port), cpu: NaN, stored: undefined };
  } finally {
    await stopChild(child);
  }
}

const tp = threadpool ? `UV_THREADPOOL_SIZE=${threadpool}` : '';
const targets = [
  { key: 'sandbox', name: 'mailproto sandbox (Maildir, fsync)', run: () => sandbox(ownBin), note: tp },
  ...(compareBin ? [{ key: 'sandbox', name: 'sandbox --compare-bin', run: () => sandbox(compareBin), note: [compareBin, tp].filter(Boolean).join(', ') }] : []),
  { key: 'smtp-server', name: 'smtp-server (Maildir, fsync)', run: () => smtpServer(true), note: '' },
  { key: 'smtp-server-filesync', name: 'smtp-server (file fsync only)', run: () => smtpServer(false), note: 'weaker: no directory fsync' },
  { key: 'smtp-sink', name: 'postfix smtp-sink (discards)', run: () => smtpSink(), note: 'upper bound of the load generator' },
].filter((t) => !only || only.has(t.key));

console.log(`SMTP ingest: smtp-source -d -s ${sessions} -l ${length} -m ${messages}${rounds > 1 ? `, ${rounds} rounds (median)` : ''}`);
const rates = new Map(targets.map((t) => [t.name, []]));
const cpus = new Map(targets.map((t) => [t.name, []]));
let errors = 0;
for (let r = 0; r < rounds; r++) {
  for (const t of targets) {
    const { ms, cpu, stored } = await t.run();
    if (!Number.isNaN(cpu)) cpus.get(t.name).push(cpu / messages);
    if (stored !== undefined && stored !== messages) {
      errors++;
      console.log(`  ${t.name}: ${stored} of ${messages} messages stored`);
    }
    rates.get(t.name).push((messages / ms) * 1000);
  }
}
const rows = targets.map((t) => {
  const all = rates.get(t.name);
  const spread = all.length > 1 ? `runs ${all.map((v) => v.toFixed(0)).join(' ')}` : '';
  // CPU per message (server process, all threads) is much less disturbed by other load than msg/s.
  const cpu = cpus.get(t.name).length > 0 ? `${median(cpus.get(t.name)).toFixed(2)} CPU ms/msg` : '';
  return { name: t.name, value: median(all), note: [cpu, t.note, spread].filter(Boolean).join('; ') };
});
printTable('messages per second (higher is better)', rows, { unit: 'msg/s', reference: 'smtp-server (Maildir, fsync)' });
console.log(`  target: sandbox >= 1.0x smtp-server (Maildir, fsync); errors: ${errors}`);
if (errors > 0) process.exitCode = 1;
