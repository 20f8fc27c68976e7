/**
 * Reading the Content-* fields of one part (RFC 2045 §5-8, RFC 2183 §2,
 * RFC 3282 §2, RFC 2557 §4, RFC 1864), with Dovecot's leniency
 * (message-part-data.c), so BODYSTRUCTURE agrees with Dovecot's.
 *
 *   content    := "Content-Type" ":" type "/" subtype *(";" parameter)
 *   encoding   := "Content-Transfer-Encoding" ":" mechanism
 *   disposition:= "Content-Disposition" ":" disposition-type *(";" disposition-parm)
 *   Content-Language = 1#Language-tag
 */

import { parseMimeParams } from './content-params.js';
import type { HeaderField } from './headers.js';
import type { ContentDisposition, ContentInfo, ContentType } from './part-types.js';
import { Rfc822Lexer, type ParseResult } from './rfc822-tokens.js';

type MutableContent = { -readonly [K in keyof ContentInfo]: ContentInfo[K] };

/** Parses a Content-Type value; `ret` < 0 means it was broken (no parameters read). */
export function parseContentTypeValue(value: string): { text: string; ret: ParseResult; contentType: ContentType } {
  const lexer = new Rfc822Lexer(value);
  lexer.skipLwsp();
  const { value: text, ret } = lexer.parseContentType();
  const slash = text.indexOf('/');
  const type = slash < 0 ? text : text.slice(0, slash);
  const subtype = slash < 0 ? '' : text.slice(slash + 1);
  const params = ret < 0 ? [] : parseMimeParams(lexer);
  return { text, ret, contentType: { type, subtype, params } };
}

function parseTransferEncoding(value: string): string | null {
  const lexer = new Rfc822Lexer(value);
  lexer.skipLwsp();
  const out: string[] = [];
  if (lexer.parseMimeToken(out) >= 0 && lexer.skipLwsp() === 0 && out.join('').length > 0) return out.join('');
  return null;
}

function parseDisposition(value: string): ContentDisposition | null {
  const lexer = new Rfc822Lexer(value);
  lexer.skipLwsp();
  const out: string[] = [];
  if (lexer.parseMimeToken(out) < 0) return null;
  return { value: out.join(''), params: parseMimeParams(lexer) };
}

function parseLanguage(value: string): string[] | null {
  const lexer = new Rfc822Lexer(value);
  const langs: string[] = [];
  lexer.skipLwsp();
  for (;;) {
    const out: string[] = [];
    if (lexer.parseAtom(out) < 0) break;
    langs.push(out.join(''));
    if (lexer.atEnd || lexer.peekChar() !== ',') break;
    lexer.pos++;
    lexer.skipLwsp();
  }
  return langs.length > 0 ? langs : null;
}

/**
 * Folds one header field into the part's content info. The first occurrence
 * of each field wins, except that a Content-Disposition without parameters is
 * replaced by a later one (as Dovecot does).
 */
export function addContentField(info: MutableContent, field: HeaderField): void {
  const name = field.name.toLowerCase();
  if (!name.startsWith('content-')) return;
  const value = field.foldedValue;
  switch (name.slice(8)) {
    case 'type':
      info.contentType ??= parseContentTypeValue(value).contentType;
      break;
    case 'transfer-encoding':
      info.transferEncoding ??= parseTransferEncoding(value);
      break;
    case 'id':
      info.id ??= value;
      break;
    case 'md5':
      info.md5 ??= value;
      break;
    case 'language':
      info.language ??= parseLanguage(value);
      break;
    case 'location':
      info.location ??= value;
      break;
    case 'description':
      info.description ??= value;
      break;
    case 'disposition':
      if (info.disposition === null || info.disposition.params.length === 0) {
        info.disposition = parseDisposition(value) ?? info.disposition;
      }
      break;
  }
}

export function newContentInfo(): MutableContent {
  return {
    contentType: null,
    transferEncoding: null,
    id: null,
    description: null,
    disposition: null,
    language: null,
    location: null,
    md5: null,
  };
}
