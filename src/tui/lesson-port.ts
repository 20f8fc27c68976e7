/**
 * The lesson's session as the session screen sees it, for one stretch of the lesson spent with
 * one service (SMTP in one step, POP3 in the next). When the lesson connects elsewhere, the lesson
 * screen mounts a new session screen over a new port: the port starts listening at once and keeps
 * the events until the new screen subscribes, so that the greeting is never lost. Facts of a
 * connection of another protocol read as "connecting" until then.
 */
import type { SessionFacts } from '../annotate/context.js';
import type { ClientEvent, ClientProtocol } from '../client/events.js';
import type { SessionEnd } from '../client/session-base.js';
import type { Target } from '../client/target.js';
import type { LessonSession } from '../lessons/lesson-session.js';
import type { SessionPort } from './session-driver.js';

export class LessonPort implements SessionPort {
  private buffer: ClientEvent[] | undefined = [];
  private readonly listeners = new Set<(e: ClientEvent) => void>();
  private attached = true;

  constructor(
    private readonly session: LessonSession,
    /** The protocol of this stretch (the screen's). */
    readonly protocol: ClientProtocol,
    /** Resolves when the lesson has started (its sandbox is up, a resumed lesson rebuilt): lines typed earlier wait. */
    private readonly started: Promise<void> = Promise.resolve(),
  ) {
    session.on('event', this.onEvent);
  }

  private readonly onEvent = (e: ClientEvent): void => {
    if (this.buffer) this.buffer.push(e);
    else for (const l of this.listeners) l(e);
  };

  on(_name: 'event', listener: (e: ClientEvent) => void): this {
    this.listeners.add(listener);
    const kept = this.buffer;
    this.buffer = undefined;
    kept?.forEach((e) => listener(e));
    return this;
  }

  off(_name: 'event', listener: (e: ClientEvent) => void): this {
    this.listeners.delete(listener);
    return this;
  }

  /** A line of mailproto's own in this stretch's conversation (`i  ...`); nothing goes on the wire. */
  note(text: string): void {
    this.onEvent({ type: 'info', t: 0, text });
  }

  /** Stops listening to the lesson's session (the stretch is over). */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.session.off('event', this.onEvent);
  }

  get target(): Target | undefined {
    return this.session.target;
  }

  get ended(): SessionEnd | undefined {
    return this.session.ended;
  }

  facts(): SessionFacts {
    if (this.session.protocol !== this.protocol) throw new Error('not connected with this protocol yet');
    return this.session.facts();
  }

  expectsContent(): boolean {
    return this.session.protocol === this.protocol && this.session.expectsContent();
  }

  async send(line: string): Promise<void> {
    await this.started;
    return this.session.send(line);
  }

  /**
   * Ctrl-C: nothing is sent here. Leaving the lesson closes the runner, which ends the session
   * politely; a QUIT sent on the learner's behalf must not count as their answer to a step.
   */
  quit(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.session.close();
  }

  warn(text: string): void {
    this.session.warn(text);
  }
}
