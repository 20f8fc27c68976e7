import { describe, expect, it } from 'vitest';
import {
  ENHANCED_CLASSES,
  ENHANCED_STATUS_CODES,
  ENHANCED_SUBJECTS,
  lookupEnhancedCode,
  parseEnhancedCode,
} from '../../../../src/protocols/smtp/enhanced-codes.js';

function range(subject: number, last: number): string[] {
  return Array.from({ length: last + 1 }, (_, detail) => `X.${subject}.${detail}`);
}

/** The IANA registry as of its 2024-12-06 update: X.0.0, X.1.0-10, X.2.0-4, X.3.0-6, X.4.0-7, X.5.0-6, X.6.0-10, X.7.0-30. */
const REGISTRY = ['X.0.0', ...range(1, 10), ...range(2, 4), ...range(3, 6), ...range(4, 7), ...range(5, 6), ...range(6, 10), ...range(7, 30)];

describe('ENHANCED_STATUS_CODES', () => {
  it('holds exactly the IANA registry', () => {
    expect(Object.keys(ENHANCED_STATUS_CODES).sort()).toEqual([...REGISTRY].sort());
  });

  it.each(Object.entries(ENHANCED_STATUS_CODES))('%s has a title, meaning, next step and RFC', (_key, info) => {
    expect(info.title.trim()).not.toBe('');
    expect(info.meaning.trim()).not.toBe('');
    expect(info.next.trim()).not.toBe('');
    expect(info.rfc.trim()).not.toBe('');
    // Line mode prints meaning and next one after the other: each must be a full sentence.
    expect(info.meaning).toMatch(/\.$/);
    expect(info.next).toMatch(/\.$/);
  });

  it.each([
    ['X.1.1', 'RFC 3463 §3.2'],
    ['X.5.6', 'RFC 4954 §6'],
    ['X.7.8', 'RFC 4954 §6'],
    ['X.7.9', 'RFC 4954 §6'],
    ['X.7.11', 'RFC 4954 §6'],
    ['X.7.12', 'RFC 4954 §6'],
    ['X.7.13', 'RFC 5248'],
    ['X.7.23', 'RFC 7372'],
    ['X.7.27', 'RFC 7505'],
    ['X.7.29', 'RFC 8617'],
    ['X.7.30', 'RFC 8689'],
  ])('%s cites %s', (key, rfc) => {
    expect(ENHANCED_STATUS_CODES[key]?.rfc).toContain(rfc);
  });

  it('defines the three classes and the eight subjects', () => {
    expect(Object.keys(ENHANCED_CLASSES)).toEqual(['2', '4', '5']);
    expect(Object.keys(ENHANCED_SUBJECTS)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    for (const info of [...Object.values(ENHANCED_CLASSES), ...Object.values(ENHANCED_SUBJECTS)]) {
      expect(info.meaning).not.toBe('');
      expect(info.next).not.toBe('');
      expect(info.rfc).toBe('RFC 3463 §2');
    }
  });
});

describe('parseEnhancedCode (RFC 3463 §2)', () => {
  it.each([
    ['2.0.0', 2, 0, 0],
    ['5.1.1', 5, 1, 1],
    ['4.7.30', 4, 7, 30],
    ['2.1.23', 2, 1, 23],
    ['5.123.456', 5, 123, 456],
    ['5.10.0', 5, 10, 0],
  ])('accepts %s', (text, cls, subject, detail) => {
    expect(parseEnhancedCode(text)).toEqual({ ok: true, code: { class: cls, subject, detail, text } });
  });

  it.each([
    ['5.01.1', /leading zero/],
    ['5.1.01', /leading zero/],
    ['5.00.0', /leading zero/],
    ['6.1.1', /class must be 2, 4 or 5/],
    ['3.0.0', /class must be 2, 4 or 5/],
    ['1.0.0', /class must be 2, 4 or 5/],
    ['05.1.1', /class must be 2, 4 or 5/],
    ['5.1000.1', /at most three digits/],
    ['5.1.1000', /at most three digits/],
    ['5.1', /three numbers/],
    ['5.1.1.1', /three numbers/],
    ['5..1', /must be a number/],
    ['5.1.a', /must be a number/],
    ['5.1.-1', /must be a number/],
    [' 5.1.1', /class must be/],
    ['5.1.1 ', /must be a number/],
    ['', /three numbers/],
    ['X.1.1', /class must be/],
  ])('rejects %j', (text, reason) => {
    const result = parseEnhancedCode(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('lookupEnhancedCode', () => {
  it('finds an entry by code, registry key or parsed value', () => {
    const entry = ENHANCED_STATUS_CODES['X.1.1'];
    expect(lookupEnhancedCode('5.1.1')).toBe(entry);
    expect(lookupEnhancedCode('4.1.1')).toBe(entry);
    expect(lookupEnhancedCode('X.1.1')).toBe(entry);
    expect(lookupEnhancedCode('x.1.1')).toBe(entry);
    const parsed = parseEnhancedCode('2.1.1');
    expect(parsed.ok && lookupEnhancedCode(parsed.code)).toBe(entry);
  });

  it.each(['5.1.99', '5.8.0', '5.01.1', 'junk'])('has nothing for %s', (code) => {
    expect(lookupEnhancedCode(code)).toBeUndefined();
  });
});
