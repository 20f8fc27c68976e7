/**
 * `mailproto replay FILE`: a recorded session shown again, every line explained as it was live; with
 * `--against TARGET|sandbox` the recorded client lines are sent to a live server and each reply is
 * compared by meaning with the recorded one.
 *
 * Decisions:
 * - Without --speed nothing sleeps: printed output is for reading and diffing, not watching.
 *   With --speed N the pauses of the recording are kept, divided by N and capped at
 *   MAX_PAUSE_MS (a learner thinking for two minutes is not worth replaying; asciinema's
 *   --idle-time-limit does the same).
 * - --step reads one line from stdin before each step; when stdin ends, the rest plays on.
 * - Exit status: 0 shown (or every reply matched); 1 bad file, bad options, a secret that cannot be
 *   refilled, or (with --against) any reply that differs, including a server that closed early;
 *   2 could not connect; 3 TLS failure.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ClientError } from '../client/errors.js';
import { EXIT, type ClientEvent } from '../client/events.js';
import { DEFAULT_TIMEOUT_SECONDS } from '../client/limits.js';
import { formatEvent } from '../client/line-format.js';
import { parseTarget, TARGET_EXAMPLES } from '../client/target.js';
import { FaultSpecError, parseFault } from '../server/faults.js';
import { playbackSteps, type PlaybackStep } from '../transcript/playback.js';
import { readTranscript, TranscriptError, type Transcript } from '../transcript/reader.js';
import { RefillError } from '../transcript/refill.js';
import { formatDiff, formatMark, formatSummary } from '../transcript/replay-format.js';
import { verifyAgainst, type AgainstTarget, type StepDiff } from '../transcript/verify.js';
import { readCa } from './connect.js';
import { AbortError } from './errors.js';
import { collect, parsePositiveInt } from './options.js';

/** The longest pause --speed keeps between two steps. */
export const MAX_PAUSE_MS = 3000;

type ReplayCliOptions = {
  readonly speed?: number;
  readonly step?: boolean;
  readonly json?: boolean;
  readonly against?: string;
  readonly user?: string;
  readonly password?: string;
  readonly fault?: string[];
  readonly insecure?: boolean;
  readonly ca?: string;
  readonly annotate: boolean;
  readonly timeout: number;
};

const EXAMPLES = `
Output (stdout not a terminal): the conversation as "S: " server line, "C: " client line,
"#  " explanation, "#  note: ..." and "#  == marker ==" from the recording.
With --against, each reply that means something else than the recorded one is shown as
"- S: recorded" / "+ S: live" after its step, and the last line is "replay: N of M replies match".
Exit status: 0 all well, 1 bad file or options or a reply differs, 2 could not connect, 3 TLS failure.

Examples:
  $ mailproto replay lesson1.jsonl
  $ mailproto replay lesson1.jsonl --speed 2
  $ mailproto replay lesson1.jsonl --against sandbox
  $ mailproto replay lesson1.jsonl --against sandbox --fault "smtp:RCPT:452 4.2.2 Mailbox full"
  $ mailproto replay pop3-session.jsonl --against pop3://mail.example.org --user alice --password secret`;

function parseSpeed(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new InvalidArgumentError('expected a number above 0, e.g. 2 (twice as fast) or 0.5');
  return n;
}

function toAbort(err: ClientError | TranscriptError | RefillError): AbortError {
  const code = err instanceof RefillError ? 'E_REFILL' : err.code;
  const exitCode = err instanceof ClientError ? err.exitCode : 1;
  return new AbortError(code, err.message, { exitCode, ...(err.tryMessage ? { tryMessage: err.tryMessage } : {}) });
}

/** Output sink: stops writing once the reader of stdout is gone (`replay F | head`). */
function stdoutWriter(): (line: string) => void {
  let gone = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    gone = true;
  });
  return (line) => {
    if (!gone) process.stdout.write(`${line}\n`);
  };
}

