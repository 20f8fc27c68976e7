import { describe, expect, it } from 'vitest';
import { decodeServerText, escapeForTerminal, visibleLineEnd } from '../../../src/client/server-text.js';

describe('decodeServerText', () => {
  it('keeps valid UTF-8', () => {
    expect(decodeServerText(Buffer.from('caf\u00e9 \u2713 \u{1f600}', 'utf8'))).toBe('caf\u00e9 \u2713 \u{1f600}');
  });
  it('keeps invalid bytes one character per byte (a C1 byte stays U+0080..U+009F)', () => {
    expect(decodeServerText(Buffer.from([0x41, 0x9b, 0x32, 0x4a, 0xe9, 0x20, 0xc3, 0xa9]))).toBe('A\u009b2J\u00e9 \u00e9');
  });
});

describe('escapeForTerminal (security.md item 8)', () => {
  it.each([
    ['\x1b[2J', '\\x1b[2J'],
    ['\x1b]0;title\x07', '\\x1b]0;title\\x07'],
    ['bell\x07', 'bell\\x07'],
    ['nul\x00 del\x7f', 'nul\\x00 del\\x7f'],
    ['c1 \u009b \u0085', 'c1 \\x9b \\x85'],
    ['cr\r lf\n', 'cr\\x0d lf\\x0a'],
    ['tab\tstays', 'tab\tstays'],
    ['caf\u00e9 \u00a0\u2713', 'caf\u00e9 \u00a0\u2713'],
  ])('%j → %s', (input, output) => {
    expect(escapeForTerminal(input)).toBe(output);
  });

  it('shows line ends for :raw', () => {
    expect(visibleLineEnd('\r\n')).toBe('\\r\\n');
    expect(visibleLineEnd('\n')).toBe('\\n');
    expect(visibleLineEnd('')).toBe('');
  });
});
