import { describe, expect, it } from 'vitest';
import { checkClientLine, startsWithImapCommand } from '../../../src/annotate/annotate.js';
import { CITED, client, type Facts } from './helpers.js';

const check = (f: Facts, line: string, more: Parameters<typeof client>[1] = {}) => checkClientLine(line, client(f, more));

describe('checkClientLine: SMTP', () => {
  it.each([
    ['connected', 'MAIL FROM:<alice@sandbox.test>', /^MAIL before EHLO: greet the server first with EHLO/, 'RFC 5321 §4.1.4'],
    ['connected', 'AUTH PLAIN <redacted>', /^AUTH before EHLO/, 'RFC 5321 §4.1.4'],
    ['greeted', 'RCPT TO:<bob@sandbox.test>', /^RCPT before MAIL: name the sender first with MAIL FROM:/, 'RFC 5321 §4.1.4'],
    ['greeted', 'DATA', /^DATA needs a sender and a recipient first/, 'RFC 5321 §4.1.4'],
    ['mail', 'DATA', /^DATA needs at least one accepted recipient first/, 'RFC 5321 §4.1.4'],
    ['rcpt', 'MAIL FROM:<alice@sandbox.test>', /^A mail transaction is already open/, 'RFC 5321 §4.1.4'],
    ['rcpt', 'STARTTLS', /^STARTTLS is not allowed inside a mail transaction/, 'RFC 5321 §4.1.4'],
    ['mail', 'RCPT TO:bob', /^Put the address in angle brackets: RCPT TO:<bob>/, 'RFC 5321 §4.1.2'],
    ['greeted', 'MAIL FROM:alice@sandbox.test SIZE=10', /^Put the address in angle brackets: MAIL FROM:<alice@sandbox\.test>/, 'RFC 5321 §4.1.2'],
    ['mail', 'RCPT bob@sandbox.test', /^Write RCPT as RCPT TO:<bob@example\.org>/, 'RFC 5321 §4.1.1.3'],
    ['greeted', 'MAIL TO:<alice@sandbox.test>', /^MAIL takes FROM: and RCPT takes TO:/, 'RFC 5321'],
    ['connected', 'EHLO', /^EHLO needs your host name/, 'RFC 5321 §4.1.1.1'],
    ['greeted', 'TURN', /^TURN is a historic command/, 'RFC 5321 Appendix F'],
  ])('in %s, %j', (state, line, expected, rfc) => {
    const [first] = check({ protocol: 'smtp', state }, line);
    expect(first).toMatch(expected);
    expect(first).toMatch(CITED);
    expect(first).toContain(rfc);
  });

  it.each([
    ['connected', 'EHLO laptop'],
    ['greeted', 'MAIL FROM:<alice@sandbox.test> SIZE=100'],
    ['greeted', 'MAIL FROM:<>'],
    ['mail', 'RCPT TO: <bob@sandbox.test>'],
    ['rcpt', 'DATA'],
    ['rcpt', '.'],
    ['greeted', 'NOOP'],
    ['mail', 'RSET'],
    ['greeted', 'XYZZY plugh'],
  ])('finds nothing wrong in %s with %j', (state, line) => {
    expect(check({ protocol: 'smtp', state }, line)).toEqual([]);
  });

  it('warns about AUTH without TLS only when the server is remote and TLS is off', () => {
    const remote = { protocol: 'smtp', state: 'greeted', loopback: false } as const;
    expect(check(remote, 'AUTH PLAIN <redacted>')[0]).toMatch(/^AUTH without TLS to a server that is not on this machine.*STARTTLS.*\(RFC 3207 §4; RFC 4954 §4\)$/);
    expect(check(remote, 'AUTH LOGIN')).toHaveLength(1);
    expect(check(remote, 'AUTH CRAM-MD5')).toEqual([]);
    expect(check({ ...remote, secure: true }, 'AUTH PLAIN <redacted>')).toEqual([]);
    expect(check({ ...remote, loopback: true }, 'AUTH PLAIN <redacted>')).toEqual([]);
  });

  it('notes when the server did not offer AUTH', () => {
    expect(check({ protocol: 'smtp', state: 'greeted', capabilities: ['SIZE', 'STARTTLS'] }, 'AUTH PLAIN <redacted>')[0]).toMatch(/did not list AUTH.*after STARTTLS/);
    expect(check({ protocol: 'smtp', state: 'greeted', capabilities: ['SIZE', 'AUTH'] }, 'AUTH PLAIN <redacted>')).toEqual([]);
  });

  it.each(['.hidden line', '..hidden line', '. starts with a dot'])('explains dot-stuffing for the message line %j', (line) => {
    const [first] = check({ protocol: 'smtp', state: 'data' }, line, { inData: true });
    expect(first).toMatch(/starts with "\.".*one more "\.".*Only a line holding just "\." ends the message \(RFC 5321 §4\.5\.2\)$/);
  });

  it.each(['QUIT', 'RCPT TO:<carol@sandbox.test>', 'MAIL FROM:<x@y.org>', 'RSET'])('says %j inside DATA is message text', (line) => {
    expect(check({ protocol: 'smtp', state: 'data' }, line, { inData: true })[0]).toMatch(/^You are inside the message/);
  });

  it.each(['Subject: hello', '', 'Quit smoking today', 'Data is king'])('finds nothing wrong with the message line %j', (line) => {
    expect(check({ protocol: 'smtp', state: 'data' }, line, { inData: true })).toEqual([]);
  });

  it('a lone "." inside the message (:send of a file that holds one) would have ended it: mailproto stuffs it, and says so', () => {
    const [first, ...rest] = check({ protocol: 'smtp', state: 'data' }, '.', { inData: true });
    expect(first).toMatch(/^A line holding only "\." inside the message: sent like that it would end the message here.*sends it as "\.\." \(dot-stuffing\).*\(RFC 5321 §4\.5\.2\)$/);
    expect(rest).toEqual([]);
  });

  it('through a wrapped tool (lines go as typed), a message line starting with "." needed dot-stuffing: the learner is told to double it', () => {
    const [first] = check({ protocol: 'smtp', state: 'data' }, '.hidden line', { inData: true, dotStuffing: 'learner' });
    expect(first).toBe(
      'This message line starts with "." and the tool sends it as typed, without dot-stuffing: the server takes the first "." away, ' +
        'so the line arrives as "hidden line". Type "..hidden line" to keep it; a line holding only "." ends the message (RFC 5321 §4.5.2)',
    );
    expect(check({ protocol: 'smtp', state: 'data' }, '..hidden', { inData: true, dotStuffing: 'learner' })[0]).toMatch(/^You doubled the leading "\." \(dot-stuffing\): the server removes one, and the line arrives as "\.hidden" \(RFC 5321 §4\.5\.2\)$/);
    expect(check({ protocol: 'smtp', state: 'data' }, '.', { inData: true, dotStuffing: 'learner' })).toEqual([]);
  });

  it.each(['.', '.hidden'])('inside BDAT (no dot-stuffing) the message line %j is fine', (line) => {
    expect(check({ protocol: 'smtp', state: 'data' }, line, { inData: true, dotStuffing: 'none' })).toEqual([]);
  });

  it('does not check SASL responses as commands', () => {
    expect(check({ protocol: 'smtp', state: 'connected' }, 'MAIL FROM:<x>', { answering: 'sasl' })).toEqual([]);
  });
});

