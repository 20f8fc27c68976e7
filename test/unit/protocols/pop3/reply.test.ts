import { describe, expect, it } from 'vitest';
import { err, ok, parseReplyText, serializeReply, statusLine, stuffMessage, type Pop3Reply } from '../../../../src/protocols/pop3/reply.js';

const wire = (b: Buffer): string => b.toString('latin1');

/** What a client does (RFC 1939 §3): read lines up to the lone ".", dropping one leading dot from the others. */
function unstuff(stuffed: string): string {
  expect(stuffed.endsWith('\r\n.\r\n') || stuffed === '.\r\n').toBe(true);
  const lines = stuffed.slice(0, -3).split('\r\n').slice(0, -1);
  return lines.map((l) => (l.startsWith('.') ? l.slice(1) : l)).join('\r\n') + (lines.length ? '\r\n' : '');
}

describe('stuffMessage (RFC 1939 §3 byte-stuffing)', () => {
  it.each([
    ['empty message', '', '.\r\n'],
    ['plain lines', 'a\r\nb\r\n', 'a\r\nb\r\n.\r\n'],
    ['leading dot on the first line', '.hidden\r\n', '..hidden\r\n.\r\n'],
    ['a lone dot inside', 'a\r\n.\r\nb\r\n', 'a\r\n..\r\nb\r\n.\r\n'],
    ['dots after every CRLF', '.\r\n..\r\n...\r\n', '..\r\n...\r\n....\r\n.\r\n'],
    ['dot not at line start is left alone', 'a.b\r\n x.\r\n', 'a.b\r\n x.\r\n.\r\n'],
    ['a dot after a bare CR is not a line start', 'a\r.b\r\n', 'a\r.b\r\n.\r\n'],
    ['no final CRLF: one is added before the terminator', 'a\r\nlast', 'a\r\nlast\r\n.\r\n'],
    ['no final CRLF and a dot line last', 'a\r\n.x', 'a\r\n..x\r\n.\r\n'],
    ['a single character', 'x', 'x\r\n.\r\n'],
    ['a single dot', '.', '..\r\n.\r\n'],
    ['ends with a bare CR', 'a\r', 'a\r\r\n.\r\n'],
  ])('%s', (_name, input, expected) => {
    expect(wire(stuffMessage(Buffer.from(input, 'latin1')))).toBe(expected);
  });

  it.each([
    ['dots everywhere', '.\r\n.\r\n..\r\nSubject: x\r\n\r\n.\r\n'],
    ['8-bit octets', 'h\xe9\xff\r\n.\xe9\r\n'],
    ['an "end of data" inside', 'one\r\n.\r\ntwo\r\n'],
  ])('round-trips exactly through a client: %s', (_name, input) => {
    expect(unstuff(wire(stuffMessage(Buffer.from(input, 'latin1'))))).toBe(input);
  });

  it('does not copy the input: the message is reused in the output', () => {
    const big = Buffer.alloc(100_000, 'a');
    big.write('\r\n', 50_000);
    const out = stuffMessage(Buffer.concat([big, Buffer.from('\r\n')]));
    expect(out.length).toBe(100_002 + 3);
  });
});

describe('statusLine and serializeReply', () => {
  it.each<[string, Pop3Reply, string]>([
    ['+OK with text', ok('2 320'), '+OK 2 320\r\n'],
    ['+OK without text', ok(''), '+OK\r\n'],
    ['-ERR with text', err('no such message'), '-ERR no such message\r\n'],
    ['-ERR with a response code', err('maildrop locked', 'IN-USE'), '-ERR [IN-USE] maildrop locked\r\n'],
    ['a hierarchical response code', err('disk on fire', 'SYS/TEMP'), '-ERR [SYS/TEMP] disk on fire\r\n'],
    ['a code without text', err('', 'AUTH'), '-ERR [AUTH]\r\n'],
    ['§ becomes "section" on the wire', err('see RFC 1939 §7'), '-ERR see RFC 1939 section 7\r\n'],
    ['non-ASCII becomes ?', ok('caf\u00e9'), '+OK caf?\r\n'],
  ])('%s', (_name, reply, expected) => {
    expect(wire(serializeReply(reply))).toBe(expected);
    expect(statusLine(reply) + '\r\n').toBe(expected);
  });

  it.each<[string, Pop3Reply, string]>([
    ['an empty list', ok('0 messages', []), '+OK 0 messages\r\n.\r\n'],
    ['a scan listing', ok('2 messages', ['1 120', '2 200']), '+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n'],
    ['list lines starting with "." are stuffed', ok('x', ['.', '.a', 'b.']), '+OK x\r\n..\r\n..a\r\nb.\r\n.\r\n'],
    ['a message body', ok('7 octets', Buffer.from('.a\r\nb\r\n')), '+OK 7 octets\r\n..a\r\nb\r\n.\r\n'],
    ['an empty message body', ok('0 octets', Buffer.alloc(0)), '+OK 0 octets\r\n.\r\n'],
    ['-ERR never carries a body', err('no'), '-ERR no\r\n'],
  ])('multi-line: %s', (_name, reply, expected) => {
    expect(wire(serializeReply(reply))).toBe(expected);
  });
});

describe('parseReplyText (the reply of a --fault)', () => {
  it.each<[string, { ok: boolean; code: string | undefined; text: string }, string]>([
    ['-ERR [IN-USE] Mailbox locked', { ok: false, code: 'IN-USE', text: 'Mailbox locked' }, '-ERR [IN-USE] Mailbox locked'],
    ['-ERR [SYS/TEMP] disk on fire', { ok: false, code: 'SYS/TEMP', text: 'disk on fire' }, '-ERR [SYS/TEMP] disk on fire'],
    ['-ERR [LOGIN-DELAY]', { ok: false, code: 'LOGIN-DELAY', text: '' }, '-ERR [LOGIN-DELAY]'],
    ['-ERR plain failure', { ok: false, code: undefined, text: 'plain failure' }, '-ERR plain failure'],
    ['-ERR', { ok: false, code: undefined, text: '' }, '-ERR'],
    ['+OK', { ok: true, code: undefined, text: '' }, '+OK'],
    ['+OK 0 0', { ok: true, code: undefined, text: '0 0' }, '+OK 0 0'],
    ['  -ERR [AUTH] nope  ', { ok: false, code: 'AUTH', text: 'nope' }, '-ERR [AUTH] nope'],
    ['-ERR [unclosed code', { ok: false, code: undefined, text: '[unclosed code' }, '-ERR [unclosed code'],
  ])('%j', (text, expected, onWire) => {
    const r = parseReplyText(text);
    expect({ ok: r.ok, code: r.code, text: r.text }).toEqual(expected);
    expect(statusLine(r)).toBe(onWire);
  });

  it.each([['disk on fire'], ['250 OK'], ['+OKAY'], ['-error']])('%j is not a POP3 status: it becomes -ERR [SYS/TEMP] with the text', (text) => {
    const r = parseReplyText(text);
    expect(statusLine(r)).toBe(`-ERR [SYS/TEMP] ${text}`);
  });
});
