import { describe, expect, it } from 'vitest';
import { decodeMailboxName, encodeMailboxName, tryDecodeMailboxName } from '../../../../src/protocols/imap/mutf7.js';

describe('modified UTF-7 (RFC 3501 §5.1.3)', () => {
  it.each([
    ['INBOX', 'INBOX'],
    ['Entwürfe', 'Entw&APw-rfe'],
    ['&', '&-'],
    ['Tom & Jerry', 'Tom &- Jerry'],
    ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
    ['Gelöschte Elemente', 'Gel&APY-schte Elemente'],
    ['Отправленные', '&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-'],
    ['😀 smile', '&2D3eAA- smile'],
    ['a\u0000b', 'a&AAA-b'],
    ['', ''],
  ])('%j <-> %j', (unicode, wire) => {
    expect(encodeMailboxName(unicode)).toBe(wire);
    expect(decodeMailboxName(wire)).toBe(unicode);
  });

  it.each([
    ['Entw&APw', 'never ends with "-"'],
    ['a&AGE-', 'printable ASCII must not be encoded'],
    ['&A/w-', 'cannot appear between "&" and "-"'],
    ['&APx-', 'does not end on a whole UTF-16 character'],
    ['&2D0-', 'broken UTF-16 surrogate pair'],
    ['Entwürfe', 'characters outside printable ASCII must be encoded'],
  ])('%j is refused (%s)', (wire, why) => {
    expect(() => decodeMailboxName(wire)).toThrow(why);
    expect(tryDecodeMailboxName(wire)).toBeNull();
  });
});