describe('checkClientLine: POP3', () => {
  it.each([
    ['authorization', 'RETR 1', /^RETR needs a login first: USER <name>, then PASS <password>/, 'RFC 1939 §3'],
    ['authorization', 'STAT', /^STAT needs a login first/, 'RFC 1939 §3'],
    ['transaction', 'USER alice', /^USER is for logging in, and you are logged in already/, 'RFC 1939 §3'],
    ['transaction', 'RETR', /^RETR needs a message number: RETR 1/, 'RFC 1939 §5'],
    ['transaction', 'DELE x', /^"x" is not a message number/, 'RFC 1939 §5'],
    ['transaction', 'RETR 0', /^Message numbers start at 1, not 0/, 'RFC 1939 §5'],
    ['transaction', 'TOP 1', /^TOP needs two numbers.*TOP 1 10/, 'RFC 1939 §7'],
    ['transaction', 'LAST', /^LAST was removed from POP3.*use UIDL/, 'RFC 1939 §7'],
  ])('in %s, %j', (state, line, expected, rfc) => {
    const [first] = check({ protocol: 'pop3', state }, line);
    expect(first).toMatch(expected);
    expect(first).toMatch(CITED);
    expect(first).toContain(rfc);
  });

  it.each([
    ['authorization', 'USER alice'],
    ['authorization', 'CAPA'],
    ['transaction', 'LIST'],
    ['transaction', 'LIST 2'],
    ['transaction', 'TOP 1 0'],
    ['transaction', 'QUIT'],
    ['transaction', 'HELLO'],
  ])('finds nothing wrong in %s with %j', (state, line) => {
    expect(check({ protocol: 'pop3', state }, line)).toEqual([]);
  });

  it('warns about USER, PASS and AUTH PLAIN before STLS on a remote server', () => {
    const remote = { protocol: 'pop3', state: 'authorization', loopback: false } as const;
    for (const line of ['USER alice', 'PASS <redacted>', 'AUTH PLAIN <redacted>', 'AUTH LOGIN']) {
      expect(check(remote, line).at(-1), line).toMatch(/without TLS.*Send STLS first.*\(RFC 2595 §4\)$/);
    }
    expect(check(remote, 'AUTH CRAM-MD5')).toEqual([]);
    expect(check(remote, 'AUTH')).toEqual([]);
    expect(check({ ...remote, secure: true }, 'USER alice')).toEqual([]);
    expect(check({ ...remote, loopback: true }, 'USER alice')).toEqual([]);
  });
});