/** JSON escapes C0 controls but not DEL and C1 (U+009B is CSI to a terminal): those too (security.md item 8). */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Pacing between steps: --speed pauses and --step waits for Enter. */
function pacer(opts: ReplayCliOptions): { wait: (step: PlaybackStep, previous: PlaybackStep | undefined) => Promise<void>; close: () => void } {
  const rl = opts.step ? createInterface({ input: process.stdin, terminal: false }) : undefined;
  const lines = rl?.[Symbol.asyncIterator]();
  let inputEnded = false;
  return {
    async wait(step, previous) {
      if (lines && !inputEnded && previous) {
        const next = await lines.next();
        if (next.done) inputEnded = true;
      }
      if (opts.speed !== undefined && previous) {
        const ms = Math.min(MAX_PAUSE_MS, Math.max(0, step.t - previous.t) / opts.speed);
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      }
    },
    close() {
      rl?.close();
    },
  };
}

type Printer = {
  readonly event: (e: ClientEvent) => void;
  readonly mark: (step: PlaybackStep) => void;
  readonly diff: (d: StepDiff) => void;
  readonly summary: (matched: number, total: number, exitCode: number) => void;
};

function printer(transcript: Transcript, json: boolean, out: (line: string) => void): Printer {
  if (json) {
    return {
      event: (e) => out(jsonLine(e)),
      mark: (s) => out(jsonLine(s.kind === 'marker' ? { type: 'marker', t: s.t, label: s.label, line: s.line } : { type: 'note', t: s.t, text: s.label, line: s.line })),
      diff: (d) => out(jsonLine({ ...d, file: transcript.file })),
      summary: (matched, total, exitCode) => out(jsonLine({ type: 'summary', matched, total, exitCode })),
    };
  }
  const view = { raw: false };
  return {
    event: (e) => formatEvent(e, view).forEach(out),
    mark: (s) => formatMark(s).forEach(out),
    diff: (d) => formatDiff(d, transcript.file).forEach(out),
    summary: (matched, total, exitCode) => out(formatSummary({ type: 'summary', matched, total, exitCode })),
  };
}

/** Prints a recording step by step (line mode, and for now on a terminal too). */
async function printPlayback(steps: readonly PlaybackStep[], print: Printer, opts: ReplayCliOptions): Promise<void> {
  const pace = pacer(opts);
  try {
    let previous: PlaybackStep | undefined;
    for (const step of steps) {
      await pace.wait(step, previous);
      previous = step;
      if (step.kind === 'exchange') step.events.forEach(print.event);
      else print.mark(step);
    }
  } finally {
    pace.close();
  }
}

/**
 * On a terminal (stdin and stdout): the player, `src/tui/replay-tui.tsx`. Ink and React are loaded
 * here, with a dynamic import, so that printed replays never load them (as connect's runTui).
 */
async function runReplayTui(steps: readonly PlaybackStep[], transcript: Transcript, opts: ReplayCliOptions): Promise<void> {
  // React's production build: faster to load and to render (set before React is first imported).
  process.env.NODE_ENV ??= 'production';
  const { runReplayTui: play } = await import('../tui/replay-tui.js');
  const { summary } = await play({ steps, transcript, step: opts.step ?? false, ...(opts.speed !== undefined ? { speed: opts.speed } : {}) });
  for (const line of summary) process.stdout.write(`${line}\n`);
}

function againstTarget(opts: ReplayCliOptions): AgainstTarget | undefined {
  if (opts.against === undefined) {
    const stray = opts.fault ? '--fault' : opts.user !== undefined ? '--user' : opts.password !== undefined ? '--password' : undefined;
    if (stray) throw new AbortError('E_USAGE', `${stray} applies to --against only`, { tryMessage: `mailproto replay FILE --against sandbox ${stray} ...` });
    return undefined;
  }
  if (opts.against.toLowerCase() === 'sandbox') {
    try {
      const faults = (opts.fault ?? []).map(parseFault);
      return { kind: 'sandbox', ...(faults.length > 0 ? { faults } : {}) };
    } catch (err) {
      if (err instanceof FaultSpecError) throw new AbortError('E_BAD_FAULT', err.message, { tryMessage: '--fault "smtp:RCPT:452 4.2.2 Mailbox full"' });
      throw err;
    }
  }
  if (opts.fault) throw new AbortError('E_USAGE', '--fault applies to --against sandbox only (a real server has faults of its own)', { tryMessage: `mailproto replay FILE --against sandbox --fault "${opts.fault[0]}"` });
  try {
    return { kind: 'target', target: parseTarget(opts.against) };
  } catch (err) {
    if (err instanceof ClientError) throw toAbort(err);
    throw err;
  }
}

