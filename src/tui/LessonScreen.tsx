/**
 * A lesson on the screen: the session screen (conversation, status line, input, footer) over the
 * lesson's session, with the lesson pane beside it on a wide terminal and above it on a narrow
 * one (or one summary line, F6). The lesson's keys come first: F3 hint, F4 skip the step, F5
 * start the step over, F6 the pane, F10 back to the menu; the meta-commands (:hint, :skip,
 * :restart, :menu, :quit) do the same when typed. When the lesson connects to another service,
 * a new session screen takes over so the status line names the protocol and server now spoken.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { ClientProtocol } from '../client/events.js';
import type { LessonRunner } from '../lessons/runner.js';
import { serviceProtocol } from '../lessons/schema.js';
import type { Key } from './keys.js';
import { LessonPane, lessonBody, maxScroll } from './LessonPane.js';
import { LessonPort } from './lesson-port.js';
import { initialView, markSkipping, reduceView, type LessonView } from './lesson-view.js';
import type { MetaRunner } from './session-driver.js';
import { SessionScreen, type ExtraKeys, type PaneBox, type ScreenControl } from './SessionScreen.js';
import { colorWanted, makeTheme } from './theme.js';
import { useTerminalSize, type TerminalSize } from './use-terminal-size.js';

/** From this width the lesson pane sits beside the conversation. */
export const LESSON_SIDE_MIN_COLUMNS = 100;

/** The lesson keys: footer labels and F1 help lines. */
export const LESSON_FOOTER: ReadonlyArray<readonly [string, string]> = [
  ['F3', 'hint'],
  ['F4', 'skip step'],
  ['F5', 'restart step'],
  ['F6', 'lesson pane'],
  ['F10', 'menu'],
];

export const LESSON_HELP: ReadonlyArray<readonly [string, string]> = [
  ['F3 or Ctrl-T', 'the next hint (after the last one: the model answer); also :hint'],
  ['F4 or Ctrl-N', 'skip this step: mailproto types the model answer for you; also :skip'],
  ['F5', 'start this step over with a fresh sandbox (the steps before it are replayed); :restart starts the lesson over'],
  ['F6', 'open or collapse the lesson pane (on a wide terminal: lesson pane or reply details)'],
  ['Shift-Up / Down', 'scroll the lesson pane'],
  ['F10', 'back to the lesson menu (progress is kept); also :menu'],
  ['Ctrl-C', 'leave mailproto (progress is kept; mailproto learn continues here); also :quit'],
];

export type LessonScreenProps = {
  readonly runner: LessonRunner;
  /** The step to start at (resuming); the runner is started when the screen is up. */
  readonly startStep: number;
  readonly historyDir?: string;
  /** A fixed size (tests); default: the terminal's. */
  readonly size?: TerminalSize;
  readonly color?: boolean;
  /** F10 or :menu. */
  readonly onMenu: () => void;
  /** Ctrl-C or :quit. */
  readonly onExit: () => void;
  /** Every step is done. */
  readonly onComplete: (view: LessonView) => void;
};

type Stretch = { readonly id: number; readonly protocol: ClientProtocol; readonly server: string; readonly port: LessonPort };

