// Soak: mixed traffic of all three protocols against one sandbox for a while, with the sandbox's
// memory (VmRSS of the child) printed every --interval seconds, and every error counted.
//   SMTP   --smtp-workers connections send corpus messages (1-50 KB) to alice and bob, --rate msg/s
//   POP3   one worker for bob: STAT, LIST, UIDL, RETR of a few, DELE of all but the newest --keep, QUIT
//   IMAP   --imap-workers for alice, in a loop: SELECT, FETCH of the newest (FLAGS ENVELOPE
//          BODYSTRUCTURE), UID SEARCH SUBJECT, FETCH BODY.PEEK[] of one, STORE \Seen, (the first
//          worker) STORE \Deleted of all but the newest --keep and EXPUNGE, IDLE until the next
//          delivery, LOGOUT
//   and one IMAP session per user that stays IDLE the whole time and counts EXISTS.
// The mailboxes stay near --keep messages, so memory should stay flat: the target is flat memory
// (growth after the warm-up, the first fifth of the run, under 1 MB per minute) and 0 errors.
//
// Usage: node bench/soak.mjs [--minutes M] [--interval S] [--rate R] [--smtp-workers N]
//   [--imap-workers N] [--keep K]      (npm run bench -- soak --minutes 10)
import { corpusMessage, SUBJECT_WORD } from './corpus.mjs';
import { ImapClient } from './imap-client.mjs';
import { Pop3Client } from './pop3-client.mjs';
import { SmtpClient } from './smtp-client.mjs';
import { flags, rssMb, startSandboxChild } from './lib.mjs';

const opts = flags(process.argv.slice(2));
const minutes = Number(opts.minutes ?? 10);
const intervalS = Number(opts.interval ?? 30);
const rate = Number(opts.rate ?? 10);
const smtpWorkers = Number(opts['smtp-workers'] ?? 2);
const imapWorkers = Number(opts['imap-workers'] ?? 3);
const keep = Number(opts.keep ?? 200);
const FLAT_MB_PER_MIN = 1;

const sandbox = await startSandboxChild({ services: ['smtp', 'pop3', 'imap'] });
const pid = sandbox.child.pid;
const endAt = performance.now() + minutes * 60_000;
const running = () => performance.now() < endAt;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const counts = { smtp: 0, pop3: 0, imap: 0, exists: 0 };
const errors = [];
const error = (where, text) => {
  errors.push(`${where}: ${text}`);
  if (errors.length <= 20) console.log(`  error ${where}: ${text}`);
};
const bodies = Array.from({ length: 200 }, (_, i) => corpusMessage(i, 3));

async function smtpWorker(w) {
  let conn;
  let k = w;
  const started = performance.now();
  let sent = 0;
  while (running()) {
    // Each worker keeps its share of the rate.
    const due = started + (sent * 1000 * smtpWorkers) / rate;
    if (due > performance.now()) await sleep(due - performance.now());
    if (!running()) break;
    try {
      conn ??= await SmtpClient.connect(sandbox.ports.smtp);
      const to = k % 2 === 0 ? 'alice' : 'bob';
      const r = await conn.send('soak@example.com', [`${to}@sandbox.test`], bodies[k % bodies.length]);
      if (r.code !== 250) error('smtp', `${r.stage} ${r.code} ${r.text}`);
      else counts.smtp++;
      // Now and then a new connection, as real clients do.
      if (sent % 50 === 49) {
        await conn.quit();
        conn = undefined;
      }
    } catch (err) {
      error('smtp', err.message);
      conn = undefined;
      await sleep(500);
    }
    k += smtpWorkers;
    sent++;
  }
  await conn?.quit();
}

