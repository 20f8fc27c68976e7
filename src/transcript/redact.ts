/**
 * `mailproto transcript redact`: the secrets of a recording made with `--show-secrets` replaced by
 * `<redacted>`, exactly as the live client would have recorded them.
 *
 * The live client marks a line secret where it makes it (its protocol sessions) and redacts it in
 * one place (src/client/redact.ts). A transcript has no sessions, but it has the whole conversation
 * in order, which is what the passive trackers of `mailproto wrap` (src/client/wrap/*-tracker.ts)
 * read: they classify typed lines with the same helpers as the sessions (`typedCommand`,
 * `saslResponse`, `secret(line, wordsPrefix(...))`) and follow the server's replies to know when a
 * line answers a 334 / `+` challenge or is message content. So the secrets are found by replaying
 * the transcript through a tracker, and cut by `redactLine`: no second copy of the rules.
 *
 * Works on the text line by line, so that every line it does not redact stays byte for byte.
 */
import { redactLine } from '../client/redact.js';
import { ImapTracker } from '../client/wrap/imap-tracker.js';
import { Pop3Tracker } from '../client/wrap/pop3-tracker.js';
import { SmtpTracker } from '../client/wrap/smtp-tracker.js';
import type { TrackerSettings, WireTracker } from '../client/wrap/tracker.js';
import type { TranscriptHeader } from './format.js';

export type RedactResult = {
  /** The transcript with its secrets redacted (the input's line ends kept). */
  readonly text: string;
  /** How many lines were redacted now (lines redacted when recorded are not counted). */
  readonly redacted: number;
  /** 1-based line numbers of the lines redacted now. */
  readonly lines: readonly number[];
};

/** A tracker for the transcript's protocol. Security and greeting facts only matter to the annotator. */
function trackerFor(protocol: TranscriptHeader['protocol']): WireTracker {
  const settings: TrackerSettings = { secure: false, loopback: false, greeted: false };
  if (protocol === 'smtp') return new SmtpTracker(settings);
  if (protocol === 'pop3') return new Pop3Tracker(settings);
  return new ImapTracker(settings);
}

type Parsed = { readonly type?: unknown; readonly text?: unknown; readonly redacted?: unknown; readonly protocol?: unknown };

/**
 * Redacts the credentials in a transcript's text. The text should have been checked by the reader
 * first (parseTranscript); lines that are not JSON objects here are left alone.
 */
export function redactTranscriptText(text: string): RedactResult {
  const rows = text.split(/(?<=\n)/);
  let tracker: WireTracker | undefined;
  const lines: number[] = [];
  const out = rows.map((row, i) => {
    const body = row.replace(/\r?\n$/, '');
    if (body.trim() === '') return row;
    let value: Parsed;
    try {
      value = JSON.parse(body) as Parsed;
    } catch {
      return row;
    }
    if (typeof value !== 'object' || value === null) return row;
    if (value.type === 'header') {
      tracker = trackerFor(value.protocol === 'pop3' || value.protocol === 'imap' ? value.protocol : 'smtp');
      return row;
    }
    if (!tracker || typeof value.text !== 'string') return row;
    if (value.type === 'recv') {
      tracker.heard(value.text);
      return row;
    }
    if (value.type !== 'send') return row;
    const typed = tracker.typed(value.text);
    if (value.redacted === true) return row;
    const shown = redactLine(typed.out, false);
    if (!shown.redacted) return row;
    lines.push(i + 1);
    // Same key order as the recorder writes: type, t, text, redacted.
    const redacted = { ...value, text: shown.text, redacted: true };
    return `${JSON.stringify(redacted)}${row.slice(body.length)}`;
  });
  return { text: out.join(''), redacted: lines.length, lines };
}
