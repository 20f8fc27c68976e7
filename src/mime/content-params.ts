/**
 * MIME parameters: `; name=value` lists of Content-Type and Content-Disposition
 * (RFC 2045 §5.1, RFC 2183 §2) with RFC 2231 continuations merged.
 *
 * As in Dovecot (rfc2231-parser.c), values stay encoded: `name*0*=utf-8''a%20;
 * name*1=b` becomes `name*` = `utf-8''a%20b` (the `%` of a non-extended
 * segment is escaped as `%25`). This is what IMAP BODYSTRUCTURE carries, and
 * what a client decodes. `decodeRfc2231Value()` decodes one for display.
 *
 *   parameter        := attribute "=" value
 *   extended-param   := (ext-octet-attr "=" ext-value) / (attribute "*" section ["*"] "=" value)
 *   ext-value        := [charset] "'" [language] "'" *(ext-octet / attribute-char)
 */

import { Rfc822Lexer } from './rfc822-tokens.js';

export type MimeParam = { readonly name: string; readonly value: string };

type Segment = { key: string; value: string; index: number; extended: boolean };

/** Reads every `; name=value` from the lexer, merging RFC 2231 segments. */
export function parseMimeParams(lexer: Rfc822Lexer): MimeParam[] {
  const plain: MimeParam[] = [];
  const segments: Segment[] = [];
  // Dovecot keeps the index of the previous segment for a bare `name*`.
  let index = 0;
  for (;;) {
    const { ret, key, value } = lexer.parseContentParam();
    if (ret === 0) break;
    if (ret < 0) {
      // try to continue after the broken byte
      if (lexer.atEnd) break;
      lexer.pos++;
      continue;
    }
    const star = key.indexOf('*');
    if (star < 0) {
      plain.push({ name: key, value });
      continue;
    }
    let p = star;
    if (p + 1 < key.length) {
      p++;
      index = 0;
      while (p < key.length && key[p]! >= '0' && key[p]! <= '9') {
        index = (index * 10 + (key.charCodeAt(p) - 48)) >>> 0;
        p++;
      }
    }
    let extended = false;
    if (key[p] === '*') {
      extended = true;
      p++;
    }
    if (p < key.length) plain.push({ name: key, value });
    else segments.push({ key: key.slice(0, star), value, index, extended });
  }
  if (segments.length === 0) return plain;

  // Sorted by name (byte order) then index; a name with a missing index is
  // passed through segment by segment.
  segments.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  const merged = [...plain];
  for (let i = 0; i < segments.length; ) {
    const first = segments[i]!;
    let ok = true;
    let haveExtended = false;
    let j = i;
    for (let next = 0; j < segments.length; j++, next++) {
      const seg = segments[j]!;
      if (seg.key.toLowerCase() !== first.key.toLowerCase()) break;
      if (seg.index !== next) ok = false;
      if (seg.extended) haveExtended = true;
    }
    const group = segments.slice(i, j);
    i = j;
    if (!ok) {
      for (const seg of group) {
        merged.push({ name: `${seg.key}*${seg.index}${seg.extended ? '*' : ''}`, value: seg.value });
      }
      continue;
    }
    let value = !first.extended && haveExtended ? "''" : '';
    for (const seg of group) {
      value += !seg.extended && haveExtended ? seg.value.replaceAll('%', '%25') : seg.value;
    }
    merged.push({ name: haveExtended ? `${first.key}*` : first.key, value });
  }
  return merged;
}

/**
 * Decodes an RFC 2231 ext-value (`charset'lang'%xx...`) into text. Values that
 * are not of that form are returned unchanged. Unknown charsets decode as latin1.
 */
export function decodeRfc2231Value(value: string): string {
  const m = /^([^']*)'[^']*'(.*)$/s.exec(value);
  if (!m) return value;
  const bytes: number[] = [];
  const text = m[2] ?? '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  const charset = (m[1] ?? '').trim().toLowerCase() || 'us-ascii';
  try {
    return new TextDecoder(charset).decode(Uint8Array.from(bytes));
  } catch {
    return String.fromCharCode(...bytes);
  }
}

/**
 * Finds a parameter by name, case-insensitively, also under its RFC 2231 name
 * (`name*`), which is then decoded.
 */
export function findParam(params: readonly MimeParam[], name: string): string | undefined {
  const lower = name.toLowerCase();
  const plain = params.find((p) => p.name.toLowerCase() === lower);
  if (plain) return plain.value;
  const ext = params.find((p) => p.name.toLowerCase() === `${lower}*`);
  return ext ? decodeRfc2231Value(ext.value) : undefined;
}
