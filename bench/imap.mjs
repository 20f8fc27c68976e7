// IMAP: the sandbox against Dovecot on the same corpus. Both get N varied messages (corpus.mjs,
// seeded) by APPEND over IMAP into alice's INBOX (LITERAL+ when offered, a window of pipelined
// APPENDs on one connection), timed as its own phase. Then, on one logged-in connection per server,
// phase by phase and server by server in turn:
//   SELECT INBOX
//   FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE)
//   UID SEARCH SUBJECT <word>
//   UID SEARCH BODY <word>
//   FETCH 1:* BODY.PEEK[]
// each --repeat times; the median is shown, with the first run (cold caches) in the note. Target:
// no phase slower than 2x Dovecot. The answers are checked against each other (same number of
// FETCH responses, same octets of BODY[], same search hits), so a fast wrong answer shows.
//
// Usage: node bench/imap.mjs [--messages N] [--seed S] [--window W] [--repeat R] [--restart]
//   [--only sandbox|dovecot] [--cpu-prof DIR] [--bin PATH (another build's launcher, to compare)]
//   --restart: restart both servers after the APPEND phase, so the first read phases start from
//   disk (the sandbox loads its index, Dovecot its index files; the OS page cache stays warm).
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { corpusMessage, BODY_WORD, SUBJECT_WORD } from './corpus.mjs';
import { ImapClient, searchResults } from './imap-client.mjs';
import { flags, hasCommand, median, rssMb, startDovecot, startSandboxChild, treeCpuMs } from './lib.mjs';

const opts = flags(process.argv.slice(2));
const messages = Number(opts.messages ?? 10000);
const seed = Number(opts.seed ?? 1);
const windowSize = Number(opts.window ?? 16);
const repeat = Number(opts.repeat ?? 3);
const restart = opts.restart === true;
const cpuProf = typeof opts['cpu-prof'] === 'string' ? opts['cpu-prof'] : undefined;
const only = typeof opts.only === 'string' ? opts.only : undefined;
const bin = typeof opts.bin === 'string' ? resolve(opts.bin) : undefined;
const TARGET = 2;

const PHASES = [
  { name: 'SELECT INBOX', short: 'SELECT', run: (c) => c.command('SELECT INBOX', { keep: true }), exists: true },
  { name: 'FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE)', short: 'FETCH ENVELOPE..', run: (c) => c.command('FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE)') },
  { name: `UID SEARCH SUBJECT ${SUBJECT_WORD}`, short: 'SEARCH SUBJECT', run: (c) => c.command(`UID SEARCH SUBJECT ${SUBJECT_WORD}`, { keep: true }), hits: true },
  { name: `UID SEARCH BODY ${BODY_WORD}`, short: 'SEARCH BODY', run: (c) => c.command(`UID SEARCH BODY ${BODY_WORD}`, { keep: true }), hits: true },
  { name: 'FETCH 1:* BODY.PEEK[]', short: 'FETCH BODY[]', run: (c) => c.command('FETCH 1:* BODY.PEEK[]') },
];

