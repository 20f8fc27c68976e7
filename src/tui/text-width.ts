/**
 * Terminal column widths and word wrapping for the panes. The conversation pane is windowed: it
 * must know how many terminal lines each entry takes before it renders anything, so wrapping is
 * done here rather than by Ink. Text reaching this module is already escaped (no control chars).
 */

/** Wide (two-column) ranges: CJK, Hangul, fullwidth forms and the emoji blocks (UAX #11 W/F, abridged). */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/** Columns one code point takes: 0 for combining marks and zero-width characters, 2 for wide ones. */
export function charWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  for (const [lo, hi] of WIDE) if (cp >= lo && cp <= hi) return 2;
  return 1;
}

/** Columns a string takes on a terminal. */
export function textWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x300) {
      w++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    w += charWidth(cp);
  }
  return w;
}

/** The longest prefix of `text` that fits in `width` columns (ending with `…` when cut). */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (textWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** Splits a word that is wider than a line into line-sized pieces. */
function hardSplit(word: string, width: number): string[] {
  const pieces: string[] = [];
  let cur = '';
  let w = 0;
  for (const ch of word) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width && cur) {
      pieces.push(cur);
      cur = '';
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  if (cur) pieces.push(cur);
  return pieces;
}

/**
 * Wraps text at spaces into lines of at most `width` columns; words longer than a line are cut.
 * Spaces inside a line are kept as they came (server text may align columns with them).
 */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  if (text.length <= w && textWidth(text) <= w) return [text];
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const token of text.split(/( +)/)) {
    if (token === '') continue;
    const tw = textWidth(token);
    if (lineWidth + tw <= w) {
      line += token;
      lineWidth += tw;
      continue;
    }
    if (token.startsWith(' ')) {
      // A run of spaces at a line end is dropped: the next line starts with the next word.
      lines.push(line);
      line = '';
      lineWidth = 0;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = '';
    lineWidth = 0;
    if (tw > w) {
      const pieces = hardSplit(token, w);
      lines.push(...pieces.slice(0, -1));
      line = pieces[pieces.length - 1] ?? '';
      lineWidth = textWidth(line);
    } else {
      line = token;
      lineWidth = tw;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** Pads with spaces to exactly `width` columns (truncating when longer). */
export function fit(text: string, width: number): string {
  const t = truncate(text, width);
  return t + ' '.repeat(Math.max(0, width - textWidth(t)));
}
