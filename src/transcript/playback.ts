/**
 * Playback: a transcript turned into the annotated event stream the live client produced, in
 * steps (one command with its whole response). The recorded server lines are fed to the real
 * client sessions (src/client/sessions) through a transport that plays them back, so that the
 * explanations are exactly the ones `connect` gives: no second copy of the protocol state.
 *
 * Decisions where the recording leaves room:
 * - A step starts at a client line that is a command (the session does not expect content);
 *   content lines (DATA, a literal, a SASL response, DONE after IDLE) and every server line up
 *   to the next command belong to it. The greeting is the first step, with no client line.
 * - Notes and markers are steps of their own. One recorded while a response was still arriving
 *   (a warning during STARTTLS) comes right after that exchange, so a step is never cut in two.
 * - Warnings the session raises again are dropped: the recording holds them already, as notes
 *   `warning: TEXT`, and those are shown as warnings where they were recorded, as live.
 * - Lines are shown as recorded: `<redacted>` stays, and a recording made with --show-secrets
 *   shows its secrets (remove them with `mailproto transcript redact`).
 * - A recording where the client sent a command before the response to the previous one was
 *   complete (pipelining, a hand-written file) cannot drive the session: from that line on the
 *   lines are shown as recorded, without explanations, after one warning that says so.
 */
import type { Annotator } from '../client/annotator.js';
import { defaultAnnotator, silentAnnotator } from '../client/annotator.js';
import type { ConnectionHandlers, Transport } from '../client/connection.js';
import { ClientError } from '../client/errors.js';
import { EXIT, type ClientEvent, type ClientProtocol, type TlsSummary } from '../client/events.js';
import type { ProtocolSession, SessionSettings } from '../client/session-base.js';
import { ImapSession } from '../client/sessions/imap-session.js';
import { Pop3Session } from '../client/sessions/pop3-session.js';
import { SmtpSession } from '../client/sessions/smtp-session.js';
import { parseTarget } from '../client/target.js';
import type { TranscriptEvent } from './format.js';
import type { Transcript } from './reader.js';

export type PlaybackStep = {
  /** Milliseconds since the start of the recording, from the transcript. */
  readonly t: number;
  readonly kind: 'exchange' | 'note' | 'marker';
  /** The marker's label or the note's text. */
  readonly label?: string;
  /** The client line(s) sent, the replies, their annotations, TLS; empty for a note or marker. */
  readonly events: readonly ClientEvent[];
  /** The line in the file where the step starts. */
  readonly line: number;
};

export type PlaybackOptions = {
  /** false: no annotations (like --no-annotate). Default true. */
  readonly annotate?: boolean;
};

type TlsEvent = Extract<TranscriptEvent, { type: 'tls' }>;

/** The TLS summary a recorded `tls` event holds (older recordings may lack the optional facts). */
export function recordedTls(e: TlsEvent): TlsSummary {
  return {
    version: e.version,
    cipher: e.cipher,
    subject: e.subject,
    issuer: e.issuer ?? '',
    validFrom: e.validFrom ?? '',
    validTo: e.validTo ?? '',
    fingerprint256: e.fingerprint256,
    authorized: e.authorized ?? true,
    ...(e.verifyError ? { verifyError: e.verifyError } : {}),
  };
}

/** Undo SMTP dot-stuffing: the recording holds the wire line, the session stuffs what it is given (RFC 5321 §4.5.2). */
export function typedDataLine(text: string): string {
  return text.startsWith('.') && text !== '.' ? text.slice(1) : text;
}

/**
 * Recorded server lines as wire bytes. The recording keeps line texts without their CRLF; inside an
 * IMAP literal the octet count says where the literal ends, possibly in the middle of a line.
 */
class WireRebuilder {
  private literalLeft = 0;

  constructor(private readonly protocol: ClientProtocol) {}

  bytes(text: string): Buffer {
    const body = Buffer.from(text, 'utf8');
    if (this.literalLeft > 0) {
      const withEol = body.length + 2;
      if (withEol <= this.literalLeft) {
        this.literalLeft -= withEol;
        return Buffer.concat([body, Buffer.from('\r\n')]);
      }
      // The literal ends inside this line (or inside its CRLF); the next line goes on after it.
      const eol = '\r\n'.slice(0, Math.max(0, this.literalLeft - body.length));
      this.literalLeft = 0;
      return Buffer.concat([body, Buffer.from(eol)]);
    }
    if (this.protocol === 'imap') {
      const m = /~?\{(\d+)\}$/.exec(text);
      if (m) this.literalLeft = Number(m[1]);
    }
    return Buffer.concat([body, Buffer.from('\r\n')]);
  }
}

