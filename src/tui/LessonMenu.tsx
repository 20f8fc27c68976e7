/**
 * The lesson menu of `mailproto learn`: lessons grouped by track, each with its level and whether
 * it is done or in progress; a first row offers to continue the lesson in progress. Up/Down (or
 * j/k) choose, Enter opens, q or Esc leaves. Marks read without colour: ✓ done, ▸ in progress.
 */
import { Box, Text } from 'ink';
import { useMemo, useState, type ReactElement } from 'react';
import { TRACKS, type Level, type Track } from '../lessons/schema.js';
import type { Key } from './keys.js';
import { KeyHints, type KeyHint } from './KeyHints.js';
import { plainLines } from './markdown.js';
import { StyledText } from './LessonPane.js';
import { fit, truncate } from './text-width.js';
import type { Theme } from './theme.js';
import { useKeys } from './use-keys.js';

export type MenuLesson = {
  readonly id: string;
  readonly title: string;
  readonly track: Track;
  readonly level: Level;
  readonly minutes?: number;
  readonly summary: string;
  readonly steps: number;
  readonly done: boolean;
  /** The step to continue at, when the lesson was started and is not done. */
  readonly step?: number;
};

export type LessonMenuProps = {
  /** In curriculum order. */
  readonly lessons: readonly MenuLesson[];
  /** The lesson in progress (offered first). */
  readonly current?: string;
  /** The lesson selected at first (default: the one in progress, else the first not done). */
  readonly selected?: string;
  readonly columns: number;
  readonly rows: number;
  readonly theme: Theme;
  readonly onOpen: (id: string) => void;
  readonly onQuit: () => void;
};

const MENU_KEYS: readonly KeyHint[] = [
  ['↑↓', 'choose'],
  ['Enter', 'open'],
  ['q', 'quit'],
];

const TRACK_NAMES: Readonly<Record<Track, string>> = { smtp: 'SMTP', mime: 'MIME', pop3: 'POP3', imap: 'IMAP', security: 'Security' };


type Row =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'continue'; readonly lesson: MenuLesson }
  | { readonly kind: 'lesson'; readonly lesson: MenuLesson };

/** The menu's rows: the lesson to continue, then each track's heading and lessons. */
export function menuRows(lessons: readonly MenuLesson[], current: string | undefined): Row[] {
  const rows: Row[] = [];
  const cur = lessons.find((l) => l.id === current && !l.done);
  if (cur) rows.push({ kind: 'continue', lesson: cur });
  for (const track of TRACKS) {
    const of = lessons.filter((l) => l.track === track);
    if (!of.length) continue;
    rows.push({ kind: 'heading', text: TRACK_NAMES[track] });
    for (const lesson of of) rows.push({ kind: 'lesson', lesson });
  }
  return rows;
}

/** What a lesson's status column says. */
export function lessonStatus(l: MenuLesson): string {
  if (l.done) return 'done';
  if (l.step !== undefined) return `step ${l.step + 1} of ${l.steps}`;
  return '';
}

function rowText(row: Row, width: number): string {
  if (row.kind === 'heading') return row.text;
  const l = row.lesson;
  if (row.kind === 'continue') return truncate(`Continue: ${l.title} (${lessonStatus(l) || 'step 1'})`, width);
  const mark = l.done ? '✓' : l.step !== undefined ? '▸' : ' ';
  const right = `${l.level.padEnd(12)} ${lessonStatus(l).padEnd(12)}`;
  const titleWidth = Math.max(8, width - 4 - right.length - 1);
  return `${mark} ${fit(l.title, titleWidth)} ${right}`.trimEnd();
}

