import { describe, expect, it } from 'vitest';
import { annotateServerLine } from '../../../src/annotate/annotate.js';
import { CITED, server } from './helpers.js';

const smtp = (state = 'greeted', command?: string, index = 0) => server({ protocol: 'smtp', state }, command, { index });

describe('annotateServerLine: SMTP replies in context', () => {
  it.each([
    ['greeting', '220 sandbox.test ESMTP mailproto sandbox', smtp('connected'), ['220 Service ready', 'EHLO'], 'RFC 5321 §4.2, §4.3.1'],
    ['554 greeting', '554 5.7.1 go away', smtp('connected'), ['No SMTP service here'], 'RFC 5321'],
    ['EHLO first line', '250-sandbox.test greets laptop', smtp('connected', 'EHLO laptop'), ['EHLO accepted', 'sandbox.test greets laptop', 'following 250 line'], 'RFC 5321 §4.1.1.1'],
    ['HELO', '250 sandbox.test Hello laptop', smtp('connected', 'HELO laptop'), ['old greeting', 'EHLO'], 'RFC 5321 §4.1.1.1'],
    ['250 after MAIL', '250 2.1.0 Sender <alice@sandbox.test> OK', smtp('greeted', 'MAIL FROM:<alice@sandbox.test>'), ['Sender accepted', 'RCPT TO', '2.1.0'], 'RFC 3463 §3.2'],
    ['250 after RCPT', '250 2.1.5 <bob@sandbox.test> OK', smtp('mail', 'RCPT TO:<bob@sandbox.test>'), ['Recipient accepted', 'DATA', 'Destination address valid'], 'RFC 5321 §3.3, §4.1.1.3'],
    ['550 after RCPT', '550 5.1.1 nobody: no such user', smtp('mail', 'RCPT TO:<nobody@sandbox.test>'), ['Recipient refused', 'Bad destination mailbox address', 'does not exist'], 'RFC 3463 §3.2'],
    ['452 after RCPT', '452 4.5.3 Too many recipients', smtp('rcpt', 'RCPT TO:<x@sandbox.test>'), ['not accepted for now', 'Too many recipients'], 'RFC 3463 §3.6'],
    ['354 after DATA', '354 End data with <CR><LF>.<CR><LF>', smtp('rcpt', 'DATA'), ['send the message now', 'a line holding only "."'], 'RFC 5321 §4.1.1.4, §4.5.2'],
    ['250 after the final "."', '250 2.0.0 OK: queued', smtp('rcpt', '.'), ['Message accepted', 'responsibility'], 'RFC 5321 §4.1.1.4, §6.1'],
    ['250 after RSET', '250 2.0.0 OK: transaction reset', smtp('rcpt', 'RSET'), ['Transaction reset', 'MAIL FROM'], 'RFC 5321 §4.1.1.5'],
    ['552 after the final "."', '552 5.3.4 Message too big', smtp('rcpt', '.'), ['refused', 'Message too big for system'], 'RFC 3463 §3.4'],
    ['221 after QUIT', '221 2.0.0 sandbox.test closing connection', smtp('greeted', 'QUIT'), ['Goodbye', 'closes the connection'], 'RFC 5321 §4.1.1.10'],
    ['421 timeout, no command', '421 4.4.2 sandbox.test Timeout', smtp('greeted'), ['closing the connection', 'Bad connection'], 'RFC 5321 §3.8'],
    ['503 out of order', '503 5.5.1 MAIL first', smtp('greeted', 'RCPT TO:<bob@sandbox.test>'), ['Wrong order', 'Invalid command'], 'RFC 5321 §4.1.4'],
    ['220 after STARTTLS', '220 2.0.0 Ready to start TLS', smtp('greeted', 'STARTTLS'), ['TLS handshake', 'EHLO again'], 'RFC 3207 §4'],
    ['235 after AUTH', '235 2.7.0 Authentication successful', smtp('greeted', 'AUTH PLAIN'), ['Logged in', 'MAIL FROM'], 'RFC 4954'],
    ['535 after AUTH', '535 5.7.8 Authentication credentials invalid', smtp('greeted', 'AUTH PLAIN'), ['Login failed', 'Authentication credentials invalid'], 'RFC 4954'],
    ['252 after VRFY', '252 2.5.0 Cannot VRFY user', smtp('greeted', 'VRFY bob'), ['will not say whether the user exists'], 'RFC 5321 §3.5.3'],
    ['unknown code by its digits', '259 odd', smtp('greeted', 'NOOP'), ['259', 'Positive completion'], 'RFC 5321 §4.2.1'],
  ])('%s: %j', (_name, line, ctx, words, rfc) => {
    const notes = annotateServerLine(line, ctx);
    expect(notes.length).toBeGreaterThan(0);
    const first = notes[0] ?? '';
    expect(first.startsWith(line.slice(0, 3))).toBe(true);
    for (const w of words) expect(first.toLowerCase()).toContain(w.toLowerCase());
    expect(first).toMatch(CITED);
    expect(first).toContain(rfc);
  });

  it.each([
    ['334 VXNlcm5hbWU6', 'AUTH LOGIN', /asks for your user name \("Username:"\)/, 'draft-murchison-sasl-login'],
    ['334 UGFzc3dvcmQ6', 'AUTH LOGIN', /asks for your password \("Password:"\)/, 'RFC 4954 §4'],
    ['334 PDEyMzQ1LjY3OEBzYW5kYm94LnRlc3Q+', 'AUTH CRAM-MD5', /CRAM-MD5 challenge "<12345\.678@sandbox\.test>".*HMAC-MD5/, 'RFC 2195 §2'],
    ['334', 'AUTH PLAIN', /waits for your credentials.*\\0user\\0password/, 'RFC 4616 §2'],
    ['334 not*base64', 'AUTH LOGIN', /is not base64/, 'RFC 4954 §4'],
    ['334 AAECAwQ=', 'AUTH SCRAM-SHA-256', /5 octets of binary data/, 'RFC 4954 §4'],
  ])('decodes the SASL challenge %j', (line, command, words, rfc) => {
    const [first] = annotateServerLine(line, smtp('greeted', command));
    expect(first).toMatch(/^334 /);
    expect(first).toMatch(words);
    expect(first).toContain('send * to cancel');
    expect(first).toContain(rfc);
  });

  it('explains each EHLO keyword line, one note per line', () => {
    const reply = [
      '250-sandbox.test greets laptop',
      '250-SIZE 10485760',
      '250-8BITMIME',
      '250-PIPELINING',
      '250-ENHANCEDSTATUSCODES',
      '250-STARTTLS',
      '250-AUTH PLAIN LOGIN CRAM-MD5',
      '250-XFROBNICATE',
      '250 HELP',
    ];
    const notes = reply.map((line, index) => annotateServerLine(line, smtp('connected', 'EHLO laptop', index)));
    for (const n of notes) expect(n).toHaveLength(1);
    const text = notes.map((n) => n[0] ?? '');
    expect(text[1]).toMatch(/^SIZE: .*10485760 octets \(about 10 MiB\).*\(RFC 1870\)$/);
    expect(text[2]).toMatch(/^8BITMIME: .*8-bit/);
    expect(text[3]).toMatch(/^PIPELINING: .*\(RFC 2920\)$/);
    expect(text[5]).toMatch(/^STARTTLS: .*EHLO again.*\(RFC 3207\)$/);
    expect(text[6]).toContain('Mechanisms offered: PLAIN, LOGIN, CRAM-MD5');
    expect(text[7]).toMatch(/does not know.*private/);
    expect(text[8]).toMatch(/^HELP: /);
  });

  it('explains a multi-line reply on its first line; each later line says where it stands in the reply', () => {
    const [first] = annotateServerLine('550-5.1.1 The account does not exist.', smtp('mail', 'RCPT TO:<x@y.org>', 0));
    expect(first).toMatch(/^550 5\.1\.1 Recipient refused/);
    expect(annotateServerLine('550-5.1.1 More text.', smtp('mail', 'RCPT TO:<x@y.org>', 1))).toEqual([
      'More of the 550 reply above: a "-" after the code means another line follows (RFC 5321 §4.2.1)',
    ]);
    expect(annotateServerLine('550 5.1.1 Please check the address.', smtp('mail', 'RCPT TO:<x@y.org>', 2))).toEqual([
      'The last line of the 550 reply: a space after the code ends a multi-line reply (RFC 5321 §4.2.1)',
    ]);
    expect(annotateServerLine('214 End of HELP', smtp('greeted', 'HELP', 3))).toEqual(['The last line of the 214 reply: a space after the code ends a multi-line reply (RFC 5321 §4.2.1)']);
  });

  it('warns when the basic and enhanced codes disagree', () => {
    const notes = annotateServerLine('250 5.1.1 odd', smtp('greeted', 'NOOP'));
    expect(notes).toHaveLength(2);
    expect(notes[1]).toMatch(/^Warning: 250 and 5\.1\.1 disagree.*\(RFC 2034 §4\)$/);
    expect(annotateServerLine('250 2.0.0 OK', smtp('greeted', 'NOOP'))).toHaveLength(1);
  });

  it('says so when a line is not an SMTP reply', () => {
    expect(annotateServerLine('hello there', smtp())).toEqual([expect.stringMatching(/^Not an SMTP reply.*\(RFC 5321 §4\.2\)$/)]);
    expect(annotateServerLine('600 nope', smtp())[0]).toMatch(/not an SMTP reply code/);
    expect(annotateServerLine('', smtp())).toEqual([]);
  });
});
