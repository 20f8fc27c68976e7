/**
 * `mime build --explain`: the message with a note beside each header field,
 * the blank lines that end header blocks, and each boundary line. Bodies are
 * shortened to their first lines.
 */

import { findParam } from '../content-params.js';
import { boundaryOf, parseMimeTree, walkParts } from '../parse-tree.js';
import { partLabel } from './part-report.js';

/** Lines of a body shown before the rest is summed up. */
export const EXPLAIN_BODY_LINES = 3;
const LEFT = 58;

const FIELD_NOTES: Record<string, string> = {
  from: 'the author (RFC 5322 §3.6.2)',
  to: 'recipients as readers see them; delivery follows the envelope, RCPT TO (RFC 5322 §3.6.3)',
  cc: 'copies, visible to every recipient (RFC 5322 §3.6.3)',
  subject: 'the topic (RFC 5322 §3.6.5)',
  date: 'when it was written; required (RFC 5322 §3.6.1)',
  'message-id': 'a unique id: random left part, the sender\'s domain (RFC 5322 §3.6.4)',
  'mime-version': 'this is a MIME message (RFC 2045 §4)',
  'content-id': 'an id that an html part refers to as cid:... (RFC 2045 §7, RFC 2392)',
  'content-disposition': 'show as a file (attachment) or in the text (inline), and its name (RFC 2183, RFC 2231)',
};

const TYPE_NOTES: Record<string, string> = {
  'multipart/mixed': 'parts one after another: the text, then attachments (RFC 2046 §5.1.3)',
  'multipart/alternative': 'the same content in several forms, plainest first; readers show the last they can (RFC 2046 §5.1.4)',
  'multipart/related': 'an html part and the images it shows (RFC 2387)',
  'text/plain': 'plain text; charset says how its octets map to characters (RFC 2046 §4.1.2)',
  'text/html': 'HTML text (RFC 2854)',
};

const ENCODING_NOTES: Record<string, string> = {
  '7bit': 'short lines of US-ASCII, sent as they are (RFC 2045 §2.7)',
  '8bit': 'octets above 127, lines at most 998: the server must offer 8BITMIME (RFC 2045 §2.8, RFC 6152)',
  'quoted-printable': 'mostly ASCII: other octets become =XX, "=" at a line end joins lines (RFC 2045 §6.7)',
  base64: 'every 3 octets become 4 characters, lines of 76 (RFC 2045 §6.8)',
};

function fieldNote(name: string, value: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'content-type') {
    const type = value.split(';')[0]!.trim().toLowerCase();
    const boundary = /boundary="?([^";]+)/i.exec(value)?.[1];
    const base = TYPE_NOTES[type] ?? `the type of the content, here from the file name (RFC 2046, RFC 6838)`;
    return boundary ? `${base}; parts are separated by lines "--${boundary}"` : base;
  }
  if (lower === 'content-transfer-encoding') return ENCODING_NOTES[value.trim().toLowerCase()];
  if (lower === 'subject' && value.includes('=?')) return 'non-ASCII text as RFC 2047 encoded-words: =?charset?Q|B?...?=';
  if ((lower === 'from' || lower === 'to' || lower === 'cc') && value.includes('=?')) {
    return `${FIELD_NOTES[lower]}; the display name is an RFC 2047 encoded-word`;
  }
  return FIELD_NOTES[lower];
}

/** The message with notes, lines ending in LF (for reading, not for sending). */
export function explainMessage(raw: Buffer): string {
  const root = parseMimeTree(raw);
  const notes = new Map<number, string>();
  // a body line is shown as text in its part's charset (8bit UTF-8 is not to be read as Latin-1)
  const bodies: { start: number; end: number; label: string; encoding: 'utf8' | 'latin1' }[] = [];
  for (const part of walkParts(root)) {
    const label = partLabel(part) || 'message';
    for (const f of part.fields) {
      const note = fieldNote(f.name, f.value);
      if (note) notes.set(f.offset, note);
    }
    const blank = part.headerOffset + part.headerLength - (raw[part.bodyOffset - 2] === 0x0d ? 2 : 1);
    if (part.headerLength > 0 && part.kind !== 'message') notes.set(blank, `blank line: the header of ${label === 'message' ? 'the message' : `part ${label}`} ends, its body begins (RFC 5322 §2.1)`);
    if (part.kind === 'leaf') {
      const charset = findParam(part.content.contentType?.params ?? [], 'charset')?.toLowerCase();
      bodies.push({ start: part.bodyOffset, end: part.bodyOffset + part.bodyLength, label, encoding: charset === 'utf-8' || charset === 'utf8' ? 'utf8' : 'latin1' });
    }
    const boundary = boundaryOf(part);
    if (part.kind !== 'multipart' || boundary === undefined) continue;
    const open = `--${boundary}`;
    let n = 0;
    for (let i = raw.indexOf(open, part.bodyOffset, 'latin1'); i >= 0 && i < part.bodyOffset + part.bodyLength + open.length + 4; i = raw.indexOf(open, i + 1, 'latin1')) {
      if (i > 0 && raw[i - 1] !== 0x0a) continue;
      const close = raw.toString('latin1', i + open.length, i + open.length + 2) === '--';
      notes.set(i, close ? `closing boundary: ${label === 'message' ? 'the message\'s' : `part ${label}'s`} parts end (RFC 2046 §5.1.1)` : `boundary: part ${label === 'message' ? '' : `${label}.`}${++n} begins (RFC 2046 §5.1.1)`);
    }
  }
  const out: string[] = [];
  let body: (typeof bodies)[number] | undefined;
  let bodyLines = 0;
  for (let start = 0; start < raw.length; ) {
    const lf = raw.indexOf(0x0a, start);
    const end = lf < 0 ? raw.length : lf + 1;
    const inBody = bodies.find((b) => start >= b.start && start < b.end);
    const text = raw.toString(inBody?.encoding ?? 'latin1', start, end).replace(/\r?\n$/, '');
    if (inBody !== body) {
      body = inBody;
      bodyLines = 0;
    }
    if (body !== undefined && ++bodyLines > EXPLAIN_BODY_LINES) {
      if (bodyLines === EXPLAIN_BODY_LINES + 1) {
        const rest = raw.subarray(start, body.end).toString('latin1').split('\n').length - (raw[body.end - 1] === 0x0a ? 1 : 0);
        out.push(`  … ${rest} more line(s) of part ${body.label}`);
      }
    } else {
      const shown = text.length > LEFT ? `${text.slice(0, LEFT - 1)}…` : text;
      const note = notes.get(start);
      out.push(note ? `${shown.padEnd(LEFT)}  │ ${note}` : shown);
    }
    start = end;
  }
  return `${out.join('\n')}\n`;
}
