/**
 * The step machinery under LessonRunner: which step is current, its goal (watched line by line as
 * the session's events pass, and in the store after each response), its actions, the move to the
 * next step, and advice after a failed attempt. Step changes and goal checks run one after the
 * other on one promise chain, and a learner's line waits for the chain before it goes out, so a
 * line never lands in the middle of a step change.
 */
import type { ClientEvent } from '../client/events.js';
import { ClientError } from '../client/errors.js';
import type { LessonEvent } from './events.js';
import { GoalTracker, storeProbe, type Protocol } from './goals.js';
import { within } from './hints.js';
import type { LessonSandbox } from './lesson-sandbox.js';
import { LessonSession } from './lesson-session.js';
import { findFailedReply, LineObserver } from './observe.js';
import type { Lesson, LessonService, Step } from './schema.js';
import { serviceProtocol } from './schema.js';

export type LessonRunnerOptions = {
  /** Per-response timeout of the learner's session (default 30 s). */
  readonly timeoutSeconds?: number;
  /** How long input waits for a step that the sandbox completes (its solution is empty). */
  readonly sandboxWaitMs?: number;
};

export class StepEngine {
  readonly session: LessonSession;
  protected readonly listeners = new Set<(e: LessonEvent) => void>();
  protected readonly observer: LineObserver;
  protected sandbox: LessonSandbox | undefined;
  protected service: LessonService;
  protected index = -1;
  protected tracker: GoalTracker | undefined;
  protected stepDone = false;
  protected hintsShown = 0;
  /** What the current step's on_enter actions did, for emitStep after a resume. */
  protected enterActions: string[] = [];
  protected finished = false;
  /**
   * The lesson is being closed (the learner left): what the session does from now on (the polite
   * QUIT/LOGOUT that ends it) is not the learner's answer to the step.
   */
  protected closing = false;
  /** Step changes and goal checks, one after the other. */
  protected chain: Promise<void> = Promise.resolve();
  protected inFlight = 0;
  /** Events since the learner's current line went out (for advice after a failure). */
  protected responseEvents: ClientEvent[] = [];
  protected stepWaiters: Array<() => void> = [];
  /** True while a resumed lesson replays its earlier steps (no LessonEvents then). */
  protected replaying = false;

  constructor(
    readonly lesson: Lesson,
    protected readonly opts: LessonRunnerOptions = {},
  ) {
    this.service = lesson.connect;
    this.session = new LessonSession({
      ready: () => this.ready(),
      reconnect: () => this.connect(this.service, true),
      responded: () => this.responded(),
    });
    this.observer = new LineObserver(() => this.protocol, () => this.session.kind);
    this.session.watch((e) => this.onSessionEvent(e));
  }

