/**
 * `replay --against`: the recorded client lines sent to a live server (or a fresh sandbox) through
 * ClientSession, step by step, each reply compared with the recorded one by meaning
 * (compare.ts). Redacted credentials are made again first (refill.ts).
 *
 * Decisions:
 * - A content line (DATA, a literal, a SASL response) is sent only while the live session expects
 *   content: when the live server refused what the recording's server accepted (DATA answered
 *   550), the rest of that step is not sent, or it would arrive as commands.
 * - When the recording upgraded to TLS at a step and the live session did not, replay stops there:
 *   what follows (credentials) must not go out in plaintext. That is a TLS failure (exit 3).
 * - The live server closing early is a difference (exit 1), not exit 4: the steps it did not
 *   answer count as not matching; only the first of them gets a diff.
 * - At the end the connection is closed as the recording's client did: no extra QUIT.
 */
import { ClientSession } from '../client/client-session.js';
import { ClientError } from '../client/errors.js';
import { EXIT, type ClientEvent, type ClientProtocol } from '../client/events.js';
import { startSandboxTarget, type SandboxEndpoint } from '../client/sandbox-target.js';
import { parseTarget, type Target } from '../client/target.js';
import type { Fault } from '../server/faults.js';
import { replyMeanings, sameMeaning, type ReplyMeaning } from './compare.js';
import { typedDataLine, type PlaybackStep } from './playback.js';
import type { Transcript } from './reader.js';
import { recordedUser, Refiller, type Credentials, type RecordedLine } from './refill.js';

/** A step whose live reply means something else than the recorded one. */
export type StepDiff = {
  readonly type: 'diff';
  /** The file line where the step starts. */
  readonly line: number;
  /** The step's client command as recorded (undefined for the greeting). */
  readonly command?: string;
  readonly recorded: readonly ReplyMeaning[];
  readonly live: readonly ReplyMeaning[];
  /** Why the live side has no (complete) reply, when it has none: the server closed, TLS, ... */
  readonly reason?: string;
};

export type VerifySummary = { readonly type: 'summary'; readonly matched: number; readonly total: number; readonly exitCode: number };

export type AgainstTarget = { readonly kind: 'sandbox'; readonly faults?: readonly Fault[] } | { readonly kind: 'target'; readonly target: Target };

export type VerifyOptions = {
  readonly against: AgainstTarget;
  readonly credentials?: Credentials;
  readonly insecure?: boolean;
  readonly ca?: string;
  readonly timeoutSeconds?: number;
  readonly annotate?: boolean;
  /** Live events, as they happen. */
  readonly onEvent: (e: ClientEvent) => void;
  /** A recorded note or marker, in its place. */
  readonly onMark: (step: PlaybackStep) => void;
  readonly onDiff: (d: StepDiff) => void;
  /** Called before each step after the greeting (pacing, --step). */
  readonly beforeStep?: (step: PlaybackStep, previous: PlaybackStep | undefined) => Promise<void>;
};

export type VerifyResult = VerifySummary & {
  /** A connection or TLS failure (exit 2 or 3), for stderr. */
  readonly error?: ClientError;
};

function recordedLines(step: PlaybackStep, lines: ReadonlyMap<ClientEvent, number>): RecordedLine[] {
  return step.events.flatMap((e) => (e.type === 'send' ? [{ text: e.text, redacted: e.redacted === true, line: lines.get(e) ?? step.line }] : []));
}

/** The file line of each recorded send event (steps know only where they start). */
function sendLines(transcript: Transcript, steps: readonly PlaybackStep[]): Map<ClientEvent, number> {
  const fileLines = transcript.events.flatMap((e, i) => (e.type === 'send' ? [transcript.lines[i]!] : []));
  const map = new Map<ClientEvent, number>();
  let i = 0;
  for (const s of steps) for (const e of s.events) if (e.type === 'send') map.set(e, fileLines[i++] ?? s.line);
  return map;
}

/** The challenge text of the last continuation among live events (SMTP 334, POP3/IMAP `+`). */
function lastChallenge(protocol: ClientProtocol, events: readonly ClientEvent[]): string {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type !== 'recv') continue;
    if (protocol === 'smtp' && /^334(?: |$)/.test(e.text)) return e.text.slice(4).trim();
    if (protocol !== 'smtp' && (e.text === '+' || e.text.startsWith('+ '))) return e.text.slice(2).trim();
  }
  return '';
}

/** Prepares refilling and checks every redacted line. @throws RefillError before anything connects. */
export function prepareRefill(transcript: Transcript, steps: readonly PlaybackStep[], opts: Pick<VerifyOptions, 'against' | 'credentials'>): { refiller: Refiller; lines: Map<ClientEvent, number> } {
  const lines = sendLines(transcript, steps);
  const protocol = transcript.header.protocol;
  const targetUser = opts.against.kind === 'target' && opts.against.target.kind === 'server' ? opts.against.target.user : undefined;
  const sends = steps.flatMap((s) => s.events.flatMap((e) => (e.type === 'send' ? [e.text] : [])));
  const user = recordedUser(protocol, sends);
  const refiller = new Refiller(protocol, transcript.file, {
    ...opts.credentials,
    ...(targetUser ? { targetUser } : {}),
    ...(user ? { recordedUser: user } : {}),
    sandbox: opts.against.kind === 'sandbox',
  });
  refiller.check(steps.filter((s) => s.kind === 'exchange').map((s) => recordedLines(s, lines)));
  return { refiller, lines };
}

