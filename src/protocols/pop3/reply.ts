/**
 * POP3 replies as values (RFC 1939 §3, RFC 2449 §8 response codes), and the one serializer.
 *
 *   single-line  = status [SP text] CRLF             ; status = "+OK" / "-ERR"
 *   resp-code    = "[" resp-level *("/" resp-level) "]"   ; RFC 2449 §8, e.g. [IN-USE], [SYS/TEMP]
 *   multi-line   = single-line *dot-stuffed-line "." CRLF
 */
import { wireText } from '../wire-text.js';

export type Pop3Reply = {
  readonly ok: boolean;
  /** RFC 2449/3206 response code without brackets: `IN-USE`, `LOGIN-DELAY`, `SYS/TEMP`, `SYS/PERM`, `AUTH`. */
  readonly code?: string | undefined;
  readonly text: string;
  /** Multi-line body: lines of text, or a whole message (byte-stuffed when written). */
  readonly body?: readonly string[] | Buffer;
  /** Close the connection after writing (QUIT, too many errors, timeouts). */
  readonly close?: boolean;
};

export const ok = (text: string, body?: readonly string[] | Buffer): Pop3Reply => ({ ok: true, text, body });
export const err = (text: string, code?: string): Pop3Reply => ({ ok: false, code, text });

const CRLF = Buffer.from('\r\n');
const TERMINATOR = Buffer.from('.\r\n');

/**
 * Byte-stuffs a message (RFC 1939 §3): every line that starts with "." gets one more, and the
 * message ends with CRLF before the terminating ".".
 */
export function stuffMessage(message: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  if (message[0] === 0x2e) {
    parts.push(Buffer.from('.'));
  }
  let i = message.indexOf('\n.', 0);
  while (i >= 0) {
    parts.push(message.subarray(start, i + 1), Buffer.from('.'));
    start = i + 1;
    i = message.indexOf('\n.', start);
  }
  parts.push(message.subarray(start));
  if (message.length > 0 && !(message[message.length - 2] === 0x0d && message[message.length - 1] === 0x0a)) parts.push(CRLF);
  parts.push(TERMINATOR);
  return Buffer.concat(parts);
}

/** The status line of a reply, as it goes on the wire without CRLF. */
export function statusLine(r: Pop3Reply): string {
  const status = r.ok ? '+OK' : '-ERR';
  const code = r.code ? ` [${r.code}]` : '';
  return `${status}${code}${r.text ? ` ${wireText(r.text)}` : ''}`;
}

/** Serializes a reply, with its multi-line body when it has one. */
export function serializeReply(r: Pop3Reply): Buffer {
  const head = Buffer.from(statusLine(r) + '\r\n');
  if (r.body === undefined) return head;
  if (Buffer.isBuffer(r.body)) return Buffer.concat([head, stuffMessage(r.body)]);
  const lines = (r.body as readonly string[]).map((l) => (l.startsWith('.') ? `.${l}` : l));
  return Buffer.concat([head, Buffer.from(lines.map((l) => `${l}\r\n`).join('') + '.\r\n')]);
}

/** Parses a reply text given to `--fault`, e.g. `-ERR [IN-USE] Mailbox locked`. */
export function parseReplyText(text: string): Pop3Reply {
  const m = /^([+-]\S+)(?: \[([^\]]+)\])?(?: (.*))?$/.exec(text.trim());
  if (!m || (m[1] !== '+OK' && m[1] !== '-ERR')) return err(text.trim(), 'SYS/TEMP');
  return { ok: m[1] === '+OK', code: m[2], text: m[3] ?? '' };
}
