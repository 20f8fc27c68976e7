import { describe, expect, it } from 'vitest';
import { annotateServerLine } from '../../../src/annotate/annotate.js';
import { CITED, server } from './helpers.js';

const pop3 = (state = 'transaction', command?: string, more: { index?: number; inBody?: boolean } = {}) =>
  server({ protocol: 'pop3', state }, command, more);

describe('annotateServerLine: POP3 status lines in context', () => {
  it.each([
    ['greeting', '+OK sandbox.test POP3 ready <1896.697170952@sandbox.test>', pop3('authorization'), ['server ready', 'USER', 'APOP'], 'RFC 1939 §4'],
    ['+OK after USER', '+OK alice is welcome here', pop3('authorization', 'USER alice'), ['now send PASS'], 'RFC 1939 §7'],
    ['+OK after PASS', '+OK Logged in as alice', pop3('authorization', 'PASS <redacted>'), ['Logged in', 'TRANSACTION'], 'RFC 1939 §4, §7'],
    ['+OK after STAT', '+OK 2 320', pop3('transaction', 'STAT'), ['2 messages, 320 octets in all'], 'RFC 1939 §5'],
    ['+OK after STAT, one message', '+OK 1 1', pop3('transaction', 'STAT'), ['1 message, 1 octet in all'], 'RFC 1939 §5'],
    ['+OK after LIST n', '+OK 1 120', pop3('transaction', 'LIST 1'), ['Message 1 is 120 octets'], 'RFC 1939 §5'],
    ['+OK after LIST', '+OK 2 messages (320 octets)', pop3('transaction', 'LIST'), ['scan listing follows'], 'RFC 1939 §5'],
    ['+OK after RETR', '+OK 120 octets', pop3('transaction', 'RETR 1'), ['Message 1 follows (120 octets)', 'holding only "."', 'byte-stuffing'], 'RFC 1939 §3, §5'],
    ['+OK after TOP', '+OK top of message follows', pop3('transaction', 'TOP 2 5'), ['header of message 2', 'first 5 lines'], 'RFC 1939 §7'],
    ['+OK after DELE', '+OK message 1 deleted', pop3('transaction', 'DELE 1'), ['Message 1 is marked as deleted', 'QUIT', 'RSET'], 'RFC 1939 §5'],
    ['+OK after UIDL n', '+OK 2 QhdPYR:00WBw1Ph7x7', pop3('transaction', 'UIDL 2'), ['Message 2 has the unique id "QhdPYR:00WBw1Ph7x7"'], 'RFC 1939 §7'],
    ['+OK after CAPA', '+OK Capability list follows', pop3('authorization', 'CAPA'), ['capability list follows'], 'RFC 2449 §5'],
    ['+OK after STLS', '+OK Begin TLS negotiation', pop3('authorization', 'STLS'), ['TLS handshake', 'CAPA again'], 'RFC 2595 §4'],
    ['+OK after QUIT', '+OK sandbox.test POP3 server signing off (1 message deleted)', pop3('transaction', 'QUIT'), ['Goodbye', 'UPDATE'], 'RFC 1939 §6'],
    ['-ERR after RETR', '-ERR no such message', pop3('transaction', 'RETR 9'), ['-ERR', 'No such message', '"no such message"'], 'RFC 1939 §5'],
    ['-ERR after PASS', '-ERR Authentication failed', pop3('authorization', 'PASS <redacted>'), ['Login failed'], 'RFC 1939 §7'],
  ])('%s: %j', (_name, line, ctx, words, rfc) => {
    const [first, ...rest] = annotateServerLine(line, ctx);
    expect(rest).toEqual([]);
    expect(first?.startsWith(line.startsWith('+') ? '+OK ' : '-ERR ')).toBe(true);
    for (const w of words) expect(first).toContain(w);
    expect(first).toMatch(CITED);
    expect(first).toContain(rfc);
  });

  it.each([
    ['-ERR [IN-USE] Mailbox locked', 'PASS <redacted>', /^\[IN-USE\] .*maildrop is locked.*\(RFC 2449 §8\.1\.2, §8\)$/],
    ['-ERR [LOGIN-DELAY] wait', 'PASS <redacted>', /^\[LOGIN-DELAY\] .*too recently.*\(RFC 2449 §8\.1\.1, §8\)$/],
    ['-ERR [SYS/TEMP] try later', 'RETR 1', /^\[SYS\/TEMP\] .*temporary.*\(RFC 3206 §4; RFC 2449 §8\)$/],
    ['-ERR [SYS/PERM] broken', 'RETR 1', /^\[SYS\/PERM\] .*administrators.*\(RFC 3206 §4; RFC 2449 §8\)$/],
    ['-ERR [SYS/OTHER] odd', 'RETR 1', /^\[SYS\/OTHER\] \("SYS\/OTHER" is a detail of SYS\) A system error/],
    ['-ERR [AUTH] Authentication failed', 'PASS <redacted>', /^\[AUTH\] .*credentials.*\(RFC 3206 §5; RFC 2449 §8\)$/],
    ['-ERR [X-WEIRD] hmm', 'PASS <redacted>', /^\[X-WEIRD\] is a response code this tool does not know.*\(RFC 2449 §8\)$/],
    ['+OK [IN-USE] odd', 'PASS <redacted>', /It is defined for -ERR replies only/],
  ])('explains the response code in %j', (line, command, expected) => {
    const notes = annotateServerLine(line, pop3('authorization', command));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(line.startsWith('-') ? /says why/ : /^\+OK/);
    expect(notes[1]).toMatch(expected);
  });

  it('explains CAPA lines one by one', () => {
    const caps = ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER', 'USER', 'SASL PLAIN LOGIN CRAM-MD5', 'STLS', 'IMPLEMENTATION mailproto-sandbox', 'XFOO'];
    const notes = caps.map((line, i) => annotateServerLine(line, pop3('authorization', 'CAPA', { index: i + 1, inBody: true })));
    for (const n of notes) expect(n).toHaveLength(1);
    const text = notes.map((n) => n[0] ?? '');
    expect(text[0]).toMatch(/^TOP: .*\(RFC 2449 §6\.1\)$/);
    expect(text[3]).toMatch(/^AUTH-RESP-CODE: .*\[AUTH\].*\(RFC 3206 §6\)$/);
    expect(text[5]).toMatch(/^EXPIRE: .*Here: never\./);
    expect(text[7]).toContain('Mechanisms offered: PLAIN, LOGIN, CRAM-MD5');
    expect(text[8]).toMatch(/^STLS: .*\(RFC 2595 §4\)$/);
    expect(text[9]).toContain('Here: mailproto-sandbox.');
    expect(text[10]).toMatch(/does not know.*private/);
  });

  it('explains LIST and UIDL listing lines and the final "."', () => {
    expect(annotateServerLine('1 120', pop3('transaction', 'LIST', { index: 1, inBody: true }))).toEqual(['Message 1 is 120 octets (RFC 1939 §5)']);
    expect(annotateServerLine('2 QhdPYR:00WBw1Ph7x7', pop3('transaction', 'UIDL', { index: 2, inBody: true }))[0]).toMatch(
      /^Message 2 has the unique id "QhdPYR:00WBw1Ph7x7", the same in every session \(RFC 1939 §7\)$/,
    );
    expect(annotateServerLine('.', pop3('transaction', 'LIST', { index: 3 }))[0]).toMatch(/end of the list.*\(RFC 1939 §3\)$/);
    expect(annotateServerLine('.', pop3('transaction', 'RETR 1', { index: 9 }))[0]).toMatch(/end of the message/);
  });

  it('does not annotate message content line by line', () => {
    for (const line of ['Subject: 1 120', 'From: alice@sandbox.test', '', '..leading dot', '+OK this is body text']) {
      expect(annotateServerLine(line, pop3('transaction', 'RETR 1', { index: 3, inBody: true }))).toEqual([]);
      expect(annotateServerLine(line, pop3('transaction', 'TOP 1 5', { index: 3, inBody: true }))).toEqual([]);
    }
  });

  it.each([
    ['+ VXNlcm5hbWU6', 'AUTH LOGIN', /^\+ The server asks for your user name \("Username:"\).*\(RFC 5034 §4; draft-murchison-sasl-login\)$/],
    ['+ ', 'AUTH PLAIN', /^\+ The server waits for your credentials.*\(RFC 5034 §4; RFC 4616 §2\)$/],
    ['+ PDEuMkBzYW5kYm94LnRlc3Q+', 'AUTH CRAM-MD5', /CRAM-MD5 challenge "<1\.2@sandbox\.test>".*\(RFC 5034 §4; RFC 2195 §2\)$/],
  ])('decodes the SASL challenge %j', (line, command, expected) => {
    expect(annotateServerLine(line, pop3('authorization', command))).toEqual([expect.stringMatching(expected)]);
  });

  it('tells an unsolicited -ERR from the greeting', () => {
    expect(annotateServerLine('-ERR [SYS/TEMP] Disconnected for inactivity', pop3('transaction'))[0]).toMatch(/reports a problem/);
    expect(annotateServerLine('-ERR go away', pop3('authorization'))[0]).toMatch(/will not serve this connection/);
  });
});
