/**
 * `mailproto learn` on a terminal: the lesson menu, lessons and their completion screens, in the
 * terminal's alternate screen (restored on the way out). Loaded with a dynamic import by
 * src/cli/learn.ts only on a TTY, so line mode never loads Ink or React.
 */
import { render } from 'ink';
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

const ALT_SCREEN_ON = '\x1b[?1049h';
const ALT_SCREEN_OFF = '\x1b[?1049l\x1b[?25h';
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

/** Runs the lesson screens until the learner leaves; returns where they were. */
export async function runLearnTui(opts: LearnTuiOptions): Promise<LearnExit> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const closing: Array<Promise<void>> = [];
  let leave!: (where: LearnExit) => void;
  const left = new Promise<LearnExit>((resolve) => (leave = resolve));
  const restore = (): void => {
    stdout.write(ALT_SCREEN_OFF);
  };
  let where: LearnExit = { where: 'menu' };
  const onSignal = (): void => leave(where);
  stdout.write(ALT_SCREEN_ON);
  process.once('exit', restore);
  // `on`, not `once`: Ink's exit hook kills the process again when a signal finds no listener
  // left, before the terminal is restored (a once-listener is removed as it runs).
  for (const sig of SIGNALS) process.on(sig, onSignal);
  await installInkFrameCache();
  const instance = render(
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
    { stdout, stdin, exitOnCtrlC: false, maxFps: 120 },
  );
  try {
    where = await left;
  } finally {
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    restore();
    process.off('exit', restore);
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
  await Promise.all(closing);
  return where;
}
