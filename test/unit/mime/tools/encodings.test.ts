import { describe, expect, it } from 'vitest';
import { checkBase64, decodeBase64, encodeBase64 } from '../../../../src/mime/tools/encodings/base64.js';
import { BINHEX_ALPHABET, BINHEX_BANNER, BinHexError, binhexDecode, binhexEncode, crc16 } from '../../../../src/mime/tools/encodings/binhex.js';
import { decodeHeaderText, encodeHeaderText, findEncodedWords } from '../../../../src/mime/tools/encodings/encoded-words.js';
import { checkQuotedPrintable, decodeQuotedPrintable, encodeQuotedPrintable } from '../../../../src/mime/tools/encodings/quoted-printable.js';
import { ENCODINGS } from '../../../../src/mime/tools/encodings/registry.js';
import { UudecodeError, uudecode, uuencode } from '../../../../src/mime/tools/encodings/uuencode.js';
import { VECTOR_INPUTS, vector } from './fixtures.js';

describe('base64 (RFC 2045 §6.8)', () => {
  // RFC 4648 §10 test vectors
  it.each([
    ['', ''],
    ['f', 'Zg==\r\n'],
    ['fo', 'Zm8=\r\n'],
    ['foo', 'Zm9v\r\n'],
    ['foob', 'Zm9vYg==\r\n'],
    ['fooba', 'Zm9vYmE=\r\n'],
    ['foobar', 'Zm9vYmFy\r\n'],
  ])('%j encodes as %j and back', (plain, encoded) => {
    expect(encodeBase64(Buffer.from(plain))).toBe(encoded);
    expect(decodeBase64(encoded).toString()).toBe(plain);
  });

  it('wraps at 76 characters with CRLF', () => {
    const lines = encodeBase64(Buffer.alloc(200, 0xab)).split('\r\n');
    expect(lines.slice(0, -2).every((l) => l.length === 76)).toBe(true);
    expect(lines.at(-1)).toBe('');
  });

  it.each([
    ['SGVsbG8=', null],
    ['SGVs\r\nbG8=\r\n', null],
    ['SGV*bG8=', 'bad-character'],
    ['SGVsbG8=AAAA', 'bad-padding'],
    ['SGVsbG8', 'bad-length'],
    ['S===', 'bad-padding'],
  ])('checkBase64(%j) finds %s', (text, kind) => {
    expect(checkBase64(text)?.kind ?? null).toBe(kind);
  });
});

describe('quoted-printable (RFC 2045 §6.7)', () => {
  it('decodes the RFC 2045 §6.7 soft line break example', () => {
    const text = "Now's the time =\r\nfor all folk to come=\r\n to the aid of their country.";
    expect(decodeQuotedPrintable(text).toString()).toBe("Now's the time for all folk to come to the aid of their country.");
  });

  it.each([
    ['café', 'caf=C3=A9'],
    ['a=b', 'a=3Db'],
    ['trailing space \r\nnext', 'trailing space=20\r\nnext'],
    ['tab at end\t', 'tab at end=09'],
    ['bare\nLF and CRLF\r\n', 'bare=0ALF and CRLF\r\n'],
    ['only LF line ends\nkept as hard breaks\n', 'only LF line ends\nkept as hard breaks\n'],
    ['lone\rCR', 'lone=0DCR'],
  ])('%j encodes as %j', (plain, encoded) => {
    expect(encodeQuotedPrintable(Buffer.from(plain))).toBe(encoded);
    expect(decodeQuotedPrintable(encoded).toString()).toBe(plain);
  });

  it('breaks lines at 76 characters with a soft break, never inside =XX', () => {
    const encoded = encodeQuotedPrintable(Buffer.from('é'.repeat(60)));
    const lines = encoded.split('\n');
    expect(lines.every((l) => l.length <= 76)).toBe(true);
    expect(lines.slice(0, -1).every((l) => l.endsWith('='))).toBe(true);
    expect(lines.every((l) => /^(=[0-9A-F]{2})*=?$/.test(l))).toBe(true);
    expect(checkQuotedPrintable(encoded)).toBeNull();
  });

  it('reports a bad escape and a long line', () => {
    expect(checkQuotedPrintable('a =ZZ b')?.detail).toContain('=ZZ');
    expect(checkQuotedPrintable('x'.repeat(80))?.detail).toContain('80 characters');
  });
});

