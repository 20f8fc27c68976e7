import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, parseDate, parseDateTime } from '../../../../src/protocols/imap/dates.js';

describe('dates', () => {
  it.each([
    ['1-Feb-1994', { year: 1994, month: 2, day: 1 }],
    ['01-feb-1994', { year: 1994, month: 2, day: 1 }],
    ['29-Feb-2024', { year: 2024, month: 2, day: 29 }],
  ])('parseDate(%j)', (text, expected) => {
    expect(parseDate(text)).toEqual(expected);
  });

  it.each([
    ['29-Feb-2023', 'Feb 2023 has no day 29'],
    ['1-Febr-1994', 'expected a date like 1-Feb-1994'],
    ['1994-02-01', 'expected a date like 1-Feb-1994'],
  ])('parseDate(%j) is refused', (text, message) => {
    expect(() => parseDate(text)).toThrow(message);
  });

  it.each([
    ['17-Jul-1996 02:44:25 -0700', '1996-07-17T09:44:25.000Z', -420],
    [' 1-Jan-2000 00:00:00 +0000', '2000-01-01T00:00:00.000Z', 0],
    ['1-Jan-2000 05:30:00 +0530', '2000-01-01T00:00:00.000Z', 330],
  ])('parseDateTime(%j)', (text, iso, offset) => {
    const parsed = parseDateTime(text);
    expect(parsed.date.toISOString()).toBe(iso);
    expect(parsed.offsetMinutes).toBe(offset);
  });

  it.each([
    ['17-Jul-1996 24:00:00 +0000', 'has no such time of day'],
    ['17-Jul-1996 02:44:25 +0075', 'is not a time zone offset'],
    ['17-Jul-1996 02:44 +0000', 'expected a date-time like'],
  ])('parseDateTime(%j) is refused', (text, message) => {
    expect(() => parseDateTime(text)).toThrow(message);
  });

  it.each([
    ['1996-07-17T09:44:25Z', -420, '17-Jul-1996 02:44:25 -0700'],
    ['2000-01-01T00:00:00Z', 0, ' 1-Jan-2000 00:00:00 +0000'],
    ['2000-01-01T00:00:00Z', 330, ' 1-Jan-2000 05:30:00 +0530'],
  ])('formatDateTime(%s, %i)', (iso, offset, text) => {
    expect(formatDateTime(new Date(iso), offset)).toBe(text);
    const back = parseDateTime(text);
    expect(back.date.toISOString()).toBe(new Date(iso).toISOString());
  });

  it('formatDate', () => {
    expect(formatDate({ year: 1994, month: 2, day: 1 })).toBe('1-Feb-1994');
  });
});
