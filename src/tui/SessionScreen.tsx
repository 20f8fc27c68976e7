/**
 * The session screen: conversation, detail pane (or a caller's side pane, for lessons), status
 * line, hint and input, footer. Fed by a ClientSession (or anything with its shape: SessionPort),
 * so `connect`, `learn` and `replay` can all use it. State lives in a ScreenModel outside React;
 * the components below are memoized renderers of its frame, so a keystroke re-renders the input
 * line and not the 10,000-line conversation.
 */
import { Box } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { ClientProtocol } from '../client/events.js';
import { ConversationArea, useRepaintOnResize } from './ConversationArea.js';
import { DataEditor } from './DataEditor.js';
import { Footer } from './Footer.js';
import { HelpOverlay } from './HelpOverlay.js';
import { InputLine } from './InputLine.js';
import type { Key } from './keys.js';
import { handleKey } from './screen-keys.js';
import { EDITOR_ROWS, ScreenModel } from './screen-model.js';
import { SessionDriver, type MetaRunner, type SessionPort } from './session-driver.js';
import { StatusLine } from './StatusLine.js';
import { colorWanted, makeTheme } from './theme.js';
import { useKeys } from './use-keys.js';
import { useTerminalSize, type TerminalSize } from './use-terminal-size.js';

/** Recording as the screen sees it (RecordingSwitch in recording.ts). */
export type RecordingControl = {
  readonly file: string | undefined;
  toggle(): Promise<string | undefined>;
  onChange(listener: () => void): () => void;
};

export type SessionScreenProps = {
  readonly session: SessionPort;
  readonly protocol: ClientProtocol;
  /** The server as the status line names it (the TARGET). */
  readonly server: string;
  /** The target is the built-in sandbox: hints name its users. */
  readonly sandbox?: boolean;
  /** Runs `:help`, `:auth` and the other meta-commands. */
  readonly runMeta?: MetaRunner;
  readonly recording?: RecordingControl;
  /** Where input history is kept; undefined keeps it in memory. */
  readonly historyDir?: string;
  /** A fixed size (tests); default: the terminal's, following resizes. */
  readonly size?: TerminalSize;
  /** Default: on unless NO_COLOR is set. */
  readonly color?: boolean;
  /** A pane for the right column instead of the detail pane (lessons); the detail opens with `d`. */
  readonly side?: { readonly render: (box: PaneBox) => ReactNode; readonly width: number };
  /** A pane above the conversation (lessons on a narrow terminal), `height` rows. */
  readonly top?: { readonly render: (box: PaneBox) => ReactNode; readonly height: number };
  /** The caller's own keys (lessons), tried before the screen's, with their footer and F1 help lines. */
  readonly keys?: ExtraKeys;
  /** The learner leaves (the session has ended). */
  readonly onExit: () => void;
  /** Called after each key has been handled (benchmarks). */
  readonly onKeyHandled?: (key: Key) => void;
};

/** The size a caller's pane gets. */
export type PaneBox = { readonly width: number; readonly height: number };

/** What a caller's key handler can do on the screen. */
export type ScreenControl = {
  /** Queues a line as if typed (after the lines before it have their responses). */
  submit(line: string): void;
  /** A message in the hint line until the next key. */
  notice(text: string): void;
  /** The DATA editor or a continuation has the input: keys there are content. */
  readonly content: boolean;
};

export type ExtraKeys = {
  /** True when the key was handled (the screen then ignores it). */
  handle(key: Key, screen: ScreenControl): boolean;
  /** Shown in the footer after F1, in this order. */
  readonly footer: ReadonlyArray<readonly [string, string]>;
  /** Shown first in the F1 help. */
  readonly help: ReadonlyArray<readonly [string, string]>;
};

/** Coalesces a burst of session events (a 500-line RETR) into one render. */
function useBatchedRender(): [() => void, () => void] {
  const [, setTick] = useState(0);
  const scheduled = useRef<NodeJS.Immediate | undefined>(undefined);
  const now = useCallback(() => setTick((t) => t + 1), []);
  const soon = useCallback(() => {
    if (scheduled.current) return;
    scheduled.current = setImmediate(() => {
      scheduled.current = undefined;
      setTick((t) => t + 1);
    });
  }, []);
  useEffect(() => () => clearImmediate(scheduled.current), []);
  return [now, soon];
}

