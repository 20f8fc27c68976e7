/**
 * RFC 2047 encoded-words: non-ASCII text in header fields.
 *
 *   encoded-word = "=?" charset "?" encoding "?" encoded-text "?="
 *   encoding     = "B" / "Q"          ; B: base64 (§4.1); Q: like quoted-printable, "_" is a space (§4.2)
 *
 * An encoded-word is at most 75 characters (§2), and white space between two
 * adjacent encoded-words is not displayed (§6.2). Encoding and decoding are
 * libmime's; what is ours is the explanation of each word.
 */

import libmime from 'libmime';

/** RFC 2047 §2: "An 'encoded-word' may not be more than 75 characters long". */
export const ENCODED_WORD_MAX_LENGTH = 75;
/** How many encoded-words of one header value are explained; the rest are only decoded. */
export const MAX_EXPLAINED_WORDS = 50;

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

export type EncodedWord = {
  /** The word as written. */
  readonly raw: string;
  readonly charset: string;
  /** RFC 2231 §5 language tag (`charset*lang`), when present. */
  readonly language?: string;
  readonly encoding: 'B' | 'Q';
  readonly decoded: string;
  /** Longer than the 75 characters RFC 2047 §2 allows. */
  readonly tooLong: boolean;
};

/** Text of a byte string (one char per octet): UTF-8 when it is valid UTF-8, else latin1. */
export function bytesToText(value: string): string {
  if (!/[\x80-\xff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** Decodes every encoded-word of an (unfolded) header value. */
export function decodeEncodedWords(value: string): string {
  return libmime.decodeWords(bytesToText(value));
}

/** The encoded-words of a header value, each decoded on its own. */
export function findEncodedWords(value: string): EncodedWord[] {
  const words: EncodedWord[] = [];
  for (const m of value.matchAll(ENCODED_WORD)) {
    if (words.length >= MAX_EXPLAINED_WORDS) break;
    const [cs, lang] = m[1]!.split('*', 2) as [string, string | undefined];
    words.push({
      raw: m[0],
      charset: cs,
      ...(lang !== undefined ? { language: lang } : {}),
      encoding: m[2]!.toUpperCase() as 'B' | 'Q',
      decoded: libmime.decodeWords(m[0]),
      tooLong: m[0].length > ENCODED_WORD_MAX_LENGTH,
    });
  }
  return words;
}

/** Printable ASCII without anything that could be read as an encoded-word. */
function isPlainHeaderText(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text) && !text.includes('=?') && !/\S{76}/.test(text);
}

/**
 * A header value for `text`: as it is when it is plain printable ASCII,
 * otherwise one or more encoded-words (UTF-8; Q for mostly-ASCII text, else B),
 * each at most 75 characters, folded onto continuation lines with CRLF SP.
 */
export function encodeHeaderText(text: string, encoding?: 'B' | 'Q'): string {
  if (isPlainHeaderText(text)) return text;
  const chosen = encoding ?? pickEncoding(text);
  // "=?UTF-8?Q?" + "?=" take 12 of the 75 characters
  const words: string = libmime.encodeWord(text, chosen, ENCODED_WORD_MAX_LENGTH - 12);
  return words.split(' ').join('\r\n ');
}

function pickEncoding(text: string): 'B' | 'Q' {
  const bytes = Buffer.from(text, 'utf8');
  let unsafe = 0;
  for (const b of bytes) if (b > 0x7e || b < 0x20 || b === 0x3d || b === 0x3f || b === 0x5f) unsafe++;
  // Q keeps mostly-ASCII text readable; B is shorter when most octets need escaping
  return unsafe * 2 <= bytes.length ? 'Q' : 'B';
}

/** Unfolds a header value (RFC 5322 §2.2.3: CRLF followed by WSP is removed) and decodes it. */
export function decodeHeaderText(value: string): string {
  return decodeEncodedWords(value.replace(/\r?\n(?=[ \t])/g, ''));
}