async function pop3Worker() {
  while (running()) {
    let p;
    try {
      p = await Pop3Client.connect(sandbox.ports.pop3);
      await p.login('bob', 'password');
      const stat = await p.command('STAT');
      if (!stat.ok) throw new Error(stat.text);
      const count = Number(stat.text.split(' ')[1]);
      for (const [cmd, multi] of [['LIST', true], ['UIDL', true]]) {
        const r = await p.command(cmd, { multi });
        if (!r.ok) throw new Error(`${cmd}: ${r.text}`);
      }
      for (let n = Math.max(1, count - 2); n <= count; n++) {
        const r = await p.command(`RETR ${n}`, { multi: true });
        if (!r.ok) throw new Error(`RETR ${n}: ${r.text}`);
      }
      for (let n = 1; n <= count - keep; n++) {
        const r = await p.command(`DELE ${n}`);
        if (!r.ok) throw new Error(`DELE ${n}: ${r.text}`);
      }
      const q = await p.quit();
      if (!q.ok) throw new Error(`QUIT: ${q.text}`);
      counts.pop3++;
    } catch (err) {
      error('pop3', err.message);
      p?.destroy();
    }
    await sleep(1000);
  }
}

async function imapCommand(c, text, opts) {
  const r = await c.command(text, opts);
  if (r.status !== 'OK') throw new Error(`${text.slice(0, 40)}: ${r.status} ${r.text}`);
  return r;
}

async function imapWorker(w) {
  await sleep(w * 700);
  while (running()) {
    let c;
    try {
      c = await ImapClient.connect(sandbox.ports.imap);
      // The message count as this session knows it: EXISTS sets it, each EXPUNGE takes one off
      // (UID SEARCH and NOOP may announce other sessions' expunges).
      let exists = 0;
      let heard;
      let got = new Promise((resolve) => (heard = resolve));
      c.onUntagged = (line) => {
        const m = /^\* (\d+) (EXISTS|EXPUNGE)$/i.exec(line);
        if (!m) return;
        if (m[2].toUpperCase() === 'EXISTS') {
          exists = Number(m[1]);
          heard();
        } else exists--;
      };
      await c.login('alice', 'password');
      await imapCommand(c, 'SELECT INBOX');
      if (exists > 0) {
        await imapCommand(c, `FETCH ${Math.max(1, exists - 19)}:* (UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE)`);
        await imapCommand(c, `UID SEARCH SUBJECT ${SUBJECT_WORD}`);
        if (exists > 0) await imapCommand(c, `FETCH ${exists} BODY.PEEK[]`);
        if (exists > 0) await imapCommand(c, `STORE ${Math.max(1, exists - 4)}:${exists} +FLAGS (\\Seen)`);
        // One worker cleans up, so the mailbox stays near --keep messages.
        if (w === 0 && exists > keep) {
          await imapCommand(c, `STORE 1:${exists - keep} +FLAGS.SILENT (\\Deleted)`);
          await imapCommand(c, 'EXPUNGE');
        }
      }
      // Wait for the next delivery, as a mail client does.
      got = new Promise((resolve) => (heard = resolve));
      await c.idle();
      await Promise.race([got, sleep(3000)]);
      const done = await c.done();
      if (done.status !== 'OK') throw new Error(`IDLE: ${done.status} ${done.text}`);
      await imapCommand(c, 'LOGOUT');
      c.destroy();
      counts.imap++;
    } catch (err) {
      error('imap', err.message);
      c?.destroy();
      await sleep(500);
    }
  }
}

async function idleWatcher(user) {
  const c = await ImapClient.connect(sandbox.ports.imap);
  await c.login(user, 'password');
  await imapCommand(c, 'SELECT INBOX');
  c.onUntagged = (line) => {
    if (/ EXISTS$/i.test(line)) counts.exists++;
  };
  let closedEarly = true;
  c.onClose = () => {
    if (closedEarly) error('imap-idle', `${user}'s IDLE session was closed by the server`);
  };
  await c.idle();
  while (running()) await sleep(200);
  closedEarly = false;
  await c.done();
  await c.logout();
}

