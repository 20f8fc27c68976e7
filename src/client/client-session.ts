/**
 * The client engine's one entry point, for line mode and the TUI alike: connect to a TARGET, send
 * lines, hear events, read the session's facts, end it.
 *
 *   const session = new ClientSession();
 *   session.on('event', (e) => render(e));
 *   await session.connect({ target: 'sandbox:imap' });
 *   await session.send('LOGIN alice password');   // resolves when the response is complete
 *   await session.quit();
 */
import { EventEmitter } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import type { SessionFacts } from '../annotate/context.js';
import { defaultAnnotator, silentAnnotator, type Annotator } from './annotator.js';
import { ClientError } from './errors.js';
import { EXIT, type ClientEvent, type ClientProtocol, type InstructorMark } from './events.js';
import { DEFAULT_TIMEOUT_SECONDS, MAX_SEND_FILE } from './limits.js';
import { startSandboxTarget, type SandboxEndpoint } from './sandbox-target.js';
import type { SaslName } from './sasl-client.js';
import type { SessionEnd, SessionSettings } from './session-base.js';
import { ImapSession } from './sessions/imap-session.js';
import { Pop3Session } from './sessions/pop3-session.js';
import { SmtpSession } from './sessions/smtp-session.js';
import { parseTarget, type Target } from './target.js';

export type ConnectOptions = {
  /** A TARGET string or a parsed target. */
  readonly target: string | Target;
  /** Upgrade right after the greeting (SMTP: after an automatic EHLO); no TLS, no session. */
  readonly starttls?: boolean;
  /** Go on when the certificate does not verify. */
  readonly insecure?: boolean;
  /** PEM certificates to trust instead of the system's CAs (--ca). */
  readonly ca?: string | readonly string[];
  /** Connect timeout and per-response timeout (default 30). */
  readonly timeoutSeconds?: number;
  /** Show credentials instead of `<redacted>` in events (and so in transcripts). */
  readonly showSecrets?: boolean;
  /** false for --no-annotate; an Annotator to use another one. Default: src/annotate. */
  readonly annotate?: boolean | Annotator;
};

type Impl = SmtpSession | Pop3Session | ImapSession;

export class ClientSession {
  private readonly emitter = new EventEmitter();
  private readonly started = performance.now();
  private impl: Impl | undefined;
  private sandbox: SandboxEndpoint | undefined;
  private cleanup: Promise<void> | undefined;
  private parsed: Target | undefined;
  private lastTls: Extract<ClientEvent, { type: 'tls' }> | undefined;
  /** One operation at a time: the protocol sessions wait for one response at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Subscribes to events (`send`, `recv`, `annotation`, `tls`, `warning`, `info`, `close`). */
  on(name: 'event', listener: (event: ClientEvent) => void): this {
    this.emitter.on(name, listener);
    return this;
  }

  off(name: 'event', listener: (event: ClientEvent) => void): this {
    this.emitter.off(name, listener);
    return this;
  }

