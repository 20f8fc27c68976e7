/**
 * The Markdown of lesson texts, rendered plainly for a terminal pane: paragraphs reflowed to the
 * pane's width, `code` and **bold** kept as styled spans (they still read without colour: code
 * keeps no backticks but lessons quote what to type on its own indented line), lists with a
 * hanging indent, indented code blocks as they are. Pure: lines in, styled lines out.
 */
import { escapeForTerminal } from '../client/server-text.js';
import { textWidth, wrapText } from './text-width.js';
import type { Role } from './theme.js';

/** A run of text in one style. */
export type Span = { readonly text: string; readonly role?: Role; readonly bold?: boolean };
/** One terminal line of a pane. */
export type StyledLine = readonly Span[];

type Word = Span[];

/** `code` and **bold** spans of one paragraph. */
export function inlineSpans(text: string, base: Omit<Span, 'text'> = {}): Span[] {
  const out: Span[] = [];
  for (const part of escapeForTerminal(text).split(/(`[^`]+`|\*\*[^*]+\*\*)/)) {
    if (part === '') continue;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) out.push({ ...base, text: part.slice(1, -1), role: 'client' });
    else if (part.startsWith('**') && part.endsWith('**') && part.length > 4) out.push({ ...base, text: part.slice(2, -2), bold: true });
    else out.push({ ...base, text: part });
  }
  return out;
}

function wordsOf(spans: readonly Span[]): Word[] {
  const words: Word[] = [];
  let word: Word = [];
  for (const span of spans) {
    // Code is kept whole, its spaces included (`250 ` is not `250`).
    if (span.role === 'client') {
      word.push(span);
      continue;
    }
    for (const token of span.text.split(/( +)/)) {
      if (token === '') continue;
      if (token.startsWith(' ')) {
        if (word.length) words.push(word);
        word = [];
      } else word.push({ ...span, text: token });
    }
  }
  if (word.length) words.push(word);
  return words;
}

const wordWidth = (w: Word): number => w.reduce((n, s) => n + textWidth(s.text), 0);

/**
 * Wraps spans into lines of `width` columns: `first` in front of the first line, `rest` in
 * front of the others (a list item's hanging indent). A word longer than a line is cut.
 */
export function wrapSpans(spans: readonly Span[], width: number, first = '', rest = first): StyledLine[] {
  const lines: Span[][] = [];
  let line: Span[] = [];
  let used = 0;
  const lead = (): string => (lines.length === 0 ? first : rest);
  const start = (): void => {
    line = lead() ? [{ text: lead() }] : [];
    used = textWidth(lead());
  };
  start();
  for (const word of wordsOf(spans)) {
    const w = wordWidth(word);
    const room = width - used;
    const empty = used === textWidth(lead());
    if (!empty && w + 1 <= room) {
      line.push({ text: ' ' }, ...word);
      used += w + 1;
      continue;
    }
    if (empty && w <= room) {
      line.push(...word);
      used += w;
      continue;
    }
    if (!empty) {
      lines.push(line);
      start();
    }
    if (w <= width - used) {
      line.push(...word);
      used += w;
      continue;
    }
    // Longer than a whole line: cut it (in the style of its first piece).
    const pieces = wrapText(word.map((s) => s.text).join(''), Math.max(1, width - used));
    const style = { ...word[0]!, text: '' };
    pieces.forEach((piece, i) => {
      if (i > 0) {
        lines.push(line);
        start();
      }
      line.push({ ...style, text: piece });
      used += textWidth(piece);
    });
  }
  lines.push(line);
  return lines;
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const CODE_LINE = /^( {4}|\t)/;

/** Lesson Markdown → pane lines, `width` columns wide. Blank lines between blocks. */
export function markdownLines(md: string, width: number): StyledLine[] {
  const out: StyledLine[] = [];
  const blocks = md.replace(/\r/g, '').replace(/\s+$/, '').split(/\n[ \t]*\n/);
  for (const block of blocks) {
    const lines = block.split('\n');
    if (lines.every((l) => l.trim() === '')) continue;
    if (out.length) out.push([]);
    if (lines.every((l) => CODE_LINE.test(l) || l.trim() === '')) {
      for (const l of lines) {
        const code = escapeForTerminal(l.replace(CODE_LINE, ''));
        for (const piece of wrapText(code, Math.max(1, width - 2))) out.push([{ text: '  ' }, { text: piece, role: 'client' }]);
      }
      continue;
    }
    // Paragraphs and list items: consecutive lines join, a list marker starts a new item.
    let para: string[] = [];
    let item: { marker: string; indent: string; text: string[] } | undefined;
    const flush = (): void => {
      if (para.length) out.push(...paragraph(para.join(' '), width));
      if (item) {
        const lead = `${item.indent}${item.marker} `;
        out.push(...wrapSpans(inlineSpans(item.text.join(' ')), width, lead, ' '.repeat(lead.length)));
      }
      para = [];
      item = undefined;
    };
    for (const l of lines) {
      const m = LIST_ITEM.exec(l);
      if (m) {
        flush();
        item = { indent: ' '.repeat(Math.min(4, m[1]!.length)), marker: /^\d/.test(m[2]!) ? m[2]! : '•', text: [m[3]!] };
      } else if (item) item.text.push(l.trim());
      else if (/^#{1,6}\s/.test(l)) {
        flush();
        out.push(...wrapSpans(inlineSpans(l.replace(/^#+\s*/, ''), { bold: true }), width));
      } else para.push(l.trim());
    }
    flush();
  }
  return out;
}

function paragraph(text: string, width: number): StyledLine[] {
  return wrapSpans(inlineSpans(text), width);
}

/** A plain string as wrapped lines in one style. */
export function plainLines(text: string, width: number, style: Omit<Span, 'text'> = {}, first = '', rest = first): StyledLine[] {
  return wrapSpans([{ ...style, text: escapeForTerminal(text) }], width, first, rest);
}

/** The text of a styled line (tests, summaries). */
export function lineText(line: StyledLine): string {
  return line.map((s) => s.text).join('');
}
