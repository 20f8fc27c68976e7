/**
 * Server bytes → text that can be shown and recorded. Text is kept as it came (renderers escape
 * it, security.md item 8); bytes that are not valid UTF-8 are kept one character per byte
 * (Latin-1), so a C1 byte 0x9b stays U+009B and is escaped as `\x9b` instead of vanishing into U+FFFD.
 */

const strict = new TextDecoder('utf-8', { fatal: true });

/** Length of a valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one. */
function utf8SequenceLength(buf: Buffer, i: number): number {
  const b = buf[i]!;
  const need = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (need === 0 || i + need > buf.length) return 0;
  try {
    strict.decode(buf.subarray(i, i + need));
    return need;
  } catch {
    return 0;
  }
}

/** Decodes a server line: UTF-8 where valid, one character per byte elsewhere. */
export function decodeServerText(buf: Buffer): string {
  try {
    return strict.decode(buf);
  } catch {
    let out = '';
    let i = 0;
    while (i < buf.length) {
      const b = buf[i]!;
      if (b < 0x80) {
        out += String.fromCharCode(b);
        i++;
        continue;
      }
      const n = utf8SequenceLength(buf, i);
      if (n > 0) {
        out += buf.toString('utf8', i, i + n);
        i += n;
      } else {
        out += String.fromCharCode(b);
        i++;
      }
    }
    return out;
  }
}

/**
 * Text made safe for a terminal: C0 controls (except TAB), DEL and C1 controls become `\xNN`;
 * printable UTF-8 stays. ESC, BEL and OSC sequences can then never reach the terminal.
 */
export function escapeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A line end made visible for the `:raw` view: `\r\n`, a bare `\n`, or nothing. */
export function visibleLineEnd(eol: string): string {
  return eol.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}
