/**
 * The learner's session during a lesson: one object that stays the same while the lesson connects,
 * reconnects and switches services (SMTP in one step, POP3 in the next). It has the shape the TUI's
 * SessionScreen drives (src/tui/session-driver.ts SessionPort), and lets the lesson runner see
 * every line and know when each response is complete.
 */
import { EventEmitter } from 'node:events';
import type { SessionFacts } from '../annotate/context.js';
import { ClientSession } from '../client/client-session.js';
import { ClientError } from '../client/errors.js';
import type { ClientEvent, ClientProtocol } from '../client/events.js';
import type { SessionEnd } from '../client/session-base.js';
import type { Target } from '../client/target.js';

/** What the lesson runner does around each line the learner sends. */
export type LessonSessionHooks = {
  /** Waits until the lesson is ready for the next line (a step change, the sandbox doing its part). */
  ready(): Promise<void>;
  /** Connects again after the session ended (QUIT in one step, more commands in the next). */
  reconnect(): Promise<void>;
  /** After the line's response is complete (at once for lines that get none). */
  responded(): Promise<void>;
};

/** How the line being sent counts: a command, content (DATA, a literal, SASL, DONE) or a meta-command's lines. */
export type LineKind = 'command' | 'content' | 'meta';

export class LessonSession {
  private readonly external = new EventEmitter();
  private readonly internal = new EventEmitter();
  private inner: ClientSession | undefined;
  private finished: SessionEnd | undefined;
  /** While true, events reach only the runner (a resumed lesson rebuilding its earlier steps). */
  muted = false;
  /** The kind of the line being sent now. */
  kind: LineKind = 'command';

  constructor(private readonly hooks: LessonSessionHooks) {}

  private readonly forward = (e: ClientEvent): void => {
    this.internal.emit('event', e);
    if (!this.muted) this.external.emit('event', e);
  };

  /** The learner's view: events of every connection of the lesson, in order. */
  on(name: 'event', listener: (e: ClientEvent) => void): this {
    this.external.on(name, listener);
    return this;
  }

  off(name: 'event', listener: (e: ClientEvent) => void): this {
    this.external.off(name, listener);
    return this;
  }

  /** The runner's view: every event, also while muted. */
  watch(listener: (e: ClientEvent) => void): () => void {
    this.internal.on('event', listener);
    return () => this.internal.off('event', listener);
  }

  get protocol(): ClientProtocol | undefined {
    return this.inner?.protocol;
  }

  get target(): Target | undefined {
    return this.inner?.target;
  }

  /** Set only when the lesson has ended: a connection that closes in between is reopened. */
  get ended(): SessionEnd | undefined {
    return this.finished;
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.inner !== undefined && this.inner.ended === undefined;
  }

  /** The open connection's ClientSession (for meta-commands). */
  get client(): ClientSession | undefined {
    return this.inner;
  }

  facts(): SessionFacts {
    if (!this.inner) throw new Error('bug: the lesson has not connected yet');
    return this.inner.facts();
  }

  expectsContent(): boolean {
    return this.connected && this.inner!.expectsContent();
  }

  /** Opens a connection, ending the one before (politely). @throws ClientError when it cannot connect. */
  async open(target: string, ca: string, timeoutSeconds: number): Promise<void> {
    await this.drop();
    const session = new ClientSession();
    session.on('event', this.forward);
    this.inner = session;
    await session.connect({ target, ca, timeoutSeconds, showSecrets: true });
  }

  /** Ends the current connection (QUIT/LOGOUT when it is healthy), keeping the lesson going. */
  async drop(): Promise<void> {
    const old = this.inner;
    if (!old) return;
    if (old.ended === undefined) await old.quit().catch(() => old.close());
    await old.whenClosed();
    old.off('event', this.forward);
  }

  /** Sends one line the learner typed (never a meta-command). Resolves when its response is complete. */
  async send(line: string): Promise<void> {
    await this.hooks.ready();
    if (!this.connected) await this.hooks.reconnect();
    const session = this.inner!;
    this.kind = session.expectsContent() ? 'content' : 'command';
    try {
      await session.send(line);
    } catch (err) {
      // The close event has told the learner; the next line reconnects.
      if (!(err instanceof ClientError)) throw err;
    } finally {
      this.kind = 'command';
    }
    await this.hooks.responded();
  }

  /** Runs `op` (a meta-command) with its lines counted as the runner's `meta` kind. */
  async meta<T>(op: (session: ClientSession) => Promise<T>): Promise<T> {
    await this.hooks.ready();
    if (!this.connected) await this.hooks.reconnect();
    this.kind = 'meta';
    try {
      return await op(this.inner!);
    } finally {
      this.kind = 'command';
      await this.hooks.responded();
    }
  }

  async quit(): Promise<void> {
    await this.inner?.quit();
  }

  async close(): Promise<void> {
    await this.inner?.close();
  }

  /** Ends the lesson's session for good. */
  async finish(): Promise<void> {
    await this.drop();
    this.finished ??= { reason: 'quit' };
  }

  warn(text: string): void {
    if (this.inner) this.inner.warn(text);
    else this.forward({ type: 'warning', t: 0, text });
  }

  info(text: string): void {
    if (this.inner) this.inner.info(text);
    else this.forward({ type: 'info', t: 0, text });
  }
}
