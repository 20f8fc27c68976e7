/**
 * Messages a lesson puts into the sandbox (seed and `deliver` actions): written by mailproto from a
 * few fields, or given whole as `raw`. Line ends become CRLF (RFC 5322 §2.1), as the store keeps them.
 */
import { encodeHeaderText } from '../mime/tools/encodings/encoded-words.js';
import type { MessageSpec } from './schema.js';

/** Bare LF (and bare CR) to CRLF; the text ends with a line end. */
export function toCrlf(text: string): string {
  const crlf = text.replace(/\r\n|\r|\n/g, '\r\n');
  return crlf.endsWith('\r\n') ? crlf : `${crlf}\r\n`;
}

/** RFC 5322 §3.3 date-time in UTC, e.g. `Mon, 02 Mar 2026 09:15:00 +0000`. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

let sequence = 0;

/** The bytes of the message `spec` describes, for a sandbox with `domain`. */
export function messageBytes(spec: MessageSpec, domain: string, now: Date = new Date()): Buffer {
  if (spec.raw !== undefined) return Buffer.from(toCrlf(spec.raw), 'utf8');
  const extra = spec.headers ?? {};
  const has = (name: string): boolean => Object.keys(extra).some((k) => k.toLowerCase() === name.toLowerCase());
  const lines = [
    `From: ${spec.from ?? `mailproto sandbox <postmaster@${domain}>`}`,
    `To: ${spec.to ?? `${spec.user}@${domain}`}`,
    ...(spec.cc !== undefined ? [`Cc: ${spec.cc}`] : []),
    ...(spec.subject !== undefined ? [`Subject: ${encodeHeaderText(spec.subject)}`] : []),
    `Date: ${spec.date ?? rfc5322Date(now)}`,
    ...(has('Message-ID') ? [] : [`Message-ID: <lesson.${Date.now().toString(36)}.${++sequence}@${domain}>`]),
    ...(has('MIME-Version') ? [] : ['MIME-Version: 1.0']),
    ...(has('Content-Type') ? [] : ['Content-Type: text/plain; charset=utf-8']),
    ...Object.entries(extra).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.from(toCrlf(`${lines.join('\n')}\n\n${spec.body ?? ''}`), 'utf8');
}
