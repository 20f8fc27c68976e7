import { describe, expect, it } from 'vitest';
import {
  SMTP_REPLY_CODES,
  describeReplyCode,
  explainReplyCode,
  isValidReplyCode,
} from '../../../../src/protocols/smtp/reply-codes.js';

const RFC_5321_CODES = [211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555];
const EXTENSION_CODES = [235, 334, 432, 454, 530, 534, 535, 538, 521, 556];

describe('SMTP_REPLY_CODES', () => {
  it.each([...RFC_5321_CODES, ...EXTENSION_CODES])('has an entry for %i', (code) => {
    expect(SMTP_REPLY_CODES[code]).toBeDefined();
  });

  it.each(Object.entries(SMTP_REPLY_CODES))('%s has a meaning, a next step and an RFC citation', (code, info) => {
    expect(info.meaning.trim()).not.toBe('');
    expect(info.next.trim()).not.toBe('');
    expect(info.rfc).toMatch(/^RFC \d+( §[\d.]+)?/);
    expect(isValidReplyCode(Number(code))).toBe(true);
    // Line mode prints meaning and next one after the other: each must be a full sentence.
    expect(info.meaning).toMatch(/\.$/);
    expect(info.next).toMatch(/\.$/);
  });

  it('cites the extension RFC for extension codes', () => {
    expect(SMTP_REPLY_CODES[235]?.rfc).toContain('RFC 4954');
    expect(SMTP_REPLY_CODES[521]?.rfc).toContain('RFC 7504');
    expect(SMTP_REPLY_CODES[556]?.rfc).toContain('RFC 7504');
    expect(SMTP_REPLY_CODES[530]?.rfc).toContain('RFC 3207');
  });
});

describe('isValidReplyCode (Reply-code = %x32-35 %x30-35 %x30-39)', () => {
  it.each([
    [200, true], [220, true], [354, true], [459, true], [559, true],
    [199, false], [600, false], [260, false], [570, false], [0, false], [55, false], [250.5, false],
  ])('%s → %s', (code, valid) => {
    expect(isValidReplyCode(code)).toBe(valid);
  });
});

describe('describeReplyCode', () => {
  it.each([
    [259, /^Positive completion: .*category mail system/],
    [319, /^Positive intermediate: .*category information/],
    [429, /^Transient negative completion: .*category connections/],
    [509, /^Permanent negative completion: .*category syntax/],
  ])('reads %i by its digits', (code, meaning) => {
    const info = describeReplyCode(code);
    expect(info?.meaning).toMatch(meaning);
    expect(info?.rfc).toBe('RFC 5321 §4.2.1');
    expect(info?.next).not.toBe('');
  });

  it.each([600, 199, 260])('rejects %i', (code) => {
    expect(describeReplyCode(code)).toBeUndefined();
  });

  it('prefers the table, and says whether the code is known', () => {
    expect(explainReplyCode(550)).toMatchObject({ known: true, meaning: SMTP_REPLY_CODES[550]?.meaning });
    expect(explainReplyCode(559)).toMatchObject({ known: false, rfc: 'RFC 5321 §4.2.1' });
    expect(explainReplyCode(600)).toBeUndefined();
  });
});