console.log(`soak: ${minutes} min; SMTP ${rate} msg/s (${smtpWorkers} connections), POP3 1 worker (bob), IMAP ${imapWorkers} workers (alice) + 2 IDLE watchers; mailboxes kept near ${keep}`);
const samples = [];
const t0 = performance.now();
const sampler = setInterval(() => samples.push({ min: (performance.now() - t0) / 60_000, mb: rssMb(pid) }), 1000);
let last = { ...counts };
const report = setInterval(() => {
  const mb = rssMb(pid);
  const d = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v - last[k]]));
  last = { ...counts };
  console.log(
    `  t=${((performance.now() - t0) / 60_000).toFixed(1).padStart(5)} min  RSS ${mb.toFixed(0).padStart(4)} MB  ` +
      `smtp +${d.smtp}  pop3 +${d.pop3}  imap +${d.imap}  idle EXISTS +${d.exists}  errors ${errors.length}`,
  );
}, intervalS * 1000);

try {
  await Promise.all([
    ...Array.from({ length: smtpWorkers }, (_, w) => smtpWorker(w)),
    pop3Worker(),
    ...Array.from({ length: imapWorkers }, (_, w) => imapWorker(w)),
    idleWatcher('alice').catch((err) => error('imap-idle', err.message)),
    idleWatcher('bob').catch((err) => error('imap-idle', err.message)),
  ]);
} finally {
  clearInterval(sampler);
  clearInterval(report);
  if (sandbox.child.exitCode !== null) error('sandbox', `exited with ${sandbox.child.exitCode}: ${sandbox.stderr()}`);
  await sandbox.stop();
}

// Memory trend after the warm-up (the first fifth of the run: the mailboxes fill up to --keep and
// the heap grows to its working size), fitted to the lowest RSS of each interval: RSS saws up and
// down with garbage collection, and the floors after collections are what shows a leak.
const warm = minutes / 5;
const floors = [];
for (const s of samples) {
  if (s.min < warm || Number.isNaN(s.mb)) continue;
  const slot = Math.floor((s.min * 60) / intervalS);
  const f = floors.find((x) => x.slot === slot);
  if (!f) floors.push({ slot, min: s.min, mb: s.mb });
  else if (s.mb < f.mb) Object.assign(f, { min: s.min, mb: s.mb });
}
let slope = NaN;
if (floors.length >= 2) {
  const mx = floors.reduce((a, s) => a + s.min, 0) / floors.length;
  const my = floors.reduce((a, s) => a + s.mb, 0) / floors.length;
  const sxy = floors.reduce((a, s) => a + (s.min - mx) * (s.mb - my), 0);
  const sxx = floors.reduce((a, s) => a + (s.min - mx) ** 2, 0);
  slope = sxx > 0 ? sxy / sxx : NaN;
}
const mbs = samples.map((s) => s.mb).filter((v) => !Number.isNaN(v));
console.log(`\ntotals: smtp ${counts.smtp} messages, pop3 ${counts.pop3} sessions, imap ${counts.imap} sessions, ${counts.exists} EXISTS heard by the IDLE watchers`);
console.log(`sandbox RSS: first ${mbs[0]?.toFixed(0)} MB, max ${Math.max(...mbs).toFixed(0)} MB, last ${mbs.at(-1)?.toFixed(0)} MB`);
console.log(`  lowest RSS per ${intervalS} s after ${warm.toFixed(1)} min: ${floors.map((f) => f.mb.toFixed(0)).join(' ')} MB; trend ${slope.toFixed(2)} MB/min${floors.length < 3 ? ' (too short a run to say much)' : ''}`);
const flat = !(slope > FLAT_MB_PER_MIN);
console.log(`targets: memory ${flat ? 'flat' : 'GROWING'} (<= ${FLAT_MB_PER_MIN} MB/min ${flat ? 'ok' : 'MISS'}); errors ${errors.length} ${errors.length === 0 ? 'ok' : 'MISS'}`);
if (errors.length > 20) console.log(`  (${errors.length - 20} more errors not shown)`);
console.log(`errors: ${errors.length}`);
if (errors.length > 0) process.exitCode = 1;
