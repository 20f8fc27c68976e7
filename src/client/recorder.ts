/**
 * `--record FILE` and `:record FILE`: the session's events as a transcript. Events arrive already
 * redacted (src/client/redact.ts), so what is recorded is what was shown.
 */
import { TranscriptWriter, type TranscriptEvent } from '../transcript/writer.js';
import type { ClientSession } from './client-session.js';
import { ClientError } from './errors.js';
import type { ClientEvent } from './events.js';

/** A ClientEvent as a transcript event; undefined for events a transcript does not keep (annotations, meta-command output). */
export function toTranscriptEvent(e: ClientEvent, t: number): TranscriptEvent | undefined {
  switch (e.type) {
    case 'send':
      return { type: 'send', t, text: e.text, ...(e.redacted ? { redacted: true as const } : {}) };
    case 'recv':
      return { type: 'recv', t, text: e.text };
    case 'tls':
      return {
        type: 'tls',
        t,
        version: e.version,
        cipher: e.cipher,
        subject: e.subject,
        issuer: e.issuer,
        validFrom: e.validFrom,
        validTo: e.validTo,
        fingerprint256: e.fingerprint256,
        authorized: e.authorized,
        ...(e.verifyError ? { verifyError: e.verifyError } : {}),
      };
    case 'warning':
      return { type: 'note', t, text: `warning: ${e.text}` };
    case 'info':
      // Only an instructor's :note and :marker; other meta-command output is not part of the conversation.
      if (e.instructor === 'note') return { type: 'note', t, text: e.text };
      if (e.instructor === 'marker') return { type: 'marker', t, label: e.text };
      return undefined;
    case 'close':
      return { type: 'close', t };
    default:
      return undefined;
  }
}

export class Recorder {
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly session: ClientSession,
    private readonly writer: TranscriptWriter,
    private readonly offset: number,
  ) {
    session.on('event', this.onEvent);
  }

  /**
   * Starts recording into `file` from now on. @throws ClientError E_FILE when the file cannot be created.
   */
  static async start(
    session: ClientSession,
    file: string,
    opts: { readonly title?: string; readonly target?: string; readonly protocol?: 'smtp' | 'pop3' | 'imap' } = {},
  ): Promise<Recorder> {
    const target = opts.target ?? session.target?.text ?? '';
    let writer: TranscriptWriter;
    try {
      writer = await TranscriptWriter.create(file, {
        protocol: opts.protocol ?? session.protocol ?? 'smtp',
        target,
        started: new Date().toISOString(),
        title: opts.title ?? `mailproto connect ${target}`,
      });
    } catch (err) {
      throw new ClientError('E_FILE', `cannot write the transcript ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
        tryMessage: 'a path in a directory you can write to',
      });
    }
    const recorder = new Recorder(session, writer, session.now());
    // Started after the handshake (`:record` inside TLS): the recording still says the session is encrypted, and how.
    const tls = session.tls;
    if (tls) recorder.writer.write(toTranscriptEvent({ ...tls, t: session.now() }, 0)!);
    return recorder;
  }

  private readonly onEvent = (e: ClientEvent): void => {
    const event = toTranscriptEvent(e, Math.max(0, e.t - this.offset));
    if (event) this.writer.write(event);
    if (e.type === 'close') void this.stop();
  };

  /** Stops recording and closes the file. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.session.off('event', this.onEvent);
      await this.writer.close();
    })();
    return this.stopped;
  }
}
