/**
 * The lesson pane beside (or above) the protocol REPL: the step number and title, the step's text,
 * its goal, the hints revealed so far, the last failed attempt with the server's explanation and
 * the step's advice, and what the sandbox did. Long content scrolls (Shift-Up/Down); a hint or
 * advice scrolls the pane to its end so that it is seen. On a narrow terminal it can collapse to
 * one summary line.
 */
import { Box, Text } from 'ink';
import { memo, type ReactElement } from 'react';
import { describeGoal } from './goal-text.js';
import type { LessonView } from './lesson-view.js';
import { markdownLines, plainLines, type StyledLine } from './markdown.js';
import { fit, truncate } from './text-width.js';
import type { Theme } from './theme.js';

/** The pane's body (everything below its heading line), `width` columns wide. */
export function lessonBody(v: LessonView, width: number): StyledLine[] {
  const out: StyledLine[] = [];
  const gap = (): void => {
    if (out.length) out.push([]);
  };
  const step = v.step;
  if (step) out.push(...plainLines(`Goal: ${describeGoal(step.goal)}`, width, { role: 'next' }, '', '  '));
  if (v.done) {
    gap();
    out.push(...plainLines(`Step ${v.done.index + 1} ${v.done.skipped ? 'skipped' : 'done'}${v.done.success ? `: ${v.done.success.trim()}` : '.'}`, width, { role: 'ok' }, '✓ ', '  '));
  }
  if (!step) {
    if (!v.complete) {
      gap();
      out.push(...plainLines('Starting the lesson sandbox…', width, { role: 'hint' }));
    }
    return out;
  }
  gap();
  out.push(...markdownLines(step.text, width));
  for (const h of v.hints) {
    gap();
    if (h.solution) {
      out.push(...plainLines('The model answer (F4 types it for you):', width, { role: 'note', bold: true }));
      for (const l of h.text.split('\n')) out.push(...plainLines(l === '' ? ' ' : l, width, { role: 'client' }, '  '));
    } else out.push(...plainLines(`Hint ${h.n} of ${h.total}: ${h.text}`, width, { role: 'note' }, '? ', '  '));
  }
  if (v.mistake) {
    gap();
    out.push(...plainLines(`Not yet: ${v.mistake.reply}`, width, { role: 'warning', bold: true }, '✗ ', '  '));
    for (const l of v.mistake.explanation) out.push(...plainLines(l, width, { role: 'note' }, '  # ', '    '));
    if (v.mistake.advice) out.push(...plainLines(v.mistake.advice.trim(), width, { role: 'warning' }, '  ! ', '    '));
  }
  for (const n of v.notes) {
    gap();
    out.push(...plainLines(n, width, { role: 'info' }, '* ', '  '));
  }
  return out;
}

/** The pane's heading: step n of m and the step's title. */
export function lessonHeading(v: LessonView): string {
  if (v.complete) return `Lesson complete: ${v.lesson.title}`;
  if (!v.step) return `Lesson: ${v.lesson.title}`;
  return `Step ${v.index + 1} of ${v.lesson.steps.length} · ${v.step.title}`;
}

/** The one-line summary of a collapsed pane. */
export function lessonSummary(v: LessonView): string {
  const hint = v.hints[v.hints.length - 1];
  const extra = v.mistake ? ` · ✗ ${v.mistake.advice ?? v.mistake.reply}` : hint ? ` · hint: ${hint.text.split('\n')[0]}` : v.step ? ` · goal: ${describeGoal(v.step.goal)}` : '';
  return `${lessonHeading(v)}${extra}`;
}

/** The largest scroll offset for a body of `total` lines in `rows` rows. */
export function maxScroll(total: number, rows: number): number {
  return Math.max(0, total - rows);
}

export type LessonPaneProps = {
  readonly view: LessonView;
  readonly width: number;
  readonly height: number;
  /** Body lines scrolled past; clamped. */
  readonly scroll: number;
  readonly theme: Theme;
  /** One summary line instead of the pane (narrow terminals). */
  readonly collapsed?: boolean;
  /** The key that opens or collapses the pane, named in the heading. */
  readonly toggleKey?: string;
};

/** One styled line, cut at the pane's edge. */
export function StyledText({ line, theme }: { readonly line: StyledLine; readonly theme: Theme }): ReactElement {
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {line.map((s, i) => {
        const color = s.role ? theme.fg(s.role) : undefined;
        return (
          <Text key={i} {...(s.bold ? { bold: true } : {})} {...(color ? { color } : {})}>
            {s.text}
          </Text>
        );
      })}
    </Text>
  );
}

export const LessonPane = memo(function LessonPane({ view, width, height, scroll, theme, collapsed, toggleKey }: LessonPaneProps): ReactElement {
  const inner = Math.max(10, width - 2);
  const headColor = theme.fg('heading');
  if (collapsed) {
    const text = ` ${lessonSummary(view)}`;
    const key = toggleKey ? ` [${toggleKey} opens]` : '';
    return (
      <Text inverse wrap="truncate-end">
        {fit(truncate(text, Math.max(1, width - key.length)) + key, width)}
      </Text>
    );
  }
  const body = lessonBody(view, inner);
  const rows = Math.max(1, height - 1);
  const top = Math.min(Math.max(0, scroll), maxScroll(body.length, rows));
  const visible = body.slice(top, top + rows);
  const below = body.length - top - visible.length;
  const marks = [top > 0 ? `↑${top}` : '', below > 0 ? `↓${below}` : ''].filter(Boolean).join(' ');
  const more = marks ? ` [${marks} S-↑↓]` : '';
  const key = toggleKey ? ` [${toggleKey}]` : '';
  const heading = truncate(lessonHeading(view), Math.max(1, inner - more.length - key.length));
  return (
    <Box flexDirection="column" width={width} height={height} paddingLeft={1}>
      <Text wrap="truncate-end">
        <Text bold {...(headColor ? { color: headColor } : {})}>
          {heading}
        </Text>
        <Text {...(theme.fg('hint') ? { color: theme.fg('hint')! } : {})}>
          {more}
          {key}
        </Text>
      </Text>
      {visible.map((line, i) => (
        <StyledText key={top + i} line={line} theme={theme} />
      ))}
    </Box>
  );
});
