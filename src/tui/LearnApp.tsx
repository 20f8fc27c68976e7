/**
 * `mailproto learn` on a terminal: the lesson menu, a lesson (LessonScreen), and the completion
 * screen, one at a time. Each lesson gets its own LessonRunner (and sandbox), followed by the
 * progress file, and closed when the learner leaves it.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { nextLesson } from '../lessons/curriculum.js';
import type { LoadedLesson } from '../lessons/load.js';
import type { Progress } from '../lessons/progress.js';
import { LessonRunner } from '../lessons/runner.js';
import { LessonComplete } from './LessonComplete.js';
import { LessonMenu, type MenuLesson } from './LessonMenu.js';
import { LessonScreen } from './LessonScreen.js';
import type { LessonView } from './lesson-view.js';
import { colorWanted, makeTheme } from './theme.js';
import { useTerminalSize, type TerminalSize } from './use-terminal-size.js';

/** Where the learner was when they left (for the line printed after the screen is gone). */
export type LearnExit =
  | { readonly where: 'menu' }
  | { readonly where: 'lesson'; readonly lesson: LoadedLesson; readonly step: number }
  | { readonly where: 'complete'; readonly lesson: LoadedLesson; readonly next?: LoadedLesson };

export type LearnAppProps = {
  readonly lessons: readonly LoadedLesson[];
  readonly progress: Progress;
  /** Open this lesson at once (`mailproto learn LESSON`); default: the menu. */
  readonly initial?: LoadedLesson;
  readonly historyDir?: string;
  readonly size?: TerminalSize;
  readonly color?: boolean;
  /** Makes a runner (tests may give options). */
  readonly makeRunner?: (lesson: LoadedLesson) => LessonRunner;
  /** Called with each runner's close (the caller waits for them before the process ends). */
  readonly onClosing?: (done: Promise<void>) => void;
  readonly onExit: (where: LearnExit) => void;
};

type Screen =
  | { readonly kind: 'menu'; readonly selected?: string }
  | { readonly kind: 'lesson'; readonly lesson: LoadedLesson; readonly runner: LessonRunner; readonly startStep: number; readonly key: number }
  | { readonly kind: 'complete'; readonly lesson: LoadedLesson; readonly view: LessonView; readonly next?: LoadedLesson };

export function menuLessons(lessons: readonly LoadedLesson[], progress: Progress): MenuLesson[] {
  return lessons.map(({ lesson }) => {
    const p = progress.of(lesson.id);
    const started = p && !p.done ? progress.resumeStep(lesson) : undefined;
    return {
      id: lesson.id,
      title: lesson.title,
      track: lesson.track,
      level: lesson.level,
      ...(lesson.minutes ? { minutes: lesson.minutes } : {}),
      summary: lesson.summary,
      steps: lesson.steps.length,
      done: p?.done ?? false,
      ...(started !== undefined ? { step: started } : {}),
    };
  });
}

export function LearnApp(props: LearnAppProps): ReactElement {
  const { lessons, progress } = props;
  const counter = useRef(0);
  const unfollow = useRef<(() => void) | undefined>(undefined);

  const start = useCallback(
    (lesson: LoadedLesson): Screen => {
      const runner = props.makeRunner ? props.makeRunner(lesson) : new LessonRunner(lesson.lesson);
      unfollow.current = progress.follow(runner);
      return { kind: 'lesson', lesson, runner, startStep: progress.resumeStep(lesson.lesson), key: ++counter.current };
    },
    [progress, props.makeRunner],
  );
  const [screen, setScreen] = useState<Screen>(() => (props.initial ? start(props.initial) : { kind: 'menu' }));
  const screenRef = useRef(screen);
  screenRef.current = screen;

  /** Ends the lesson on the screen (its session and sandbox), keeping its progress. */
  const closed = useRef(new WeakSet<LessonRunner>());
  const closeLesson = useCallback(() => {
    const s = screenRef.current;
    if (s.kind !== 'lesson' || closed.current.has(s.runner)) return;
    closed.current.add(s.runner);
    // Progress stops following first: the QUIT that ends the session is not the learner's answer.
    unfollow.current?.();
    unfollow.current = undefined;
    props.onClosing?.(s.runner.close().catch(() => undefined));
  }, [props.onClosing]);

  const toMenu = useCallback(() => {
    const s = screenRef.current;
    closeLesson();
    setScreen({ kind: 'menu', ...(s.kind !== 'menu' ? { selected: s.lesson.lesson.id } : {}) });
  }, [closeLesson]);

  const open = useCallback(
    (id: string) => {
      const lesson = lessons.find((l) => l.lesson.id === id);
      if (lesson) setScreen(start(lesson));
    },
    [lessons, start],
  );

  const exited = useRef(false);
  const exit = useCallback(() => {
    exited.current = true;
    const s = screenRef.current;
    const where: LearnExit =
      s.kind === 'lesson'
        ? { where: 'lesson', lesson: s.lesson, step: s.runner.complete ? s.lesson.lesson.steps.length : Math.max(0, s.runner.stepIndex) }
        : s.kind === 'complete'
          ? { where: 'complete', lesson: s.lesson, ...(s.next ? { next: s.next } : {}) }
          : { where: 'menu' };
    closeLesson();
    props.onExit(where);
  }, [closeLesson, props.onExit]);

  // Unmounted from outside (a signal): the lesson's session and sandbox end, and the caller learns where the learner was.
  const exitRef = useRef(exit);
  exitRef.current = exit;
  useEffect(
    () => () => {
      if (!exited.current) exitRef.current();
    },
    [],
  );

  const complete = useCallback(
    (view: LessonView) => {
      const s = screenRef.current;
      if (s.kind !== 'lesson' || closed.current.has(s.runner)) return;
      closeLesson();
      // The runner has told the progress file; ask it what is next now that this one is done.
      const next = nextLesson(lessons.filter((l) => l.lesson.id !== s.lesson.lesson.id), progress);
      setScreen({ kind: 'complete', lesson: s.lesson, view, ...(next ? { next } : {}) });
    },
    [closeLesson, lessons, progress],
  );

  const terminal = useTerminalSize();
  const size = props.size ?? terminal;
  const color = props.color ?? colorWanted();
  const theme = useMemo(() => makeTheme(color), [color]);

  if (screen.kind === 'lesson') {
    return (
      <LessonScreen
        key={screen.key}
        runner={screen.runner}
        startStep={screen.startStep}
        {...(props.historyDir ? { historyDir: props.historyDir } : {})}
        {...(props.size ? { size: props.size } : {})}
        color={color}
        onMenu={toMenu}
        onExit={exit}
        onComplete={complete}
      />
    );
  }
  if (screen.kind === 'complete') {
    const next = screen.next;
    return (
      <LessonComplete
        view={screen.view}
        {...(next ? { next: { id: next.lesson.id, title: next.lesson.title } } : {})}
        columns={size.columns}
        rows={size.rows}
        theme={theme}
        onNext={() => next && setScreen(start(next))}
        onMenu={toMenu}
        onQuit={exit}
      />
    );
  }
  return (
    <LessonMenu
      lessons={menuLessons(lessons, progress)}
      {...(progress.current ? { current: progress.current } : {})}
      {...(screen.selected ? { selected: screen.selected } : {})}
      columns={size.columns}
      rows={size.rows}
      theme={theme}
      onOpen={open}
      onQuit={exit}
    />
  );
}
