/**
 * The wrapped tool's output → the same bytes, cut after each line end so that explanations can be
 * written between lines, and the text of each complete line. The bytes are passed on untouched
 * (the tool is the learner's own terminal program); only the line text mailproto reads is decoded.
 */
import { decodeServerText } from '../server-text.js';

/** Octets of one output line kept for reading; the rest of a longer line still passes through. */
export const MAX_SCREEN_LINE = 64 * 1024;

const LF = 0x0a;

export type ScreenPiece = {
  /** Bytes to pass on, in order. */
  readonly bytes: Buffer;
  /** Set when these bytes end a line: its text without CR/LF (undefined for a line over MAX_SCREEN_LINE). */
  readonly line?: string;
  /** True when `bytes` end a line. */
  readonly eol: boolean;
};

export class ScreenLines {
  private partial: Buffer[] = [];
  private partialLength = 0;
  private overlong = false;

  /** Cuts a chunk of output after each LF. */
  push(chunk: Buffer): ScreenPiece[] {
    const pieces: ScreenPiece[] = [];
    let start = 0;
    for (let lf = chunk.indexOf(LF); lf >= 0; lf = chunk.indexOf(LF, start)) {
      const bytes = chunk.subarray(start, lf + 1);
      this.keep(chunk.subarray(start, lf));
      const text = this.overlong ? undefined : decodeServerText(Buffer.concat(this.partial)).replace(/\r+$/, '');
      this.partial = [];
      this.partialLength = 0;
      this.overlong = false;
      pieces.push({ bytes, eol: true, ...(text !== undefined ? { line: text } : {}) });
      start = lf + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.keep(rest);
      pieces.push({ bytes: rest, eol: false });
    }
    return pieces;
  }

  private keep(bytes: Buffer): void {
    if (this.overlong || bytes.length === 0) return;
    if (this.partialLength + bytes.length > MAX_SCREEN_LINE) {
      this.overlong = true;
      this.partial = [];
      this.partialLength = 0;
      return;
    }
    this.partial.push(Buffer.from(bytes));
    this.partialLength += bytes.length;
  }
}

/**
 * A line as a terminal shows it: backspace moves left, CR goes back to the start, later characters
 * overwrite earlier ones, escape sequences and other controls take no room. Used to recognise
 * the echo of a typed line (`EHLX\b \bO me` shows as `EHLO me`).
 */
export function shownText(line: string): string {
  const cells: string[] = [];
  let x = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '\x1b') {
      i = skipEscape(line, i);
      continue;
    }
    if (ch === '\b') x = Math.max(0, x - 1);
    else if (ch === '\r') x = 0;
    else if (code < 0x20 && ch !== '\t') continue;
    else if (code >= 0x7f && code <= 0x9f) continue;
    else cells[x++] = ch;
  }
  return Array.from(cells, (c) => c ?? ' ').join('');
}

/** The index of the last character of the escape sequence starting at `i`. */
function skipEscape(line: string, i: number): number {
  const next = line[i + 1];
  if (next === '[') {
    let j = i + 2;
    while (j < line.length && !/[@-~]/.test(line[j]!)) j++;
    return j;
  }
  if (next === ']' || next === 'P' || next === '_' || next === '^') {
    // OSC/DCS/APC/PM: up to BEL or ST (ESC \).
    let j = i + 2;
    while (j < line.length && line[j] !== '\x07' && !(line[j] === '\x1b' && line[j + 1] === '\\')) j++;
    return line[j] === '\x1b' ? j + 1 : j;
  }
  return i + 1;
}