/** The corpus once, in memory: both servers get the very same bytes. */
function corpus() {
  const t = performance.now();
  const list = [];
  let octets = 0;
  for (let i = 0; i < messages; i++) {
    const m = corpusMessage(i, seed);
    list.push(m);
    octets += m.length;
  }
  console.log(`corpus: ${messages} messages, ${(octets / 1e6).toFixed(1)} MB (seed ${seed}), made in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return list;
}

async function appendAll(port, list) {
  const c = await ImapClient.connect(port);
  await c.login('alice', 'password');
  const started = performance.now();
  let next = 0;
  let failed = 0;
  let firstError;
  // A window of APPENDs in flight on one connection (pipelined; the server answers in order).
  await Promise.all(
    Array.from({ length: Math.min(windowSize, list.length) }, async () => {
      while (next < list.length) {
        const r = await c.append('INBOX', list[next++]);
        if (r.status !== 'OK') {
          failed++;
          firstError ??= `${r.status} ${r.text}`;
        }
      }
    }),
  );
  const ms = performance.now() - started;
  await c.logout();
  return { ms, failed, firstError, literalPlus: c.capabilities.has('LITERAL+') };
}

async function startServers(state) {
  const servers = [];
  try {
    if (only !== 'dovecot') {
      const sb = await startSandboxChild({
        services: ['imap'],
        dataDir: state.sandboxData,
        nodeArgs: cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : [],
        bin,
      });
      state.sandboxData ??= sb.data;
      servers.push({ name: 'sandbox', port: sb.ports.imap, pid: sb.child.pid, stop: (o) => sb.stop(o), data: sb.data });
    }
    if (only !== 'sandbox') {
      if (!hasCommand('dovecot')) throw new Error('dovecot is not installed: bash ../shared/peers/install.sh, or --only sandbox');
      const dc = await startDovecot({ dir: state.dovecotDir });
      state.dovecotDir ??= dc.dir;
      servers.push({ name: 'dovecot', port: dc.imap, pid: dc.pid, stop: (o) => dc.stop(o), data: dc.dir });
    }
  } catch (err) {
    for (const s of servers) await s.stop();
    throw err;
  }
  return servers;
}

const list = corpus();
const state = {};
let servers = await startServers(state);
const errors = [];
try {
  console.log(`\nAPPEND ${messages} messages to alice's INBOX, window ${windowSize}, one connection`);
  const appendMs = {};
  const appendCpu = {};
  for (const s of servers) {
    const cpu0 = treeCpuMs(s.pid);
    const r = await appendAll(s.port, list);
    appendCpu[s.name] = treeCpuMs(s.pid) - cpu0;
    appendMs[s.name] = r.ms;
    if (r.failed) errors.push(`${s.name}: ${r.failed} APPENDs failed, first: ${r.firstError}`);
    console.log(`  ${s.name.padEnd(8)} ${(r.ms / 1000).toFixed(2).padStart(8)} s  ${((messages / r.ms) * 1000).toFixed(0).padStart(6)} msg/s${r.literalPlus ? '  (LITERAL+)' : '  (synchronizing literals)'}`);
  }

  if (restart) {
    for (const s of servers) await s.stop({ keep: true });
    servers = [];
    servers = await startServers(state).catch(async (err) => {
      await Promise.all([state.sandboxData, state.dovecotDir].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
      throw err;
    });
    console.log('  (both servers restarted on the same data)');
  }

  const conns = {};
  for (const s of servers) {
    conns[s.name] = await ImapClient.connect(s.port);
    await conns[s.name].login('alice', 'password');
  }
  // The sandbox's peak memory per phase (a FETCH of the whole mailbox must not hold it all).
  const sandboxPid = servers.find((s) => s.name === 'sandbox')?.pid;
  const peakRss = {};
  let phaseNow = '';
  const rssSampler = setInterval(() => {
    if (sandboxPid === undefined) return;
    const mb = rssMb(sandboxPid);
    if (!(peakRss[phaseNow] >= mb)) peakRss[phaseNow] = mb;
  }, 50).unref();
  const times = Object.fromEntries(PHASES.map((p) => [p.name, Object.fromEntries(servers.map((s) => [s.name, []]))]));
  const cpus = Object.fromEntries(PHASES.map((p) => [p.name, Object.fromEntries(servers.map((s) => [s.name, []]))]));
  const answers = Object.fromEntries(PHASES.map((p) => [p.name, {}]));
  for (let r = 0; r < repeat; r++) {
    for (const phase of PHASES) {
      // Alternate which server goes first, so neither always meets the other's leftovers.
      const order = r % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) {
        const cpu0 = treeCpuMs(s.pid);
        if (s.name === 'sandbox') phaseNow = phase.name;
        const res = await phase.run(conns[s.name]);
        if (s.name === 'sandbox') phaseNow = '';
        cpus[phase.name][s.name].push(treeCpuMs(s.pid) - cpu0);
        if (res.status !== 'OK') errors.push(`${s.name} ${phase.name}: ${res.status} ${res.text}`);
        times[phase.name][s.name].push(res.ms);
        const answer = phase.hits
          ? `${searchResults(res.lines).length} hits`
          : phase.exists
            ? (res.lines.find((l) => / EXISTS$/i.test(l)) ?? 'no EXISTS')
            : `${res.untagged} responses, ${res.octets} literal octets`;
        answers[phase.name][s.name] = answer;
      }
    }
  }
  for (const s of servers) await conns[s.name].logout();
  clearInterval(rssSampler);

  console.log(`\nIMAP phases on ${messages} messages: wall ms, median of ${repeat} (first run in brackets); ratio = sandbox / dovecot, target <= ${TARGET}x`);
  console.log('server CPU ms (process tree, median; 10 ms granularity) beside it: on a busy machine the CPU ratio is the steadier one');
  console.log(`  ${'phase'.padEnd(56)} ${servers.map((s) => `${s.name} ms`.padStart(16)).join(' ')}  wall ratio ${servers.map((s) => `${s.name} cpu`.padStart(12)).join(' ')}  cpu ratio`);
  const rows = [
    { name: `APPEND x${messages}`, values: Object.fromEntries(servers.map((s) => [s.name, [appendMs[s.name]]])), cpu: Object.fromEntries(servers.map((s) => [s.name, [appendCpu[s.name]]])) },
    ...PHASES.map((p) => ({ name: p.name, values: times[p.name], cpu: cpus[p.name] })),
  ];
  let misses = 0;
  for (const row of rows) {
    const cells = servers.map((s) => {
      const v = row.values[s.name];
      const first = v.length > 1 ? ` [${v[0].toFixed(0)}]` : '';
      return `${median(v).toFixed(1)}${first}`.padStart(16);
    });
    const cpuCells = servers.map((s) => median(row.cpu[s.name]).toFixed(0).padStart(12));
    let ratio = '';
    let cpuRatio = '';
    if (row.values.sandbox && row.values.dovecot) {
      const x = median(row.values.sandbox) / median(row.values.dovecot);
      const miss = x > TARGET;
      if (miss) misses++;
      ratio = `${x.toFixed(2)}x${miss ? ' MISS' : ''}`;
      const c = median(row.cpu.dovecot);
      cpuRatio = c > 0 ? `${(median(row.cpu.sandbox) / c).toFixed(1)}x` : '';
    }
    console.log(`  ${row.name.padEnd(56)} ${cells.join(' ')}  ${ratio.padEnd(10)} ${cpuCells.join(' ')}  ${cpuRatio}`);
  }

  if (sandboxPid !== undefined) {
    console.log(`\nsandbox peak RSS during each phase: ${PHASES.map((p) => `${p.short} ${(peakRss[p.name] ?? NaN).toFixed(0)} MB`).join('; ')}`);
  }
  console.log('\nanswers (must agree)');
  for (const p of PHASES) {
    const a = answers[p.name];
    const values = Object.values(a);
    const agree = values.every((v) => v === values[0]);
    if (!agree) errors.push(`answers differ for ${p.name}: ${JSON.stringify(a)}`);
    console.log(`  ${p.name.padEnd(56)} ${Object.entries(a).map(([k, v]) => `${k}: ${v}`).join('; ')}${agree ? '' : '  DIFFERENT'}`);
  }
  if (servers.length === 2) console.log(`\n${misses === 0 ? 'all phases within' : `${misses} phase(s) over`} ${TARGET}x Dovecot`);
} finally {
  for (const s of servers) await s.stop();
  // After --restart the servers ran on directories made by the first start: remove those too.
  await Promise.all([state.sandboxData, state.dovecotDir].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
}
console.log(`errors: ${errors.length}`);
for (const e of errors) console.log(`  ${e}`);
if (errors.length > 0) process.exitCode = 1;