describe('RFC 2047 encoded-words', () => {
  // RFC 2047 §8
  it.each([
    ['(=?ISO-8859-1?Q?a?=)', '(a)'],
    ['(=?ISO-8859-1?Q?a?= b)', '(a b)'],
    ['(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)', '(ab)'],
    ['(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)', '(ab)'],
    ['(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)', '(ab)'],
    ['(=?ISO-8859-1?Q?a_b?=)', '(a b)'],
    ['(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)', '(a b)'],
    ['=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>', 'Keith Moore <moore@cs.utk.edu>'],
    ['=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>', 'Keld Jørn Simonsen <keld@dkuug.dk>'],
    ['=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>', 'André Pirard <PIRARD@vm1.ulg.ac.be>'],
    [
      '=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=',
      'If you can read this you understand the example.',
    ],
  ])('%j is displayed as %j', (encoded, shown) => {
    expect(decodeHeaderText(encoded)).toBe(shown);
  });

  it('explains each word: charset, encoding, decoded text, length', () => {
    const words = findEncodedWords('=?ISO-8859-1?Q?Andr=E9?= and =?UTF-8*fr?B?Q2Fmw6k=?=');
    expect(words).toEqual([
      { raw: '=?ISO-8859-1?Q?Andr=E9?=', charset: 'ISO-8859-1', encoding: 'Q', decoded: 'André', tooLong: false },
      { raw: '=?UTF-8*fr?B?Q2Fmw6k=?=', charset: 'UTF-8', language: 'fr', encoding: 'B', decoded: 'Café', tooLong: false },
    ]);
  });

  it('leaves plain ASCII alone and encodes the rest in words of at most 75 characters', () => {
    expect(encodeHeaderText('Lunch tomorrow?')).toBe('Lunch tomorrow?');
    const long = encodeHeaderText('Réunion du comité: ordre du jour, procès-verbal et questions diverses — à lire');
    for (const line of long.split('\r\n')) expect(line.trim().length).toBeLessThanOrEqual(75);
    expect(decodeHeaderText(long)).toBe('Réunion du comité: ordre du jour, procès-verbal et questions diverses — à lire');
    expect(encodeHeaderText('looks like =?x?Q?y?= a word')).toMatch(/^=\?UTF-8\?/);
  });
});

describe('uuencode', () => {
  it.each(VECTOR_INPUTS)('%s: our output is GNU sharutils\' uuencode output, byte for byte', (name) => {
    expect(uuencode(vector(name), name)).toBe(vector(`${name}.uu`).toString('latin1'));
  });

  it.each(VECTOR_INPUTS)('%s: uudecode reads sharutils\' uuencode and uuencode -m output', (name) => {
    expect(uudecode(vector(`${name}.uu`).toString('latin1'))).toEqual({ name, mode: '644', data: vector(name) });
    expect(uudecode(vector(`${name}.b64uu`).toString('latin1')).data).toEqual(vector(name));
  });

  it('skips prose before begin, and accepts CRLF', () => {
    const text = `Here it is:\r\n\r\n${uuencode(Buffer.from('hi'), 'x.txt').replace(/\n/g, '\r\n')}`;
    expect(uudecode(text).data.toString()).toBe('hi');
  });

  it.each([
    ['no begin', 'hello\n', 'no "begin MODE NAME" line'],
    ['no end', 'begin 644 x\n#:&D`\n', 'no "end" line'],
    ['short line', 'begin 644 x\nM86%A\nend\n', 'line says 45 octets'],
  ])('fails on %s', (_, text, message) => {
    expect(() => uudecode(text)).toThrow(UudecodeError);
    expect(() => uudecode(text)).toThrow(message);
  });
});

