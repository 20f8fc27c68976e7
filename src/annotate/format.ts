/**
 * Plain-text rendering of explanations for people: one block per part (label, meaning, "Next:",
 * citation). No colours; renderers that want them use the part kinds.
 */
import { escapeControls } from './escape.js';
import type { Explanation, ExplanationPart } from './types.js';

const WIDTH = 78;
const INDENT = '  ';

const PROTOCOL_NAMES: Readonly<Record<Explanation['protocol'], string>> = { smtp: 'SMTP' };

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
  const what = e.code !== undefined ? 'reply' : 'enhanced status code';
  return `${name} ${what}: ${escapeControls(e.input)}`;
}

/** The explanation as text for a terminal: a heading, then one block per part. No trailing newline. */
export function formatExplanation(e: Explanation): string {
  return [heading(e), ...e.parts.map(formatPart)].join('\n\n');
}

/**
 * One line for line mode's `#` annotations: the most specific part (the enhanced code when there
 * is one, else the reply code), plus the labels of any warnings.
 */
export function formatExplanationLine(e: Explanation): string {
  const primary = e.parts.find((p) => p.kind === 'enhanced-code') ?? e.parts[0];
  const head = [e.code, e.enhanced].filter((v) => v !== undefined).join(' ');
  if (!primary) return head;
  const warnings = e.parts.filter((p) => p.kind === 'warning').map((p) => ` [${p.label}]`).join('');
  return escapeControls(`${head} ${primary.meaning} ${primary.next ?? ''}`.trimEnd() + ` (${primary.rfc})${warnings}`);
}
