/**
 * Line mode's output (design.md "Line mode"): `S: ` server line, `C: ` client line, `#  `
 * annotation (and the TLS summary, warnings and meta-command output). Every piece of text is
 * escaped for the terminal (security.md item 8).
 */
import type { ClientEvent, InstructorMark, TlsSummary } from './events.js';
import { escapeForTerminal, visibleLineEnd } from './server-text.js';

export type LineView = {
  /** `:raw`: show each line's line end. */
  readonly raw: boolean;
};

const NOTE = '#  ';

function notes(text: string): string[] {
  return text.split('\n').map((l) => `${NOTE}${escapeForTerminal(l)}`);
}

/** The TLS summary as `#` lines. */
export function tlsLines(s: TlsSummary): string[] {
  return [
    `TLS ${s.version}, cipher ${s.cipher}`,
    `certificate subject: ${s.subject}`,
    `issued by: ${s.issuer}`,
    `valid from ${s.validFrom} to ${s.validTo}`,
    `SHA-256 fingerprint: ${s.fingerprint256}`,
    s.authorized ? 'certificate verified' : `certificate NOT verified: ${s.verifyError ?? 'unknown reason'}`,
  ].flatMap(notes);
}

/**
 * How an instructor's note or marker reads among `#` lines: `note: TEXT`, `== LABEL ==` (a chapter
 * heading, easy to spot and to search for).
 */
export function instructorText(kind: InstructorMark, text: string): string {
  return kind === 'marker' ? `== ${text} ==` : `note: ${text}`;
}

/** The output lines for one event (none for `close`: its message goes to stderr). */
export function formatEvent(e: ClientEvent, view: LineView): string[] {
  switch (e.type) {
    case 'recv':
      return [`S: ${escapeForTerminal(e.text)}${view.raw ? visibleLineEnd(e.eol ?? '\r\n') : ''}`];
    case 'send':
      return [`C: ${escapeForTerminal(e.text)}${view.raw ? visibleLineEnd(e.eol ?? '\r\n') : ''}`];
    case 'annotation':
      return notes(e.text);
    case 'info':
      return notes(e.instructor ? instructorText(e.instructor, e.text) : e.text);
    case 'warning':
      return notes(`warning: ${e.text}`);
    case 'tls':
      return tlsLines(e);
    case 'close':
      return [];
  }
}
