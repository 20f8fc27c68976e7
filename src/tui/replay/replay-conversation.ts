/**
 * The recording's steps fed into the live screen's model (ScreenModel over a SessionDriver), so the
 * replay groups, folds, explains, sanitizes and shows the raw view exactly as `connect` does. The
 * "session" behind the driver is a port that only emits the recorded events; it cannot send.
 *
 * Going back (←, p, Home) builds a fresh model and feeds it the steps up to the new position: the
 * conversation store only grows. Block ids come out the same for the same events, so folds opened
 * by the viewer, the raw view and the screen size are carried over.
 */
import type { SessionFacts } from '../../annotate/context.js';
import type { ClientEvent, ClientProtocol } from '../../client/events.js';
import { instructorText } from '../../client/line-format.js';
import type { SessionEnd } from '../../client/session-base.js';
import { parseTarget, type Target } from '../../client/target.js';
import type { PlaybackStep } from '../../transcript/playback.js';
import { ScreenModel } from '../screen-model.js';
import { SessionDriver, type SessionPort } from '../session-driver.js';

/** A SessionPort that plays recorded events: no facts (the recording has none), nothing to send. */
class RecordedPort implements SessionPort {
  private listeners: Array<(e: ClientEvent) => void> = [];
  /** True while a client line that is content (DATA, a literal, a SASL answer) is emitted. */
  private content = false;
  readonly ended: SessionEnd | undefined = undefined;

  constructor(
    readonly protocol: ClientProtocol,
    readonly target: Target | undefined,
  ) {}

  on(_name: 'event', listener: (e: ClientEvent) => void): this {
    this.listeners.push(listener);
    return this;
  }

  off(_name: 'event', listener: (e: ClientEvent) => void): this {
    this.listeners = this.listeners.filter((l) => l !== listener);
    return this;
  }

  /**
   * Emits one exchange step. Playback starts a step at a command; every later client line in the
   * step is content for that command, which is what expectsContent() said at the time.
   */
  play(events: readonly ClientEvent[]): void {
    let sent = false;
    for (const e of events) {
      this.content = e.type === 'send' && sent;
      if (e.type === 'send') sent = true;
      for (const l of this.listeners) l(e);
    }
    this.content = false;
  }

  facts(): SessionFacts {
    // The recording keeps lines, not session states; the screen reads "no facts" as unknown.
    throw new Error('a recording has no live session facts');
  }

  expectsContent(): boolean {
    return this.content;
  }

  send(): Promise<void> {
    return Promise.reject(new Error('a replay sends nothing'));
  }

  quit(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  warn(): void {
    // Nothing runs commands here, so nothing warns.
  }
}

function targetOf(text: string): Target | undefined {
  try {
    return parseTarget(text);
  } catch {
    // A wrap recording names the tool it ran, not a URL.
    return undefined;
  }
}

export type ReplayConversationOptions = {
  readonly protocol: ClientProtocol;
  /** The recorded target (the header's `target`). */
  readonly target: string;
};

export class ReplayConversation {
  model: ScreenModel;
  /** Steps fed into the model. */
  private fed = 0;
  private readonly target: Target | undefined;

  constructor(
    private readonly steps: readonly PlaybackStep[],
    private readonly opts: ReplayConversationOptions,
  ) {
    this.target = targetOf(opts.target);
    this.model = this.fresh();
  }

  private fresh(): ScreenModel {
    const port = new RecordedPort(this.opts.protocol, this.target);
    const model = new ScreenModel(new SessionDriver(port, this.opts.protocol), { server: this.opts.target, sandbox: this.target?.kind === 'sandbox' });
    // No input line: the keys move through the conversation.
    model.focus = 'conversation';
    return model;
  }

  /** Makes the model show exactly the first `count` steps. */
  showUpTo(count: number): void {
    if (count < this.fed) {
      const old = this.model;
      const model = this.fresh();
      model.raw = old.raw;
      model.blockViews = old.blockViews;
      model.topRows = old.topRows;
      model.resize(old.columns, old.rows);
      this.model = model;
      this.fed = 0;
    }
    const port = this.model.driver.session as RecordedPort;
    const conversation = this.model.driver.conversation;
    for (; this.fed < count && this.fed < this.steps.length; this.fed++) {
      const step = this.steps[this.fed]!;
      if (step.kind === 'exchange') port.play(step.events);
      // An instructor's note or chapter stands alone, so that folding an exchange never hides it.
      else conversation.addLocal(instructorText(step.kind, step.label ?? ''));
    }
  }

  get shown(): number {
    return this.fed;
  }
}
