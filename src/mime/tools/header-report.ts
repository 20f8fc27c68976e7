/**
 * Header fields raw and decoded, with each RFC 2047 encoded-word explained,
 * and notes where the header and the SMTP envelope are easily confused
 * (RFC 5321 §3.3 and §4.4, RFC 5322 §3.6).
 */

import type { HeaderField } from '../headers.js';
import { bytesToText, decodeEncodedWords, findEncodedWords, type EncodedWord } from './encodings/encoded-words.js';
import { MAX_HEADER_BYTES, MAX_SHOWN_FIELDS, MAX_SHOWN_VALUE } from './limits.js';

export type Note = { readonly text: string; readonly rfc: string };

export type HeaderReport = {
  readonly name: string;
  /** The value as written, folding kept (line ends shown as \n). */
  readonly raw: string;
  /** The value unfolded, encoded-words decoded (present when it differs from the unfolded raw value). */
  readonly decoded?: string;
  readonly words?: readonly EncodedWord[];
  readonly note?: Note;
  /** Only the first MAX_SHOWN_VALUE characters are shown. */
  readonly truncated?: boolean;
};

/** Fields whose meaning is about the envelope, not the header. */
export const ENVELOPE_NOTES: Readonly<Record<string, Note>> = {
  bcc: {
    text: 'blind copies: these recipients were given to the server as RCPT TO like everyone else; senders usually drop this field before sending, so other recipients do not see it',
    rfc: 'RFC 5322 §3.6.3',
  },
  'return-path': {
    text: 'added at final delivery from the envelope sender (MAIL FROM); bounces go here, not to From',
    rfc: 'RFC 5321 §4.4',
  },
  'delivered-to': {
    text: 'the envelope recipient (RCPT TO) this copy was delivered to, added by the delivering server',
    rfc: 'RFC 9228',
  },
  'x-original-to': { text: 'the envelope recipient before alias expansion (Postfix; not standard)', rfc: 'RFC 5321 §3.3' },
  'envelope-to': { text: 'the envelope recipients (Exim; not standard)', rfc: 'RFC 5321 §3.3' },
  sender: { text: 'who actually sent the message, when not the author in From (a secretary, a list)', rfc: 'RFC 5322 §3.6.2' },
  received: { text: 'one hop: added at the top by each server that took the message (see the Received chain)', rfc: 'RFC 5321 §4.4' },
  'resent-from': { text: 'the message was re-sent (forwarded as is); Resent-* fields describe that resending', rfc: 'RFC 5322 §3.6.6' },
};

/** Header fields of one part as reports, within the size limits. */
export function headerReports(fields: readonly HeaderField[]): { headers: HeaderReport[]; omitted: number; overSize: boolean } {
  const headers: HeaderReport[] = [];
  let bytes = 0;
  let overSize = false;
  for (const f of fields) {
    bytes += f.length;
    if (bytes > MAX_HEADER_BYTES) {
      overSize = true;
      break;
    }
    if (headers.length >= MAX_SHOWN_FIELDS) break;
    headers.push(headerReport(f));
  }
  return { headers, omitted: fields.length - headers.length, overSize };
}

export function headerReport(f: HeaderField): HeaderReport {
  const truncated = f.value.length > MAX_SHOWN_VALUE;
  const value = truncated ? f.value.slice(0, MAX_SHOWN_VALUE) : f.value;
  const rawText = bytesToText(truncated ? f.rawValue.slice(0, MAX_SHOWN_VALUE) : f.rawValue).replace(/^[ \t]+/, '');
  const words = findEncodedWords(value);
  const decoded = decodeEncodedWords(value);
  const note = ENVELOPE_NOTES[f.name.toLowerCase()];
  return {
    name: f.name,
    raw: rawText.replace(/\r\n/g, '\n'),
    ...(decoded !== bytesToText(value) ? { decoded } : {}),
    ...(words.length > 0 ? { words } : {}),
    ...(note ? { note } : {}),
    ...(truncated ? { truncated } : {}),
  };
}

const ADDRESS = /[^\s<>,;:"()@]+@[^\s<>,;:"()@]+/g;

/**
 * A note when this copy went to an envelope recipient (Delivered-To,
 * X-Original-To, Envelope-To) who is not in To or Cc: the envelope decides
 * delivery, not the header (RFC 5321 §3.3).
 */
export function envelopeMismatch(fields: readonly HeaderField[]): Note | undefined {
  const values = (names: string[]) => fields.filter((f) => names.includes(f.name.toLowerCase())).map((f) => f.value).join(' ');
  const visible = new Set((values(['to', 'cc']).match(ADDRESS) ?? []).map((a) => a.toLowerCase()));
  const delivered = values(['delivered-to', 'x-original-to', 'envelope-to']).match(ADDRESS) ?? [];
  const hidden = delivered.find((a) => !visible.has(a.toLowerCase()));
  if (hidden === undefined) return undefined;
  return {
    text: `this copy was delivered to ${hidden}, who is not in To or Cc: a Bcc, a mailing list or an alias put it in the envelope (RCPT TO), which is what delivery follows`,
    rfc: 'RFC 5321 §3.3',
  };
}
