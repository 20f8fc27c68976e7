/**
 * The replay screen: a recording played back in the live session's conversation pane (the same
 * ScreenModel, layout, folding, detail pane and raw view as `connect`), with the instructor's
 * chapter and newest note highlighted above it, the status line naming the recording, and the
 * player's control and progress lines where `connect` has its hint and input lines.
 */
import { Box, Text } from 'ink';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { escapeForTerminal } from '../../client/server-text.js';
import type { PlaybackStep } from '../../transcript/playback.js';
import { ConversationArea, useRepaintOnResize } from '../ConversationArea.js';
import type { DetailLine } from '../detail.js';
import { DetailPane } from '../DetailPane.js';
import { KeyHints } from '../KeyHints.js';
import type { Key } from '../keys.js';
import { handleKey } from '../screen-keys.js';
import { truncate, wrapText } from '../text-width.js';
import { colorWanted, makeTheme, type Theme } from '../theme.js';
import { useKeys } from '../use-keys.js';
import { useTerminalSize, type TerminalSize } from '../use-terminal-size.js';
import { Player, type MoveResult, type PlayerMode } from './player.js';
import { ReplayConversation } from './replay-conversation.js';
import { controlMessage, footerKeys, moveNotice, paceHelp, PLAYER_HELP, progressLine, replayStatus, VIEW_HELP, type KeyPair, type RecordingInfo } from './replay-text.js';

/** Lines of the newest note above the conversation. */
export const NOTE_ROWS = 3;

export type ReplayScreenProps = {
  readonly steps: readonly PlaybackStep[];
  readonly recording: RecordingInfo;
  /** 'step': one exchange per key (--step); 'timed': the recording's pace. */
  readonly mode: PlayerMode;
  /** --speed; default 1. */
  readonly speed?: number;
  /** A fixed size (tests); default: the terminal's, following resizes. */
  readonly size?: TerminalSize;
  /** Default: on unless NO_COLOR is set. */
  readonly color?: boolean;
  /** The clock in milliseconds (tests); default performance.now. */
  readonly now?: () => number;
  /** The viewer leaves (q, Ctrl-C). */
  readonly onExit: () => void;
};

/** Keys the conversation handles as in `connect` (its focus stays on the conversation: there is no input line). */
const VIEW_KEYS = new Set(['up', 'down', 'pageup', 'pagedown', 'f1', 'f2']);
const VIEW_TEXT = new Set(['j', 'k', 'g', 'G', 'd', '?']);

const Line = memo(function Line({ text, width, color, bold, inverse }: { text: string; width: number; color?: string | undefined; bold?: boolean; inverse?: boolean }): ReactElement {
  return (
    <Text wrap="truncate-end" bold={bold ?? false} inverse={inverse ?? false} {...(color ? { color } : {})}>
      {truncate(text, width)}
    </Text>
  );
});

/** The chapter and the newest note of it, highlighted: what the instructor wants the class to read. */
const NotesPane = memo(function NotesPane(props: { chapter: string; note: string | undefined; fresh: boolean; rows: number; width: number; theme: Theme }): ReactElement {
  const { chapter, note, fresh, rows, width, theme } = props;
  const noteRows = rows - 1;
  let lines = note ? wrapText(`note: ${note}`, Math.max(8, width - 2)) : [];
  if (lines.length > noteRows) lines = [...lines.slice(0, noteRows - 1), truncate(`${lines[noteRows - 1]!} ${lines.slice(noteRows).join(' ')}`, Math.max(8, width - 2))];
  const noteColor = theme.fg('note');
  const headColor = theme.fg('next');
  return (
    <Box flexDirection="column" width={width} height={rows}>
      <Line text={`▌ ${chapter}`} width={width} bold color={headColor} />
      {Array.from({ length: noteRows }, (_, i) => (
        <Line key={i} text={lines[i] !== undefined ? `▌ ${lines[i]}` : ''} width={width} color={noteColor} bold={fresh} />
      ))}
    </Box>
  );
});

