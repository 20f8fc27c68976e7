/**
 * The protocol fuzzer: one in-process sandbox on loopback, a few workers sending mutated and random
 * sessions at it for a time budget. A case passes when, after its bytes, the server answers a probe
 * or closes the connection within the timeouts (no hang). The run passes when no case hung, no
 * session hit an internal error (the sessions log those as `warning` events with an `error`), no
 * unhandled rejection or uncaught exception happened, memory stayed bounded, the store is still
 * readable, and every service answers NOOP on a fresh connection afterwards.
 */
import { parseFault } from '../../src/server/faults.js';
import type { SessionEvent, SessionLog } from '../../src/server/session-log.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { FuzzConnection } from './connection.js';
import { fixtureMessages, loadCorpus, type FuzzProtocol, type Session } from './corpus.js';
import { largestAnnounced, makeCase, type FuzzCase } from './mutate.js';
import { caseSeed, prng, type Rng } from './prng.js';
import { CHECK_USER, checkAfterRun, FUZZ_USERS, tidyMailboxes } from './sandbox-checks.js';

/** Octets of the second probe: more than any literal or BDAT chunk the fuzz sandbox accepts and waits for. */
export const PAD_OCTETS = 70_000;
/** The fuzz sandbox's message size limit (also the largest APPEND); keeps pending literals under PAD_OCTETS. */
export const FUZZ_MAX_MESSAGE = 64 * 1024;
/** How long the server may stay silent after the second probe before the case counts as a hang. */
export const ANSWER_TIMEOUT_MS = 8000;
/** After the first probe: a server that is not waiting for announced octets answers in milliseconds. */
const FIRST_PROBE_MS = 1500;
/** rss may grow this much from the end of the warm-up to the end of the run. */
export const MAX_RSS_GROWTH = 192 * 1024 * 1024;

/** Teaching faults, now and then, so the fault paths are fuzzed too. */
const FAULTS = [
  'smtp:CONNECT:421 4.3.2 Service shutting down@0.02',
  'smtp:RCPT:452 4.2.2 Mailbox full@0.05',
  'smtp:EOD:554 5.7.1 Message rejected@0.05',
  'pop3:PASS:-ERR [IN-USE] Mailbox locked@0.03',
  'pop3:RETR:-ERR [SYS/TEMP] Try again later@0.05',
  'imap:CONNECT:BYE [UNAVAILABLE] Maintenance@0.02',
  'imap:FETCH:NO [UNAVAILABLE] Try again later@0.05',
  'imap:APPEND:NO [OVERQUOTA] Quota exceeded@0.05',
].map(parseFault);

/** Ends whatever state a session may be in (DATA, a SASL exchange, IDLE), then asks for an answer. */
const PROBE: Record<FuzzProtocol, string> = {
  smtp: '\r\n.\r\n*\r\nNOOP\r\n',
  pop3: '\r\n*\r\nNOOP\r\n',
  imap: '\r\n*\r\nDONE\r\nfz NOOP\r\n',
};

export type FuzzOptions = {
  readonly protocol: FuzzProtocol;
  readonly seconds: number;
  readonly seed: number;
  readonly workers: number;
  /** Replay: run only this case. */
  readonly only?: number;
};

export type FuzzReport = {
  readonly cases: number;
  readonly outcomes: Record<string, number>;
  readonly rssGrowth: number;
  readonly failures: string[];
};

type Outcome = 'closed' | 'answered' | 'answered-after-padding' | 'excused-pending-octets';

