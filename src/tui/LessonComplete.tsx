/**
 * The end of a lesson: what was learned (the lesson's objectives), how it went (steps, skipped,
 * hints, failed attempts), the lesson's outro, and what comes next. Enter or n opens the next
 * lesson, m the menu, q leaves.
 */
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { Key } from './keys.js';
import { KeyHints, type KeyHint } from './KeyHints.js';
import { StyledText } from './LessonPane.js';
import type { LessonView } from './lesson-view.js';
import { markdownLines, plainLines, type StyledLine } from './markdown.js';
import type { Theme } from './theme.js';
import { useKeys } from './use-keys.js';

export type LessonCompleteProps = {
  readonly view: LessonView;
  /** The lesson that comes next, if any. */
  readonly next?: { readonly id: string; readonly title: string };
  readonly columns: number;
  readonly rows: number;
  readonly theme: Theme;
  readonly onNext: () => void;
  readonly onMenu: () => void;
  readonly onQuit: () => void;
};

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The summary's lines, `width` columns wide. */
export function completionLines(view: LessonView, next: LessonCompleteProps['next'], width: number): StyledLine[] {
  const { lesson, stats } = view;
  const out: StyledLine[] = [];
  out.push(...plainLines(`Lesson complete: ${lesson.title}`, width, { role: 'ok', bold: true }, '✓ '));
  out.push(...plainLines(`${lesson.track.toUpperCase()} · ${lesson.level} · ${lesson.id}`, width, { role: 'hint' }, '  '));
  out.push([]);
  out.push(...plainLines('What you learned', width, { bold: true }));
  for (const o of lesson.objectives) out.push(...plainLines(o, width, {}, '  ✓ ', '    '));
  out.push([]);
  const steps = lesson.steps.length;
  const earlier = stats.startedAt > 0 ? ` (${plural(stats.startedAt, 'step')} in an earlier session)` : '';
  out.push(
    ...plainLines(
      `Steps: ${steps - stats.skipped} of ${steps} done yourself${stats.skipped ? `, ${stats.skipped} skipped` : ''}${earlier} · hints used: ${stats.hints} · failed attempts: ${stats.mistakes}`,
      width,
      {},
      '',
      '  ',
    ),
  );
  if (lesson.outro) {
    out.push([]);
    out.push(...markdownLines(lesson.outro, width));
  }
  out.push([]);
  out.push(...plainLines(next ? `Next lesson: ${next.title} (${next.id})` : 'That was the last lesson not yet done. Well done!', width, { role: 'next' }));
  return out;
}

export function LessonComplete(props: LessonCompleteProps): ReactElement {
  const { view, next, theme, columns, rows } = props;
  useKeys((key: Key) => {
    const t = key.name === 'text' ? key.text?.toLowerCase() : undefined;
    if ((key.name === 'enter' || t === 'n') && next) props.onNext();
    else if (t === 'm' || key.name === 'f10' || (key.name === 'enter' && !next)) props.onMenu();
    else if (t === 'q' || key.name === 'escape' || (key.name === 'ctrl' && (key.text === 'c' || key.text === 'd'))) props.onQuit();
  });
  const width = Math.max(20, columns - 2);
  const lines = completionLines(view, next, width).slice(0, Math.max(1, rows - 3));
  const keys: KeyHint[] = [...(next ? [['Enter/n', 'next lesson'] as const] : []), ['m', 'menu'], ['q', 'quit']];
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Box flexDirection="column" height={rows - 2} paddingLeft={1}>
        {lines.map((l, i) => (
          <StyledText key={i} line={l} theme={theme} />
        ))}
      </Box>
      <KeyHints keys={keys} theme={theme} />
    </Box>
  );
}
