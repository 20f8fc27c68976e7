import { describe, expect, it } from 'vitest';
import { fit, textWidth, truncate, wrapText } from '../../../src/tui/text-width.js';

describe('terminal widths', () => {
  it.each([
    ['ascii', 'EHLO', 4],
    ['CJK is two columns each', '日本', 4],
    ['combining marks take none', 'e\u0301', 1],
    ['emoji', '📨', 2],
  ])('%s', (_what, text, width) => {
    expect(textWidth(text)).toBe(width);
  });

  it('wraps at spaces and never exceeds the width', () => {
    const text = '250 2.1.5 Recipient accepted. Add more with RCPT TO:<address>, or send DATA to give the message.';
    const lines = wrapText(text, 30);
    expect(lines.join(' ')).toBe(text);
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(30);
  });

  it('cuts a word longer than a line', () => {
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('keeps an empty line as one line', () => {
    expect(wrapText('', 10)).toEqual(['']);
  });

  it('wide characters wrap by columns', () => {
    for (const l of wrapText('日本語のテキストです', 7)) expect(textWidth(l)).toBeLessThanOrEqual(7);
  });

  it('truncate ends with an ellipsis, fit pads', () => {
    expect(truncate('abcdefgh', 5)).toBe('abcd…');
    expect(truncate('abc', 5)).toBe('abc');
    expect(fit('ab', 4)).toBe('ab  ');
  });
});