async function run(file: string, opts: ReplayCliOptions): Promise<void> {
  const against = againstTarget(opts);
  let transcript: Transcript;
  try {
    transcript = await readTranscript(file);
  } catch (err) {
    if (err instanceof TranscriptError) throw toAbort(err);
    throw err;
  }
  if (against?.kind === 'target' && against.target.protocol !== transcript.header.protocol) {
    throw new AbortError('E_USAGE', `${file} is a ${transcript.header.protocol.toUpperCase()} recording, and ${opts.against} speaks ${against.target.protocol.toUpperCase()}`, {
      tryMessage: `a ${transcript.header.protocol}:// target, or --against sandbox`,
    });
  }
  const ca = opts.ca ? await readCa(opts.ca) : undefined;
  const steps = await playbackSteps(transcript, { annotate: opts.annotate });
  if (!against) {
    if (process.stdin.isTTY && process.stdout.isTTY && !opts.json) await runReplayTui(steps, transcript, opts);
    else await printPlayback(steps, printer(transcript, opts.json ?? false, stdoutWriter()), opts);
    return;
  }
  const print = printer(transcript, opts.json ?? false, stdoutWriter());
  const pace = pacer(opts);
  let result;
  try {
    result = await verifyAgainst(transcript, steps, {
      against,
      credentials: { ...(opts.user !== undefined ? { user: opts.user } : {}), ...(opts.password !== undefined ? { password: opts.password } : {}) },
      ...(opts.insecure ? { insecure: true } : {}),
      ...(ca ? { ca } : {}),
      timeoutSeconds: opts.timeout,
      annotate: opts.annotate,
      onEvent: print.event,
      onMark: print.mark,
      onDiff: print.diff,
      beforeStep: pace.wait,
    });
  } catch (err) {
    if (err instanceof RefillError || err instanceof ClientError) throw toAbort(err);
    throw err;
  } finally {
    pace.close();
  }
  // Nothing was compared when nothing could connect: the one-line error says it all (JSON keeps the record).
  if (opts.json || result.exitCode !== EXIT.connect) print.summary(result.matched, result.total, result.exitCode);
  if (result.error) throw toAbort(result.error);
  process.exitCode = result.exitCode;
}

/** `mailproto replay FILE [options]`. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay a recorded session (connect --record), every line explained; --against checks it on a live server')
    .argument('<file>', 'a transcript (.jsonl) written by connect --record or wrap --record')
    .option('--speed <n>', 'keep the recording\'s pauses, divided by N (e.g. 2 is twice as fast)', parseSpeed)
    .option('--step', 'wait for Enter (a line on stdin) before each step; on a terminal, Space, Enter or → shows the next exchange')
    .option('--json', 'print JSON Lines: client events, notes, markers, and with --against diff and summary records')
    .option('--against <target>', `send the recorded client lines to a server (${TARGET_EXAMPLES.split(' or ')[0]}) or to a fresh "sandbox", and compare the replies`)
    .option('--user <name>', 'with --against: the account for redacted credentials (default for sandbox: its seeded account)')
    .option('--password <pass>', 'with --against: the password for redacted credentials')
    .option('--fault <spec>', 'with --against sandbox: a sandbox fault, as mailproto sandbox --fault (repeatable)', collect)
    .option('--insecure', 'with --against: go on when the certificate does not verify')
    .option('--ca <file>', 'with --against: trust the certificates in this PEM file instead of the system CAs')
    .option('--no-annotate', 'no explanations (# lines)')
    .option('--timeout <seconds>', 'with --against: seconds to connect and to wait for each response', parsePositiveInt, DEFAULT_TIMEOUT_SECONDS)
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, opts: ReplayCliOptions) => {
      try {
        await run(file, opts);
      } finally {
        // --step reads stdin; stop so that the process can end while the input is still open.
        if (opts.step) process.stdin.destroy();
      }
    });
}
