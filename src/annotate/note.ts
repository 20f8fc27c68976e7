/**
 * One annotation line as the client shows it after `#  `: plain text, then the RFC citation in
 * parentheses. Server text inside it is escaped (security.md item 8) and shortened.
 */
import { escapeControls, quoteInput } from './escape.js';

/** `text (rfc)`, control characters escaped, the citation tidied by `cite`. */
export function note(text: string, rfc: string): string {
  return escapeControls(`${text.trim()} (${cite(rfc)})`);
}

/** The text with its first letter in upper case. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Server text quoted for an annotation: escaped, at most `max` characters. */
export function quoted(text: string, max = 60): string {
  return `"${quoteInput(text, max)}"`;
}

/** `1 message`, `3 messages`. */
export function count(n: number | string, noun: string, plural = `${noun}s`): string {
  return `${n} ${Number(n) === 1 ? noun : plural}`;
}

/**
 * Joins citations, one entry per document with its sections merged and repeats dropped:
 * cite('RFC 3501 §6.3.1', 'RFC 3501 §7.1.1; RFC 9051 §7.1') is `RFC 3501 §6.3.1, §7.1.1; RFC 9051 §7.1`.
 */
export function cite(...rfcs: ReadonlyArray<string | undefined>): string {
  const docs = new Map<string, string[]>();
  for (const piece of rfcs.flatMap((r) => (r ?? '').split(';')).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(RFC \d+)(?: (.+))?$/.exec(piece);
    const doc = m?.[1] ?? piece;
    const sections = docs.get(doc) ?? [];
    for (const section of (m?.[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!sections.includes(section)) sections.push(section);
    }
    docs.set(doc, sections);
  }
  return [...docs].map(([doc, sections]) => (sections.length > 0 ? `${doc} ${sections.join(', ')}` : doc)).join('; ');
}

/** An indented line that continues the annotation before it (the BODYSTRUCTURE tree); no citation. */
export function continuation(text: string, depth: number): string {
  return escapeControls(`${'  '.repeat(depth)}${text}`);
}
