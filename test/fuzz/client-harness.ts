/**
 * The client fuzzer: for each case a scriptable fake server on loopback (test/helpers/
 * fake-mail-server.ts) plays a mutated server session (client-mutate.ts) while a real
 * ClientSession, with the real annotator, types the seed session's client lines at it. Every event
 * is rendered as line mode would render it (formatEvent, and the --json line). A case fails when:
 * - something other than a ClientError is thrown, or an unhandled rejection or uncaught exception
 *   happens (listeners are installed for the run);
 * - the session has not reached `close` within CLIENT_TIMEOUT_SECONDS + CLOSE_SLACK_MS of the last
 *   sign of life of either side (the server closed, or went silent);
 * - an output line carries a raw C0 or C1 control character, DEL or ESC (security.md item 8; TAB
 *   is the one control the escaping keeps, on purpose);
 * - the annotator failed (the session turns that into a warning, which counts as a failure here);
 * - the session emitted something after `close`, or two `close` events;
 * - a 100 MB line did not end the session before the server had sent all of it (limits.ts);
 * - for one case in four, recorded with --record: the recording does not read back
 *   (src/transcript/reader.ts), or playing it as `replay` does (playbackSteps) throws, takes
 *   longer than PLAYBACK_LIMIT_MS, or renders a problem above.
 * The run fails when rss grew by more than MAX_CLIENT_RSS_GROWTH after the warm-up.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClientSession } from '../../src/client/client-session.js';
import { ClientError } from '../../src/client/errors.js';
import type { ClientEvent } from '../../src/client/events.js';
import { formatEvent } from '../../src/client/line-format.js';
import { Recorder } from '../../src/client/recorder.js';
import type { Target } from '../../src/client/target.js';
import { playbackSteps } from '../../src/transcript/playback.js';
import { parseTranscript } from '../../src/transcript/reader.js';
import { fakeCertificate, startFakeServer, type FakeConnection } from '../helpers/fake-mail-server.js';
import { loadServerCorpus } from './client-corpus.js';
import { makeClientCase, type ClientCase } from './client-mutate.js';
import type { FuzzProtocol } from './corpus.js';
import { caseSeed, prng, type Rng } from './prng.js';

/** The client's --timeout in the fuzzer (seconds; the option takes fractions). */
export const CLIENT_TIMEOUT_SECONDS = 0.5;
/** Beyond the client's timeout: how long the session may take to close once both sides are idle. */
export const CLOSE_SLACK_MS = 4000;
/** rss may grow this much from the end of the warm-up to the end of the run. */
export const MAX_CLIENT_RSS_GROWTH = 160 * 1024 * 1024;
/** What `:send` sends (a MIME fixture). */
const MESSAGE_FILE = fileURLToPath(new URL('../fixtures/mime/01-simple-text.eml', import.meta.url));
/** How long playing back one case's recording may take. */
const PLAYBACK_LIMIT_MS = 10_000;
/** Octets per write of a flood. */
const FLOOD_CHUNK = 64 * 1024;
/** Raw C0 (but TAB), DEL and C1: none of these may reach a terminal (security.md item 8). */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

export type ClientFuzzOptions = {
  readonly protocol: FuzzProtocol;
  readonly seconds: number;
  readonly seed: number;
  readonly workers: number;
  /** Replay: run only this case. */
  readonly only?: number;
};

export type ClientFuzzReport = {
  readonly cases: number;
  /** Cases recorded, read back and played back. */
  readonly recorded: number;
  readonly outcomes: Record<string, number>;
  readonly rssGrowth: number;
  readonly failures: string[];
};