  /** Events from now on, until (and including) `close`. */
  async *events(): AsyncGenerator<ClientEvent> {
    const queue: ClientEvent[] = [];
    let wake: (() => void) | undefined;
    const listener = (e: ClientEvent): void => {
      queue.push(e);
      wake?.();
    };
    this.on('event', listener);
    try {
      for (;;) {
        while (queue.length > 0) {
          const e = queue.shift()!;
          yield e;
          if (e.type === 'close') return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      this.off('event', listener);
    }
  }

  /** Milliseconds since this session object was made. */
  now(): number {
    return Math.round(performance.now() - this.started);
  }

  private emit(event: ClientEvent): void {
    if (event.type === 'tls') this.lastTls = event;
    this.emitter.emit('event', event);
    if (event.type === 'close') this.cleanup ??= this.sandbox?.close() ?? Promise.resolve();
  }

  /** The latest TLS handshake's summary, once TLS is up (a recording started later begins with it). */
  get tls(): Extract<ClientEvent, { type: 'tls' }> | undefined {
    return this.lastTls;
  }

  get target(): Target | undefined {
    return this.parsed;
  }

  get protocol(): ClientProtocol | undefined {
    return this.parsed?.protocol;
  }

  /**
   * Connects (starting a sandbox for `sandbox:` targets), waits for the greeting and, with
   * `starttls`, upgrades. @throws ClientError: exit 1 bad target or options, 2 could not connect,
   * 3 TLS, 4 the server closed.
   */
  async connect(opts: ConnectOptions): Promise<void> {
    if (this.impl) throw new Error('bug: connect() called twice');
    const target = typeof opts.target === 'string' ? parseTarget(opts.target) : opts.target;
    this.parsed = target;
    if (target.kind === 'server' && target.implicitTls && opts.starttls) {
      throw new ClientError('E_BAD_OPTION', `--starttls upgrades a plaintext connection, but ${target.scheme}:// is TLS from the start`, {
        tryMessage: `leave out --starttls, or use the plaintext scheme (${target.protocol}://) with --starttls`,
      });
    }
    let endpoint: { host: string; port: number; implicitTls: boolean; ca?: readonly string[]; user?: string };
    if (target.kind === 'sandbox') {
      this.sandbox = await startSandboxTarget(target.protocol);
      endpoint = { host: this.sandbox.host, port: this.sandbox.port, implicitTls: false, ca: [this.sandbox.ca] };
    } else {
      endpoint = { host: target.host, port: target.port, implicitTls: target.implicitTls, ...(target.user ? { user: target.user } : {}) };
    }
    const ca = opts.ca === undefined ? endpoint.ca : typeof opts.ca === 'string' ? [opts.ca] : opts.ca;
    const annotator = opts.annotate === false ? silentAnnotator : opts.annotate === true || opts.annotate === undefined ? defaultAnnotator : opts.annotate;
    const settings: SessionSettings = {
      host: endpoint.host,
      port: endpoint.port,
      implicitTls: endpoint.implicitTls,
      trust: { insecure: opts.insecure ?? false, ...(ca ? { ca } : {}) },
      timeoutMs: (opts.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      showSecrets: opts.showSecrets ?? false,
      annotator,
      ...(endpoint.user ? { user: endpoint.user } : {}),
      emit: (e) => this.emit(e),
      now: () => this.now(),
    };
    const impl = target.protocol === 'smtp' ? new SmtpSession(settings) : target.protocol === 'pop3' ? new Pop3Session(settings) : new ImapSession(settings);
    this.impl = impl;
    try {
      await impl.open();
      if (opts.starttls) await impl.startTls(true);
    } catch (err) {
      if (err instanceof ClientError && !impl.ended) {
        this.emit({ type: 'close', t: this.now(), reason: 'error', message: err.message, exitCode: err.exitCode });
      }
      await this.whenClosed();
      throw err;
    }
  }

  private session(): Impl {
    if (!this.impl) throw new Error('bug: not connected');
    return this.impl;
  }

  /**
   * Sends one input line: a command, or content when `expectsContent()` (DATA, a literal, a SASL
   * response, DONE after IDLE). Resolves when the response is complete (at once for content lines
   * that get no response). @throws ClientError when the session ends meanwhile.
   */
  send(line: string): Promise<void> {
    return this.serial(() => this.session().send(line));
  }

  /** Runs operations in call order, each after the previous one has finished. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** True when the next line is content: meta-commands and IMAP tags do not apply, blank lines count. */
  expectsContent(): boolean {
    return this.impl?.expectsContent() ?? false;
  }

  facts(): SessionFacts {
    return this.session().facts();
  }

  /** The user named in the target (`imap://alice@host`). */
  get targetUser(): string | undefined {
    return this.parsed?.kind === 'server' ? this.parsed.user : undefined;
  }

  /** `:starttls`. */
  startTls(): Promise<void> {
    return this.serial(() => this.session().startTls(false));
  }

  /** `:auth MECH USER PASS`: computes the SASL exchange for this protocol and runs it. */
  authenticate(mech: SaslName, user: string, password: string): Promise<void> {
    return this.serial(() => this.session().authenticate(mech, user, password));
  }

  /** `:send FILE`: SMTP DATA (or BDAT with `bdat`), IMAP APPEND to INBOX. */
  sendFile(path: string, opts: { readonly bdat?: boolean } = {}): Promise<void> {
    return this.serial(() => this.sendFileNow(path, opts));
  }

  private async sendFileNow(path: string, opts: { readonly bdat?: boolean }): Promise<void> {
    const s = this.session();
    if (s instanceof Pop3Session) {
      this.info(':send is for SMTP (DATA) and IMAP (APPEND); POP3 only reads mail');
      return;
    }
    const load = (): Promise<Buffer> => readMessageFile(path);
    if (s instanceof SmtpSession) await s.sendMessage(load, opts);
    else await s.sendMessage(load);
  }

  /** Output of a meta-command, as an `info` event. */
  info(text: string): void {
    this.emit({ type: 'info', t: this.now(), text });
  }

  /** `:note TEXT` / `:marker LABEL`: shown like meta-command output, recorded as a note or marker event. */
  mark(kind: InstructorMark, text: string): void {
    this.emit({ type: 'info', t: this.now(), text, instructor: kind });
  }

  warn(text: string): void {
    this.emit({ type: 'warning', t: this.now(), text });
  }

  /** Ends politely (QUIT/LOGOUT when possible) and waits until everything is closed. */
  async quit(): Promise<void> {
    await this.serial(async () => {
      if (this.impl && !this.impl.ended) await this.impl.quit();
    });
    await this.whenClosed();
  }

  /** Closes at once, without QUIT. */
  async close(): Promise<void> {
    if (this.impl && !this.impl.ended) this.impl.close();
    await this.whenClosed();
  }

  /** How the session ended, once it has. */
  get ended(): SessionEnd | undefined {
    return this.impl?.ended;
  }

  /** The exit status for how the session ended (design.md "Line mode"); 0 while it runs. */
  exitCode(): number {
    const end = this.impl?.ended;
    if (!end) return EXIT.ok;
    return end.error ? end.error.exitCode : EXIT.ok;
  }

  /** Resolves once the session has ended and its sandbox (if any) is stopped. */
  async whenClosed(): Promise<void> {
    if (this.cleanup) await this.cleanup;
    else if (!this.impl && this.sandbox) await this.sandbox.close();
  }
}

async function readMessageFile(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (info.size > MAX_SEND_FILE) throw new ClientError('E_FILE', `${path} is larger than ${MAX_SEND_FILE} octets`, { tryMessage: 'send a smaller message' });
    return await readFile(path);
  } catch (err) {
    if (err instanceof ClientError) throw err;
    throw new ClientError('E_FILE', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { tryMessage: 'check the path' });
  }
}
