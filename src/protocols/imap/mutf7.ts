/**
 * Modified UTF-7 for mailbox names (RFC 3501 §5.1.3).
 *
 * Printable US-ASCII (0x20-0x7E) stands for itself, except "&", which is written "&-".
 * Anything else is UTF-16 (big-endian), base64-encoded with "," in place of "/" and no "="
 * padding, between "&" and "-":  "Entwürfe" <-> "Entw&APw-rfe".
 *
 *   mutf7-name   = *( printable-but-amp / "&-" / "&" mbase64 "-" )
 *   mbase64      = 1*( ALPHA / DIGIT / "+" / "," )
 */
import { ParseError } from './parse-error.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';

function isDirect(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/** Encodes a Unicode mailbox name for the wire. */
export function encodeMailboxName(name: string): string {
  let out = '';
  let pending: number[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * 2);
    pending.forEach((unit, i) => bytes.writeUInt16BE(unit, i * 2));
    out += `&${encodeBase64(bytes)}-`;
    pending = [];
  };
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (isDirect(unit)) {
      flush();
      out += unit === 0x26 ? '&-' : name[i];
    } else {
      pending.push(unit);
    }
  }
  flush();
  return out;
}

function encodeBase64(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += B64[(value >> bits) & 0x3f];
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += B64[(value << (6 - bits)) & 0x3f];
  return out;
}

/**
 * Decodes a wire mailbox name to Unicode. Throws ParseError for text that is not valid
 * modified UTF-7 (unterminated "&", bad base64, an encoded printable character, raw 8-bit).
 */
export function decodeMailboxName(wire: string): string {
  let out = '';
  for (let i = 0; i < wire.length; i++) {
    const c = wire[i]!;
    const code = c.charCodeAt(0);
    if (!isDirect(code)) throw invalid(wire, 'characters outside printable ASCII must be encoded');
    if (c !== '&') {
      out += c;
      continue;
    }
    const close = wire.indexOf('-', i + 1);
    if (close < 0) throw invalid(wire, '"&" starts an encoded run that never ends with "-"');
    const run = wire.slice(i + 1, close);
    i = close;
    if (run.length === 0) {
      out += '&';
      continue;
    }
    out += decodeRun(run, wire);
  }
  return out;
}

/** decodeMailboxName, or null when the name is not valid modified UTF-7. */
export function tryDecodeMailboxName(wire: string): string | null {
  try {
    return decodeMailboxName(wire);
  } catch (err) {
    if (err instanceof ParseError) return null;
    throw err;
  }
}

function decodeRun(run: string, wire: string): string {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of run) {
    const digit = B64.indexOf(c);
    if (digit < 0) throw invalid(wire, `"${c}" cannot appear between "&" and "-"`);
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
      value &= (1 << bits) - 1;
    }
  }
  if (value !== 0 || bytes.length % 2 !== 0 || bits >= 6) {
    throw invalid(wire, 'an encoded run does not end on a whole UTF-16 character');
  }
  let text = '';
  for (let k = 0; k < bytes.length; k += 2) {
    const unit = (bytes[k]! << 8) | bytes[k + 1]!;
    if (isDirect(unit)) throw invalid(wire, 'printable ASCII must not be encoded');
    text += String.fromCharCode(unit);
  }
  if (BROKEN_SURROGATE.test(text)) throw invalid(wire, 'an encoded run holds a broken UTF-16 surrogate pair');
  return text;
}

const BROKEN_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function invalid(wire: string, why: string): ParseError {
  return new ParseError(`"${wire}" is not valid modified UTF-7 (RFC 3501 §5.1.3): ${why}`);
}
