/**
 * `--to markdown`: a course-notes page. The title, the target and the date; then the conversation,
 * one fenced code block of `S:`/`C:` lines per exchange with the explanations beneath it as a list
 * (each item names the line it explains), markers as headings and notes as paragraphs.
 *
 * Everything the server sent is hostile (security.md item 8): it only ever appears inside code
 * (fences and code spans longer than any backtick run in it), and text outside code is escaped so
 * that no Markdown or HTML in a reply can turn into markup.
 */
import { escapeForTerminal } from '../../client/server-text.js';
import { conversationRows, protocolName, recordedDate, type ConversationRow, type ExportInput } from './common.js';

/**
 * Text outside code with the characters escaped that could make markup of it: inline ones (`*`,
 * `_`, backticks, links, HTML `<`, entities `&`) anywhere, block ones (`#`, `-`, `+`, `>`, `=`,
 * `1.`) at the start of a line (`atLineStart`: false for text that follows something on its
 * line). Parentheses, dots and dashes inside the text stay readable.
 */
export function escapeMarkdown(text: string, atLineStart = true): string {
  const inline = escapeForTerminal(text).replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`);
  if (!atLineStart) return inline;
  return inline.replace(/^(\s*)([#+=-]|\d+[.)])/, (_m, space: string, mark: string) => `${space}${mark.replace(/[#+=.)-]/, (c) => `\\${c}`)}`);
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** A code span that holds any text: delimited by more backticks than the text has in a row. */
export function codeSpan(text: string): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.trim() === '' ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced code block that holds any lines: the fence is longer than any backtick run in them. */
export function fencedBlock(lines: readonly string[], info = 'text'): string[] {
  const fence = '`'.repeat(Math.max(3, longestRun(lines.join('\n'), '`') + 1));
  return [`${fence}${info}`, ...lines, fence];
}

function exchange(rows: readonly ConversationRow[]): string[] {
  const out: string[] = [];
  let block: string[] = [];
  let notes: string[] = [];
  const flush = (): void => {
    if (block.length > 0) out.push(...fencedBlock(block), '');
    if (notes.length > 0) out.push(...notes, '');
    block = [];
    notes = [];
  };
  for (const row of rows) {
    if (row.kind === 'send' || row.kind === 'recv') {
      // A client line after explained replies starts a new block, so that notes stay beneath their reply.
      if (notes.length > 0 && row.kind === 'send') flush();
      block.push(row.text);
      for (const n of row.notes) notes.push(`- ${codeSpan(row.text)}: ${escapeMarkdown(n, false)}`);
      continue;
    }
    flush();
    if (row.kind === 'tls') out.push(...row.text.split('\n').map((l) => `> ${escapeMarkdown(l)}  `), '');
    else out.push(`*${escapeMarkdown(row.text)}*`, '');
  }
  flush();
  return out;
}

/** The transcript as a Markdown page. */
export function exportMarkdown({ transcript, steps }: ExportInput): string {
  const { header } = transcript;
  const out: string[] = [
    `# ${escapeMarkdown(header.title.replace(/\s+/g, ' '), false)}`,
    '',
    `- Target: ${codeSpan(escapeForTerminal(header.target))} (${protocolName(header.protocol)})`,
    `- Recorded: ${escapeMarkdown(recordedDate(header.started))}`,
    '',
    `*\`S:\` lines come from the server, \`C:\` lines from the client; the notes under each block explain the replies.*`,
    '',
  ];
  for (const step of steps) {
    if (step.kind === 'marker') out.push(`## ${escapeMarkdown((step.label ?? '').replace(/\s+/g, ' '), false)}`, '');
    else if (step.kind === 'note') out.push(...(step.label ?? '').split('\n').map((l) => escapeMarkdown(l)), '');
    else out.push(...exchange(conversationRows(step.events)));
  }
  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}