function escape(bytes: Buffer | string, max = 1500): string {
  const text = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : bytes;
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}…(${text.length} octets)` : text);
  return shown.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Output lines that would hand a raw control character to the terminal. */
export function terminalProblems(lines: readonly string[]): string[] {
  return lines.filter((line) => RAW_CONTROL.test(line)).map((line) => `a raw control character reaches the terminal in ${escape(line, 300)}`);
}

/** The problems one event shows when rendered as line mode renders it (empty when none). */
export function renderProblems(e: ClientEvent): string[] {
  const lines = [...formatEvent(e, { raw: false }), ...formatEvent(e, { raw: true })];
  // As line mode prints --json (src/client/line-mode.ts).
  lines.push(JSON.stringify(e).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  // The close message is what `connect` prints on stderr (`mailproto: MESSAGE`, src/cli/errors.ts).
  if (e.type === 'close' && e.message !== undefined) lines.push(`mailproto: ${e.message}`);
  const problems = terminalProblems(lines);
  if (e.type === 'warning' && /annotator failed/i.test(e.text)) problems.push(`the annotator failed: ${escape(e.text, 500)}`);
  return problems;
}

type CaseResult = { readonly outcome: string; readonly problems: string[]; readonly recorded?: boolean };

/** Writes `bytes`, whole or cut at random points with tiny pauses between the pieces. */
async function deliver(rng: Rng, c: FakeConnection, bytes: Buffer, split: boolean): Promise<void> {
  if (!split || bytes.length < 2) {
    if (bytes.length > 0) c.write(bytes);
    return;
  }
  const cuts = Array.from({ length: rng.range(1, 6) }, () => rng.int(bytes.length + 1)).sort((a, b) => a - b);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut > from) c.write(bytes.subarray(from, cut));
    from = cut;
    await new Promise((r) => setTimeout(r, rng.int(3)));
  }
}

/** Streams a flood with backpressure; true when all of it was written (the client kept reading). */
async function writeFlood(c: FakeConnection, fc: NonNullable<ClientCase['flood']>, protocol: FuzzProtocol): Promise<boolean> {
  if (!(await c.writeFlow(fc.prefix))) return false;
  const line = `${protocol === 'smtp' ? '250-' : protocol === 'imap' ? '* ' : ''}flood ${'x'.repeat(40)}\r\n`;
  const chunk = fc.kind === 'long-line' ? Buffer.alloc(FLOOD_CHUNK, 'x') : Buffer.from(line.repeat(Math.floor(FLOOD_CHUNK / line.length)));
  for (let sent = 0; sent < fc.octets; sent += chunk.length) if (!(await c.writeFlow(chunk))) return false;
  return true;
}

async function runCase(rng: Rng, protocol: FuzzProtocol, kase: ClientCase, recordDir: string, index: number): Promise<CaseResult> {
  const problems: string[] = [];
  // Floods are left out: a recording of megabytes of lines takes long to play back, and proves little more.
  const record = !kase.flood && rng.chance(0.25) ? join(recordDir, `case-${index}.jsonl`) : undefined;
  let lastActivity = Date.now();
  let floodWhole = false;
  let lineCount = 0;
  const finish = async (c: FakeConnection): Promise<void> => {
    if (kase.flood) floodWhole = await writeFlood(c, kase.flood, protocol);
    lastActivity = Date.now();
    if (kase.end === 'close') c.end();
    else if (kase.end === 'reset') c.destroy();
  };
  const split = kase.delivery === 'split';
  const server = await startFakeServer({
    async onConnect(c) {
      if (kase.delivery === 'burst') {
        c.write(Buffer.concat(kase.replies.slice(0, kase.stopAfter + 1)));
        await finish(c);
        return;
      }
      await deliver(rng, c, kase.replies[0]!, split);
      lastActivity = Date.now();
      if (kase.stopAfter === 0) await finish(c);
    },
    async onLine(_line, c) {
      lastActivity = Date.now();
      const k = ++lineCount;
      if (kase.delivery === 'burst' || k > kase.stopAfter) return;
      await deliver(rng, c, kase.replies[k]!, split);
      lastActivity = Date.now();
      if (k === kase.stopAfter) await finish(c);
    },
  });
  lastActivity = Date.now();
  const session = new ClientSession();
  let closes = 0;
  let lastRecv = '';
  session.on('event', (e) => {
    lastActivity = Date.now();
    if (closes > 0) problems.push(`an event after close: ${escape(JSON.stringify(e), 300)}`);
    if (e.type === 'close') closes++;
    if (e.type === 'recv') lastRecv = e.text;
    for (const p of renderProblems(e)) problems.push(e.type === 'warning' ? `${p} (on the server line ${escape(lastRecv, 300)})` : p);
  });
  const target: Target = { kind: 'server', text: `${protocol}://127.0.0.1:${server.port}`, scheme: protocol, protocol, host: '127.0.0.1', port: server.port, implicitTls: false };
  const recorder = record ? await Recorder.start(session, record, { target: target.text, protocol }) : undefined;
  const drive = async (): Promise<void> => {
    try {
      await session.connect({ target, timeoutSeconds: CLIENT_TIMEOUT_SECONDS, starttls: kase.starttls });
      for (const [i, line] of [...kase.commands, undefined].entries()) {
        for (const a of kase.actions.filter((x) => x.at === i)) {
          if (session.ended) break;
          if (a.kind === 'auth') await session.authenticate(a.mech, 'alice', 'password');
          else await session.sendFile(MESSAGE_FILE, { bdat: a.bdat });
        }
        if (session.ended || line === undefined) break;
        // As line mode does: blank lines are only typed as content.
        if (!session.expectsContent() && line.trim() === '') continue;
        await session.send(line);
      }
      if (!session.ended) await session.quit();
    } catch (err) {
      if (!(err instanceof ClientError)) problems.push(`the client threw ${(err as Error)?.stack ?? String(err)}`);
      else problems.push(...terminalProblems([`mailproto: ${err.message}`]));
    }
  };
  let driven = false;
  void drive().then(() => (driven = true));
  let hung = false;
  try {
    const limit = CLIENT_TIMEOUT_SECONDS * 1000 + CLOSE_SLACK_MS;
    while (!(driven && closes > 0)) {
      if (Date.now() - lastActivity > limit) {
        hung = true;
        const where = closes > 0 ? 'the session closed but a call into it never returned' : `the session did not close within ${limit} ms of the last sign of life of either side`;
        problems.push(`${where} (client ${escape(JSON.stringify(safeFacts(session)), 200)}; the server last said ${escape(lastRecv, 300)})`);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    if (kase.flood?.kind === 'long-line' && floodWhole) problems.push(`the client read a ${kase.flood.octets}-octet line to its end instead of giving up at the line limit (src/client/limits.ts)`);
  } finally {
    if (hung) await Promise.race([session.close(), new Promise((r) => setTimeout(r, 2000))]);
    await server.close();
  }
  if (recorder && record) {
    await recorder.stop();
    problems.push(...(await playbackProblems(record)));
    await rm(record, { force: true });
  }
  const end = session.ended;
  return { outcome: hung ? 'hung' : (end?.error?.code ?? end?.reason ?? 'open'), problems, recorded: record !== undefined };
}

/** Reads a case's recording back and plays it as `replay` does; the problems found. */
async function playbackProblems(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const where = `the recording (${escape(text, 1500)})`;
  try {
    const transcript = parseTranscript(text, file);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), PLAYBACK_LIMIT_MS)));
    const steps = await Promise.race([playbackSteps(transcript), timeout]).finally(() => clearTimeout(timer));
    if (steps === 'timeout') return [`playing back ${where} took longer than ${PLAYBACK_LIMIT_MS} ms`];
    return [...new Set(steps.flatMap((s) => s.events.flatMap(renderProblems)))].map((p) => `played back: ${p}`);
  } catch (err) {
    return [`reading or playing back ${where} threw ${(err as Error)?.stack ?? String(err)}`];
  }
}

