/**
 * `mailproto learn` on a terminal: the lesson menu, lessons and their completion screens, in the
 * terminal's alternate screen (restored on the way out). Loaded with a dynamic import by
 * src/cli/learn.ts only on a TTY, so line mode never loads Ink or React.
 */
import { runInAlternateScreen } from './alternate-screen.js';
import { installInkFrameCache } from './ink-frame-cache.js';
import type { LoadedLesson } from '../lessons/load.js';
import type { Progress } from '../lessons/progress.js';
import { stateDir } from './history.js';
import { LearnApp, type LearnExit } from './LearnApp.js';

export type LearnTuiOptions = {
  readonly lessons: readonly LoadedLesson[];
  readonly progress: Progress;
  /** Open this lesson at once; default: the menu. */
  readonly initial?: LoadedLesson;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
};

/** Runs the lesson screens until the learner leaves; returns where they were. */
export async function runLearnTui(opts: LearnTuiOptions): Promise<LearnExit> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const closing: Array<Promise<void>> = [];
  let leave!: (where: LearnExit) => void;
  const left = new Promise<LearnExit>((resolve) => (leave = resolve));
  let where: LearnExit = { where: 'menu' };
  const onSignal = (): void => leave(where);
  await installInkFrameCache();
  await runInAlternateScreen(
    <LearnApp
      lessons={opts.lessons}
      progress={opts.progress}
      {...(opts.initial ? { initial: opts.initial } : {})}
      historyDir={stateDir()}
      onClosing={(p) => closing.push(p)}
      onExit={(w) => {
        where = w;
        leave(w);
      }}
    />,
    { stdout, stdin, left, onSignal },
  );
  await Promise.all(closing);
  return where;
}