export function SessionScreen(props: SessionScreenProps): ReactElement {
  const { session, protocol, recording, onExit } = props;
  const [renderNow, renderSoon] = useBatchedRender();
  const modelRef = useRef<ScreenModel | undefined>(undefined);
  if (!modelRef.current) {
    const driver = new SessionDriver(session, protocol, props.runMeta);
    modelRef.current = new ScreenModel(driver, {
      server: props.server,
      sandbox: props.sandbox ?? false,
      ...(props.side ? { sideWidth: props.side.width } : {}),
      ...(props.historyDir ? { historyDir: props.historyDir } : {}),
    });
  }
  const model = modelRef.current;
  const exitRef = useRef(onExit);
  exitRef.current = onExit;

  useEffect(() => {
    const driver = model.driver;
    driver.onChange = renderSoon;
    driver.onQuit = () => exitRef.current();
    return () => driver.dispose();
  }, [model, renderSoon]);

  useEffect(() => {
    if (!recording) return;
    model.recording = recording.file;
    return recording.onChange(() => {
      model.recording = recording.file;
      renderSoon();
    });
  }, [model, recording, renderSoon]);

  const color = props.color ?? colorWanted();
  const theme = useMemo(() => makeTheme(color), [color]);
  const terminal = useTerminalSize();
  const size = props.size ?? terminal;
  const repaint = useRepaintOnResize(size, props.size !== undefined);
  model.resize(size.columns, size.rows);

  model.sideWidth = props.side?.width;
  model.topRows = props.top?.height ?? 0;
  const keysRef = useRef(props.keys);
  keysRef.current = props.keys;

  const onKey = useCallback(
    (key: Key) => {
      const extra = keysRef.current;
      if (extra && model.overlay === 'none') {
        const control: ScreenControl = {
          submit: (line) => {
            model.viewport.follow = true;
            model.driver.submit(line);
          },
          notice: (text) => (model.notice = text),
          content: model.inEditor() || model.driver.session.expectsContent(),
        };
        if (extra.handle(key, control)) {
          renderNow();
          props.onKeyHandled?.(key);
          return;
        }
      }
      const result = handleKey(model, key, {
        exit: () => exitRef.current(),
        repaint,
        toggleRecording: () => {
          if (!recording) {
            model.notice = 'recording is not available here';
            return;
          }
          recording.toggle().then(
            (file) => {
              model.notice = file ? `recording to ${file}` : 'recording stopped';
              renderSoon();
            },
            (err: Error) => {
              model.notice = `cannot record: ${err.message}`;
              renderSoon();
            },
          );
        },
      });
      if (result === 'quit') {
        if (model.driver.ended) exitRef.current();
        else {
          model.notice = 'ending the session…';
          void model.driver.quit().then(() => exitRef.current());
        }
      }
      renderNow();
      props.onKeyHandled?.(key);
    },
    [model, recording, renderNow, renderSoon, repaint, props.onKeyHandled],
  );
  useKeys(onKey);

  const f = model.frame();
  return (
    <Box flexDirection="column" width={f.columns} height={f.rows - 1}>
      {props.top && props.top.height > 0 ? (
        <Box height={props.top.height} width={f.columns} flexDirection="column">
          {props.top.render({ width: f.columns, height: props.top.height })}
        </Box>
      ) : null}
      <ConversationArea frame={f} theme={theme} help={(box) => <HelpOverlay protocol={protocol} {...box} theme={theme} extra={props.keys?.help} />} side={props.side?.render} />
      {f.draft ? <DataEditor draft={f.draft} rows={EDITOR_ROWS} width={f.columns} theme={theme} /> : null}
      <StatusLine status={f.status} width={f.columns} theme={theme} />
      <InputLine prompt={f.prompt} input={f.input} hint={f.hint} width={f.columns} focused={f.focus === 'input' && f.overlay === 'none'} theme={theme} />
      <Footer focus={f.focus} editor={f.draft !== undefined} scrolled={!f.scroll.follow} theme={theme} {...(props.keys ? { extra: props.keys.footer } : {})} />
    </Box>
  );
}
