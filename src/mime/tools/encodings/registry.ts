/**
 * The encodings of `mailproto mime encode|decode`, as data: one entry each,
 * with the RFC that defines it. Every one round-trips: decode(encode(x)) is x,
 * byte for byte (for --header: for any UTF-8 text).
 */

import { basename } from 'node:path';
import { decodeBase64, encodeBase64 } from './base64.js';
import { binhexDecode, binhexEncode } from './binhex.js';
import { decodeHeaderText, encodeHeaderText } from './encoded-words.js';
import { decodeQuotedPrintable, encodeQuotedPrintable } from './quoted-printable.js';
import { uudecode, uuencode } from './uuencode.js';

export type EncodingName = 'base64' | 'qp' | 'uu' | 'binhex' | 'header';

export type EncodeOptions = {
  /** File name written into uuencode's begin line and BinHex's header. */
  readonly name?: string;
};

export type Encoding = {
  readonly name: EncodingName;
  readonly title: string;
  readonly rfc: string;
  readonly summary: string;
  encode(data: Buffer, opts: EncodeOptions): Buffer;
  decode(text: Buffer): Buffer;
};

const latin1 = (b: Buffer) => b.toString('latin1');

/** A trailing line end is the end of the input, not part of a header value: kept, not encoded. */
function splitFinalNewline(text: string): [string, string] {
  const m = /\r?\n$/.exec(text);
  return m ? [text.slice(0, m.index), m[0]] : [text, ''];
}

export const ENCODINGS: Readonly<Record<EncodingName, Encoding>> = {
  base64: {
    name: 'base64',
    title: 'base64',
    rfc: 'RFC 2045 §6.8',
    summary: 'every 3 octets become 4 characters from A-Z a-z 0-9 + /; lines of 76',
    encode: (data) => Buffer.from(encodeBase64(data), 'latin1'),
    decode: (text) => decodeBase64(latin1(text)),
  },
  qp: {
    name: 'qp',
    title: 'quoted-printable',
    rfc: 'RFC 2045 §6.7',
    summary: 'printable ASCII stays readable; other octets become =XX; "=" ends a soft-broken line',
    encode: (data) => Buffer.from(encodeQuotedPrintable(data), 'latin1'),
    decode: (text) => decodeQuotedPrintable(latin1(text)),
  },
  uu: {
    name: 'uu',
    title: 'uuencode',
    rfc: 'POSIX uuencode (pre-MIME)',
    summary: '"begin MODE NAME", lines of 45 octets as 60 characters from " " to "`", "end"',
    encode: (data, opts) => Buffer.from(uuencode(data, opts.name ?? '-'), 'latin1'),
    decode: (text) => uudecode(latin1(text)).data,
  },
  binhex: {
    name: 'binhex',
    title: 'BinHex 4.0',
    rfc: 'RFC 1741',
    summary: 'Mac file (name, type, creator, data and resource forks, CRCs), run-length coded, 6-bit characters',
    encode: (data, opts) => Buffer.from(binhexEncode({ data, name: opts.name ?? 'untitled' }), 'latin1'),
    decode: (text) => binhexDecode(latin1(text)).data,
  },
  header: {
    name: 'header',
    title: 'RFC 2047 encoded-words',
    rfc: 'RFC 2047 §2-§5',
    summary: 'non-ASCII header text as =?charset?B|Q?...?= words of at most 75 characters',
    encode: (data) => {
      const [text, end] = splitFinalNewline(data.toString('utf8'));
      return Buffer.from(encodeHeaderText(text) + end, 'utf8');
    },
    decode: (data) => {
      const [text, end] = splitFinalNewline(latin1(data));
      return Buffer.from(decodeHeaderText(text) + end, 'utf8');
    },
  },
};

/** The name a file gets in uuencode/BinHex output: its base name, or "-" for stdin. */
export function encodedFileName(path: string): string {
  return path === '-' ? '-' : basename(path);
}
