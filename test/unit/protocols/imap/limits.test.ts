import { describe, expect, it } from 'vitest';
import * as limits from '../../../../src/protocols/imap/limits.js';

// Each limit's behaviour is tested where it is enforced (framer, parser, serializer tests);
// this pins the values that security.md and the RFCs name, so a change is deliberate.
describe('IMAP limits', () => {
  it.each([
    ['MAX_LINE_OCTETS', 65_536], // security.md 17
    ['MAX_LITERAL_OCTETS', 65_536],
    ['MAX_APPEND_OCTETS', 25 * 1024 * 1024],
    ['MAX_NONSYNC_LITERAL', 4096], // RFC 7888 LITERAL-
    ['MAX_COMMAND_OCTETS', 1024 * 1024],
    ['MAX_BAD_BEFORE_LOGIN', 3], // security.md 19
    ['MAX_QUOTED_OCTETS', 1024],
    ['MAX_ID_FIELD_OCTETS', 30], // RFC 2971 §3.3
    ['MAX_ID_VALUE_OCTETS', 1024],
    ['MAX_ID_PAIRS', 30],
    ['MAX_SEARCH_DEPTH', 64],
  ])('%s is %i', (name, value) => {
    expect(limits[name as keyof typeof limits]).toBe(value);
  });
});