function safeFacts(session: ClientSession): unknown {
  try {
    const f = session.facts();
    return { state: f.state, expectsContent: session.expectsContent() };
  } catch {
    return 'not connected';
  }
}

/** Runs the client fuzzer for the time budget (or the one replayed case) and reports. */
export async function runClientFuzz(opts: ClientFuzzOptions): Promise<ClientFuzzReport> {
  const unhandled: string[] = [];
  const onUnhandled = (err: unknown): void => void unhandled.push(String((err as Error)?.stack ?? err));
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const corpus = await loadServerCorpus(opts.protocol);
  const recordDir = await mkdtemp(join(tmpdir(), `mailproto-client-fuzz-${opts.protocol}-`));
  // Made once here, not by every worker's first fake server at the same time.
  await fakeCertificate();
  const failures: string[] = [];
  const outcomes: Record<string, number> = {};
  let next = opts.only ?? 0;
  let cases = 0;
  let recorded = 0;
  let baseline: number | undefined;
  const started = Date.now();
  const warmupEnds = started + Math.min(4000, opts.seconds * 100);
  const file = `test/fuzz/client-${opts.protocol}.test.ts`;
  const replay = (i: number): string => `MAILPROTO_FUZZ_SEED=${opts.seed} MAILPROTO_FUZZ_CASE=${i} npx vitest run ${file}`;
  try {
    const worker = async (): Promise<void> => {
      while (failures.length === 0 && unhandled.length === 0) {
        if (opts.only === undefined ? Date.now() - started >= opts.seconds * 1000 : next > opts.only) return;
        const i = next++;
        const rng = prng(caseSeed(opts.seed, `client-${opts.protocol}`, i));
        const kase = makeClientCase(rng, opts.protocol, corpus);
        const unhandledBefore = unhandled.length;
        let result: CaseResult;
        try {
          result = await runCase(rng, opts.protocol, kase, recordDir, i);
        } catch (err) {
          result = { outcome: 'harness-error', problems: [`the harness failed: ${(err as Error)?.stack ?? String(err)}`] };
        }
        outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
        if (result.recorded) recorded++;
        const problems = [...new Set(result.problems)];
        if (unhandled.length > unhandledBefore) problems.push(`(this case or one running beside it) unhandled rejection or uncaught exception:\n${unhandled[unhandledBefore]}`);
        if (problems.length > 0) {
          const flood = kase.flood ? `, flood ${kase.flood.kind} after ${escape(kase.flood.prefix)}` : '';
          failures.push(
            `case ${i} (${kase.origin}, ${kase.delivery}, stops after reply ${kase.stopAfter} then ${kase.end}${flood}${kase.starttls ? ', --starttls' : ''}): ${problems.slice(0, 5).join('\n  ')}\n` +
              `  client lines: ${escape(kase.commands.join('\n'), 800)}${kase.actions.length ? `, meta-commands ${JSON.stringify(kase.actions)}` : ''}\n  server replies: ${escape(Buffer.concat(kase.replies))}\n  replay: ${replay(i)}`,
          );
        }
        cases++;
        if (baseline === undefined && Date.now() >= warmupEnds) baseline = process.memoryUsage().rss;
      }
    };
    await Promise.all(Array.from({ length: opts.only === undefined ? opts.workers : 1 }, () => worker()));
    const rssGrowth = process.memoryUsage().rss - (baseline ?? process.memoryUsage().rss);
    if (rssGrowth > MAX_CLIENT_RSS_GROWTH) failures.push(`rss grew by ${Math.round(rssGrowth / 1048576)} MiB during the run (limit ${MAX_CLIENT_RSS_GROWTH / 1048576} MiB)`);
    return { cases, recorded, outcomes, rssGrowth, failures: failures.map((f) => `${f}\n  (run seed ${opts.seed})`) };
  } finally {
    process.removeListener('unhandledRejection', onUnhandled);
    process.removeListener('uncaughtException', onUnhandled);
    await rm(recordDir, { recursive: true, force: true });
  }
}
