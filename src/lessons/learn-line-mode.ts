/**
 * `mailproto learn` in line mode: the step's text, then the learner's lines from stdin, sent one at
 * a time as `connect`'s line mode does, printed as `S:`/`C:`/`#` lines (src/client/line-format.ts),
 * with the lesson's own lines in between ("✓ step done", hints, advice). Knows nothing of ink.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { formatEvent } from '../client/line-format.js';
import { isMetaCommand } from '../client/meta-commands.js';
import { escapeForTerminal } from '../client/server-text.js';
import type { LessonEvent } from './events.js';
import type { LessonRunner } from './runner.js';
import type { Lesson } from './schema.js';

export type LearnLineModeOptions = {
  readonly runner: LessonRunner;
  /** The step to start at (steps before it are replayed quietly). */
  readonly startStep?: number;
  readonly input: Readable;
  /** Receives output, one line at a time, without the newline. */
  readonly output: (line: string) => void;
};

export type LearnLineModeResult = {
  /** The lesson was finished in this run. */
  readonly completed: boolean;
  /** The step the learner stopped at (steps.length when completed). */
  readonly step: number;
};

export const LEARN_KEYS = ':hint for a hint, :skip to let mailproto type the step, :restart to start over, :quit to stop (progress is kept)';

/** Markdown as plain lines: `**bold**` loses its stars; the rest reads well as it is. */
function text(block: string): string[] {
  return block
    .replace(/\s+$/, '')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .split('\n')
    .map((l) => escapeForTerminal(l));
}

/** The lines that introduce a lesson. */
export function lessonIntro(lesson: Lesson): string[] {
  return [
    `Lesson: ${lesson.title} (${lesson.id}, ${lesson.level}${lesson.minutes ? `, about ${lesson.minutes} minutes` : ''})`,
    ...text(lesson.summary),
    'You will:',
    ...lesson.objectives.map((o) => `  - ${escapeForTerminal(o)}`),
    LEARN_KEYS,
  ];
}

/** The output lines for one lesson event. */
export function formatLessonEvent(e: LessonEvent): string[] {
  switch (e.type) {
    case 'step':
      return ['', `== Step ${e.index + 1} of ${e.total}: ${escapeForTerminal(e.step.title)} ==`, ...text(e.step.text), ''];
    case 'goal':
      return [e.skipped ? '✓ step skipped' : '✓ step done', ...(e.step.success ? text(e.step.success).map((l) => `  ${l}`) : [])];
    case 'hint':
      return e.solution ? ['?  the model answer:', ...text(e.text).map((l) => `?    ${l}`)] : text(e.text).map((l, i) => (i === 0 ? `?  hint ${e.n} of ${e.total}: ${l}` : `?  ${l}`));
    case 'mistake':
      // The reply and the annotator's explanation are on the screen already (S: and # lines).
      return [...(e.advice ? text(e.advice).map((l) => `!  ${l}`) : ['!  That did not reach the goal of this step.']), '!  (:hint for a hint)'];
    case 'action':
      // A wire script's transcript has a line per line on the wire.
      return e.text.split('\n').map((l, i) => `${i === 0 ? '*  ' : '   '}${escapeForTerminal(l)}`);
    case 'connected':
      return [`*  ${e.again ? 'connecting again to' : 'connecting to'} the sandbox's ${e.service} service (${e.target})`];
    case 'resumed':
      return [`*  resuming at step ${e.index + 1} of ${e.total}: the earlier steps were replayed to rebuild the sandbox`];
    case 'notice':
      return [`*  ${escapeForTerminal(e.text)}`];
    case 'complete':
      return ['', `✓ lesson complete: ${escapeForTerminal(e.lesson.title)}`, ...(e.lesson.outro ? text(e.lesson.outro) : [])];
  }
}

/** Runs the lesson until it is complete, stdin ends, or the learner types `:quit`. */
export async function runLearnLineMode(opts: LearnLineModeOptions): Promise<LearnLineModeResult> {
  const { runner, output } = opts;
  const view = { raw: false };
  runner.session.on('event', (e) => {
    for (const line of formatEvent(e, view)) output(line);
  });
  let completed!: () => void;
  const whenComplete = new Promise<'complete'>((resolve) => (completed = () => resolve('complete')));
  runner.on((e) => {
    for (const line of formatLessonEvent(e)) output(line);
    if (e.type === 'complete') completed();
  });

  // Input is read from the start so that nothing typed early is lost.
  const rl = createInterface({ input: opts.input, crlfDelay: Infinity, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (const line of lessonIntro(runner.lesson)) output(line);
    await runner.start(opts.startStep ?? 0);
    while (!runner.complete) {
      // A step the sandbox completes (mail arriving during IDLE) may end the lesson while stdin is quiet.
      const next = await Promise.race([lines.next(), whenComplete]);
      if (next === 'complete' || next.done) break;
      const line = next.value;
      const result = !runner.session.expectsContent() && isMetaCommand(line) ? await runner.runMeta(line, { toggleRaw: () => (view.raw = !view.raw) }) : await runner.input(line);
      if (result === 'quit') break;
    }
  } finally {
    rl.close();
  }
  const step = runner.complete ? runner.lesson.steps.length : runner.stepIndex;
  await runner.close();
  return { completed: runner.complete, step };
}
