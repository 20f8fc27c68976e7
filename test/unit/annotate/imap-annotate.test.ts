import { describe, expect, it } from 'vitest';
import { annotateServerLine } from '../../../src/annotate/annotate.js';
import { CITED, server } from './helpers.js';

const imap = (state = 'selected', command?: string, more: { index?: number; inBody?: boolean } = {}) =>
  server({ protocol: 'imap', state, ...(state === 'selected' ? { selected: { name: 'INBOX', readOnly: false } } : {}) }, command, more);

/** All notes of one line, joined, for assertions on words. */
const all = (line: string, ctx: ReturnType<typeof imap>) => annotateServerLine(line, ctx).join('\n');

describe('annotateServerLine: IMAP tagged completions', () => {
  it.each([
    ['A003 OK [READ-WRITE] SELECT completed', 'authenticated', 'A003 SELECT INBOX', ['A003 OK: SELECT succeeded', '"INBOX" is open read-write', 'selected state'], 'RFC 3501 §6.3.1'],
    ['A003 OK [READ-ONLY] SELECT completed', 'authenticated', 'A003 SELECT Archive', ['"Archive" is open, but read-only'], 'RFC 3501 §6.3.1'],
    ['A4 OK [READ-ONLY] EXAMINE completed', 'authenticated', 'A4 EXAMINE "Sent Items"', ['"Sent Items" is open read-only', 'not even \\Seen'], 'RFC 3501 §6.3.2'],
    ['A1 OK [CAPABILITY IMAP4rev1 IDLE] LOGIN completed', 'not-authenticated', 'A1 LOGIN alice <redacted>', ['LOGIN succeeded', 'authenticated state', 'SELECT INBOX'], 'RFC 3501 §6.2.3'],
    ['A1 NO [AUTHENTICATIONFAILED] Invalid credentials', 'not-authenticated', 'A1 LOGIN alice <redacted>', ['A1 NO: LOGIN failed', 'still not logged in'], 'RFC 3501 §6.2.3, §7.1.2'],
    ['A2 NO [PRIVACYREQUIRED] LOGIN is disabled', 'not-authenticated', 'A2 LOGIN alice <redacted>', ['LOGIN failed'], 'RFC 3501'],
    ['A5 BAD Unknown command', 'authenticated', 'A5 FROB', ['A5 BAD', 'protocol error', 'authenticated state', '"Unknown command"'], 'RFC 3501 §7.1.3'],
    ['A6 OK CLOSE completed', 'selected', 'A6 CLOSE', ['expunged silently', 'authenticated state'], 'RFC 3501 §6.4.2'],
    ['A7 NO [TRYCREATE] No such mailbox', 'selected', 'A7 COPY 1 Archive', ['COPY failed', 'Nothing was copied'], 'RFC 3501 §6.4.7'],
    ['A8 OK LOGOUT completed', 'selected', 'A8 LOGOUT', ['Logged out', 'closes the connection'], 'RFC 3501 §6.1.3'],
    ['A9 OK Begin TLS negotiation now', 'not-authenticated', 'A9 STARTTLS', ['TLS handshake', 'CAPABILITY again'], 'RFC 3501 §6.2.1'],
    ['A10 OK IDLE terminated', 'selected', 'A10 IDLE', ['IDLE has ended'], 'RFC 2177 §3'],
    ['A11 OK [APPENDUID 3 7] APPEND completed', 'selected', 'A11 APPEND INBOX {310}', ['stored in "INBOX"'], 'RFC 3501 §6.3.11'],
    ['A12 OK UID FETCH completed', 'selected', 'A12 UID FETCH 1:* FLAGS', ['UID FETCH succeeded', 'one FETCH line per message'], 'RFC 3501 §6.4.8'],
  ])('%j', (line, state, command, words, rfc) => {
    const [first] = annotateServerLine(line, imap(state, command));
    for (const w of words) expect(first).toContain(w);
    expect(first).toMatch(CITED);
    expect(first).toContain(rfc);
  });

  it('adds one note for the response code', () => {
    const notes = annotateServerLine('A1 NO [AUTHENTICATIONFAILED] Invalid credentials', imap('not-authenticated', 'A1 LOGIN alice <redacted>'));
    expect(notes).toHaveLength(2);
    expect(notes[1]).toMatch(/^\[AUTHENTICATIONFAILED\] Login failed: wrong user name or password.*\(RFC 5530 §3\)$/);
  });

  it('names the tag when the line is not about the running command', () => {
    expect(annotateServerLine('B7 OK done', imap('selected', 'A1 NOOP'))[0]).toMatch(/^B7 OK: the command tagged B7 succeeded/);
    expect(annotateServerLine('B7 OK done', imap('selected'))[0]).toMatch(/^B7 OK: the command tagged B7 succeeded/);
  });
});

