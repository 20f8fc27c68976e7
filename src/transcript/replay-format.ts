/**
 * How `replay` prints what is not a client event, in line mode (README "Replay and verify"):
 *
 *   #  note: TEXT                      an instructor's note
 *   #  == LABEL ==                     a marker (chapter heading)
 *   !  FILE:LINE: the reply to "CMD" differs from the recording
 *   - S: recorded reply line            (only the lines that carry the meaning compared)
 *   + S: live reply line
 *   replay: N of M replies match
 *
 * Notes and markers read like the `#` lines around them and look the same as `:note`/`:marker`
 * in a live session. Text is escaped for the terminal (security.md item 8).
 */
import { escapeForTerminal } from '../client/server-text.js';
import type { PlaybackStep } from './playback.js';
import type { StepDiff, VerifySummary } from './verify.js';

/** A note or marker step as `#` lines (a note may hold several lines). */
export function formatMark(step: PlaybackStep): string[] {
  const text = step.label ?? '';
  if (step.kind === 'marker') return [`#  == ${escapeForTerminal(text)} ==`];
  return text.split('\n').map((l, i) => `#  ${i === 0 ? 'note: ' : '      '}${escapeForTerminal(l)}`);
}

/** A differing step as a small diff: recorded lines with `-`, live lines with `+`. */
export function formatDiff(d: StepDiff, file: string): string[] {
  const what = d.command === undefined ? 'the greeting' : `the reply to "${escapeForTerminal(d.command)}"`;
  const out = [`!  ${file}:${d.line}: ${what} differs from the recording`];
  for (const m of d.recorded) out.push(`- S: ${escapeForTerminal(m.text)}`);
  for (const m of d.live) out.push(`+ S: ${escapeForTerminal(m.text)}`);
  if (d.reason) out.push(`+ (${escapeForTerminal(d.reason)})`);
  else if (d.live.length === 0) out.push('+ (no reply)');
  return out;
}

export function formatSummary(s: VerifySummary): string {
  return `replay: ${s.matched} of ${s.total} replies match`;
}