/** A transport that hands recorded server lines to the session and pretends the TLS upgrade. */
class PlaybackTransport implements Transport {
  secure = false;
  private handlers: ConnectionHandlers | undefined;
  private queued: Buffer[] = [];
  private closed = false;
  /** The session asked for the handshake; the driver answers when it reaches the recorded `tls` event. */
  private handshake: { resolve: (s: TlsSummary) => void; reject: (e: Error) => void } | undefined;

  get isClosed(): boolean {
    return this.closed;
  }

  attach(handlers: ConnectionHandlers): void {
    this.handlers = handlers;
    const queued = this.queued;
    this.queued = [];
    for (const chunk of queued) handlers.onData(chunk);
  }

  deliver(chunk: Buffer): void {
    if (this.closed) return;
    if (this.handlers) this.handlers.onData(chunk);
    else this.queued.push(chunk);
  }

  /** The recording ends here: the server side hung up. */
  hangUp(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers?.onClose();
  }

  write(): void {
    // The recording already holds what the server answered.
  }

  startTls(): Promise<TlsSummary> {
    return new Promise((resolve, reject) => (this.handshake = { resolve, reject }));
  }

  get handshaking(): boolean {
    return this.handshake !== undefined;
  }

  /** The recorded handshake: the upgrade succeeds with the recorded summary. */
  completeHandshake(summary: TlsSummary): void {
    this.secure = true;
    this.handshake?.resolve(summary);
    this.handshake = undefined;
  }

  /** The recording goes on without a handshake after the go-ahead: it failed. */
  failHandshake(): void {
    this.handshake?.reject(new ClientError('E_TLS_HANDSHAKE', 'the recording has no TLS handshake after the go-ahead (it failed, or the file was cut)', { exitCode: EXIT.tls }));
    this.handshake = undefined;
  }

  close(): void {
    this.closed = true;
  }

  destroy(): void {
    this.closed = true;
  }
}

/** How src/client/recorder.ts records a client warning. */
const WARNING_NOTE = 'warning: ';

/** Lets promise callbacks and the session's async TLS upgrade run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function hostOf(target: string): string {
  try {
    const parsed = parseTarget(target);
    return parsed.kind === 'sandbox' ? '127.0.0.1' : parsed.host;
  } catch {
    // A wrap recording names the tool, not a URL: not known to be loopback.
    return 'recorded.invalid';
  }
}

function userOf(target: string): string | undefined {
  try {
    const parsed = parseTarget(target);
    return parsed.kind === 'server' ? parsed.user : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Plays a transcript through the client sessions and returns it in steps, each with the events the
 * live client emitted (sent and received lines, annotations, TLS summaries).
 */
