import { describe, expect, it } from 'vitest';
import { decodeRfc2231Value, findParam, parseMimeParams } from '../../../src/mime/content-params.js';
import { imapNString, imapNStringNoLf, imapStringForHumans } from '../../../src/mime/imap-string.js';
import { Rfc822Lexer } from '../../../src/mime/rfc822-tokens.js';

describe('IMAP strings (as Dovecot chooses quoted or literal)', () => {
  it.each([
    [null, 'NIL'],
    ['', '""'],
    ['plain', '"plain"'],
    ['a "b" \\', '"a \\"b\\" \\\\"'],
    ['""""', '"\\"\\"\\"\\""'],
    ['"""""', '{5}\r\n"""""'],
    ['caf\xe9', '{4}\r\ncaf\xe9'],
    ['a\r\nb', '{4}\r\na\r\nb'],
  ])('imapNString(%j) = %j', (input, expected) => {
    expect(imapNString(input)).toBe(expected);
  });

  it('imapNStringNoLf drops CR and LF', () => {
    expect(imapNStringNoLf('a\r\n b')).toBe('"a b"');
  });

  it.each([
    ['Hello', '"Hello"'],
    ['  lead and trail  ', '{14}\r\nlead and trail'],
    ['a\tb', '{3}\r\na b'],
    ['a\n b', '{3}\r\na b'],
    ['   ', '""'],
    ['say "hi"', '{8}\r\nsay "hi"'],
    ['x\0y', '{3}\r\nx\x80y'],
  ])('imapStringForHumans(%j) = %j', (input, expected) => {
    expect(imapStringForHumans(input)).toBe(expected);
  });
});

function params(value: string) {
  const lexer = new Rfc822Lexer(value);
  return parseMimeParams(lexer);
}

describe('MIME parameters (RFC 2045 §5.1, RFC 2231)', () => {
  it.each([
    ['; a=1; B="two words"', [{ name: 'a', value: '1' }, { name: 'B', value: 'two words' }]],
    ['; name*0=a; name*1=b', [{ name: 'name', value: 'ab' }]],
    ["; name*1*=%20b; name*0*=utf-8''a", [{ name: 'name*', value: "utf-8''a%20b" }]],
    ["; name*0*=utf-8''a; name*1=100%", [{ name: 'name*', value: "utf-8''a100%25" }]],
    ['; name*0=a; name*2=c', [{ name: 'name*0', value: 'a' }, { name: 'name*2', value: 'c' }]],
    ["; x=1; title*=us-ascii'en'This%20is", [{ name: 'x', value: '1' }, { name: 'title*', value: "us-ascii'en'This%20is" }]],
    // after a broken parameter, parsing resumes at the next ";" found byte by byte (as Dovecot)
    ['; broken; ok=1', []],
    ['; broken;ok=1; a=b', [{ name: 'a', value: 'b' }]],
    ['; name==?utf-8?q?x?=', [{ name: 'name', value: '=?utf-8?q?x?=' }]],
  ])('parseMimeParams(%j)', (input, expected) => {
    expect(params(input)).toEqual(expected);
  });

  it('decodes RFC 2231 values for display', () => {
    expect(decodeRfc2231Value("UTF-8''r%C3%A9sum%C3%A9.pdf")).toBe('résumé.pdf');
    expect(decodeRfc2231Value("iso-8859-1'fr'caf%E9")).toBe('café');
    expect(decodeRfc2231Value('plain')).toBe('plain');
    expect(findParam(params("; FileName*=utf-8''%E2%82%AC.txt"), 'filename')).toBe('€.txt');
  });
});