function escape(bytes: Buffer | string, max = 1500): string {
  const text = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : bytes;
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}…(${text.length} octets)` : text);
  return shown.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The port for a case: mostly the plain ones, sometimes implicit TLS. */
function target(rng: Rng, sb: TestSandbox, protocol: FuzzProtocol): { port: number; tls: boolean } {
  const tls = rng.chance(0.1);
  if (protocol === 'smtp') return tls ? { port: sb.ports.smtps!, tls } : { port: rng.chance(0.5) ? sb.ports.smtp! : sb.ports.submission!, tls };
  if (protocol === 'pop3') return { port: tls ? sb.ports.pop3s! : sb.ports.pop3!, tls };
  return { port: tls ? sb.ports.imaps! : sb.ports.imap!, tls };
}

/** Sends one case and decides its outcome; throws with the reason when the server hung. */
async function runCase(rng: Rng, sb: TestSandbox, protocol: FuzzProtocol, c: FuzzCase, user: string): Promise<Outcome> {
  const units = c.units.map((u) => Buffer.from(u.toString('latin1').replace(/alice/g, user), 'latin1'));
  const all = Buffer.concat(units);
  const { port, tls } = target(rng, sb, protocol);
  const conn = await FuzzConnection.open(port, tls);
  try {
    // Mostly wait for the greeting as clients do; sometimes talk first (an early talker).
    if (!rng.chance(0.03) && !(await conn.progress(0, ANSWER_TIMEOUT_MS))) throw new Error('no greeting');
    if (c.delivery === 'burst') conn.write(all);
    else if (c.delivery === 'split') {
      const cuts = Array.from({ length: rng.range(1, 12) }, () => rng.int(all.length + 1)).sort((a, b) => a - b);
      let from = 0;
      for (const cut of [...cuts, all.length]) {
        conn.write(all.subarray(from, cut));
        from = cut;
        await new Promise((r) => setTimeout(r, rng.int(3)));
      }
    } else {
      for (const unit of units) {
        if (conn.closed) break;
        conn.write(unit);
        await conn.quiet(25, 1000);
      }
    }
    await conn.quiet(100, ANSWER_TIMEOUT_MS);
    if (conn.closed) return 'closed';
    let since = conn.received;
    conn.write(PROBE[protocol]);
    if (await conn.progress(since, FIRST_PROBE_MS)) return conn.closed && conn.received === since ? 'closed' : 'answered';
    // A client that announced more octets than the second probe could fill is owed the wait.
    if (largestAnnounced(protocol, all) > PAD_OCTETS - 1000) return 'excused-pending-octets';
    since = conn.received;
    conn.write(Buffer.concat([Buffer.alloc(PAD_OCTETS, 'x'), Buffer.from(`\r\n.\r\n${PROBE[protocol]}`)]));
    if (await conn.progress(since, ANSWER_TIMEOUT_MS)) return 'answered-after-padding';
    throw new Error(`no answer and no close within ${ANSWER_TIMEOUT_MS} ms after each probe; the server last said ${escape(conn.tail, 500)}`);
  } finally {
    conn.destroy();
  }
}

/** Runs the fuzzer for the time budget (or the one replayed case) and reports. */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const internalErrors: SessionEvent[] = [];
  const log: SessionLog = { emit: (e) => void (e.event === 'warning' && 'error' in e && internalErrors.push(e)) };
  const unhandled: string[] = [];
  const onUnhandled = (err: unknown): void => void unhandled.push(String((err as Error)?.stack ?? err));
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const sb = await startTestSandbox({
    users: [...FUZZ_USERS, CHECK_USER].map((name) => ({ name, password: 'password' })),
    maxMessageSize: FUZZ_MAX_MESSAGE,
    random: prng(caseSeed(opts.seed, `${opts.protocol}-faults`, opts.only ?? -1)).next,
    smtpTimeoutMs: 30_000,
    pop3TimeoutMs: 30_000,
    imapTimeoutMs: 30_000,
    log,
  });
  // Added at run time so that they can be taken away again before the final checks.
  const removeFaults = FAULTS.map((f) => sb.faults.add(f));
  const corpus: Session[] = await loadCorpus(opts.protocol);
  const fixtures = await fixtureMessages();
  const failures: string[] = [];
  const outcomes: Record<string, number> = {};
  let next = opts.only ?? 0;
  let cases = 0;
  let baseline: number | undefined;
  const started = Date.now();
  const warmupEnds = started + Math.min(5000, opts.seconds * 100);
  const replay = (i: number): string => `MAILPROTO_FUZZ_SEED=${opts.seed} MAILPROTO_FUZZ_CASE=${i} npx vitest run test/fuzz/${opts.protocol}.test.ts`;
  try {
    await tidyMailboxes(sb, fixtures);
    const worker = async (w: number): Promise<void> => {
      while (failures.length === 0 && internalErrors.length === 0 && unhandled.length === 0) {
        if (opts.only === undefined ? Date.now() - started >= opts.seconds * 1000 : next > opts.only) return;
        const i = next++;
        const rng = prng(caseSeed(opts.seed, opts.protocol, i));
        const c = makeCase(rng, opts.protocol, corpus);
        const errorsBefore = internalErrors.length;
        try {
          const outcome = await runCase(rng, sb, opts.protocol, c, FUZZ_USERS[w % FUZZ_USERS.length]!);
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        } catch (err) {
          failures.push(`case ${i} (${c.origin}, ${c.delivery}): ${(err as Error).message}\n  bytes: ${escape(Buffer.concat(c.units))}\n  replay: ${replay(i)}`);
        }
        if (internalErrors.length > errorsBefore) {
          failures.push(`case ${i} (${c.origin}, ${c.delivery}) or one running beside it: internal error in the server:\n${String(internalErrors[errorsBefore]!.error)}\n  bytes: ${escape(Buffer.concat(c.units))}\n  replay: ${replay(i)}`);
        }
        cases++;
        if (baseline === undefined && Date.now() >= warmupEnds) baseline = process.memoryUsage().rss;
        if (cases % 25 === 0) await tidyMailboxes(sb, fixtures);
      }
    };
    await Promise.all(Array.from({ length: opts.only === undefined ? opts.workers : 1 }, (_, w) => worker(w)));
    const rssGrowth = process.memoryUsage().rss - (baseline ?? process.memoryUsage().rss);
    if (rssGrowth > MAX_RSS_GROWTH) failures.push(`rss grew by ${Math.round(rssGrowth / 1048576)} MiB during the run (limit ${MAX_RSS_GROWTH / 1048576} MiB)`);
    for (const u of unhandled) failures.push(`unhandled rejection or uncaught exception during the run:\n${u}`);
    removeFaults.forEach((remove) => remove());
    failures.push(...(await checkAfterRun(sb)));
    return { cases, outcomes, rssGrowth, failures: failures.map((f) => `${f}\n  (run seed ${opts.seed})`) };
  } finally {
    process.removeListener('unhandledRejection', onUnhandled);
    process.removeListener('uncaughtException', onUnhandled);
    await sb.stop();
  }
}