describe('annotateServerLine: IMAP untagged responses', () => {
  it.each([
    ['* 3 EXISTS', 'authenticated', 'A1 SELECT INBOX', /^"INBOX" holds 3 messages, numbered 1 to 3 \(RFC 3501 §7\.3\.1\)$/],
    ['* 1 EXISTS', 'authenticated', 'A1 EXAMINE Archive', /^"Archive" holds 1 message,/],
    ['* 4 EXISTS', 'selected', 'A2 IDLE', /^"INBOX" now holds 4 messages: the count changed/],
    ['* 2 RECENT', 'authenticated', 'A1 SELECT INBOX', /^2 messages are \\Recent: new since the last session/],
    ['* 3 EXPUNGE', 'selected', 'A3 EXPUNGE', /^Message 3 was removed; every later message number moves down by one \(RFC 3501 §7\.4\.1\)$/],
    ['* SEARCH 2 5', 'selected', 'A4 SEARCH UNSEEN', /^Messages 2, 5 match \(2 hits\) \(RFC 3501 §7\.2\.5\)$/],
    ['* SEARCH 42', 'selected', 'A4 UID SEARCH UNSEEN', /^UID 42 matches/],
    ['* SEARCH', 'selected', 'A4 SEARCH FROM nobody', /^No message matches/],
    ['* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)', 'authenticated', 'A1 SELECT INBOX', /\\Deleted \(marked for deletion.*\\Seen \(read\).*\(RFC 3501 §7\.2\.6\)$/],
    ['* OK [UIDVALIDITY 3] UIDs valid', 'authenticated', 'A1 SELECT INBOX', /^\[UIDVALIDITY\] .*Here: 3\..*\(RFC 3501 §7\.1, §2\.3\.1\.1; RFC 9051 §7\.1\)$/],
    ['* OK [UIDNEXT 8] Predicted next UID', 'authenticated', 'A1 SELECT INBOX', /^\[UIDNEXT\] .*Here: 8\./],
    ['* OK [UNSEEN 2] Message 2 is the first unseen', 'authenticated', 'A1 SELECT INBOX', /^\[UNSEEN\] .*Here: message 2\./],
    ['* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Flags', 'authenticated', 'A1 SELECT INBOX', /^\[PERMANENTFLAGS\] .*Here: \\Deleted \\Seen \\\*\./],
    ['* OK [PERMANENTFLAGS ()] No permanent flags permitted', 'authenticated', 'A1 EXAMINE INBOX', /Here: none, nothing can be changed permanently/],
    ['* OK [HIGHESTMODSEQ 715194045007] Highest', 'authenticated', 'A1 SELECT INBOX', /^\[HIGHESTMODSEQ\] .*Here: 715194045007\./],
    ['* OK Still here', 'selected', 'A2 IDLE', /^\* OK Information from the server: "Still here"/],
    ['* NO Disk is 95% full', 'selected', 'A2 NOOP', /^\* NO A warning from the server/],
    ['* BAD Unreadable line', 'selected', undefined, /^\* BAD The server reports a protocol error/],
    ['* PREAUTH Welcome back', 'not-authenticated', undefined, /^\* PREAUTH You are already logged in.*\(RFC 3501 §7\.1\.4\)$/],
    ['* BYE sandbox.test IMAP4rev1 server logging out', 'selected', 'A9 LOGOUT', /^\* BYE The server is logging you out; the tagged OK for LOGOUT follows/],
    ['* BYE Autologout; idle for too long', 'selected', undefined, /^\* BYE The server is closing the connection now: "Autologout/],
    ['* LIST (\\HasNoChildren \\Sent) "." Sent', 'authenticated', 'A1 LIST "" "*"', /^Mailbox "Sent" \(levels separated by "\."\): \\HasNoChildren no child mailboxes; \\Sent special-use: sent messages are kept here \(RFC 3501 §7\.2\.2; RFC 3348; RFC 6154 §2\)$/],
    ['* LIST (\\Noselect) "." ""', 'authenticated', 'A1 LIST "" ""', /^The hierarchy delimiter is "\.": the answer to LIST "" ""/],
    ['* LIST () "/" "Entw&APw-rfe"', 'authenticated', 'A1 LIST "" "*"', /^Mailbox "Entwürfe" \(levels separated by "\/"\) \(RFC 3501 §7\.2\.2\)$/],
    ['* LSUB () "." Archive', 'authenticated', 'A1 LSUB "" "*"', /^Subscribed mailbox "Archive".*\(RFC 3501 §7\.2\.3\)$/],
    ['* STATUS INBOX (MESSAGES 2 UNSEEN 1 UIDNEXT 9)', 'authenticated', 'A1 STATUS INBOX (MESSAGES UNSEEN UIDNEXT)', /^"INBOX": 2 messages, 1 unseen, next UID 9 \(without selecting it\) \(RFC 3501 §7\.2\.4\)$/],
    ['* NAMESPACE (("" ".")) NIL NIL', 'authenticated', 'A1 NAMESPACE', /^Namespaces: personal: prefix "" delimiter "\."; no other users' namespace; no shared namespace \(RFC 2342 §5\)$/],
    ['* ID ("name" "mailproto sandbox" "vendor" "mailproto")', 'authenticated', 'A1 ID NIL', /^The server identifies itself: name "mailproto sandbox", vendor "mailproto" \(RFC 2971 §3\.2\)$/],
    ['* ID NIL', 'authenticated', 'A1 ID NIL', /no identification/],
    ['* ENABLED', 'authenticated', 'A1 ENABLE UTF8=ACCEPT', /^ENABLED lists nothing.*\(RFC 5161 §3\.2\)$/],
    ['* ENABLED CONDSTORE', 'authenticated', 'A1 ENABLE CONDSTORE', /^Now switched on: CONDSTORE/],
    ['* 7 XWEIRD', 'selected', 'A1 NOOP', /does not explain/],
  ])('%j', (line, state, command, expected) => {
    const notes = annotateServerLine(line, imap(state, command));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.join('\n')).toMatch(expected);
  });

  it('explains the greeting and its capabilities', () => {
    const notes = annotateServerLine(
      '* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE STARTTLS LOGINDISABLED] sandbox.test IMAP4rev1 mailproto sandbox ready',
      imap('not-authenticated'),
    );
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^\* OK The server is ready; you are not logged in yet: LOGIN <user> <password> or AUTHENTICATE\. LOGINDISABLED is listed: send STARTTLS first\. \(RFC 3501 §7\.1\.1\)$/);
    expect(notes[1]).toMatch(/^\[CAPABILITY\] .*There are 8: IMAP4rev1 SASL-IR/);
  });

  it('explains a CAPABILITY list with one note per capability', () => {
    const notes = annotateServerLine('* CAPABILITY IMAP4rev1 SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MOVE AUTH=PLAIN APPENDLIMIT=26214400 XFROB', imap('authenticated', 'A1 CAPABILITY'));
    expect(notes).toHaveLength(11);
    expect(notes[0]).toMatch(/^IMAP4rev1: .*\(RFC 3501 §6\.1\.1\)$/);
    expect(notes[4]).toMatch(/^IDLE: .*DONE.*\(RFC 2177 §3\)$/);
    expect(notes[7]).toMatch(/^MOVE: .*\(RFC 6851 §3\)$/);
    expect(notes[8]).toMatch(/^AUTH=PLAIN: AUTHENTICATE accepts this SASL mechanism\. Here: PLAIN\./);
    expect(notes[9]).toMatch(/^APPENDLIMIT=26214400: .*Here: 26214400\./);
    expect(notes[10]).toMatch(/^XFROB: a capability this tool does not know/);
  });
});

describe('annotateServerLine: IMAP FETCH', () => {
  it('says the simple items in one line', () => {
    const [first, ...rest] = annotateServerLine('* 1 FETCH (UID 5 FLAGS (\\Seen) RFC822.SIZE 320 INTERNALDATE "08-Mar-2026 22:00:00 +0100")', imap('selected', 'A1 FETCH 1 FAST'));
    expect(rest).toEqual([]);
    expect(first).toBe('Message 1: UID 5, flags \\Seen (read), 320 octets, arrived 08-Mar-2026 22:00:00 +0100 (RFC 3501 §7.4.2)');
  });

  it('says what STORE and unsolicited FETCH lines mean', () => {
    expect(all('* 2 FETCH (FLAGS (\\Seen \\Deleted))', imap('selected', 'A1 STORE 2 +FLAGS (\\Deleted)'))).toMatch(/^Message 2 now has flags \\Seen \(read\), \\Deleted/);
    expect(all('* 2 FETCH (FLAGS ())', imap('selected', 'A1 NOOP'))).toMatch(/^Message 2 changed: no flags \(unread\)/);
  });

  it('summarises the ENVELOPE: sender, subject (decoded), date', () => {
    const line =
      '* 1 FETCH (ENVELOPE ("Sun, 8 Mar 2026 22:00:00 +0100" "=?UTF-8?Q?R=C3=A9sum=C3=A9?=" (("Alice" NIL "alice" "sandbox.test")) NIL NIL ((NIL NIL "bob" "sandbox.test")) NIL NIL NIL "<x@y>"))';
    expect(annotateServerLine(line, imap('selected', 'A1 FETCH 1 ENVELOPE'))).toEqual([
      'Message 1 envelope: from Alice <alice@sandbox.test>, to bob@sandbox.test, subject "Résumé", date Sun, 8 Mar 2026 22:00:00 +0100 (RFC 3501 §7.4.2)',
    ]);
  });

  it('says that section data follows as a literal, and leaves the literal alone', () => {
    const notes = annotateServerLine('* 1 FETCH (UID 5 BODY[HEADER.FIELDS (SUBJECT FROM)] {342}', imap('selected', 'A1 UID FETCH 5 BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]'));
    expect(notes).toEqual([
      'Message 1: UID 5 (RFC 3501 §7.4.2)',
      'Message 1 BODY[HEADER.FIELDS (SUBJECT FROM)]: 342 octets follow as a literal on the next lines (RFC 3501 §4.3, §7.4.2)',
    ]);
    expect(annotateServerLine('Subject: * 3 EXISTS', imap('selected', 'A1 FETCH 1 BODY[]', { index: 1, inBody: true }))).toEqual([]);
  });

  it('explains the rest of a FETCH response after a literal: the remaining items, another literal, or the closing ")"', () => {
    expect(annotateServerLine(' FLAGS (\\Seen))', imap('selected', 'A1 FETCH 1 BODY[]', { index: 2 }))).toEqual([
      'After the literal the FETCH response goes on: flags \\Seen (read) (RFC 3501 §7.4.2)',
    ]);
    expect(annotateServerLine(' UID 7 BODY[TEXT] {45}', imap('selected', 'A1 UID FETCH 7 (BODY[HEADER] BODY[TEXT])', { index: 4 }))).toEqual([
      'After the literal the FETCH response goes on: UID 7 (RFC 3501 §7.4.2)',
      'The same message BODY[TEXT]: 45 octets follow as a literal on the next lines (RFC 3501 §4.3, §7.4.2)',
    ]);
    expect(annotateServerLine(')', imap('selected', 'A1 FETCH 1 BODY[]', { index: 3 }))).toEqual([
      'The end of this FETCH response: the ")" after the literal closes its list (RFC 3501 §7.4.2)',
    ]);
    expect(annotateServerLine(' "Archive"', imap('authenticated', 'A1 LIST "" *', { index: 2 }))).toEqual([
      'The rest of the response that the literal above interrupted (RFC 3501 §4.3)',
    ]);
  });

  it('shows empty and NIL sections', () => {
    expect(all('* 1 FETCH (BODY[TEXT] "")', imap('selected', 'A1 FETCH 1 BODY[TEXT]'))).toContain('Message 1 BODY[TEXT]: empty');
    expect(all('* 1 FETCH (BODY[9] NIL)', imap('selected', 'A1 FETCH 1 BODY[9]'))).toContain('NIL, there is no such data');
  });
});

describe('annotateServerLine: IMAP continuation requests', () => {
  it.each([
    ['+ Ready for literal data', 'A1 APPEND INBOX (\\Seen) {310}', /^\+ Go ahead: send the literal now, exactly the 310 octets you announced.*\(RFC 3501 §4\.3, §7\.5\)$/],
    ['+ idling', 'A1 IDLE', /^\+ Idling: the server will push updates .*send DONE to stop \(RFC 2177 §3\)$/],
    ['+ ', 'A1 AUTHENTICATE PLAIN', /^\+ The server waits for your credentials.*\(RFC 3501 §6\.2\.2; RFC 4616 §2\)$/],
    ['+ VXNlcm5hbWU6', 'A1 AUTHENTICATE LOGIN', /^\+ The server asks for your user name \("Username:"\)/],
    ['+', 'A1 LOGIN {5}', /exactly the 5 octets/],
  ])('%j after %j', (line, command, expected) => {
    expect(annotateServerLine(line, imap('not-authenticated', command))).toEqual([expect.stringMatching(expected)]);
  });
});
