/** Header text as a learner reads it: RFC 2047 encoded-words decoded, RFC 2231 parameters too. */
import { createRequire } from 'node:module';
import type Libmime from 'libmime';
import { findParam, type MimeParam } from '../mime/content-params.js';

let loaded: typeof Libmime | undefined;

/**
 * libmime, loaded on the first encoded-word: with its charset tables it costs more to load than
 * the rest of `mailproto explain`, which rarely needs it.
 */
function libmime(): typeof Libmime {
  return (loaded ??= createRequire(import.meta.url)('libmime') as typeof Libmime);
}

/** Decodes `=?UTF-8?Q?Ren=C3=A9e?=`; text that is not valid stays as it is. */
export function decodeWords(text: string): string {
  if (!text.includes('=?')) return text;
  try {
    return libmime().decodeWords(text);
  } catch {
    return text;
  }
}

/** A parameter by name, also as `name*` (RFC 2231 §4), then encoded-words decoded. */
export function paramValue(params: readonly MimeParam[], name: string): string | undefined {
  const value = findParam(params, name);
  return value === undefined ? undefined : decodeWords(value);
}