export function ReplayScreen(props: ReplayScreenProps): ReactElement {
  const { steps, recording, onExit } = props;
  const nowRef = useRef(props.now ?? (() => performance.now()));
  nowRef.current = props.now ?? nowRef.current;
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((t) => t + 1), []);
  const state = useRef<{ player: Player; conv: ReplayConversation; notice: string | undefined; before: number } | undefined>(undefined);
  if (!state.current) {
    const player = new Player(steps, { mode: props.mode, ...(props.speed !== undefined ? { speed: props.speed } : {}) }, nowRef.current());
    const conv = new ReplayConversation(steps, { protocol: recording.protocol, target: recording.target });
    conv.showUpTo(player.shown);
    state.current = { player, conv, notice: undefined, before: 0 };
  }
  const s = state.current;
  const exitRef = useRef(onExit);
  exitRef.current = onExit;

  const hasNotes = useMemo(() => steps.some((x) => x.kind === 'note'), [steps]);
  const hasMarkers = useMemo(() => steps.some((x) => x.kind === 'marker'), [steps]);
  const topRows = hasNotes ? 1 + NOTE_ROWS : hasMarkers ? 1 : 0;

  const color = props.color ?? colorWanted();
  const theme = useMemo(() => makeTheme(color), [color]);
  const terminal = useTerminalSize();
  const size = props.size ?? terminal;
  const repaint = useRepaintOnResize(size, props.size !== undefined);

  // Timed replay: wake up when the next step is due (rescheduled after every render).
  useEffect(() => {
    const ms = s.player.msUntilNext(nowRef.current());
    if (ms === undefined) return;
    const timer = setTimeout(() => {
      const before = s.player.shown;
      if (s.player.tick(nowRef.current())) {
        s.before = before;
        s.conv.showUpTo(s.player.shown);
      }
      rerender();
    }, ms);
    return () => clearTimeout(timer);
  });

  const onKey = useCallback(
    (key: Key) => {
      const { player, conv } = s;
      const m = conv.model;
      const now = nowRef.current();
      const effects = { exit: () => exitRef.current(), toggleRecording: () => undefined, repaint };
      s.notice = undefined;
      if (key.name === 'ctrl' && key.text === 'c') {
        exitRef.current();
        return;
      }
      if (m.overlay !== 'none') {
        handleKey(m, key, effects);
        rerender();
        return;
      }
      const t = key.name === 'text' && !key.meta ? key.text : undefined;
      const selected = m.viewport.selectedKey !== undefined;
      const before = player.shown;
      let result: MoveResult | undefined;
      if (t === 'q') {
        exitRef.current();
        return;
      } else if (t === ' ') {
        if (player.mode === 'timed' && !player.ended) player.togglePause(now);
        else result = player.next(now);
      } else if (key.name === 'enter' && selected) handleKey(m, key, effects);
      else if (key.name === 'enter' || key.name === 'right') result = player.next(now);
      else if (key.name === 'left' || key.name === 'backspace') result = player.back(now);
      else if (t === 'n' || t === ']') result = player.nextMarker(now);
      else if (t === 'p' || t === '[') result = player.prevMarker(now);
      else if (key.name === 'home') result = player.home(now);
      else if (key.name === 'end') result = player.end(now);
      else if (t === '+' || t === '=' || t === '-') {
        if (player.mode === 'timed') s.notice = `speed ${player.changeSpeed(t === '-' ? -1 : 1, now)}×`;
        else s.notice = 'a --step replay has no speed: it waits for your key';
      } else if (key.name === 'escape') {
        m.viewport.selectedKey = undefined;
        m.viewport.scrollTo('bottom', m.allLines().length, m.convHeight());
      } else if (VIEW_KEYS.has(key.name) || (t !== undefined && VIEW_TEXT.has(t)) || (key.name === 'ctrl' && (key.text === 'o' || key.text === 'l'))) handleKey(m, key, effects);
      if (result !== undefined) {
        s.notice = moveNotice(result);
        if (result === 'moved') {
          s.before = Math.min(before, player.shown);
          conv.showUpTo(player.shown);
        }
      }
      rerender();
    },
    [s, rerender, repaint],
  );
  useKeys(onKey);

  const { player, conv } = s;
  const model = conv.model;
  model.topRows = topRows;
  model.resize(size.columns, size.rows);
  const f = model.frame();
  const chapter = player.chapter();
  const noteIndex = player.currentNote();
  const chapterText = chapter ? `Chapter ${chapter.index}/${chapter.count}: ${escapeForTerminal(chapter.label)}` : hasMarkers ? 'Before the first chapter' : 'Instructor notes';
  const notice = s.notice;
  const message = notice ?? controlMessage(player);
  const selected = model.viewport.selectedKey !== undefined;
  return (
    <Box flexDirection="column" width={f.columns} height={f.rows - 1}>
      {topRows > 0 ? (
        <NotesPane chapter={chapterText} note={noteIndex !== undefined ? escapeForTerminal(steps[noteIndex]!.label ?? '') : undefined} fresh={noteIndex !== undefined && noteIndex >= s.before} rows={topRows} width={f.columns} theme={theme} />
      ) : null}
      <ConversationArea frame={f} theme={theme} help={(box) => <HelpPane {...box} theme={theme} />} />
      <Line text={replayStatus(recording, model.raw, f.columns)} width={f.columns} inverse />
      <Line text={`${notice ? '! ' : player.ended ? '■ ' : '→ '}${message}`} width={f.columns} color={theme.fg(notice ? 'hint' : 'next')} />
      <Line text={progressLine(player, f.columns)} width={f.columns} bold />
      <KeyHints keys={footerKeys(player, selected)} theme={theme} />
    </Box>
  );
}

const HelpPane = memo(function HelpPane({ width, height, scroll, theme }: { width: number; height: number; scroll: number; theme: Theme }): ReactElement {
  const lines = useMemo((): DetailLine[] => {
    const pairs = (list: readonly KeyPair[]): DetailLine[] => list.map(([k, what]) => ({ text: `${k.padEnd(20)} ${what}`, role: 'text', indent: 2 }));
    return [
      { text: 'Player keys', role: 'heading' },
      ...pairs(PLAYER_HELP),
      { text: 'Reading the conversation', role: 'heading' },
      ...pairs(VIEW_HELP),
      { text: 'Pace and notes', role: 'heading' },
      ...paceHelp().map((text): DetailLine => ({ text, role: 'text', indent: 2 })),
    ];
  }, []);
  return <DetailPane lines={lines} width={width} height={height} scroll={scroll} theme={theme} title="Help — Esc, q or F1 closes, PgUp/PgDn scroll" />;
});
