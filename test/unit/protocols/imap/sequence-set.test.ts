import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/protocols/imap/parse-error.js';
import {
  compressSequenceSet,
  formatSequenceSet,
  largestExplicitNumber,
  parseSequenceSet,
  resolveSequenceSet,
  sequenceSetContains,
} from '../../../../src/protocols/imap/sequence-set.js';

describe('parseSequenceSet', () => {
  it.each([
    ['1', [{ start: 1, end: 1 }]],
    ['*', [{ start: '*', end: '*' }]],
    ['5:2', [{ start: 5, end: 2 }]],
    ['1,3:*', [{ start: 1, end: 1 }, { start: 3, end: '*' }]],
    ['*:4,7', [{ start: '*', end: 4 }, { start: 7, end: 7 }]],
    ['4294967295', [{ start: 4294967295, end: 4294967295 }]],
  ])('%s', (text, expected) => {
    expect(parseSequenceSet(text)).toEqual(expected);
    expect(formatSequenceSet(parseSequenceSet(text))).toBe(text);
  });

  it.each([
    ['', 'expected a sequence set (such as 1:5, 2,4:* or *)'],
    ['0', 'message numbers and UIDs start at 1; 0 is not allowed in a sequence set (such as 1:5, 2,4:* or *)'],
    ['1:', 'expected a number or * after ":" in a sequence set (such as 1:5, 2,4:* or *)'],
    ['1,,2', 'expected a sequence set (such as 1:5, 2,4:* or *), found ",2"'],
    ['1;2', 'expected a "," or the end of the sequence set, found ";2"'],
    ['4294967296', '4294967296 is too large in a sequence set (such as 1:5, 2,4:* or *)'],
  ])('%j is refused', (text, message) => {
    expect(() => parseSequenceSet(text)).toThrow(new ParseError(message));
  });
});

describe('resolveSequenceSet', () => {
  it.each([
    ['1', 5, [1]],
    ['*', 5, [5]],
    ['5:2', 10, [2, 3, 4, 5]],
    ['2:5', 10, [2, 3, 4, 5]],
    ['1,3:*', 5, [1, 3, 4, 5]],
    ['*:3', 5, [3, 4, 5]],
    ['4:*,1:2,2', 6, [1, 2, 4, 5, 6]],
    ['3:9', 5, [3, 4, 5]],
    ['7', 5, []],
    ['1:*', 0, []],
    ['*', 0, []],
    ['1:3,2:4', 10, [1, 2, 3, 4]],
  ])('%s with %i messages', (text, max, expected) => {
    expect(resolveSequenceSet(parseSequenceSet(text), max)).toEqual(expected);
  });

  it('does not allocate per possible UID', () => {
    expect(resolveSequenceSet(parseSequenceSet('4294967290:*'), 4294967295)).toEqual([
      4294967290, 4294967291, 4294967292, 4294967293, 4294967294, 4294967295,
    ]);
  });
});

describe('sequenceSetContains', () => {
  it.each([
    ['1:5', 3, 10, true],
    ['1:5', 6, 10, false],
    ['559:*', 500, 500, true], // RFC 3501 §6.4.8: n:* always includes the highest UID
    ['559:*', 499, 500, false],
    ['*', 42, 42, true],
    ['*', 41, 42, false],
    ['10:2', 2, 100, true],
  ])('%s contains %i (max %i): %s', (text, n, max, expected) => {
    expect(sequenceSetContains(parseSequenceSet(text), n, max)).toBe(expected);
  });
});

describe('helpers', () => {
  it.each([
    ['1:3,9', 9],
    ['*', 0],
    ['*:12', 12],
  ])('largestExplicitNumber(%s) is %i', (text, n) => {
    expect(largestExplicitNumber(parseSequenceSet(text))).toBe(n);
  });

  it.each([
    [[1, 2, 3, 5], '1:3,5'],
    [[5, 3, 4, 4], '3:5'],
    [[7], '7'],
    [[], ''],
    [[1, 3, 5], '1,3,5'],
  ])('compressSequenceSet(%j) is %j', (numbers, text) => {
    expect(compressSequenceSet(numbers)).toBe(text);
  });
});
