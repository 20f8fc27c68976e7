/**
 * The decoding SEARCH relies on: RFC 2047 encoded-words, quoted-printable, base64, charsets,
 * and the date of a Date: header.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeCharset,
  decodeHeaderValue,
  decodeQuotedPrintable,
  decodeTransfer,
} from '../../../../src/server/imap/search/decode.js';
import { parseSentDate } from '../../../../src/server/imap/search/sent-date.js';

/** Header values are byte strings: UTF-8 text as its octets. */
const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('decodeHeaderValue (RFC 2047)', () => {
  it.each([
    ['plain text', 'plain text'],
    ['=?UTF-8?B?SGVsbG8g8J+MjSB3b3JsZA==?= and =?ISO-8859-1?Q?caf=E9?=', 'Hello 🌍 world and café'],
    ['=?ISO-8859-1?Q?Andr=E9_Pirard?= <pirard@example.be>', 'André Pirard <pirard@example.be>'],
    ['"=?UTF-8?Q?Caf=C3=A9?= Team" <cafe@example.fr>', '"Café Team" <cafe@example.fr>'],
    // blanks between adjacent encoded-words go (§6.2), other text stays
    ['=?UTF-8?Q?a?= =?UTF-8?Q?b?=', 'ab'],
    ['=?UTF-8?Q?a?=  \t =?UTF-8?Q?b?= c =?UTF-8?Q?d?=', 'ab c d'],
    // a character split over two words
    ['=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=', 'éé'],
    ['=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?=', 'é'],
    // lower-case encoding letter, RFC 2231 language suffix, unknown charset
    ['=?utf-8?q?J=C3=BCrgen?=', 'Jürgen'],
    ['=?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?=', 'Grüße'],
    ['=?x-unknown?Q?caf=C3=A9?=', 'café'],
    ['=?windows-1252?Q?=80uro?=', '€uro'],
    // not encoded-words
    ['=?UTF-8?X?abc?=', '=?UTF-8?X?abc?='],
    ['=?UTF-8?Q?no end', '=?UTF-8?Q?no end'],
    // raw 8-bit: UTF-8 when valid, latin1 otherwise
    [bytes('Grüße'), 'Grüße'],
    ['Ren\xe9', 'René'],
  ])('%j → %j', (input, expected) => {
    expect(decodeHeaderValue(input)).toBe(expected);
  });
});

describe('transfer encodings', () => {
  it.each([
    ['Caf=C3=A9', 'Café'],
    ['soft=\r\nbreak', 'softbreak'],
    ['soft=  \r\nbreak with blanks', 'softbreak with blanks'],
    ['bare LF=\nbreak', 'bare LFbreak'],
    ['Equals sign: =3D', 'Equals sign: ='],
    ['lower =c3=a9', 'lower é'],
    ['stray = and =ZZ', 'stray = and =ZZ'],
    ['ends with =', 'ends with '],
  ])('quoted-printable %j → %j', (input, expected) => {
    expect(decodeQuotedPrintable(Buffer.from(input, 'latin1')).toString('utf8')).toBe(expected);
  });

  it.each([
    ['SGVsbG8=', 'Hello'],
    ['SGVs\r\nbG8=\r\n', 'Hello'],
    ['SGV sbG8', 'Hello'],
    ['SGVsbG8!!', 'Hello'],
    ['', ''],
  ])('base64 %j → %j', (input, expected) => {
    expect(decodeBase64(Buffer.from(input, 'latin1')).toString('utf8')).toBe(expected);
  });

  it.each([
    ['base64', 'w6k=', 'é'],
    ['BASE64', 'w6k=', 'é'],
    ['Quoted-Printable', '=C3=A9', 'é'],
    ['7bit', '=C3=A9', '=C3=A9'],
    [null, 'w6k=', 'w6k='],
    ['x-uuencode', 'abc', 'abc'],
  ])('Content-Transfer-Encoding %s', (encoding, input, expected) => {
    expect(decodeTransfer(Buffer.from(input, 'latin1'), encoding).toString('utf8')).toBe(expected);
  });
});

describe('decodeCharset', () => {
  it.each([
    [[0x63, 0x61, 0x66, 0xe9], 'iso-8859-1', 'café'],
    [[0x63, 0x61, 0x66, 0xe9], 'us-ascii', 'café'],
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], 'us-ascii', 'café'],
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], undefined, 'café'],
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], 'UTF-8', 'café'],
    [[0x80], 'windows-1252', '€'],
    [[0xe4, 0xc1], 'koi8-r', 'Да'],
    [[0x93, 0x69, 0x74, 0x92, 0x73, 0x94], 'iso-8859-1', '“it’s”'],
    [[0x93, 0x69, 0x74, 0x92, 0x73, 0x94], undefined, '“it’s”'],
    [[0x81, 0xff], 'latin1', '\x81ÿ'],
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], 'no-such-charset', 'café'],
  ])('%j in %s', (input, charset, expected) => {
    expect(decodeCharset(Uint8Array.from(input), charset)).toBe(expected);
  });
});

describe('parseSentDate', () => {
  it.each([
    ['Tue, 3 Mar 2026 10:15:00 +0100', { year: 2026, month: 3, day: 3 }],
    ['3 Mar 2026 23:59:59 -1200', { year: 2026, month: 3, day: 3 }],
    ['Thu, 12 Mar 2026 15:00:00 +0100', { year: 2026, month: 12 - 9, day: 12 }],
    ['Fri, 06 MAR 2026 09:00:00 GMT', { year: 2026, month: 3, day: 6 }],
    ['5 Mar 26 10:00 GMT', { year: 2026, month: 3, day: 5 }],
    ['5 Mar 99 10:00 GMT', { year: 1999, month: 3, day: 5 }],
    ['5 Mar 103 10:00 GMT', { year: 2003, month: 3, day: 5 }],
    ['Mon, 29 Feb 2027 10:00 +0000', undefined],
    ['Mon, 29 Feb 2028 10:00 +0000', { year: 2028, month: 2, day: 29 }],
    ['Tue (a comment), 3 Mar 2026 10:15:00 +0100', { year: 2026, month: 3, day: 3 }],
    ['sometime last week', undefined],
    ['3 Foo 2026', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(parseSentDate(input)).toEqual(expected);
  });
});
