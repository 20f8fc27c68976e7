import { describe, expect, it } from 'vitest';
import { fetchItemResponseName } from '../../../../src/protocols/imap/fetch-items.js';
import { MAX_QUOTED_OCTETS } from '../../../../src/protocols/imap/limits.js';
import { parseCommand } from '../../../../src/protocols/imap/parser.js';
import {
  type ImapValue,
  atom,
  continuation,
  literal,
  raw,
  serializeResponse,
  serializeResponseParts,
  serializeResponses,
  serializeValue,
  tagged,
  untagged,
  untaggedStatus,
  wire as wireBytes,
} from '../../../../src/protocols/imap/response.js';

const wire = (b: Buffer) => b.toString('latin1');

describe('serializeValue', () => {
  it.each<[string, ImapValue, string]>([
    ['NIL', null, 'NIL'],
    ['number', 42, '42'],
    ['zero', 0, '0'],
    ['atom', atom('\\Seen'), '\\Seen'],
    ['empty string', '', '""'],
    ['plain string', 'hello world', '"hello world"'],
    ['escaped quote and backslash', 'say "hi" \\o/', '"say \\"hi\\" \\\\o/"'],
    ['CRLF forces a literal', 'a\r\nb', '{4}\r\na\r\nb'],
    ['bare LF forces a literal', 'a\nb', '{3}\r\na\nb'],
    ['8-bit forces a literal (octets counted)', 'Grüße', '{7}\r\nGr\xc3\xbc\xc3\x9fe'],
    ['NUL forces a literal', 'a\0b', '{3}\r\na\0b'],
    [`${MAX_QUOTED_OCTETS} octets stay quoted`, 'q'.repeat(MAX_QUOTED_OCTETS), `"${'q'.repeat(MAX_QUOTED_OCTETS)}"`],
    [`${MAX_QUOTED_OCTETS + 1} octets become a literal`, 'q'.repeat(MAX_QUOTED_OCTETS + 1), `{${MAX_QUOTED_OCTETS + 1}}\r\n${'q'.repeat(MAX_QUOTED_OCTETS + 1)}`],
    ['Buffer is always a literal', Buffer.from('hi'), '{2}\r\nhi'],
    ['forced literal', literal('x'), '{1}\r\nx'],
    ['raw', raw('BODY[HEADER.FIELDS (SUBJECT)]<0>'), 'BODY[HEADER.FIELDS (SUBJECT)]<0>'],
    ['list', [atom('\\Seen'), atom('\\Answered')], '(\\Seen \\Answered)'],
    ['empty list', [], '()'],
    ['nested', [null, 'x', [1, [atom('A')]]], '(NIL "x" (1 (A)))'],
  ])('%s', (_name, value, expected) => {
    expect(wire(serializeValue(value))).toBe(expected);
  });

  it('quotes UTF-8 when UTF8=ACCEPT is on', () => {
    expect(serializeValue('Grüße', { utf8: true }).toString('utf8')).toBe('"Grüße"');
    expect(wire(serializeValue('a\r\nb', { utf8: true }))).toBe('{4}\r\na\r\nb');
  });

  it.each([
    ['negative number', () => serializeValue(-1)],
    ['fraction', () => serializeValue(1.5)],
    ['atom with a space', () => atom('a b')],
    ['atom with a paren', () => atom('a(')],
    ['empty atom', () => atom('')],
    ['raw with CRLF', () => raw('a\r\nb')],
  ])('refuses a %s (a server bug, not a reply)', (_name, make) => {
    expect(make).toThrow();
  });
});