export function LessonScreen(props: LessonScreenProps): ReactElement {
  const { runner } = props;
  const [view, setView] = useState(() => initialView(runner.lesson, props.startStep));
  const startedRef = useRef<{ promise: Promise<void>; resolve: () => void } | undefined>(undefined);
  if (!startedRef.current) {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    startedRef.current = { promise, resolve };
  }
  const started = startedRef.current;
  const stretchRef = useRef<Stretch | undefined>(undefined);
  if (!stretchRef.current) {
    const protocol = serviceProtocol(runner.lesson.connect);
    stretchRef.current = { id: 0, protocol, server: 'lesson sandbox', port: new LessonPort(runner.session, protocol, started.promise) };
  }
  const [stretch, setStretch] = useState(stretchRef.current);
  const [collapsed, setCollapsed] = useState(false);
  const [scroll, setScroll] = useState(0);
  const maxRef = useRef(0);
  const callbacks = useRef(props);
  callbacks.current = props;

  /** A new session screen when the lesson now speaks to another server. */
  const follow = useCallback(
    (protocol: ClientProtocol, server: string) => {
      const old = stretchRef.current!;
      if (old.protocol === protocol && old.server === server) return;
      const next = { id: old.id + 1, protocol, server, port: new LessonPort(runner.session, protocol, started.promise) };
      old.port.detach();
      stretchRef.current = next;
      setStretch(next);
    },
    [runner, started],
  );

  useEffect(() => {
    const off = runner.on((e) => {
      if (e.type === 'connected') {
        follow(e.protocol, e.target);
        stretchRef.current?.port.note(`${e.again ? 'connecting again to' : 'connecting to'} the lesson sandbox's ${e.service} service (${e.target})`);
      } else if ((e.type === 'resumed' || e.type === 'step') && runner.session.target) follow(runner.protocol, runner.session.target.text);
      if (e.type === 'resumed') stretchRef.current?.port.note(`step ${e.index + 1} of ${e.total}: the steps before it were replayed quietly, so the session is where they left it`);
      setView((v) => reduceView(v, e));
    });
    let mounted = true;
    runner
      .start(props.startStep)
      .catch((err: unknown) => {
        if (mounted) setView((v) => ({ ...v, notes: [...v.notes, `The lesson could not start: ${(err as Error).message}`] }));
      })
      .finally(started.resolve);
    return () => {
      mounted = false;
      off();
      stretchRef.current?.port.detach();
    };
    // The runner is started once per screen (startStep and follow do not change while it runs).
  }, [runner]);

  useEffect(() => {
    if (view.complete) callbacks.current.onComplete(view);
  }, [view]);

  // A new step starts at the top of its text; a hint or advice scrolls to the end, where it is.
  useEffect(() => setScroll(0), [view.index]);
  useEffect(() => {
    if (view.attention > 0) setScroll(Number.MAX_SAFE_INTEGER);
  }, [view.attention]);

  const terminal = useTerminalSize();
  const size = props.size ?? terminal;
  const color = props.color ?? colorWanted();
  const theme = useMemo(() => makeTheme(color), [color]);
  const wide = size.columns >= LESSON_SIDE_MIN_COLUMNS;

  const renderPane = useCallback(
    (box: PaneBox) => {
      maxRef.current = maxScroll(lessonBody(view, Math.max(10, box.width - 2)).length, Math.max(1, box.height - 1));
      return <LessonPane view={view} width={box.width} height={box.height} scroll={scroll} theme={theme} toggleKey="F6" />;
    },
    [view, scroll, theme],
  );
  const renderSummary = useCallback(
    (box: PaneBox) => <LessonPane view={view} width={box.width} height={1} scroll={0} theme={theme} collapsed toggleKey="F6" />,
    [view, theme],
  );

  let side: { render: (box: PaneBox) => ReactElement; width: number } | undefined;
  let top: { render: (box: PaneBox) => ReactElement; height: number } | undefined;
  if (collapsed) top = { render: renderSummary, height: 1 };
  else if (wide) side = { render: renderPane, width: Math.min(64, Math.floor(size.columns * 0.45)) };
  else {
    const most = Math.max(4, Math.floor((size.rows - 5) * 0.45));
    top = { render: renderPane, height: Math.min(most, lessonBody(view, Math.max(10, size.columns - 2)).length + 1) };
  }

  const keys = useMemo(
    (): ExtraKeys => ({
      footer: LESSON_FOOTER,
      help: LESSON_HELP,
      handle: (key: Key, screen: ScreenControl): boolean => {
        const ctrl = key.name === 'ctrl' ? key.text : undefined;
        if (key.name === 'f3' || ctrl === 't') {
          runner.hint();
          return true;
        }
        if (key.name === 'f4' || ctrl === 'n') {
          if (screen.content) screen.notice('finish what you are typing first (in DATA: a line with a lone "."), then F4');
          else screen.submit(':skip');
          return true;
        }
        if (key.name === 'f5') {
          if (screen.content) void runner.restartStep();
          else screen.submit(':restart step');
          return true;
        }
        if (key.name === 'f6') {
          setCollapsed((c) => !c);
          return true;
        }
        if (key.name === 'f10') {
          callbacks.current.onMenu();
          return true;
        }
        if ((key.name === 'up' || key.name === 'down') && key.shift && !key.ctrl && !key.meta) {
          setScroll((s) => Math.max(0, Math.min(s, maxRef.current) + (key.name === 'up' ? -1 : 1)));
          return true;
        }
        return false;
      },
    }),
    [runner],
  );

  const runMeta = useCallback<MetaRunner>(
    async (line, ui) => {
      if (/^\s*:menu\b/i.test(line)) {
        callbacks.current.onMenu();
        return 'continue';
      }
      if (/^\s*:skip\b/i.test(line)) setView(markSkipping);
      return runner.runMeta(line, ui);
    },
    [runner],
  );

  return (
    <SessionScreen
      key={stretch.id}
      session={stretch.port}
      protocol={stretch.protocol}
      server={stretch.server}
      sandbox
      runMeta={runMeta}
      {...(props.historyDir ? { historyDir: props.historyDir } : {})}
      {...(props.size ? { size: props.size } : {})}
      color={color}
      {...(side ? { side } : {})}
      {...(top ? { top } : {})}
      keys={keys}
      onExit={() => callbacks.current.onExit()}
    />
  );
}
