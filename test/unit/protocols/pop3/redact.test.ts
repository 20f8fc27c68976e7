import { describe, expect, it } from 'vitest';
import { redactPop3Line } from '../../../../src/server/pop3/session.js';

describe('redactPop3Line (security.md item 24)', () => {
  it.each([
    ['PASS secret', 'PASS <redacted>'],
    ['pass secret', 'PASS <redacted>'],
    ['PASS with spaces inside', 'PASS <redacted>'],
    ['PASS    ', 'PASS <redacted>'],
    ['PASS\tsecret', 'PASS <redacted>'],
    ['PASS \tsecret', 'PASS <redacted>'],
    [' PASS secret', 'PASS <redacted>'],
    ['PASS\u00a0secret', 'PASS <redacted>'],
    ['APOP alice c4c9334bac560ecc979e58001b3e22fb', 'APOP alice <redacted>'],
    ['APOP\talice\tc4c9334bac560ecc979e58001b3e22fb', 'APOP alice <redacted>'],
    ['AUTH PLAIN AGFsaWNlAHBhc3N3b3Jk', 'AUTH PLAIN <redacted>'],
    ['auth login YWxpY2U=', 'AUTH login <redacted>'],
    ['AUTH PLAIN\tAGFsaWNlAHBhc3N3b3Jk', 'AUTH PLAIN <redacted>'],
    ['AUTH\tPLAIN\tAGFsaWNlAHBhc3N3b3Jk', 'AUTH PLAIN <redacted>'],
    ['AUTH PLAIN =', 'AUTH PLAIN <redacted>'],
  ])('%j → %j', (line, shown) => {
    expect(redactPop3Line(line)).toBe(shown);
  });

  it.each([['PASS'], ['AUTH'], ['AUTH PLAIN'], ['AUTH CRAM-MD5'], ['APOP alice'], ['USER alice'], ['STAT'], ['PASSWORD'], ['RETR 1']])(
    '%j carries no secret: logged as it is',
    (line) => {
      expect(redactPop3Line(line)).toBeUndefined();
    },
  );
});
