/**
 * Between the screen and the client engine: lines the learner submits go out one at a time, each
 * after the previous response is complete (as in line mode), so typing ahead is safe. A line is
 * content when the session expects content at the moment it is sent (DATA after 354, a literal
 * after `+`, a SASL answer), a meta-command when it starts with `:`, a protocol command otherwise.
 */
import type { SessionFacts } from '../annotate/context.js';
import type { SessionEnd } from '../client/session-base.js';
import type { ClientEvent, ClientProtocol } from '../client/events.js';
import type { Target } from '../client/target.js';
import { isMetaCommand } from '../client/meta-commands.js';
import { Conversation } from './conversation.js';
import { SessionMemory } from './session-memory.js';

/** What the screen needs of a session: ClientSession has all of it; tests and replays can fake it. */
export type SessionPort = {
  on(name: 'event', listener: (e: ClientEvent) => void): unknown;
  off(name: 'event', listener: (e: ClientEvent) => void): unknown;
  readonly protocol: ClientProtocol | undefined;
  readonly target: Target | undefined;
  readonly ended: SessionEnd | undefined;
  facts(): SessionFacts;
  expectsContent(): boolean;
  send(line: string): Promise<void>;
  quit(): Promise<void>;
  close(): Promise<void>;
  warn(text: string): void;
};

/** Runs a meta-command; `ui` is what the screen itself does (`:raw`). Resolves 'quit' after `:quit`. */
export type MetaRunner = (line: string, ui: { toggleRaw(): boolean }) => Promise<'continue' | 'quit'>;

export class SessionDriver {
  readonly conversation = new Conversation();
  readonly memory: SessionMemory;
  private readonly queue: string[] = [];
  private running = false;
  private quitting: Promise<void> | undefined;
  /** Called after anything changed (events, busy state). */
  onChange: () => void = () => undefined;
  /** `:raw` from a meta-command. */
  toggleRaw: () => boolean = () => false;
  /** `:quit` was run. */
  onQuit: () => void = () => undefined;

  constructor(
    readonly session: SessionPort,
    readonly protocol: ClientProtocol,
    private readonly runMeta?: MetaRunner,
  ) {
    this.memory = new SessionMemory(protocol, session.target?.kind === 'server' ? session.target.user : undefined);
    session.on('event', this.onEvent);
  }

  dispose(): void {
    this.session.off('event', this.onEvent);
  }

  private readonly onEvent = (e: ClientEvent): void => {
    const content = e.type === 'send' && this.session.expectsContent();
    this.conversation.ingest(e, content);
    this.memory.observe(e);
    this.onChange();
  };

  /**
   * The session's facts now (undefined before the connection is up). Read live: a state changes
   * after the events of the reply that changed it have been emitted.
   */
  currentFacts(): SessionFacts | undefined {
    try {
      const facts = this.session.facts();
      this.memory.settle(facts);
      return facts;
    } catch {
      return undefined;
    }
  }

  /** Lines waiting or on the wire. */
  get busy(): boolean {
    return this.running || this.queue.length > 0;
  }

  get ended(): boolean {
    return this.session.ended !== undefined;
  }

  /** Queues lines to send in order. */
  submit(...lines: string[]): void {
    this.queue.push(...lines);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    this.onChange();
    try {
      while (this.queue.length > 0 && !this.ended) {
        const line = this.queue.shift()!;
        await this.sendOne(line);
        this.onChange();
      }
    } finally {
      this.queue.length = 0;
      this.running = false;
      this.onChange();
    }
  }

  private async sendOne(line: string): Promise<void> {
    const content = this.session.expectsContent();
    this.memory.typed(line, content);
    try {
      if (!content && isMetaCommand(line)) {
        this.conversation.addLocal(line.trim());
        this.onChange();
        if (!this.runMeta) {
          this.session.warn('meta-commands are not available here');
          return;
        }
        if ((await this.runMeta(line, { toggleRaw: () => this.toggleRaw() })) === 'quit') this.onQuit();
        return;
      }
      if (!content && line.trim() === '') return;
      await this.session.send(line);
    } catch (err) {
      // The session's close event tells what happened; anything else is a bug worth showing.
      if (!(err instanceof Error) || !('exitCode' in err)) this.session.warn(`could not send: ${(err as Error).message}`);
    }
  }

  /** Ctrl-C: QUIT/LOGOUT when the session is idle and healthy, else close at once; a second call closes. */
  quit(): Promise<void> {
    if (this.ended) return Promise.resolve();
    if (this.quitting) return this.session.close();
    this.queue.length = 0;
    this.quitting = this.running ? this.session.close() : this.session.quit();
    return this.quitting;
  }
}