/**
 * Replays the recorded client lines against a live server and compares every reply.
 * @throws RefillError (before connecting) when a redacted line cannot be made again.
 */
export async function verifyAgainst(transcript: Transcript, steps: readonly PlaybackStep[], opts: VerifyOptions): Promise<VerifyResult> {
  const protocol = transcript.header.protocol;
  const { refiller, lines } = prepareRefill(transcript, steps, opts);
  const recordedImplicitTls = transcript.events.find((e) => e.type !== 'note' && e.type !== 'marker')?.type === 'tls';

  let sandbox: SandboxEndpoint | undefined;
  let target: Target;
  let ca = opts.ca;
  if (opts.against.kind === 'sandbox') {
    sandbox = await startSandboxTarget(protocol, opts.against.faults ? { faults: opts.against.faults } : {});
    const service = recordedImplicitTls ? (`${protocol}s` as const) : protocol;
    target = parseTarget(`${service}://${sandbox.host}:${sandbox.ports[service]!}`);
    ca ??= sandbox.ca;
  } else target = opts.against.target;

  const session = new ClientSession();
  let live: ClientEvent[] = [];
  session.on('event', (e) => {
    live.push(e);
    opts.onEvent(e);
  });

  const exchanges = steps.filter((s) => s.kind === 'exchange').length;
  let matched = 0;
  let tlsError: ClientError | undefined;
  const finish = async (error?: ClientError): Promise<VerifyResult> => {
    if (!session.ended && session.protocol) await session.close();
    await session.whenClosed();
    await sandbox?.close();
    const exitCode = error ? error.exitCode : tlsError ? EXIT.tls : matched === exchanges ? EXIT.ok : EXIT.usage;
    const err = error ?? tlsError;
    return { type: 'summary', matched, total: exchanges, exitCode, ...(err ? { error: err } : {}) };
  };

  try {
    await session.connect({
      target,
      ...(opts.insecure ? { insecure: true } : {}),
      ...(ca ? { ca } : {}),
      ...(opts.timeoutSeconds ? { timeoutSeconds: opts.timeoutSeconds } : {}),
      annotate: opts.annotate ?? true,
    });
  } catch (err) {
    if (!(err instanceof ClientError)) throw err;
    // Could not connect (2), TLS (3); a server that closed at once is a difference like any other.
    if (err.exitCode !== EXIT.serverClosed) return finish(err);
  }
  const greeting = live.find((e) => e.type === 'recv')?.text ?? '';

  let previous: PlaybackStep | undefined;
  let reportedEnd = false;
  for (const step of steps) {
    if (step.kind !== 'exchange') {
      opts.onMark(step);
      continue;
    }
    const sends = recordedLines(step, lines);
    const isGreeting = sends.length === 0 && previous === undefined;
    const recorded = replyMeanings(protocol, step.events, isGreeting);
    if (!isGreeting) {
      await opts.beforeStep?.(step, previous);
      live = [];
    }
    previous = step;
    const command = sends[0]?.text;
    if (!isGreeting && session.ended) {
      if (!reportedEnd) opts.onDiff({ type: 'diff', line: step.line, ...(command !== undefined ? { command } : {}), recorded, live: [], reason: endReason(session) });
      reportedEnd = true;
      continue;
    }
    let stopped: string | undefined;
    for (let i = 0; i < sends.length && !session.ended; i++) {
      const expectsContent = session.expectsContent();
      if (i === 0 && expectsContent) {
        stopped = 'the live session is still in the middle of the previous command (it expects content, the recording has a new command)';
        break;
      }
      if (i > 0 && !expectsContent) break;
      const facts = { challenge: lastChallenge(protocol, live), greeting };
      const out = refiller.needed(sends) ? refiller.line(sends, i, facts) : { send: sends[i]!.text };
      if ('skip' in out) continue;
      const text = protocol === 'smtp' && i > 0 && session.facts().state === 'data' ? typedDataLine(out.send) : out.send;
      try {
        await session.send(text);
      } catch (err) {
        if (!(err instanceof ClientError)) throw err;
      }
    }
    const liveMeanings = replyMeanings(protocol, live, isGreeting);
    const recordedTls = step.events.some((e) => e.type === 'tls');
    const liveTls = live.some((e) => e.type === 'tls');
    if (recordedTls && !liveTls) {
      tlsError = session.ended?.error?.exitCode === EXIT.tls ? session.ended.error : new ClientError('E_STARTTLS_REFUSED', `the recording upgraded to TLS at ${transcript.file}:${step.line}, the live server did not; stopped before anything else was sent`, { exitCode: EXIT.tls, tryMessage: 'check that the server offers STARTTLS' });
      opts.onDiff({ type: 'diff', line: step.line, ...(command !== undefined ? { command } : {}), recorded, live: liveMeanings, reason: tlsError.message });
      return finish();
    }
    if (!stopped && sameMeaning(recorded, liveMeanings)) {
      matched++;
      continue;
    }
    const ended = session.ended && liveMeanings.length < recorded.length ? endReason(session) : undefined;
    const reason = stopped ?? ended;
    if (ended) reportedEnd = true;
    opts.onDiff({ type: 'diff', line: step.line, ...(command !== undefined ? { command } : {}), recorded, live: liveMeanings, ...(reason ? { reason } : {}) });
    if (stopped) {
      await session.close();
      reportedEnd = true;
    }
  }
  return finish();
}

function endReason(session: ClientSession): string {
  const end = session.ended;
  if (end?.error) return end.error.message;
  return 'the live session had already ended';
}