describe('checkClientLine: IMAP', () => {
  it.each([
    ['authenticated', 'a1 FETCH 1 FLAGS', /^FETCH works on a selected mailbox: SELECT INBOX \(or EXAMINE it\) first/, 'RFC 3501 §3, §6.4.5'],
    ['not-authenticated', 'a1 FETCH 1 FLAGS', /^FETCH works on a selected mailbox: log in first/, 'RFC 3501 §3'],
    ['not-authenticated', 'a1 SELECT INBOX', /^SELECT needs you to be logged in: LOGIN/, 'RFC 3501 §3, §6.3.1'],
    ['selected', 'a1 LOGIN alice <redacted>', /^You are logged in already: LOGIN is only valid before login/, 'RFC 3501 §3, §6.2.3'],
    ['selected', 'a1 ENABLE CONDSTORE', /^ENABLE is only valid before a mailbox is selected/, 'RFC 5161 §3.1'],
    ['authenticated', 'a1 UID FETCH 1:* FLAGS', /^UID FETCH works on a selected mailbox/, 'RFC 3501 §3, §6.4.8'],
    ['logout', 'a1 NOOP', /^The session is ending/, 'RFC 3501 §3'],
    ['authenticated', 'a SELECT Sent Items', /^A mailbox name with a space must be quoted.*: a SELECT "Sent Items"/, 'RFC 3501 §4.3, §9'],
    ['authenticated', 'a CREATE My Folder', /a CREATE "My Folder"/, 'RFC 3501 §4.3, §9'],
    ['selected', 'a COPY 1:3 Old Mail', /a COPY 1:3 "Old Mail"/, 'RFC 3501 §4.3, §9'],
    ['selected', 'a UID MOVE 7 Old Mail', /a UID MOVE 7 "Old Mail"/, 'RFC 3501 §4.3, §9'],
    ['authenticated', 'a STATUS Old Mail (MESSAGES)', /a STATUS "Old Mail" \(MESSAGES\)/, 'RFC 3501 §4.3, §9'],
    ['authenticated', 'a SELECT', /^SELECT needs a mailbox name: a SELECT INBOX/, 'RFC 3501 §6.3.1'],
    ['selected', 'a FETCH 1:* FLAGS UID', /^Several FETCH items need parentheses: a FETCH 1:\* \(FLAGS UID\)/, 'RFC 3501 §6.4.5'],
    ['not-authenticated', 'LOGN alice secret', /^"LOGN" is read as your tag and "ALICE" as the command: did you mean LOGIN\?/, 'RFC 3501 §2.2.1'],
  ])('in %s, %j', (state, line, expected, rfc) => {
    const [first] = check({ protocol: 'imap', state }, line);
    expect(first).toMatch(expected);
    expect(first).toMatch(CITED);
    expect(first).toContain(rfc);
  });

  it('says a line without a tag needs one, then checks the command', () => {
    const notes = check({ protocol: 'imap', state: 'not-authenticated' }, 'SELECT INBOX');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toBe('No tag: every IMAP command starts with one, e.g. "a1 SELECT INBOX"; without it the server answers BAD (mailproto connect adds A001, A002 ... for you) (RFC 3501 §2.2.1)');
    expect(notes[1]).toMatch(/^SELECT needs you to be logged in/);
  });

  it.each([
    ['selected', 'a1 FETCH 1:* (FLAGS UID)'],
    ['selected', 'a1 FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]'],
    ['selected', 'a1 FETCH 1 FAST'],
    ['authenticated', 'a1 SELECT "Sent Items"'],
    ['authenticated', 'a1 SELECT {10}'],
    ['authenticated', 'a1 LIST "" "*"'],
    ['selected', 'A001 UID FETCH 1:* (FLAGS)'],
    ['not-authenticated', 'a1 LOGIN alice <redacted>'],
    ['selected', 'DONE'],
    ['not-authenticated', 'AGFsaWNlAHBhc3N3b3Jk'],
    ['selected', 'a1 XAPPLEPUSHSERVICE aps-version 2'],
  ])('finds nothing wrong in %s with %j', (state, line) => {
    expect(check({ protocol: 'imap', state }, line)).toEqual([]);
  });

  it('warns about LOGIN and AUTHENTICATE PLAIN before STARTTLS on a remote server', () => {
    const remote = { protocol: 'imap', state: 'not-authenticated', loopback: false } as const;
    expect(check(remote, 'a1 LOGIN alice <redacted>')[0]).toMatch(/^LOGIN without TLS.*Send STARTTLS first.*\(RFC 3501 §6\.2\.3, §11\.1\)$/);
    expect(check(remote, 'a1 AUTHENTICATE PLAIN <redacted>')[0]).toMatch(/^AUTHENTICATE without TLS/);
    expect(check(remote, 'a1 AUTHENTICATE CRAM-MD5')).toEqual([]);
    expect(check({ ...remote, secure: true }, 'a1 LOGIN alice <redacted>')).toEqual([]);
    expect(check({ ...remote, loopback: true }, 'a1 LOGIN alice <redacted>')).toEqual([]);
  });

  it('does not check literal data or continuation answers', () => {
    const f = { protocol: 'imap', state: 'not-authenticated' } as const;
    expect(check(f, 'SELECT Sent Items', { inData: true })).toEqual([]);
    expect(check(f, 'SELECT Sent Items', { answering: 'literal' })).toEqual([]);
  });
});

describe('startsWithImapCommand', () => {
  it.each([
    ['SELECT INBOX', true],
    ['select inbox', true],
    ['  capability', true],
    ['UID FETCH 1:* FLAGS', true],
    ['LOGOUT', true],
    ['a1 SELECT INBOX', false],
    ['A001 LOGIN alice x', false],
    ['DONE', false],
    ['', false],
    ['* OK', false],
  ])('%j → %s', (line, expected) => {
    expect(startsWithImapCommand(line)).toBe(expected);
  });
});