describe('BinHex 4.0 (RFC 1741)', () => {
  it('CRC is CRC-16/XMODEM', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3);
  });

  it.each(VECTOR_INPUTS)('%s: the data between the colons is what macutils\' binhex writes', (name) => {
    const theirs = vector(`${name}.hqx`).toString('latin1');
    const ours = binhexEncode({ data: vector(name), name, type: 'TEXT', creator: 'MACA' });
    expect(ours.startsWith(`${BINHEX_BANNER}\n:`)).toBe(true);
    expect(ours.slice(ours.indexOf(':'))).toBe(theirs.slice(theirs.indexOf(':')));
  });

  it.each(VECTOR_INPUTS)('%s: decodes macutils\' output, name, type and creator included', (name) => {
    expect(binhexDecode(vector(`${name}.hqx`).toString('latin1'))).toEqual({
      name,
      type: 'TEXT',
      creator: 'MACA',
      flags: 0,
      data: vector(name),
      resource: Buffer.alloc(0),
    });
  });

  it('reads a run of 0x90 that is run-length coded (0x90 0x00 0x90 n), which other encoders write', () => {
    const withCrc = (b: Buffer) => Buffer.concat([b, Buffer.from([crc16(b) >> 8, crc16(b) & 0xff])]);
    const data = Buffer.from([0x41, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x42]);
    const header = withCrc(Buffer.from([1, 0x66, 0, ...Buffer.from('TEXTMACA'), 0, 0, 0, 0, 0, data.length, 0, 0, 0, 0]));
    const dataCrc = withCrc(data).subarray(-2);
    const stream = Buffer.concat([header, Buffer.from([0x41, 0x90, 0x00, 0x90, 0x06, 0x42]), dataCrc, Buffer.from([0, 0])]);
    let text = '';
    for (let i = 0; i < stream.length; i += 3) {
      const v = (stream[i]! << 16) | ((stream[i + 1] ?? 0) << 8) | (stream[i + 2] ?? 0);
      for (let k = 0; k <= Math.min(3, stream.length - i); k++) text += BINHEX_ALPHABET[(v >> (18 - 6 * k)) & 63];
    }
    expect(binhexDecode(`${BINHEX_BANNER}\n:${text}:\n`).data).toEqual(data);
    // ours writes each 0x90 as 0x90 0x00, as macutils does
    expect(binhexEncode({ data, name: 'f', type: 'TEXT', creator: 'MACA' })).not.toBe(`${BINHEX_BANNER}\n:${text}:\n`);
  });

  it('keeps a resource fork', () => {
    const file = binhexDecode(binhexEncode({ data: Buffer.from('d'), resource: Buffer.from('rsrc'), name: 'f', type: 'APPL', creator: 'ttxt' }));
    expect(file.resource.toString()).toBe('rsrc');
    expect(file.type).toBe('APPL');
  });

  it('finds a changed character through the CRC', () => {
    const good = binhexEncode({ data: Buffer.from('Hello, world! Hello, world!'), name: 'h' });
    const i = good.lastIndexOf(':') - 10;
    const bad = good.slice(0, i) + (good[i] === '!' ? '"' : '!') + good.slice(i + 1);
    expect(() => binhexDecode(bad)).toThrow(BinHexError);
    expect(() => binhexDecode(bad)).toThrow(/CRC/);
  });

  it('rejects text that is not BinHex', () => {
    expect(() => binhexDecode('hello')).toThrow('no ":" that starts BinHex data');
    expect(() => binhexDecode(':abc~:')).toThrow('"~" is not a BinHex 4.0 character');
  });
});

describe('the encodings table', () => {
  it('names each encoding with its RFC', () => {
    expect(Object.values(ENCODINGS).map((e) => [e.name, e.rfc])).toEqual([
      ['base64', 'RFC 2045 §6.8'],
      ['qp', 'RFC 2045 §6.7'],
      ['uu', 'POSIX uuencode (pre-MIME)'],
      ['binhex', 'RFC 1741'],
      ['header', 'RFC 2047 §2-§5'],
    ]);
  });

  it('--header keeps the final line end of the input as it is', () => {
    const encoded = ENCODINGS.header.encode(Buffer.from('Café\n'), {});
    expect(encoded.toString()).toBe('=?UTF-8?Q?Caf=C3=A9?=\n');
    expect(ENCODINGS.header.decode(encoded).toString()).toBe('Café\n');
  });
});
