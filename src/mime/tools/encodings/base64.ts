/**
 * Base64 as MIME uses it (RFC 2045 §6.8): 3 octets become 4 characters of a
 * 64-character alphabet, "=" pads the last group, and lines are at most 76
 * characters. Encoding is Node's, wrapped with libbase64; decoding reports
 * what RFC 2045 calls invalid instead of silently dropping it.
 *
 *   base64 alphabet = "A"-"Z" / "a"-"z" / "0"-"9" / "+" / "/"   ; pad "="
 */

import libbase64 from 'libbase64';

/** RFC 2045 §6.8: "The encoded output stream must be represented in lines of no more than 76 characters each." */
export const BASE64_LINE_LENGTH = 76;

/** Base64 of `data` in lines of 76 characters, each ending in `eol` (CRLF, as in a MIME body). */
export function encodeBase64(data: Uint8Array, eol = '\r\n'): string {
  if (data.length === 0) return '';
  const wrapped: string = libbase64.wrap(Buffer.from(data).toString('base64'), BASE64_LINE_LENGTH);
  return wrapped.replace(/\r?\n/g, eol) + eol;
}

/** What is wrong with a base64 body, if anything. */
export type Base64Problem = {
  readonly kind: 'bad-character' | 'bad-padding' | 'bad-length';
  /** Byte offset into the encoded text. */
  readonly offset: number;
  readonly detail: string;
};

const ALPHABET = /[A-Za-z0-9+/]/;

/**
 * Checks base64 text: only alphabet characters and line breaks (RFC 2045 §6.8
 * says others "are to be ignored", and that their presence suggests a broken
 * message), padding only at the end, and whole 4-character groups.
 */
export function checkBase64(text: string): Base64Problem | null {
  let count = 0;
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\r' || c === '\n' || c === ' ' || c === '\t') continue;
    if (c === '=') {
      pad++;
      if (pad > 2 || (count + pad) % 4 === 1) {
        return { kind: 'bad-padding', offset: i, detail: 'a "=" where no padding can be' };
      }
      continue;
    }
    if (!ALPHABET.test(c)) {
      const code = c.charCodeAt(0);
      const shown = code >= 0x21 && code < 0x7f ? `"${c}"` : `0x${code.toString(16).padStart(2, '0')}`;
      return { kind: 'bad-character', offset: i, detail: `${shown} is not in the base64 alphabet` };
    }
    if (pad > 0) return { kind: 'bad-padding', offset: i, detail: 'data after the "=" padding' };
    count++;
  }
  if ((count + pad) % 4 !== 0) {
    return { kind: 'bad-length', offset: text.length, detail: `${count + pad} characters is not a whole number of 4-character groups` };
  }
  return null;
}

/** Decodes base64, ignoring characters outside the alphabet (RFC 2045 §6.8). */
export function decodeBase64(text: string | Uint8Array): Buffer {
  const s = typeof text === 'string' ? text : Buffer.from(text).toString('latin1');
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
  return Buffer.from(clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0)), 'base64');
}
