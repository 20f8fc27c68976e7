/**
 * `--to asciicast`: asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/), which plays in
 * asciinema and its web player. The first line is the header; then one event per output line,
 * `[seconds, "o", text]`, showing exactly what line mode prints (`S:`/`C:`/`#` lines, escaped),
 * with CRLF line ends as a terminal needs them; markers become `[seconds, "m", label]` events,
 * which the player offers as chapters.
 *
 * Decisions: times come from the recording (`t`, in ms) and never go backwards; the terminal is
 * as wide as the longest line (80 to 120 columns; the player wraps longer ones) and 30 rows high; colours as line mode would
 * have them on a terminal are added with SGR sequences of our own (server text has been escaped
 * before, so no sequence of the server's can reach the player).
 */
import type { ClientEvent } from '../../client/events.js';
import { formatEvent } from '../../client/line-format.js';
import { escapeForTerminal } from '../../client/server-text.js';
import { formatMark } from '../replay-format.js';
import type { ExportInput } from './common.js';

export const ASCIICAST_MIN_WIDTH = 80;
export const ASCIICAST_MAX_WIDTH = 120;
export const ASCIICAST_HEIGHT = 30;

const SGR = { client: '\x1b[1;36m', note: '\x1b[2m', instructor: '\x1b[1;33m', reset: '\x1b[0m' } as const;

export type AsciicastHeader = {
  readonly version: 2;
  readonly width: number;
  readonly height: number;
  readonly timestamp: number;
  readonly title: string;
  readonly env: Readonly<Record<string, string>>;
};
export type AsciicastEvent = readonly [number, 'o' | 'm', string];

function colour(line: string): string {
  if (line.startsWith('C: ')) return `${SGR.client}${line}${SGR.reset}`;
  if (line.startsWith('#  ')) return `${SGR.note}${line}${SGR.reset}`;
  return line;
}

/** Milliseconds as asciicast seconds (three decimals, as asciinema writes them). */
const seconds = (ms: number): number => Math.round(ms) / 1000;

/** The transcript as an asciicast v2 recording (JSON Lines). */
export function exportAsciicast({ transcript, steps }: ExportInput): string {
  const events: AsciicastEvent[] = [];
  const lines: string[] = [];
  let clock = 0;
  const at = (t: number): number => (clock = Math.max(clock, t));
  const print = (t: number, line: string, style?: string): void => {
    lines.push(line);
    events.push([seconds(at(t)), 'o', `${style ? `${style}${line}${SGR.reset}` : colour(line)}\r\n`]);
  };
  for (const step of steps) {
    if (step.kind === 'exchange') {
      for (const e of step.events) for (const line of formatEvent(e as ClientEvent, { raw: false })) print(e.t, line);
      continue;
    }
    if (step.kind === 'marker') events.push([seconds(at(step.t)), 'm', escapeForTerminal(step.label ?? '')]);
    // As `replay` prints them, so that the cast looks like the replay it stands for.
    for (const line of formatMark(step)) print(step.t, line, SGR.instructor);
  }
  const widest = Math.max(0, ...lines.map((l) => [...l].length));
  const started = Date.parse(transcript.header.started);
  const header: AsciicastHeader = {
    version: 2,
    width: Math.min(ASCIICAST_MAX_WIDTH, Math.max(ASCIICAST_MIN_WIDTH, widest)),
    height: ASCIICAST_HEIGHT,
    timestamp: Number.isNaN(started) ? 0 : Math.floor(started / 1000),
    title: escapeForTerminal(transcript.header.title),
    env: { TERM: 'xterm-256color', SHELL: '/bin/sh' },
  };
  return [header, ...events].map((v) => `${JSON.stringify(v)}\n`).join('');
}