export function LessonMenu(props: LessonMenuProps): ReactElement {
  const { lessons, theme, columns, rows: height } = props;
  const rows = useMemo(() => menuRows(lessons, props.current), [lessons, props.current]);
  const choosable = useMemo(() => rows.flatMap((r, i) => (r.kind === 'heading' ? [] : [i])), [rows]);
  const [cursor, setCursor] = useState(() => {
    const want = props.selected;
    const cont = rows.findIndex((r) => r.kind === 'continue');
    if (want === undefined && cont >= 0) return choosable.indexOf(cont);
    const firstOpen = rows.findIndex((r) => r.kind === 'lesson' && (want !== undefined ? r.lesson.id === want : !r.lesson.done));
    return Math.max(0, choosable.indexOf(firstOpen >= 0 ? firstOpen : (choosable[0] ?? 0)));
  });
  const selectedRow = choosable[cursor] ?? 0;
  const selected = rows[selectedRow];

  useKeys((key: Key) => {
    const t = key.name === 'text' ? key.text : undefined;
    const move = (by: number): void => setCursor((c) => Math.max(0, Math.min(choosable.length - 1, c + by)));
    if (key.name === 'up' || t === 'k') move(-1);
    else if (key.name === 'down' || t === 'j') move(1);
    else if (key.name === 'pageup') move(-10);
    else if (key.name === 'pagedown') move(10);
    else if (key.name === 'home' || t === 'g') setCursor(0);
    else if (key.name === 'end' || t === 'G') setCursor(choosable.length - 1);
    else if (key.name === 'enter' || t === ' ') {
      if (selected && selected.kind !== 'heading') props.onOpen(selected.lesson.id);
    } else if (t === 'q' || key.name === 'escape' || (key.name === 'ctrl' && (key.text === 'c' || key.text === 'd'))) props.onQuit();
  });

  const width = Math.max(20, columns);
  const done = lessons.filter((l) => l.done).length;
  // Heading (2), the selected lesson's summary (4), the footer (1), a free row at the bottom (1).
  const listHeight = Math.max(3, height - 8);
  const top = Math.max(0, Math.min(selectedRow - Math.floor(listHeight / 2), rows.length - listHeight));
  const visible = rows.slice(top, top + listHeight);
  const headColor = theme.fg('heading');
  const summary =
    selected && selected.kind !== 'heading'
      ? plainLines(`${selected.lesson.summary} (${selected.lesson.id} · ${selected.lesson.level}${selected.lesson.minutes ? ` · about ${selected.lesson.minutes} min` : ''} · ${selected.lesson.steps} steps)`, width - 2, { role: 'hint' }).slice(0, 3)
      : [];
  const title = 'mailproto learn — lessons';
  const count = `${done} of ${lessons.length} done`;
  return (
    <Box flexDirection="column" width={width} height={height - 1}>
      <Text bold wrap="truncate-end">
        {fit(title, Math.max(1, width - count.length))}
        {count}
      </Text>
      <Text> </Text>
      <Box flexDirection="column" height={listHeight}>
        {visible.map((row, i) => {
          const at = top + i;
          const isSel = at === selectedRow;
          if (row.kind === 'heading') {
            return (
              <Text key={`h${at}`} bold wrap="truncate-end" {...(headColor ? { color: headColor } : {})}>
                {row.text}
              </Text>
            );
          }
          const mark = row.lesson.done ? theme.fg('ok') : row.kind === 'continue' ? theme.fg('next') : undefined;
          return (
            <Text key={`r${at}`} wrap="truncate-end" inverse={isSel} {...(mark && !isSel ? { color: mark } : {})}>
              {isSel ? '▶ ' : '  '}
              {rowText(row, width - 2)}
            </Text>
          );
        })}
      </Box>
      <Box flexDirection="column" height={4}>
        <Text> </Text>
        {summary.map((l, i) => (
          <StyledText key={i} line={[{ text: ' ' }, ...l]} theme={theme} />
        ))}
      </Box>
      <KeyHints keys={MENU_KEYS} theme={theme}>
        <Text {...(theme.fg('hint') ? { color: theme.fg('hint')! } : {})}>{'   progress is kept between runs'}</Text>
      </KeyHints>
    </Box>
  );
}
