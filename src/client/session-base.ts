/**
 * What every protocol session shares: the connection, reading server lines, waiting for one
 * complete response at a time (with the per-response timeout), the STARTTLS upgrade, events,
 * annotations and the end of the session. Each protocol (sessions/*.ts) decides what a line
 * means and when a response is complete.
 */
import type { ClientLineContext, CommandRef, SessionFacts } from '../annotate/context.js';
import { Connection, type Transport } from './connection.js';
import { ClientError, sessionEnded } from './errors.js';
import { EXIT, type ClientEvent, type ClientProtocol, type CloseReason, type TlsSummary } from './events.js';
import { LineReader, type ServerLine } from './readers/line-reader.js';
import { redactLine, type OutgoingLine } from './redact.js';
import { isLoopbackHost, type Response, type SessionEnd, type SessionSettings } from './session-settings.js';
import { droppedBeforeTlsWarning, tlsVerdict } from './tls-policy.js';

export type { Response, SessionEnd, SessionSettings } from './session-settings.js';

type Pending = {
  readonly resolve: (r: Response) => void;
  readonly reject: (e: Error) => void;
  first: string | undefined;
  last: string;
  timer: NodeJS.Timeout | undefined;
};

export abstract class ProtocolSession {
  abstract readonly protocol: ClientProtocol;
  protected readonly reader = new LineReader();
  /** Upper-case capability names the server announced (inside TLS only, once TLS is up). */
  protected capabilities: string[] = [];
  /** The server may close now without that being unexpected (after BYE to LOGOUT). */
  protected closeExpected = false;
  private conn: Transport | undefined;
  private pending: Pending | undefined;
  private endState: SessionEnd | undefined;
  private upgrade: 'requested' | 'running' | undefined;

  constructor(protected readonly settings: SessionSettings) {}

  /** The protocol state in the catalog's terms. */
  protected abstract state(): string;
  /** Processes one unit of server input; false when more input is needed. */
  protected abstract readItem(): boolean;
  /** Forget what was learnt before TLS (capabilities, greeting names): security.md items 3 and 6. */
  protected abstract resetAfterTls(): void;

  /** Sends one input line: a command, or content (DATA, a literal, a SASL response). Resolves when the response is complete. */
  abstract send(line: string): Promise<void>;
  /** True when the next input line is content, not a command (no meta-commands, no tag, blank lines count). */
  abstract expectsContent(): boolean;
  /** STARTTLS/STLS now; with `required` (--starttls) anything but a yes ends the session (security.md item 7). */
  abstract startTls(required: boolean): Promise<void>;
  /** Ends politely (QUIT/LOGOUT when the session is in a state to send it), then closes. */
  abstract quit(): Promise<void>;

  /** Connects and waits for the greeting. @throws ClientError (exit 2, 3 or 4). */
  async open(): Promise<void> {
    const open = this.settings.openTransport ?? ((o) => Connection.open(o));
    const { connection, tls } = await open({
      host: this.settings.host,
      port: this.settings.port,
      implicitTls: this.settings.implicitTls,
      trust: this.settings.trust,
      timeoutMs: this.settings.timeoutMs,
    });
    this.conn = connection;
    try {
      if (tls) this.acceptTls(tls);
    } catch (err) {
      this.fail(err);
      throw err;
    }
    const greeting = this.expect();
    connection.attach({ onData: (c) => this.onData(c), onClose: (e) => this.onClose(e) });
    await greeting;
  }

  facts(): SessionFacts {
    return {
      protocol: this.protocol,
      secure: this.conn?.secure ?? false,
      loopback: isLoopbackHost(this.settings.host),
      state: this.state(),
      capabilities: [...this.capabilities],
      ...this.extraFacts(),
    };
  }

  /** Protocol-specific facts (IMAP: the selected mailbox). */
  protected extraFacts(): Partial<SessionFacts> {
    return {};
  }

  /** How the session ended, once it has. */
  get ended(): SessionEnd | undefined {
    return this.endState;
  }

  /** Closes at once, without QUIT. */
  close(): void {
    this.end({ reason: 'quit' });
  }

  // ---- for the protocol sessions

  protected emit(event: ClientEvent): void {
    this.settings.emit(event);
  }

  protected info(text: string): void {
    this.emit({ type: 'info', t: this.settings.now(), text });
  }

  protected warn(text: string): void {
    this.emit({ type: 'warning', t: this.settings.now(), text });
  }

  protected assertOpen(): void {
    if (this.endState) throw this.endState.error ?? sessionEnded('the session has ended');
  }

  /**
   * Sends one line (CRLF added unless `eol` says otherwise), showing it redacted and checking it.
   * `typed` is the line as the learner typed it when the wire text differs (dot-stuffing).
   */
  protected writeLine(
    out: OutgoingLine,
    opts: { readonly inData?: boolean; readonly eol?: string; readonly typed?: string; readonly dotStuffing?: ClientLineContext['dotStuffing'] } = {},
  ): void {
    this.assertOpen();
    const eol = opts.eol ?? '\r\n';
    const shown = redactLine(out, this.settings.showSecrets);
    this.emit({ type: 'send', t: this.settings.now(), text: shown.text, ...(shown.redacted ? { redacted: true } : {}), eol });
    const checked = shown.redacted ? shown.text : (opts.typed ?? shown.text);
    const ctx: ClientLineContext = { facts: this.facts(), inData: opts.inData ?? false, ...(opts.dotStuffing ? { dotStuffing: opts.dotStuffing } : {}) };
    this.annotate('send', () => this.settings.annotator.client(checked, ctx));
    this.conn!.write(Buffer.from(out.text + eol, 'utf8'));
  }

