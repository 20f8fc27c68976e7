// SMTP ingest: Postfix's smtp-source against the sandbox, against nodemailer's smtp-server writing
// the same Maildir with fsync, and against Postfix's smtp-sink (which discards). Prints messages
// per second and the ratios. Usage: node bench/smtp-ingest.mjs [--messages N] [--sessions S] [--length L]
import { fork, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flags, freePort, printTable, runTimed, stopChild, tempDir, waitForPort } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const opts = flags(process.argv.slice(2));
const messages = Number(opts.messages ?? 20000);
const sessions = Number(opts.sessions ?? 20);
const length = Number(opts.length ?? 10240);

async function source(port) {
  const r = await runTimed('smtp-source', ['-d', '-s', String(sessions), '-l', String(length), '-m', String(messages), '-f', 'alice@sandbox.test', '-t', 'bob@sandbox.test', `127.0.0.1:${port}`]);
  if (r.code !== 0) throw new Error(`smtp-source failed (${r.code}): ${r.out}`);
  return r.ms;
}

async function countFiles(dir) {
  return (await readdir(dir)).length;
}

async function sandbox() {
  const port = await freePort();
  const data = await tempDir('mailproto-bench-');
  const child = spawn(process.execPath, [join(here, '..', 'bin', 'mailproto'), 'sandbox', '--data', data.dir, '--smtp', String(port), '--submission', 'off', '--smtps', 'off', '--pop3', 'off', '--pop3s', 'off', '--imap', 'off', '--imaps', 'off'], { stdio: 'ignore' });
  try {
    await waitForPort(port, 30_000);
    const ms = await source(port);
    const stored = await countFiles(join(data.dir, 'users', 'bob', 'Maildir', 'new'));
    return { name: 'mailproto sandbox (Maildir, fsync)', value: (messages / ms) * 1000, note: `${stored} stored` };
  } finally {
    await stopChild(child);
    await data.remove();
  }
}

async function smtpServer() {
  const port = await freePort();
  const data = await tempDir('mailproto-bench-peer-');
  const child = fork(join(here, 'maildir-smtp-server.mjs'), [String(port), data.dir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    await waitForPort(port);
    const ms = await source(port);
    const stored = await countFiles(join(data.dir, 'new'));
    return { name: 'smtp-server (Maildir, fsync)', value: (messages / ms) * 1000, note: `${stored} stored` };
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
    const ms = await source(port);
    return { name: 'postfix smtp-sink (discards)', value: (messages / ms) * 1000 };
  } finally {
    await stopChild(child);
  }
}

console.log(`SMTP ingest: smtp-source -d -s ${sessions} -l ${length} -m ${messages}`);
const rows = [await sandbox(), await smtpServer(), await smtpSink()];
printTable('messages per second (higher is better)', rows, { unit: 'msg/s', reference: 'smtp-server (Maildir, fsync)' });
