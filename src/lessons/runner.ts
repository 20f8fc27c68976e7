/**
 * LessonRunner: runs one lesson against its own sandbox. It shows a step, waits for the step's goal
 * (watching every line of `session` and, after each response, the store), does the step's actions,
 * reveals hints one at a time, and advises after a failed attempt. Line mode (learn-line-mode.ts)
 * and the TUI drive it the same way: lines go to `session.send` (or `input`), meta-commands to
 * `runMeta`, and they render `session`'s ClientEvents and the runner's LessonEvents.
 *
 *   const runner = new LessonRunner(lesson);
 *   runner.on((e) => render(e));
 *   await runner.start(progress.resumeStep(lesson));
 *   await runner.input('EHLO laptop');
 */
import { isMetaCommand, runMetaCommand } from '../client/meta-commands.js';
import { nextHint, within } from './hints.js';
import { startLessonSandbox } from './lesson-sandbox.js';
import { StepEngine } from './step-engine.js';

export type { LessonEvent } from './events.js';
export type { LessonRunnerOptions } from './step-engine.js';

/** What the client's meta-commands need of the screen (`:raw`). */
export type MetaUi = { toggleRaw(): boolean };

/** The lesson's own meta-commands, besides the client's (`:auth`, `:b64`, `:explain`, ...). */
export const LESSON_META_COMMANDS = [':hint', ':skip', ':restart', ':quit'] as const;

export class LessonRunner extends StepEngine {
  /** Starts the sandbox and the step `at`; steps before it are replayed (quietly) to rebuild the sandbox. */
  async start(at = 0): Promise<void> {
    this.sandbox = await startLessonSandbox(this.lesson.seed);
    await this.rebuildTo(at);
  }

  /** From a fresh sandbox: step `at`, with the steps before it replayed quietly. */
  private async rebuildTo(at: number): Promise<void> {
    if (at > 0 && at < this.lesson.steps.length) {
      this.replaying = true;
      this.session.muted = true;
      const ok = await this.replayTo(at).finally(() => {
        this.replaying = false;
        this.session.muted = false;
      });
      if (ok) {
        this.emit({ type: 'resumed', index: at, total: this.lesson.steps.length });
        this.emitStep();
        return;
      }
      this.emit({ type: 'notice', text: 'The earlier steps could not be rebuilt; the lesson starts from the beginning.' });
      await this.resetSandbox();
    }
    await this.serial(() => this.enter(0));
  }

  /** Enters step 0 and solves steps until step `at` is reached. */
  private async replayTo(at: number): Promise<boolean> {
    await this.serial(() => this.enter(0));
    while (this.index < at && !this.finished) {
      const index = this.index;
      if (!(await this.solveStep()) || this.index === index) return false;
    }
    return this.index === at;
  }

  private async resetSandbox(): Promise<void> {
    await this.session.drop();
    await this.sandbox?.close();
    this.sandbox = await startLessonSandbox(this.lesson.seed);
    this.service = this.lesson.connect;
  }

  /** A line the learner typed: a lesson or client meta-command, or a line for the server. */
  async input(line: string): Promise<'continue' | 'quit'> {
    if (!this.session.expectsContent() && isMetaCommand(line)) return this.runMeta(line, { toggleRaw: () => false });
    if (!this.session.expectsContent() && line.trim() === '') return 'continue';
    await this.session.send(line);
    return 'continue';
  }

  /** `:hint`, `:skip`, `:restart`, `:quit`, and the client's meta-commands (`:auth`, `:b64`, ...). */
  async runMeta(line: string, ui: MetaUi): Promise<'continue' | 'quit'> {
    const name = line.trim().split(/\s+/)[0]!.toLowerCase();
    switch (name) {
      case ':hint':
        this.hint();
        return 'continue';
      case ':skip':
        await this.skip();
        return 'continue';
      case ':restart':
        if (/^step$/i.test(line.trim().split(/\s+/)[1] ?? '')) await this.restartStep();
        else await this.restart();
        return 'continue';
      case ':quit':
        await this.close();
        return 'quit';
    }
    return this.session.meta((client) =>
      runMetaCommand(line, { session: client, toggleRaw: ui.toggleRaw, record: async () => client.warn(':record is not available in lessons') }),
    );
  }

  /** Reveals the next hint; after the last one, the model answer. */
  hint(): void {
    const step = this.step;
    if (!step || this.finished) return;
    const reveal = nextHint(step, this.solutionOf(step), this.hintsShown);
    if (reveal.kind === 'none') {
      this.emit({ type: 'notice', text: reveal.text });
      return;
    }
    this.hintsShown++;
    this.emit({ type: 'hint', index: this.index, n: reveal.n, total: reveal.total, text: reveal.text, ...(reveal.solution ? { solution: true } : {}) });
  }

  /** Types the model answer for the current step; moves on even if that does not reach the goal. */
  async skip(): Promise<void> {
    const index = this.index;
    if (this.finished || !this.step) return;
    this.emit({ type: 'notice', text: this.solutionOf().length ? 'Skipping: the model answer is typed for you.' : 'Skipping.' });
    const reached = await this.solveStep();
    if (!reached && this.index === index && !this.finished) await this.serial(() => this.advance(true));
  }

  /** Starts the lesson over with a fresh sandbox. */
  async restart(): Promise<void> {
    this.emit({ type: 'notice', text: 'Starting the lesson over with a fresh sandbox.' });
    await this.serial(async () => {
      this.finished = false;
      await this.resetSandbox();
      await this.enter(0);
    });
  }

  /**
   * Starts the current step over (`:restart step`): a fresh sandbox, the steps before this one
   * replayed quietly, the step shown again with its hints hidden.
   */
  async restartStep(): Promise<void> {
    const at = this.index;
    if (this.finished || at < 0) return;
    this.emit({ type: 'notice', text: `Starting step ${at + 1} over: a fresh sandbox, with the steps before it replayed.` });
    await this.chain;
    await this.resetSandbox();
    await this.rebuildTo(at);
  }

  /**
   * Types the current step's solution lines and waits for the goal. True when the step was done
   * (used by :skip, by resuming, and by the tests that keep every lesson working).
   */
  async solveStep(timeoutMs = 10_000): Promise<boolean> {
    const index = this.index;
    const done = this.whenStepDone();
    for (const line of this.solutionOf()) {
      if (this.index !== index || this.finished) break;
      await this.input(line);
    }
    if (this.index !== index || this.finished) return true;
    const result = await within(done, timeoutMs);
    // The next step is entered (connected, its actions done) before this returns.
    await this.chain;
    return result;
  }

  /** Ends the session and stops the sandbox. */
  async close(): Promise<void> {
    this.closing = true;
    await this.session.finish();
    await this.sandbox?.close();
    this.sandbox = undefined;
    this.wakeStepWaiters();
  }

}