  /** Shows a server line, collects it into the awaited response and explains it. */
  protected recv(line: ServerLine, ctx: { readonly command?: CommandRef; readonly index: number; readonly inBody: boolean; readonly group?: string }): void {
    this.emit({
      type: 'recv',
      t: this.settings.now(),
      text: line.text,
      eol: line.eol,
      ...(ctx.inBody ? { inBody: true } : {}),
      ...(ctx.group ? { command: ctx.group } : {}),
    });
    if (this.pending) {
      this.pending.first ??= line.text;
      this.pending.last = line.text;
    }
    const facts = this.facts();
    this.annotate('recv', () => this.settings.annotator.server(line.text, { facts, index: ctx.index, inBody: ctx.inBody, ...(ctx.command ? { command: ctx.command } : {}) }));
  }

  private annotate(about: 'recv' | 'send', compute: () => readonly string[]): void {
    let notes: readonly string[];
    try {
      notes = compute();
    } catch (err) {
      // An annotator bug must not end a debugging session; say so and go on.
      this.warn(`the annotator failed on this line: ${(err as Error).message}`);
      return;
    }
    for (const text of notes) this.emit({ type: 'annotation', t: this.settings.now(), text, about });
  }

  /**
   * Arms the wait for one complete response (call before writing the command).
   * @throws ClientError at once when the session has ended: a rejected promise here would be left
   * unawaited when the write that follows throws too (an unhandled rejection; the client fuzzer
   * found it with `:send` and `:auth` after the server had closed).
   */
  protected expect(): Promise<Response> {
    this.assertOpen();
    if (this.pending) return Promise.reject(new Error('bug: a response is already awaited'));
    return new Promise<Response>((resolve, reject) => {
      this.pending = { resolve, reject, first: undefined, last: '', timer: undefined };
      this.armTimer();
    });
  }

  protected get awaiting(): boolean {
    return this.pending !== undefined;
  }

  /** The awaited response is complete. */
  protected finishResponse(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve({ first: p.first ?? '', last: p.last });
  }

  /** After the current item: drop whatever else is buffered, start TLS, then complete the response. */
  protected requestUpgrade(): void {
    this.upgrade = 'requested';
  }

  /** The quit command was answered: the session ended normally. */
  protected finishQuit(): void {
    this.finishResponse();
    this.end({ reason: 'quit' });
  }

  /** Ends the session with an error (exit status in the error). */
  protected fail(err: unknown): void {
    if (!(err instanceof ClientError)) throw err;
    const reason: CloseReason = err.code === 'E_RESPONSE_TIMEOUT' ? 'timeout' : err.code === 'E_SERVER_CLOSED' ? 'server-closed' : 'error';
    this.end({ reason, error: err });
  }

  private armTimer(): void {
    const p = this.pending;
    if (!p) return;
    clearTimeout(p.timer);
    const seconds = this.settings.timeoutMs / 1000;
    p.timer = setTimeout(() => {
      this.fail(new ClientError('E_RESPONSE_TIMEOUT', `no complete response from the server within ${seconds} s`, {
        exitCode: EXIT.serverClosed,
        tryMessage: 'raise --timeout SECONDS, or check that the command was complete',
      }));
    }, this.settings.timeoutMs);
  }

  private onData(chunk: Buffer): void {
    if (this.endState) return;
    this.reader.push(chunk);
    if (this.upgrade !== 'running') this.armTimer();
    this.drain();
  }

  private drain(): void {
    try {
      while (!this.endState && this.upgrade === undefined && this.readItem()) {
        // each item is handled inside readItem
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    if (this.upgrade === 'requested' && !this.endState) void this.runUpgrade();
  }

  private async runUpgrade(): Promise<void> {
    this.upgrade = 'running';
    if (this.pending) clearTimeout(this.pending.timer);
    const dropped = this.reader.discard();
    if (dropped.length > 0) this.warn(droppedBeforeTlsWarning(dropped));
    try {
      const summary = await this.conn!.startTls(this.settings.trust, this.settings.timeoutMs);
      this.acceptTls(summary);
    } catch (err) {
      this.fail(err);
      return;
    }
    this.capabilities = [];
    this.resetAfterTls();
    this.upgrade = undefined;
    this.finishResponse();
    this.drain();
  }

  /** Shows the TLS summary; an untrusted certificate ends the session unless --insecure. */
  private acceptTls(summary: TlsSummary): void {
    this.emit({ type: 'tls', t: this.settings.now(), ...summary });
    const verdict = tlsVerdict(summary, this.settings.trust.insecure);
    if (verdict.error) throw verdict.error;
    if (verdict.warning) this.warn(verdict.warning);
  }

  private onClose(error?: Error): void {
    if (this.endState) return;
    if (this.closeExpected) {
      this.end({ reason: 'quit' });
      return;
    }
    const during = this.pending ? ' before its response was complete' : '';
    const why = error && 'code' in error ? ` (${String((error as NodeJS.ErrnoException).code)})` : '';
    this.end({
      reason: 'server-closed',
      error: new ClientError('E_SERVER_CLOSED', `the server closed the connection${during}${why}`, { exitCode: EXIT.serverClosed }),
    });
  }

  private end(state: SessionEnd): void {
    if (this.endState) return;
    this.endState = state;
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      if (state.error) p.reject(state.error);
      else p.resolve({ first: p.first ?? '', last: p.last });
    }
    if (state.error) this.conn?.destroy();
    else this.conn?.close();
    this.emit({
      type: 'close',
      t: this.settings.now(),
      reason: state.reason,
      exitCode: state.error ? state.error.exitCode : EXIT.ok,
      ...(state.error ? { message: state.error.message } : {}),
    });
  }
}
