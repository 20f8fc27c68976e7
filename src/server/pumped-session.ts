/**
 * What every sandbox session shares, whatever the protocol: it reads from a transport into a
 * pull-based framer, handles one framed event at a time (handlers may await the store), restarts an
 * idle timer on every complete event, and stops reading while too much input is waiting.
 */
import type { FaultSet } from './faults.js';
import { newSessionId, type SessionLog } from './session-log.js';
import type { SocketTransport } from './transport.js';

export type Protocol = 'smtp' | 'pop3' | 'imap';

/** What a session needs of its protocol's pull-based framer. */
export type Framer<E> = {
  push(chunk: Buffer): void;
  /** The next framed event; undefined or null when more input is needed. */
  next(): E | undefined | null;
  readonly buffered: number;
};

export abstract class PumpedSession<E> {
  readonly id: string;
  protected ended = false;
  private pumping = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly protocol: Protocol,
    readonly transport: SocketTransport,
    protected readonly log: SessionLog,
    private readonly maxBuffered: number,
  ) {
    this.id = newSessionId(`${protocol}-`);
  }

  /** The protocol's framer, fed by onData and drained by pump. */
  protected abstract readonly framer: Framer<E>;
  /** Handles one event; may write replies and end the session. */
  protected abstract handleEvent(event: E): Promise<void>;
  /** Called when the idle timer fires. */
  protected abstract onIdleTimeout(): void;
  /** Called when a handler threw: a bug. Tell the client and close. */
  protected abstract onInternalError(err: unknown): void;
  /** Idle timeout in milliseconds, read each time the timer restarts. */
  protected abstract idleTimeoutMs(): number;

  /** Starts receiving; logs the connection. */
  protected attach(): void {
    this.transport.attach({ onData: (c) => this.onData(c), onClose: () => this.finish() });
    this.log.emit({ event: 'connect', protocol: this.protocol, session: this.id, remote: this.transport.remoteAddress, tls: this.transport.secure });
  }

  /**
   * The `--fault` reply for `command`, when one fires; each firing is logged as a `fault` event so
   * that an instructor's log tells injected failures from real ones.
   */
  protected fireFault(faults: FaultSet, command: string): string | undefined {
    const reply = faults.fire(this.protocol, command);
    if (reply !== undefined) this.log.emit({ event: 'fault', protocol: this.protocol, session: this.id, command: command.toUpperCase(), reply });
    return reply;
  }

  /** Input arrived. Subclasses may intercept (SMTP's early-talker check) and then call super. */
  protected onData(chunk: Buffer): void {
    if (this.ended) return;
    this.framer.push(chunk);
    if (this.framer.buffered > this.maxBuffered) this.transport.pause();
    void this.pump();
  }

  /** Processes framed input one event at a time. */
  protected async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.ended && !this.transport.isClosed) {
        const event = this.framer.next();
        if (event === undefined || event === null) break;
        this.touch();
        await this.handleEvent(event);
      }
    } catch (err) {
      this.log.emit({ event: 'warning', protocol: this.protocol, session: this.id, error: String((err as Error)?.stack ?? err) });
      this.onInternalError(err);
    } finally {
      this.pumping = false;
      // Replies held back while more pipelined input was waiting go out now (RFC 2920 §3.2).
      this.transport.flushBatch();
    }
    if (!this.ended && this.framer.buffered <= this.maxBuffered) this.transport.resume();
  }

  /** Restarts the idle timer; it runs between complete events, so slow drip does not keep a session alive. */
  protected touch(): void {
    clearTimeout(this.idleTimer);
    if (this.ended) return;
    this.idleTimer = setTimeout(() => this.onIdleTimeout(), this.idleTimeoutMs());
    this.idleTimer.unref();
  }

  /** Stops the idle timer (IMAP IDLE is exempt from it). */
  protected stopIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Closes the connection after what was written has been flushed. */
  protected end(): void {
    this.transport.close();
    this.finish();
  }

  /** Runs once when the session is over, however it ended. */
  protected finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idleTimer);
    this.onEnd();
    this.log.emit({ event: 'close', protocol: this.protocol, session: this.id });
  }

  /** Releases what the session holds (POP3 lock, IMAP listeners). */
  protected onEnd(): void {}
}
