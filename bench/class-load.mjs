// Class load: N IMAP sessions IDLE on INBOX (spread over the users) while SMTP delivers M messages
// per second for T seconds (to the users in turn). Measures how long each IDLE session takes to
// hear `* n EXISTS` for each message, from the moment the message's final "." was sent (and, for
// reference, from the SMTP 250), the sandbox's memory (VmRSS of the child) over the run, and errors
// (failed connections, logins, SELECT/IDLE, SMTP replies, dropped sessions, missed notifications).
// Targets: p99 under 100 ms, RSS under 400 MB, 0 errors.
//
// Usage: node bench/class-load.mjs [--sessions N] [--rate M] [--seconds T] [--users alice,bob |
//   --user-count K] [--smtp-connections C] [--grace S] [--cpu-prof DIR] [--bin PATH]
// --bin runs another build's launcher (e.g. a checkout of the previous commit), to compare.
// --user-count K makes K accounts u1..uK (password "password") instead of alice and bob.
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { corpusMessage } from './corpus.mjs';
import { ImapClient } from './imap-client.mjs';
import { SmtpClient } from './smtp-client.mjs';
import { cpuMs, flags, percentile, rssMb, startSandboxChild } from './lib.mjs';

const opts = flags(process.argv.slice(2));
const sessions = Number(opts.sessions ?? 500);
const rate = Number(opts.rate ?? 50);
const seconds = Number(opts.seconds ?? 60);
const smtpConnections = Number(opts['smtp-connections'] ?? 4);
const graceMs = Number(opts.grace ?? 5) * 1000;
const userCount = opts['user-count'] === undefined ? undefined : Number(opts['user-count']);
const users = userCount ? Array.from({ length: userCount }, (_, i) => `u${i + 1}`) : String(opts.users ?? 'alice,bob').split(',');
const cpuProf = typeof opts['cpu-prof'] === 'string' ? opts['cpu-prof'] : undefined;
const bin = typeof opts.bin === 'string' ? resolve(opts.bin) : undefined;
const TARGET_P99_MS = 100;
const TARGET_RSS_MB = 400;

const errors = [];
const error = (text) => {
  errors.push(text);
  if (errors.length <= 20) console.log(`  error: ${text}`);
};

const limit = String(sessions + smtpConnections + 20);
const sandbox = await startSandboxChild({
  services: ['smtp', 'imap'],
  args: ['--max-clients', limit, '--max-clients-per-address', limit, ...(userCount ? users.flatMap((u) => ['--user', `${u}:password`]) : [])],
  nodeArgs: cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : [],
  bin,
});
const pid = sandbox.child.pid;
const rssAtStart = rssMb(pid);
console.log(`class load: ${sessions} IMAP sessions IDLE on INBOX of ${users.join(', ')}; SMTP ${rate} msg/s for ${seconds} s over ${smtpConnections} connections`);
console.log(`  sandbox pid ${pid}, RSS at start ${rssAtStart.toFixed(0)} MB`);

