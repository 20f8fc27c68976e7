/**
 * The player's words: the status line (what was recorded), the control line (what the player is
 * doing), the progress bar, the keys in the footer and in the F1 help. Pure functions of the
 * player's state, so the frames are easy to test.
 */
import type { ClientProtocol } from '../../client/events.js';
import { escapeForTerminal } from '../../client/server-text.js';
import { fit, truncate } from '../text-width.js';
import { MAX_GAP_MS, type MoveResult, type Player, type Progress } from './player.js';

export type RecordingInfo = {
  readonly protocol: ClientProtocol;
  readonly target: string;
  readonly title: string;
  /** ISO time the recording started. */
  readonly started: string;
};

/** `2026-11-22 03:10` from an ISO time; the text as it is when it is not one. */
function when(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** The status line: REPLAY, protocol, target, title, when; the date goes first, then the target, when narrow. */
export function replayStatus(info: RecordingInfo, raw: boolean, width: number): string {
  const title = escapeForTerminal(info.title || '(untitled)');
  const fields = (target: boolean, date: boolean): string[] => [
    ...(raw ? ['RAW VIEW'] : []),
    'REPLAY',
    info.protocol.toUpperCase(),
    ...(target ? [escapeForTerminal(info.target)] : []),
    title,
    ...(date ? [`recorded ${escapeForTerminal(when(info.started))}`] : []),
  ];
  for (const [target, date] of [
    [true, true],
    [true, false],
    [false, false],
  ] as const) {
    const text = ` ${fields(target, date).join(' │ ')}`;
    if (text.length <= width || (!target && !date)) return fit(text, width);
  }
  return fit('', width);
}

/** m:ss.d of recording time. */
export function clock(ms: number): string {
  const tenths = Math.floor(ms / 100);
  const s = Math.floor(tenths / 10);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${tenths % 10}`;
}

function speedText(speed: number): string {
  return `${Number.isInteger(speed) ? speed : speed.toString()}×`;
}

/** The player's state in one word, at the start of the progress line. */
export function playerTag(p: Player): string {
  if (p.ended) return 'END';
  if (p.mode === 'step') return 'STEP';
  return p.paused ? 'PAUSED' : `PLAY ${speedText(p.speed)}`;
}

/** `[STEP] ██████░░░░ 3/9  0:01.8/0:03.4  2/5 STARTTLS`, cut to the width. */
export function progressLine(p: Player, width: number): string {
  const pr: Progress = p.progress();
  const chapter = pr.chapter ? `  ${pr.chapter.index}/${pr.chapter.count} ${escapeForTerminal(pr.chapter.label)}` : '';
  const head = `[${playerTag(p)}] `;
  const tail = ` ${pr.done}/${pr.total}  ${clock(pr.t)}/${clock(pr.duration)}`;
  const barWidth = Math.max(5, Math.min(30, width - head.length - tail.length - 12));
  const filled = Math.round(pr.fraction * barWidth);
  const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
  return truncate(head + bar + tail + chapter, width);
}

/** What a key that did nothing says. */
export function moveNotice(result: MoveResult): string | undefined {
  switch (result) {
    case 'at-start':
      return 'at the start of the recording';
    case 'at-end':
      return 'at the end of the recording';
    case 'no-chapter':
      return 'no chapter after this one (End shows the rest)';
    default:
      return undefined;
  }
}

/** The line above the progress bar: what to press now. */
export function controlMessage(p: Player): string {
  if (p.ended) return 'end of the replay: q leaves, Home plays it again, ← goes back';
  if (p.mode === 'step') return 'Space, Enter or → shows the next exchange; ← goes back; n/p jump between chapters';
  if (p.paused) return 'paused: Space plays on; → and ← step by hand';
  const capped = MAX_GAP_MS / 1000 / p.speed;
  return `playing at ${speedText(p.speed)} (pauses over ${Number(capped.toFixed(2))} s shortened): Space pauses, + and - change the speed`;
}

export type KeyPair = readonly [string, string];

/** The footer's keys: what the player is doing and whether a line is selected change them. */
export function footerKeys(p: Player, selected: boolean): KeyPair[] {
  const move: KeyPair[] = p.mode === 'step' || p.paused || p.ended ? [['Space/→', 'next']] : [['Space', 'pause'], ['→', 'next']];
  return [
    ['F1', 'help'],
    ...move,
    ['←', 'back'],
    ['n/p', 'chapter'],
    ['Home/End', 'start/end'],
    ...(p.mode === 'timed' ? [['+/-', 'speed'] as const] : []),
    ...(selected ? ([['Enter', 'open/fold'], ['d', 'details'], ['Esc', 'follow']] as const) : ([['↑↓', 'select']] as const)),
    ['q', 'quit'],
  ];
}

/** The F1 help: the player's keys, then the conversation's, then how the pace works. */
export const PLAYER_HELP: readonly KeyPair[] = [
  ['Space', 'timed replay: pause and play on; --step: the next exchange'],
  ['Enter or →', 'the next exchange, with the notes and chapter in front of it (Enter opens and folds instead while a line is selected)'],
  ['← or Backspace', 'back one exchange'],
  ['n or ]', 'the next chapter (marker): its title and notes, before its first exchange'],
  ['p or [', 'the start of this chapter; again: the chapter before'],
  ['Home / End', 'the first screen / everything'],
  ['+ / -', 'timed replay: faster / slower'],
  ['q or Ctrl-C', 'leave'],
];

export const VIEW_HELP: readonly KeyPair[] = [
  ['Up / Down, j / k', 'select a line; the detail pane (or d) explains it'],
  ['Enter', 'on a selected line: open or fold it'],
  ['Esc', 'drop the selection and follow the newest line'],
  ['d', 'details of the selected line (beside the conversation when the terminal is 100 columns or wider)'],
  ['PgUp / PgDn, g / G', 'scroll; top / newest'],
  ['F2 or Ctrl-O', 'raw view: every line as on the wire, CR LF shown as \\r\\n'],
  ['Ctrl-L', 'repaint the screen'],
];

export function paceHelp(): string[] {
  return [
    `A timed replay keeps the recording's pauses, divided by --speed (or + and -); a pause longer than ${MAX_GAP_MS / 1000} s of recording time counts as ${MAX_GAP_MS / 1000} s, so a recording with a coffee break still plays on.`,
    'Notes (:note) and chapters (:marker) recorded by the instructor show in the conversation and, highlighted, above it.',
  ];
}