describe('serializeResponse', () => {
  it.each([
    ['tagged OK', tagged('A1', 'OK', 'LOGIN completed'), 'A1 OK LOGIN completed\r\n'],
    ['tagged NO with a code', tagged('A2', 'NO', 'Message too big', 'TOOBIG'), 'A2 NO [TOOBIG] Message too big\r\n'],
    [
      'tagged OK with code arguments',
      tagged('A3', 'OK', 'Done', { name: 'COPYUID', args: [38505, atom('304,319:320'), atom('3956:3958')] }),
      'A3 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n',
    ],
    [
      'a code with a list',
      untaggedStatus('OK', 'Limited', { name: 'PERMANENTFLAGS', args: [[atom('\\Deleted'), atom('\\Seen'), atom('\\*')]] }),
      '* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n',
    ],
    ['BADCHARSET with astrings', tagged('a', 'NO', 'x', { name: 'BADCHARSET', args: [['UTF-8', 'US-ASCII']] }), 'a NO [BADCHARSET ("UTF-8" "US-ASCII")] x\r\n'],
    ['untagged BYE', untaggedStatus('BYE', 'Logging out'), '* BYE Logging out\r\n'],
    ['PREAUTH', untaggedStatus('PREAUTH', 'welcome'), '* PREAUTH welcome\r\n'],
    ['a code and no text (RFC 9051)', tagged('a', 'OK', '', 'READ-WRITE'), 'a OK [READ-WRITE]\r\n'],
    ['EXISTS', untagged(3, atom('EXISTS')), '* 3 EXISTS\r\n'],
    ['CAPABILITY', untagged(atom('CAPABILITY'), atom('IMAP4rev1'), atom('AUTH=PLAIN')), '* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n'],
    [
      'LIST with a quoted delimiter and an encoded name',
      untagged(atom('LIST'), [atom('\\HasNoChildren')], '/', 'Entw&APw-rfe'),
      '* LIST (\\HasNoChildren) "/" "Entw&APw-rfe"\r\n',
    ],
    ['SEARCH', untagged(atom('SEARCH'), 2, 3, 7), '* SEARCH 2 3 7\r\n'],
    [
      'FETCH with a body literal',
      untagged(1, atom('FETCH'), [atom('UID'), 7, raw('BODY[TEXT]<0>'), Buffer.from('Hi\r\n'), atom('FLAGS'), [atom('\\Seen')]]),
      '* 1 FETCH (UID 7 BODY[TEXT]<0> {4}\r\nHi\r\n FLAGS (\\Seen))\r\n',
    ],
    ['continuation', continuation('Ready for literal data'), '+ Ready for literal data\r\n'],
    ['empty continuation (AUTHENTICATE)', continuation(), '+ \r\n'],
    ['control characters in text are flattened', tagged('a', 'BAD', 'bad\r\n* OK injected\x1b[31m'), 'a BAD bad * OK injected [31m\r\n'],
  ])('%s', (_name, response, expected) => {
    expect(wire(serializeResponse(response))).toBe(expected);
  });

  it('serializes several responses in order', () => {
    expect(wire(serializeResponses([untagged(1, atom('EXISTS')), tagged('a', 'OK', 'done')]))).toBe(
      '* 1 EXISTS\r\na OK done\r\n',
    );
  });

  it.each(['', 'a b', '+x', 'a\r\n', '*'])('refuses the unusable tag %j', (tag) => {
    expect(() => serializeResponse(tagged(tag, 'BAD', 'x'))).toThrow(/not a usable tag/);
  });
});

describe('fetchItemResponseName', () => {
  it.each([
    ['FLAGS', 'FLAGS'],
    ['RFC822.SIZE', 'RFC822.SIZE'],
    ['BODY.PEEK[]', 'BODY[]'],
    ['BODY[TEXT]<100.50>', 'BODY[TEXT]<100>'],
    ['BODY.PEEK[1.2.MIME]', 'BODY[1.2.MIME]'],
    ['BODY[HEADER.FIELDS (subject "x y" X-A)]', 'BODY[HEADER.FIELDS (subject "x y" X-A)]'],
    ['BODY[3.HEADER.FIELDS.NOT (Received)]', 'BODY[3.HEADER.FIELDS.NOT (Received)]'],
  ])('%s answers as %s', (item, name) => {
    const command = parseCommand(`a FETCH 1 ${item}`);
    if (command.name !== 'FETCH') throw new Error('not FETCH');
    expect(command.args.items.map(fetchItemResponseName)).toEqual([name]);
  });
});

describe('serializeResponseParts', () => {
  it('gives the same bytes as serializeResponse, in pieces, with literal data not copied', () => {
    const data = Buffer.from('Subject: x\r\n\r\nbody\r\n');
    const responses = [
      untagged(1, atom('FETCH'), [atom('UID'), 7, raw('BODY[]'), literal(data)]),
      untagged(2, atom('FETCH'), [atom('ENVELOPE'), wireBytes(Buffer.from('(NIL "s" NIL NIL NIL NIL NIL NIL NIL NIL)'))]),
      tagged('a1', 'OK', 'FETCH completed'),
      untaggedStatus('OK', 'hi', 'READ-WRITE'),
    ];
    for (const r of responses) expect(Buffer.concat(serializeResponseParts(r))).toEqual(serializeResponse(r));
    expect(serializeResponseParts(responses[0]!)).toContain(data);
  });
});