/** Per session: user, the EXISTS count at SELECT, and every EXISTS heard with its time. */
const clients = [];
let dropped = 0;
let sending = true;
try {
  // Connect in batches, as a class logging in at the start of a lesson would.
  const started = performance.now();
  const BATCH = 50;
  for (let i = 0; i < sessions; i += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, sessions - i) }, async (_, k) => {
        const n = i + k;
        const user = users[n % users.length];
        try {
          const c = await ImapClient.connect(sandbox.ports.imap);
          await c.login(user, 'password');
          const sel = await c.command('SELECT INBOX', { keep: true });
          if (sel.status !== 'OK') throw new Error(`SELECT: ${sel.status} ${sel.text}`);
          const exists = Number(/^\* (\d+) EXISTS/im.exec(sel.lines.join('\n'))?.[1] ?? 0);
          const entry = { user, client: c, base: exists, heard: [] };
          c.onUntagged = (line) => {
            const m = /^\* (\d+) EXISTS$/i.exec(line);
            if (m) entry.heard.push({ n: Number(m[1]), at: performance.now() });
          };
          c.onClose = () => {
            if (sending || !entry.done) {
              dropped++;
              error(`session ${n} (${user}) closed by the server`);
            }
          };
          await c.idle();
          clients.push(entry);
        } catch (err) {
          error(`session ${n} (${user}): ${err.message}`);
        }
      }),
    );
  }
  const rssIdle = rssMb(pid);
  console.log(`  ${clients.length} sessions IDLE after ${((performance.now() - started) / 1000).toFixed(1)} s; RSS ${rssIdle.toFixed(0)} MB`);

  // Memory over the run.
  const rss = [];
  const sampler = setInterval(() => rss.push({ at: performance.now(), mb: rssMb(pid) }), 250).unref();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  // The sender: message k is due at t0 + k / rate; it goes out on the first free connection.
  const smtp = [];
  for (let i = 0; i < smtpConnections; i++) smtp.push(await SmtpClient.connect(sandbox.ports.smtp));
  const total = Math.round(rate * seconds);
  const sent = []; // { user, uid, sentAt, ackAt, due }
  const t0 = performance.now() + 100;
  const cpu0 = cpuMs(pid);
  let next = 0;
  let maxLag = 0;
  const bodies = Array.from({ length: 64 }, (_, i) => corpusMessage(i, 7));
  const progress = setInterval(() => {
    const last = rss.at(-1)?.mb ?? NaN;
    console.log(`  t=${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s  sent ${String(sent.length).padStart(6)}  RSS ${last.toFixed(0)} MB`);
  }, 5000).unref();
  await Promise.all(
    smtp.map(async (conn) => {
      for (;;) {
        const k = next++;
        if (k >= total) return;
        const due = t0 + (k * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        maxLag = Math.max(maxLag, performance.now() - due);
        const user = users[k % users.length];
        try {
          const r = await conn.send('teacher@example.com', [`${user}@sandbox.test`], bodies[k % bodies.length]);
          if (r.code !== 250) {
            error(`SMTP ${r.stage}: ${r.code} ${r.text}`);
            continue;
          }
          const uid = Number(/UID (\d+)/.exec(r.text)?.[1]);
          if (!uid) error(`SMTP 250 without a UID: ${r.text}`);
          sent.push({ user, uid, sentAt: r.sentAt, ackAt: r.ackAt });
        } catch (err) {
          error(`SMTP: ${err.message}`);
          return;
        }
      }
    }),
  );
  const sendSeconds = (performance.now() - t0) / 1000;
  const cpuSend = cpuMs(pid) - cpu0;
  clearInterval(progress);

  // Wait for the stragglers: every session should hear about every message to its user.
  const perUser = new Map(users.map((u) => [u, sent.filter((s) => s.user === u).sort((a, b) => a.uid - b.uid)]));
  const complete = (e) => (e.heard.at(-1)?.n ?? e.base) >= e.base + perUser.get(e.user).length;
  const graceEnd = performance.now() + graceMs;
  while (performance.now() < graceEnd && !clients.every(complete)) await new Promise((r) => setTimeout(r, 50));
  sending = false;
  clearInterval(sampler);
  loopDelay.disable();
  const rssEnd = rssMb(pid);

  // Latency of each (session, message) pair: the first EXISTS that covers the message's position.
  const fromSend = [];
  const fromAck = [];
  let missed = 0;
  for (const e of clients) {
    const list = perUser.get(e.user);
    let h = 0;
    list.forEach((msg, rank) => {
      const seq = e.base + rank + 1;
      while (h < e.heard.length && e.heard[h].n < seq) h++;
      if (h >= e.heard.length) {
        missed++;
        return;
      }
      fromSend.push(e.heard[h].at - msg.sentAt);
      fromAck.push(e.heard[h].at - msg.ackAt);
    });
  }
  if (missed > 0) error(`${missed} notifications never arrived (${graceMs / 1000} s grace)`);

  const ms = (v) => `${v.toFixed(1)} ms`;
  const maxRss = Math.max(...rss.map((r) => r.mb).filter((v) => !Number.isNaN(v)), rssEnd);
  console.log(`\nsent ${sent.length} of ${total} messages in ${sendSeconds.toFixed(1)} s (${(sent.length / sendSeconds).toFixed(1)} msg/s; worst send lag ${ms(maxLag)})`);
  console.log(`EXISTS notifications: ${fromSend.length} (sessions x messages to their user)`);
  console.log(`  from the final "." sent:  p50 ${ms(percentile(fromSend, 50))}  p90 ${ms(percentile(fromSend, 90))}  p99 ${ms(percentile(fromSend, 99))}  max ${ms(percentile(fromSend, 100))}`);
  console.log(`  from the SMTP 250:        p50 ${ms(percentile(fromAck, 50))}  p90 ${ms(percentile(fromAck, 90))}  p99 ${ms(percentile(fromAck, 99))}  (negative: EXISTS came before the 250)`);
  console.log(`  this benchmark's own event-loop delay: p99 ${ms(loopDelay.percentile(99) / 1e6)} (a busy client inflates the latencies above)`);
  console.log(
    `sandbox CPU while sending: ${(cpuSend / 1000).toFixed(1)} s in ${sendSeconds.toFixed(1)} s (${(cpuSend / 10 / sendSeconds).toFixed(0)}% of one core); ` +
      `${(cpuSend / Math.max(1, sent.length)).toFixed(1)} ms per message (all its work divided by the messages; ${(clients.length / users.length).toFixed(0)} IDLE sessions per user)`,
  );
  console.log(`sandbox RSS: start ${rssAtStart.toFixed(0)} MB, all IDLE ${rssIdle.toFixed(0)} MB, max ${maxRss.toFixed(0)} MB, end ${rssEnd.toFixed(0)} MB`);
  const p99 = percentile(fromSend, 99);
  console.log(`\ntargets: p99 ${ms(p99)} ${p99 < TARGET_P99_MS ? 'ok' : 'MISS'} (< ${TARGET_P99_MS} ms); RSS ${maxRss.toFixed(0)} MB ${maxRss < TARGET_RSS_MB ? 'ok' : 'MISS'} (< ${TARGET_RSS_MB} MB); errors ${errors.length} ${errors.length === 0 ? 'ok' : 'MISS'}`);
  for (const e of clients) e.done = true;
  await Promise.all(clients.map(async (e) => {
    try {
      await e.client.done();
    } catch {
      // the session is gone; counted above
    }
    e.client.destroy();
  }));
  await Promise.all(smtp.map((s) => s.quit()));
} finally {
  sending = false;
  for (const e of clients) e.done = true;
  for (const e of clients) e.client.destroy();
  await sandbox.stop();
}
if (errors.length > 20) console.log(`  (${errors.length - 20} more errors not shown)`);
console.log(`errors: ${errors.length}${dropped ? ` (${dropped} sessions dropped)` : ''}`);
if (errors.length > 0) process.exitCode = 1;
