import { describe, expect, it } from 'vitest';
import { topOf } from '../../../../src/server/pop3/handlers/transaction.js';

const MSG = 'From: a@x\r\nSubject: s\r\n\r\nline 1\r\nline 2\r\nline 3\r\n';
const HEADERS = 'From: a@x\r\nSubject: s\r\n\r\n';

describe('topOf (RFC 1939 §7 TOP: the headers, the blank line, then n body lines)', () => {
  it.each([
    ['0 lines: headers and the blank line', MSG, 0, HEADERS],
    ['1 line', MSG, 1, `${HEADERS}line 1\r\n`],
    ['2 lines', MSG, 2, `${HEADERS}line 1\r\nline 2\r\n`],
    ['exactly all lines', MSG, 3, MSG],
    ['more lines than the body has: the whole message', MSG, 99, MSG],
    ['a huge count', MSG, 999_999_999, MSG],
    ['a last line without CRLF', `${HEADERS}a\r\nb`, 5, `${HEADERS}a\r\nb`],
    ['a last line without CRLF, cut before it', `${HEADERS}a\r\nb`, 1, `${HEADERS}a\r\n`],
    ['empty body lines count as lines', `${HEADERS}\r\n\r\nx\r\n`, 2, `${HEADERS}\r\n\r\n`],
    ['a blank line in the body is not the separator', `${HEADERS}a\r\n\r\nb\r\n`, 1, `${HEADERS}a\r\n`],
    ['dot lines are returned as they are (stuffing comes later)', `${HEADERS}.\r\n..\r\n`, 1, `${HEADERS}.\r\n`],
    ['no body at all', 'Subject: s\r\n\r\n', 3, 'Subject: s\r\n\r\n'],
    ['headers only, no blank line: the whole message', 'Subject: s\r\n', 0, 'Subject: s\r\n'],
    ['no headers: the message starts with the blank line', '\r\nbody 1\r\nbody 2\r\n', 1, '\r\nbody 1\r\n'],
    ['no headers, 0 lines: only the blank line', '\r\nbody 1\r\nbody 2\r\n', 0, '\r\n'],
    ['empty message', '', 0, ''],
  ])('%s', (_name, input, lines, expected) => {
    expect(topOf(Buffer.from(input), lines).toString()).toBe(expected);
  });
});