  /** Subscribes to lesson events; returns the unsubscribe function. */
  on(listener: (e: LessonEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected emit(e: LessonEvent): void {
    if (this.replaying) return;
    for (const l of this.listeners) l(e);
  }

  get protocol(): Protocol {
    return serviceProtocol(this.service);
  }

  /** Index of the current step (steps.length once the lesson is complete). */
  get stepIndex(): number {
    return this.index;
  }

  get step(): Step | undefined {
    return this.lesson.steps[this.index];
  }

  get complete(): boolean {
    return this.finished;
  }

  /** The current step's model answer. */
  solutionOf(step: Step | undefined = this.step): readonly string[] {
    return step ? (this.lesson.solution[step.id] ?? []) : [];
  }

  /** Resolves when the current step's goal is reached (or the lesson ends). */
  whenStepDone(): Promise<void> {
    if (this.stepDone || this.finished) return Promise.resolve();
    return new Promise((resolve) => this.stepWaiters.push(resolve));
  }

  /** Runs `op` after the step changes and checks before it. A ClientError becomes a warning for the learner. */
  protected serial(op: () => Promise<void>): Promise<void> {
    const run = this.chain.then(op).catch((err: unknown) => this.report(err));
    this.chain = run;
    return run;
  }

  /** A session failure is the learner's to see (the next line connects again); anything else is a bug. */
  protected report(err: unknown): void {
    if (err instanceof ClientError) {
      this.session.warn(`${err.message}${err.tryMessage ? `. Try: ${err.tryMessage}` : ''}`);
      return;
    }
    queueMicrotask(() => {
      throw err;
    });
  }

  protected async connect(service: LessonService, again: boolean): Promise<void> {
    if (!this.sandbox) throw new Error('bug: the lesson sandbox is not running');
    this.service = service;
    const { target, ca } = this.sandbox.endpoint(service);
    this.emit({ type: 'connected', service, protocol: serviceProtocol(service), target, again });
    await this.session.open(target, ca, this.opts.timeoutSeconds ?? 30);
  }

  /**
   * Shows the current step, and what its on_enter actions did so far: after a resume they ran
   * while the earlier steps were replayed, unseen, and a wire script's transcript is part of the step.
   */
  protected emitStep(): void {
    const step = this.step;
    if (step) this.emit({ type: 'step', index: this.index, total: this.lesson.steps.length, step });
    for (const text of this.enterActions) this.emit({ type: 'action', text });
  }

  /** Shows step `i`, connects as it asks, runs its on_enter actions, and checks the store once. */
  protected async enter(i: number): Promise<void> {
    const step = this.lesson.steps[i]!;
    this.index = i;
    this.stepDone = false;
    this.hintsShown = 0;
    this.tracker = new GoalTracker(step.goal);
    this.enterActions = [];
    this.emitStep();
    if (step.connect) await this.connect(step.connect, false);
    else if (!this.session.connected) await this.connect(this.service, this.session.client !== undefined);
    for (const action of step.on_enter) {
      const text = await this.sandbox!.act(action);
      this.enterActions.push(text);
      this.emit({ type: 'action', text });
    }
    await this.checkNow();
  }

  /** The goal is reached (or skipped): after-actions, then the next step or the end. */
  protected async advance(skipped: boolean): Promise<void> {
    const step = this.step!;
    this.stepDone = true;
    this.emit({ type: 'goal', index: this.index, total: this.lesson.steps.length, step, skipped });
    for (const action of step.after) this.emit({ type: 'action', text: await this.sandbox!.act(action) });
    this.wakeStepWaiters();
    if (this.index + 1 < this.lesson.steps.length) {
      await this.enter(this.index + 1);
      return;
    }
    this.index = this.lesson.steps.length;
    this.finished = true;
    this.emit({ type: 'complete', lesson: this.lesson });
  }

  protected wakeStepWaiters(): void {
    const waiters = this.stepWaiters;
    this.stepWaiters = [];
    waiters.forEach((w) => w());
  }

  protected async checkNow(): Promise<void> {
    const tracker = this.tracker;
    if (!tracker || this.stepDone || this.finished || this.closing || !this.sandbox) return;
    if (tracker.watchesState) await tracker.checkState(storeProbe(this.sandbox.sandbox.store));
    if (tracker.reached && tracker === this.tracker && !this.stepDone) await this.advance(false);
  }

  protected onSessionEvent(e: ClientEvent): void {
    if (this.closing) return;
    if (this.inFlight > 0) this.responseEvents.push(e);
    const observed = this.observer.observe(e);
    if (!observed || !this.tracker || this.stepDone) return;
    const hit = this.tracker.observe(observed, this.protocol);
    // Lines that come unasked (EXISTS during IDLE) complete a step at once; during a response the
    // check waits for its end, so that the next step is not shown in the middle of it.
    if (hit && this.inFlight === 0) void this.serial(() => this.checkNow());
  }

  protected async ready(): Promise<void> {
    await this.chain;
    const step = this.step;
    // A step the sandbox completes (its solution is empty, its on_enter acts) holds input a while.
    if (step && !this.stepDone && !this.finished && this.solutionOf(step).length === 0 && step.on_enter.length > 0) {
      await within(this.whenStepDone(), this.opts.sandboxWaitMs ?? 15_000);
      await this.chain;
    }
    this.inFlight++;
    this.responseEvents = [];
  }

  protected async responded(): Promise<void> {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const events = this.responseEvents;
    this.responseEvents = [];
    const index = this.index;
    await this.serial(() => this.checkNow());
    if (this.index !== index || this.stepDone || this.finished) return;
    const failed = findFailedReply(events, this.protocol);
    const step = this.step;
    if (failed && step) this.emit({ type: 'mistake', index, reply: failed.reply, explanation: failed.explanation, ...(step.advice ? { advice: step.advice } : {}) });
  }
}
