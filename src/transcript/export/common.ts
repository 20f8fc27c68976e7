/**
 * What every export starts from: the transcript (header, recorded events) and its playback steps
 * (src/transcript/playback.ts: the recorded lines with the explanations the live client gives).
 * Exports are pure functions from that to a string.
 */
import type { ClientEvent } from '../../client/events.js';
import { tlsLines } from '../../client/line-format.js';
import { escapeForTerminal } from '../../client/server-text.js';
import type { PlaybackStep } from '../playback.js';
import type { Transcript } from '../reader.js';

export type ExportInput = {
  readonly transcript: Transcript;
  readonly steps: readonly PlaybackStep[];
};

export const EXPORT_FORMATS = ['markdown', 'rfc', 'asciicast', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * One line of the conversation with the explanations that belong to it. Text is escaped for a
 * terminal already (control characters as `\xNN`, security.md item 8): every export shows it so,
 * whatever else it escapes for its own format.
 */
export type ConversationRow = {
  readonly kind: 'send' | 'recv' | 'tls' | 'info' | 'warning';
  /** `S: ...` / `C: ...` for lines; the summary for TLS; the text for info and warnings. */
  readonly text: string;
  /** The line was recorded with its credentials replaced by `<redacted>`. */
  readonly redacted?: boolean;
  /** Explanations of this line, in order. */
  readonly notes: readonly string[];
};

/** A step's events as rows: annotations go under the line they explain. */
export function conversationRows(events: readonly ClientEvent[]): ConversationRow[] {
  const rows: Array<{ kind: ConversationRow['kind']; text: string; redacted?: boolean; notes: string[] }> = [];
  for (const e of events) {
    switch (e.type) {
      case 'send':
        rows.push({ kind: 'send', text: `C: ${escapeForTerminal(e.text)}`, ...(e.redacted ? { redacted: true } : {}), notes: [] });
        break;
      case 'recv':
        rows.push({ kind: 'recv', text: `S: ${escapeForTerminal(e.text)}`, notes: [] });
        break;
      case 'annotation': {
        const text = escapeForTerminal(e.text.replace(/\n/g, ' '));
        const last = rows.at(-1);
        if (last) last.notes.push(text);
        else rows.push({ kind: 'info', text, notes: [] });
        break;
      }
      case 'tls':
        rows.push({ kind: 'tls', text: tlsLines(e).map((l) => l.slice(3)).join('\n'), notes: [] });
        break;
      case 'info':
        rows.push({ kind: 'info', text: escapeForTerminal(e.text), notes: [] });
        break;
      case 'warning':
        rows.push({ kind: 'warning', text: `warning: ${escapeForTerminal(e.text)}`, notes: [] });
        break;
      case 'close':
        // How the recorded session ended shows in its last reply (221, +OK, * BYE); nothing to add.
        break;
    }
  }
  return rows;
}

/** `2026-11-22T02:59:15.485Z` → `2026-11-22 02:59 UTC` (as recorded when it is no ISO time). */
export function recordedDate(started: string): string {
  const ms = Date.parse(started);
  if (Number.isNaN(ms)) return started;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The protocol's name as people write it. */
export function protocolName(protocol: Transcript['header']['protocol']): string {
  return protocol === 'pop3' ? 'POP3' : protocol.toUpperCase();
}

