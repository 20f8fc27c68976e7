/**
 * IMAP string forms for FETCH data (RFC 3501 §4.3, §9), chosen as Dovecot
 * chooses them (imap-quote.c), so that our wire text is byte-identical:
 *
 *   string         = quoted / literal
 *   quoted         = DQUOTE *QUOTED-CHAR DQUOTE
 *   QUOTED-CHAR    = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials
 *   literal        = "{" number "}" CRLF *CHAR8
 *   nstring        = string / nil
 *
 * Inputs and outputs are byte strings (one char per octet).
 */

/** More escapes than this and a literal is shorter: Dovecot's QUOTED_MAX_ESCAPE_CHARS. */
const QUOTED_MAX_ESCAPE_CHARS = 4;

function literal(src: string): string {
  return `{${src.length}}\r\n${src}`;
}

function quoted(src: string): string {
  let out = '"';
  for (const ch of src) {
    if (ch === '\r' || ch === '\n' || ch.charCodeAt(0) >= 0x80) continue;
    if (ch === '"' || ch === '\\') out += '\\';
    out += ch;
  }
  return out + '"';
}

/** An nstring: NIL, a quoted string, or a literal when the text needs one (CR, LF, 8-bit, many escapes). */
export function imapNString(src: string | null): string {
  if (src === null) return 'NIL';
  let escapes = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) {
      if (escapes++ >= QUOTED_MAX_ESCAPE_CHARS) return literal(src);
    } else if (c === 0x0d || c === 0x0a || c >= 0x80) return literal(src);
  }
  return quoted(src);
}

/** A string (never NIL). */
export function imapString(src: string): string {
  return imapNString(src);
}

/** An nstring with every CR and LF removed first (Dovecot: imap_append_nstring_nolf). */
export function imapNStringNoLf(src: string | null): string {
  return imapNString(src === null ? null : src.replace(/[\r\n]/g, ''));
}

/**
 * A string meant for people (subject, display names): runs of blanks become
 * one space, leading and trailing blanks and CR/LF go, NUL becomes 0x80. When
 * anything had to change, or the text has `"`, `\` or 8-bit bytes, it is sent
 * as a literal (Dovecot: imap_append_string_for_humans).
 */
export function imapStringForHumans(src: string): string {
  let modify = false;
  let removeCount = 0;
  let whitespacePrefix = true;
  let lastLwsp = true;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    switch (c) {
      case 0:
        lastLwsp = false;
        modify = true;
        break;
      case 0x09:
      case 0x20:
        if (c === 0x09) modify = true;
        if (lastLwsp) {
          modify = true;
          removeCount++;
        }
        lastLwsp = true;
        break;
      case 0x0d:
      case 0x0a:
        removeCount++;
        modify = true;
        break;
      case 0x22:
      case 0x5c:
        modify = true;
        lastLwsp = false;
        break;
      default:
        if (c >= 0x80) modify = true;
        lastLwsp = false;
    }
    if (!lastLwsp) whitespacePrefix = false;
  }
  if (lastLwsp && src.length > 0 && !whitespacePrefix) {
    modify = true;
    removeCount++;
  }
  if (!modify) return `"${src}"`;
  if (src.length === removeCount) return '""';

  let out = '';
  lastLwsp = true;
  whitespacePrefix = true;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    switch (c) {
      case 0:
        out += '\x80';
        lastLwsp = false;
        break;
      case 0x09:
      case 0x20:
        if (!lastLwsp) out += ' ';
        lastLwsp = true;
        break;
      case 0x0d:
      case 0x0a:
        break;
      default:
        lastLwsp = false;
        out += src[i];
    }
    if (!lastLwsp) whitespacePrefix = false;
  }
  if (lastLwsp && src.length > 0 && !whitespacePrefix) out = out.slice(0, -1);
  return literal(out);
}

/** A wire text (byte string) as the bytes to send. */
export function toWireBuffer(wire: string): Buffer {
  return Buffer.from(wire, 'latin1');
}
