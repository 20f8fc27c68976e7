/**
 * Plain-text rendering of explanations for people: one block per part (label, meaning, "Next:",
 * citation). No colours; renderers that want them use the part kinds.
 */
import { escapeControls } from './escape.js';
import type { Explanation, ExplanationPart } from './types.js';

const WIDTH = 78;
const INDENT = '  ';

const PROTOCOL_NAMES: Readonly<Record<Explanation['protocol'], string>> = { smtp: 'SMTP', pop3: 'POP3', imap: 'IMAP' };

/** Wraps words to WIDTH, every line indented. A word longer than a line stays whole. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

function formatPart(part: ExplanationPart): string {
  const lines = [escapeControls(part.label), ...wrap(escapeControls(part.meaning), INDENT)];
  if (part.next) lines.push(...wrap(`Next: ${escapeControls(part.next)}`, INDENT));
  lines.push(`${INDENT}(${part.rfc})`);
  return lines.join('\n');
}

function heading(e: Explanation): string {
  const name = PROTOCOL_NAMES[e.protocol];
  let what: string;
  if (e.protocol === 'smtp') what = e.code !== undefined ? 'reply' : 'enhanced status code';
  else what = e.status === undefined && e.responseCode !== undefined ? 'response code' : 'response';
  return `${name} ${what}: ${escapeControls(e.input)}`;
}

/** What a one-line summary starts with: `550 5.1.1`, `-ERR [IN-USE]`, `A1 NO [AUTHENTICATIONFAILED]`, `* 3 EXISTS`. */
function lineHead(e: Explanation): string {
  if (e.protocol === 'smtp') return [e.code, e.enhanced].filter((v) => v !== undefined).join(' ');
  const head = e.text !== undefined && e.input.endsWith(e.text) ? e.input.slice(0, e.input.length - e.text.length).trim() : e.input;
  return head.length > 40 ? `${head.slice(0, 39)}…` : head;
}

/** The explanation as text for a terminal: a heading, then one block per part. No trailing newline. */
export function formatExplanation(e: Explanation): string {
  return [heading(e), ...e.parts.map(formatPart)].join('\n\n');
}

/**
 * One line for line mode's `#` annotations and `:explain`: the most specific part (the enhanced or
 * response code when there is one, else the first part), plus the labels of any warnings.
 */
export function formatExplanationLine(e: Explanation): string {
  const primary = e.parts.find((p) => p.kind === 'enhanced-code' || p.kind === 'response-code') ?? e.parts[0];
  const head = lineHead(e);
  if (!primary) return head;
  const warnings = e.parts.filter((p) => p.kind === 'warning').map((p) => ` [${p.label}]`).join('');
  return escapeControls(`${head} ${primary.meaning} ${primary.next ?? ''}`.trimEnd() + ` (${primary.rfc})${warnings}`);
}