export async function playbackSteps(transcript: Transcript, opts: PlaybackOptions = {}): Promise<PlaybackStep[]> {
  const { header, events, lines } = transcript;
  const steps: PlaybackStep[] = [];
  const deferred: PlaybackStep[] = [];
  let current: { t: number; line: number; events: ClientEvent[] } | undefined;
  let clock = 0;

  const flush = (): void => {
    if (current) steps.push({ t: current.t, kind: 'exchange', events: current.events, line: current.line });
    current = undefined;
    steps.push(...deferred.splice(0));
  };
  const begin = (t: number, line: number): void => {
    flush();
    current = { t, line, events: [] };
  };
  /** The recorded client line being sent: its `redacted` mark is the recording's, not the session's guess. */
  let sending: Extract<TranscriptEvent, { type: 'send' }> | undefined;
  const collect = (e: ClientEvent): void => {
    // Warnings raised again are in the recording as notes already.
    if (e.type === 'warning') return;
    if (!current) current = { t: e.t, line: lines[0] ?? 1, events: [] };
    if (e.type === 'send' && sending) {
      const { redacted: _guess, ...rest } = e;
      current.events.push(sending.redacted ? { ...rest, redacted: true } : rest);
      return;
    }
    current.events.push(e);
  };

  const first = events.find((e) => e.type !== 'note' && e.type !== 'marker');
  const implicitTls = first?.type === 'tls';
  const transport = new PlaybackTransport();
  const annotator: Annotator = opts.annotate === false ? silentAnnotator : defaultAnnotator;
  const user = userOf(header.target);
  const settings: SessionSettings = {
    host: hostOf(header.target),
    port: 0,
    implicitTls,
    // The recording's verdict stands; an unverified certificate was accepted then (--insecure).
    trust: { insecure: true },
    timeoutMs: 2_147_483_647,
    showSecrets: true,
    annotator,
    ...(user ? { user } : {}),
    emit: collect,
    now: () => clock,
    openTransport: () => Promise.resolve({ connection: transport, ...(implicitTls && first?.type === 'tls' ? { tls: recordedTls(first) } : {}) }),
  };
  const session: ProtocolSession =
    header.protocol === 'smtp' ? new SmtpSession(settings) : header.protocol === 'pop3' ? new Pop3Session(settings) : new ImapSession(settings);
  const wire = new WireRebuilder(header.protocol);

  let waiting: Promise<unknown> | undefined = session.open();
  let settled = false;
  const track = (p: Promise<unknown>): void => {
    settled = false;
    waiting = p.then(
      () => (settled = true),
      () => (settled = true),
    );
  };
  track(waiting);
  let raw = false;
  await settle();

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const line = lines[i]!;
    clock = e.t;
    if (transport.handshaking && e.type !== 'tls' && e.type !== 'note' && e.type !== 'marker') {
      transport.failHandshake();
      await settle();
    }
    if (e.type === 'note' && e.text.startsWith(WARNING_NOTE)) {
      // The recorder keeps the client's warnings as notes; they are shown where they happened, as warnings.
      current ??= { t: e.t, line, events: [] };
      current.events.push({ type: 'warning', t: e.t, text: e.text.slice(WARNING_NOTE.length) });
      continue;
    }
    if (e.type === 'note' || e.type === 'marker') {
      const step: PlaybackStep = { t: e.t, kind: e.type, label: e.type === 'note' ? e.text : e.label, events: [], line };
      if (current && !settled && !raw) deferred.push(step);
      else {
        flush();
        steps.push(step);
      }
      continue;
    }
    if (raw) {
      if (e.type === 'send') begin(e.t, line);
      const shown = rawEvent(e);
      if (shown) collect(shown);
      continue;
    }
    switch (e.type) {
      case 'send': {
        await settle();
        const content = session.expectsContent();
        if (!content && !settled) {
          raw = true;
          const note = 'the recording has a client line before the previous response was complete; from here on, lines are shown as recorded, without explanations';
          current ??= { t: e.t, line, events: [] };
          current.events.push({ type: 'warning', t: e.t, text: note });
          session.close();
          begin(e.t, line);
          collect(rawEvent(e)!);
          continue;
        }
        if (!content) begin(e.t, line);
        const smtpData = header.protocol === 'smtp' && content && session.facts().state === 'data';
        sending = e;
        track(session.send(smtpData ? typedDataLine(e.text) : e.text).catch(() => undefined));
        sending = undefined;
        break;
      }
      case 'recv':
        if (!current) begin(e.t, line);
        transport.deliver(wire.bytes(e.text));
        break;
      case 'tls':
        if (implicitTls && e === first) break;
        await settle();
        // The session asked for the handshake when it read the go-ahead; this is how it went.
        if (transport.handshaking) {
          transport.completeHandshake(recordedTls(e));
          await settle();
        } else collect(rawEvent(e)!);
        break;
      case 'close':
        await settle();
        if (session.ended) break;
        // A hang-up in the middle of a response is the server's doing; otherwise the session simply ended.
        if (!settled) transport.hangUp();
        else session.close();
        break;
    }
  }
  await settle();
  if (transport.handshaking) transport.failHandshake();
  await settle();
  if (!raw && !session.ended) session.close();
  await waiting;
  flush();
  return steps;
}

/** A recorded line shown as it is, without a session behind it. */
function rawEvent(e: TranscriptEvent): ClientEvent | undefined {
  switch (e.type) {
    case 'send':
      return { type: 'send', t: e.t, text: e.text, ...(e.redacted ? { redacted: true } : {}) };
    case 'recv':
      return { type: 'recv', t: e.t, text: e.text };
    case 'tls':
      return { type: 'tls', t: e.t, ...recordedTls(e) };
    case 'close':
      return { type: 'close', t: e.t, reason: 'quit', exitCode: EXIT.ok };
    default:
      return undefined;
  }
}
