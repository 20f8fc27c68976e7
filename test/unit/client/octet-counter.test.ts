import { describe, expect, it } from 'vitest';
import { OctetCounter, trailingLiteral } from '../../../src/client/octet-counter.js';

describe('OctetCounter (typed literal and BDAT content)', () => {
  it.each([
    // [size, lines, what the last feed says]
    [5, ['alice {8}'], { done: true, contentOctets: 5, contentEol: '', rest: ' {8}' }],
    [5, ['alice'], { done: true, contentOctets: 5, contentEol: '', rest: '' }],
    [6, ['alice'], { done: true, contentOctets: 5, contentEol: '\r', rest: '' }],
    [7, ['alice'], { done: true, contentOctets: 5, contentEol: '\r\n', rest: undefined }],
    [13, ['Subject: hi'], { done: true, contentOctets: 11, contentEol: '\r\n', rest: undefined }],
    [14, ['Subject: hi', ''], { done: true, contentOctets: 0, contentEol: '\r', rest: '' }],
    [15, ['Subject: hi', ''], { done: true, contentOctets: 0, contentEol: '\r\n', rest: undefined }],
    [4, ['\u00e9\u00e9x'], { done: true, contentOctets: 4, contentEol: '', rest: 'x' }],
  ] as const)('{%i} fed %j', (size, lines, last) => {
    const counter = new OctetCounter(size);
    const feeds = lines.map((l) => counter.feed(l));
    expect(feeds.slice(0, -1).every((f) => !f.done)).toBe(true);
    expect(feeds.at(-1)).toEqual(last);
    expect(counter.remaining).toBe(0);
  });

  it('counts whole lines plus CRLF until the end is near', () => {
    const counter = new OctetCounter(100);
    expect(counter.feed('0123456789')).toEqual({ done: false });
    expect(counter.remaining).toBe(88);
  });
});

describe('trailingLiteral', () => {
  it.each([
    ['A1 LOGIN {5}', { size: 5, nonSync: false }],
    ['A1 APPEND INBOX {310+}', { size: 310, nonSync: true }],
    ['A1 APPEND INBOX ~{3}', { size: 3, nonSync: false }],
    ['A1 NOOP', undefined],
    ['A1 LOGIN {5} x', undefined],
    ['{99999999999999999999}', undefined],
  ])('%s', (line, expected) => {
    expect(trailingLiteral(line)).toEqual(expected);
  });
});
