/**
 * The IMAP sandbox command by command over a raw socket: what goes on the wire, response codes
 * included (RFC 3501 §7.1, RFC 4315, RFC 5530), for the cases real clients rarely show.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, imap, login, message, openImap, sendAndWait, taggedLine, untaggedLines } from '../../helpers/imap-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sb: TestSandbox;
let c: RawClient;

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => sb?.stop());

beforeEach(async () => {
  c = await openImap(sb.ports.imap!);
  return () => c.close();
});

describe('any state', () => {
  it('greets with the capabilities and answers CAPABILITY, NOOP and LOGOUT', async () => {
    expect(c.text).toBe('* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE STARTTLS AUTH=PLAIN AUTH=LOGIN] sandbox.test IMAP4rev1 mailproto sandbox ready\r\n');
    expect(await imap(c, 'a CAPABILITY')).toBe('* CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE STARTTLS AUTH=PLAIN AUTH=LOGIN\r\na OK CAPABILITY completed\r\n');
    expect(await imap(c, 'b NOOP')).toBe('b OK NOOP completed\r\n');
    expect(await imap(c, 'c LOGOUT')).toBe('* BYE sandbox.test IMAP4rev1 server logging out\r\nc OK LOGOUT completed\r\n');
    await c.waitClosed();
  });

  it('answers ID with its own fields, whatever the client sent', async () => {
    expect(await imap(c, 'a ID ("name" "test" "version" NIL)')).toBe(
      '* ID ("name" "mailproto sandbox" "vendor" "mailproto" "support-url" "https://www.rfc-editor.org/rfc/rfc3501")\r\na OK ID completed\r\n',
    );
    expect(taggedLine(await imap(c, 'b ID NIL'), 'b')).toBe('b OK ID completed');
  });

  it('reports syntax errors as BAD with what was expected, tagged when the tag was readable', async () => {
    expect(await imap(c, 'a LOGIN')).toBe('a BAD expected a user name after LOGIN\r\n');
    expect(await sendAndWait(c, '+ NOOP\r\n', /\r\n$/)).toMatch(/^\* BAD /);
  });
});

describe('authentication', () => {
  it('LOGIN answers with the capabilities of the authenticated state', async () => {
    const text = await imap(c, 'a LOGIN alice password');
    expect(text).toBe('a OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN SPECIAL-USE APPENDLIMIT=10485760] LOGIN completed: logged in as alice\r\n');
    expect(taggedLine(await imap(c, 'b LOGIN alice password'), 'b')).toBe('b BAD LOGIN is only valid before login, and you are logged in');
  });

  it('user names are case-insensitive; a wrong password is AUTHENTICATIONFAILED', async () => {
    expect(taggedLine(await imap(c, 'a LOGIN ALICE wrong'), 'a')).toBe('a NO [AUTHENTICATIONFAILED] Authentication failed: wrong user name or password');
    expect(taggedLine(await imap(c, 'b LOGIN ALICE password'), 'b')).toMatch(/^b OK \[CAPABILITY .*\] LOGIN completed: logged in as alice$/);
  });

  it('AUTHENTICATE PLAIN without an initial response asks with an empty "+"; "*" cancels', async () => {
    expect(await sendAndWait(c, 'a AUTHENTICATE PLAIN\r\n', /\r\n$/)).toBe('+ \r\n');
    expect(await sendAndWait(c, '*\r\n', /\r\n$/)).toBe('a BAD AUTHENTICATE cancelled by the client ("*")\r\n');
    await sendAndWait(c, 'b AUTHENTICATE PLAIN\r\n', /\r\n$/);
    const creds = Buffer.from('\0bob\0password').toString('base64');
    expect(taggedLine(await sendAndWait(c, `${creds}\r\n`, /b OK [^\r\n]*\r\n$/), 'b')).toMatch(/^b OK \[CAPABILITY /);
  });

  it('refuses unknown mechanisms', async () => {
    expect(taggedLine(await imap(c, 'a AUTHENTICATE CRAM-MD5'), 'a')).toBe('a NO [CANNOT] Unsupported mechanism CRAM-MD5: this server offers PLAIN LOGIN (see CAPABILITY)');
  });
});

describe('mailboxes', () => {
  beforeEach(async () => {
    await login(c, 'bob');
  });

  it('LIST shows SPECIAL-USE and CHILDREN attributes; % stops at the delimiter', async () => {
    await expectOk(c, 'a CREATE Work.Clients.Acme');
    expect(untaggedLines(await expectOk(c, 'b LIST "" %'))).toEqual([
      '* LIST (\\HasNoChildren) "." "INBOX"',
      '* LIST (\\HasNoChildren \\Drafts) "." "Drafts"',
      '* LIST (\\HasNoChildren \\Junk) "." "Junk"',
      '* LIST (\\HasNoChildren \\Sent) "." "Sent"',
      '* LIST (\\HasNoChildren \\Trash) "." "Trash"',
      '* LIST (\\HasChildren) "." "Work"',
    ]);
    expect(untaggedLines(await expectOk(c, 'c LIST Work. *'))).toEqual(['* LIST (\\HasChildren) "." "Work.Clients"', '* LIST (\\HasNoChildren) "." "Work.Clients.Acme"']);
    expect(untaggedLines(await expectOk(c, 'd LIST "" ""'))).toEqual(['* LIST (\\Noselect) "." ""']);
    expect(untaggedLines(await expectOk(c, 'e LIST "" inbox'))).toEqual(['* LIST (\\HasNoChildren) "." "INBOX"']);
  });

  it('CREATE, RENAME and DELETE answer with RFC 5530 codes', async () => {
    expect(taggedLine(await imap(c, 'a CREATE Drafts'), 'a')).toBe('a NO [ALREADYEXISTS] Mailbox Drafts already exists; pick another name');
    expect(taggedLine(await imap(c, 'b DELETE Nowhere'), 'b')).toBe('b NO [NONEXISTENT] Mailbox Nowhere does not exist; LIST "" "*" shows the mailboxes that exist');
    expect(taggedLine(await imap(c, 'c DELETE INBOX'), 'c')).toMatch(/^c NO \[CANNOT\] INBOX cannot be deleted/);
    await expectOk(c, 'd CREATE Old.');
    await expectOk(c, 'e RENAME Old New');
    expect(untaggedLines(await expectOk(c, 'f LIST "" New'))).toEqual(['* LIST (\\HasNoChildren) "." "New"']);
    await expectOk(c, 'g DELETE New');
    expect(taggedLine(await imap(c, 'h SELECT New'), 'h')).toMatch(/^h NO \[NONEXISTENT\] /);
  });

  it('DELETE of a mailbox with children keeps them and leaves its name \\Noselect (RFC 3501 §6.3.4 example)', async () => {
    await expectOk(c, 'a CREATE foo.bar');
    await sb.store.deliver('bob', 'foo', Buffer.from(message('in foo')));
    await sb.store.deliver('bob', 'foo.bar', Buffer.from(message('in foo.bar')));
    expect(await imap(c, 'b DELETE foo')).toBe('b OK DELETE completed: foo and its messages are gone\r\n');
    expect(untaggedLines(await expectOk(c, 'c LIST "" foo*'))).toEqual(['* LIST (\\Noselect \\HasChildren) "." "foo"', '* LIST (\\HasNoChildren) "." "foo.bar"']);
    expect(untaggedLines(await expectOk(c, 'd LIST "" %'))).toContain('* LIST (\\Noselect \\HasChildren) "." "foo"');
    expect(taggedLine(await imap(c, 'e SELECT foo'), 'e')).toMatch(/^e NO \[NONEXISTENT\] /);
    // RFC 3501: deleting a \Noselect name that has inferiors is an error.
    expect(taggedLine(await imap(c, 'f DELETE foo'), 'f')).toMatch(/^f NO \[NONEXISTENT\] /);
    expect(await imap(c, 'g STATUS foo.bar (MESSAGES)')).toBe('* STATUS "foo.bar" (MESSAGES 1)\r\ng OK STATUS completed\r\n');
    // Created again, the name is a mailbox once more, empty.
    await expectOk(c, 'h CREATE foo');
    expect(untaggedLines(await expectOk(c, 'i LIST "" foo'))).toEqual(['* LIST (\\HasChildren) "." "foo"']);
    expect(await expectOk(c, 'j SELECT foo')).toContain('* 0 EXISTS\r\n');
    await expectOk(c, 'k UNSELECT');
    await expectOk(c, 'l DELETE foo.bar');
    await expectOk(c, 'm DELETE foo');
    expect(untaggedLines(await expectOk(c, 'n LIST "" foo*'))).toEqual([]);
  });

  it('mailbox names travel in modified UTF-7', async () => {
    await expectOk(c, 'a CREATE Entw&APw-rfe');
    expect((await sb.store.list('bob')).map((b) => b.name)).toContain('Entwürfe');
    expect(untaggedLines(await expectOk(c, 'b LIST "" Entw*'))).toEqual(['* LIST (\\HasNoChildren) "." "Entw&APw-rfe"']);
    expect(taggedLine(await imap(c, 'c CREATE Bad&name'), 'c')).toMatch(/^c NO \[CANNOT\] "Bad&name" is not valid modified UTF-7/);
  });

  it('SUBSCRIBE, UNSUBSCRIBE and LSUB, a parent matched by % shown as \\Noselect', async () => {
    await expectOk(c, 'a CREATE Lists.Announce');
    await expectOk(c, 'b SUBSCRIBE Lists.Announce');
    expect(untaggedLines(await expectOk(c, 'c LSUB "" Lists'))).toEqual([]);
    expect(untaggedLines(await expectOk(c, 'd LSUB "" %'))).toEqual(
      expect.arrayContaining(['* LSUB () "." "INBOX"', '* LSUB (\\Noselect) "." "Lists"']),
    );
    expect(untaggedLines(await expectOk(c, 'e LSUB "" Lists.*'))).toEqual(['* LSUB () "." "Lists.Announce"']);
    await expectOk(c, 'f UNSUBSCRIBE Lists.Announce');
    expect(untaggedLines(await expectOk(c, 'g LSUB "" Lists*'))).toEqual([]);
    expect(taggedLine(await imap(c, 'h SUBSCRIBE Nope'), 'h')).toMatch(/^h NO \[NONEXISTENT\]/);
  });

  it('STATUS counts without selecting; NAMESPACE and ENABLE answer', async () => {
    await sb.store.create('bob', 'Counted');
    await sb.store.deliver('bob', 'Counted', Buffer.from(message('one')), { flags: ['\\Seen'] });
    await sb.store.deliver('bob', 'Counted', Buffer.from(message('two')));
    const { uidValidity } = await sb.store.status('bob', 'Counted');
    expect(await imap(c, 'a STATUS Counted (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)')).toBe(
      `* STATUS "Counted" (MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY ${uidValidity} UNSEEN 1)\r\na OK STATUS completed\r\n`,
    );
    expect(await imap(c, 'b NAMESPACE')).toBe('* NAMESPACE (("" ".")) NIL NIL\r\nb OK NAMESPACE completed\r\n');
    expect(untaggedLines(await imap(c, 'c ENABLE CONDSTORE'))).toEqual(['* ENABLED']);
  });
});

describe('the selected state', () => {
  beforeEach(async () => {
    await login(c, 'alice');
  });

  it('SELECT reports flags, counts and every code; EXAMINE is read-only and leaves \\Recent alone', async () => {
    await sb.store.create('alice', 'Sel');
    await sb.store.deliver('alice', 'Sel', Buffer.from(message('read')), { flags: ['\\Seen', 'Work'] });
    await sb.store.deliver('alice', 'Sel', Buffer.from(message('unread')));
    const { uidValidity } = await sb.store.status('alice', 'Sel');
    expect(await imap(c, 'a EXAMINE Sel')).toBe(
      [
        '* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft Work)',
        '* OK [PERMANENTFLAGS ()] No permanent flags permitted (EXAMINE)',
        '* 2 EXISTS',
        '* 2 RECENT',
        '* OK [UNSEEN 2] Message 2 is the first unseen',
        `* OK [UIDVALIDITY ${uidValidity}] UIDs valid`,
        '* OK [UIDNEXT 3] Predicted next UID',
        'a OK [READ-ONLY] EXAMINE completed',
        '',
      ].join('\r\n'),
    );
    expect(taggedLine(await imap(c, 'b STORE 1 +FLAGS (\\Flagged)'), 'b')).toMatch(/^b NO \[CANNOT\] STORE: the mailbox was opened with EXAMINE/);
    expect(await imap(c, 'c FETCH 2 (BODY[TEXT] FLAGS)')).toBe('* 2 FETCH (BODY[TEXT] {8}\r\nHello.\r\n FLAGS (\\Recent))\r\nc OK FETCH completed\r\n');
    const selected = await imap(c, 'd SELECT Sel');
    expect(selected).toContain('* 2 RECENT\r\n');
    expect(selected).toContain('* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] ');
    expect(taggedLine(selected, 'd')).toBe('d OK [READ-WRITE] SELECT completed');
    // SELECT claimed \Recent: the next session to look sees none.
    const other = await openImap(sb.ports.imap!);
    await login(other, 'alice');
    expect(await expectOk(other, 'e EXAMINE Sel')).toContain('* 0 RECENT\r\n');
    other.close();
  });

  it('FETCH, STORE and COPY before SELECT are BAD; a message number past the end is BAD', async () => {
    expect(taggedLine(await imap(c, 'a FETCH 1 FLAGS'), 'a')).toBe('a BAD FETCH needs a selected mailbox: SELECT or EXAMINE one first');
    await sb.store.deliver('alice', 'INBOX', Buffer.from(message('numbered')));
    await expectOk(c, 'b SELECT INBOX');
    const count = (await sb.store.messages('alice', 'INBOX')).length;
    expect(taggedLine(await imap(c, `c FETCH ${count + 1} FLAGS`), 'c')).toMatch(new RegExp(`^c BAD there is no message ${count + 1}: `));
    expect(taggedLine(await imap(c, 'd UID FETCH 999999 FLAGS'), 'd')).toBe('d OK UID FETCH completed');
    expect(taggedLine(await imap(c, 'e SEARCH CHARSET KOI8-R ALL'), 'e')).toBe('e NO [BADCHARSET (US-ASCII UTF-8)] KOI8-R is not a supported charset; use US-ASCII or UTF-8');
  });

  it('APPEND answers APPENDUID; into a missing mailbox TRYCREATE; the selected mailbox hears EXISTS', async () => {
    await sb.store.create('alice', 'App');
    await expectOk(c, 'a SELECT App');
    const msg = message('appended');
    await sendAndWait(c, `b APPEND App (\\Seen $Label) "17-Jul-1996 02:44:25 -0700" {${msg.length}}\r\n`, /^\+ Ready for literal data\r\n$/);
    const text = await sendAndWait(c, `${msg}\r\n`, /b OK [^\r\n]*\r\n$/);
    const { uidValidity } = await sb.store.status('alice', 'App');
    expect(text).toBe(`* 1 EXISTS\r\n* 1 RECENT\r\nb OK [APPENDUID ${uidValidity} 1] APPEND completed: ${msg.length} octets stored in App as UID 1\r\n`);
    expect(await imap(c, 'c FETCH 1 (FLAGS INTERNALDATE)')).toBe('* 1 FETCH (FLAGS (\\Seen $Label \\Recent) INTERNALDATE "17-Jul-1996 09:44:25 +0000")\r\nc OK FETCH completed\r\n');
    expect(taggedLine(await imap(c, `d APPEND Missing {${msg.length}+}\r\n${msg}`), 'd')).toBe('d NO [TRYCREATE] Mailbox Missing does not exist; CREATE it first');
    expect(taggedLine(await imap(c, `e APPEND App (\\Recent) {${msg.length}+}\r\n${msg}`), 'e')).toBe('e NO [CANNOT] \\Recent is set by the server only; a client cannot store it (RFC 3501 section 2.3.2)');
  });

  it('COPY answers COPYUID, MOVE sends COPYUID untagged and then EXPUNGE, UID EXPUNGE removes only the named', async () => {
    await sb.store.create('alice', 'Src');
    await sb.store.create('alice', 'Dst');
    for (let i = 1; i <= 4; i++) await sb.store.deliver('alice', 'Src', Buffer.from(message(`m${i}`)));
    const dst = (await sb.store.status('alice', 'Dst')).uidValidity;
    await expectOk(c, 'a SELECT Src');
    expect(taggedLine(await imap(c, 'b COPY 1:2 Dst'), 'b')).toBe(`b OK [COPYUID ${dst} 1:2 1:2] COPY completed: copied 2 messages to Dst`);
    expect(taggedLine(await imap(c, 'c COPY 1 Nowhere'), 'c')).toBe('c NO [TRYCREATE] Mailbox Nowhere does not exist; CREATE it first');
    expect(await imap(c, 'd UID MOVE 2,4 Dst')).toBe(`* OK [COPYUID ${dst} 2,4 3:4] Moved 2 messages to Dst\r\n* 4 EXPUNGE\r\n* 2 EXPUNGE\r\nd OK UID MOVE completed: moved 2 messages to Dst\r\n`);
    await expectOk(c, 'e STORE 1:2 +FLAGS.SILENT (\\Deleted)');
    expect(await imap(c, 'f UID EXPUNGE 3')).toBe('* 2 EXPUNGE\r\nf OK UID EXPUNGE completed (1 message removed)\r\n');
    expect(await imap(c, 'g FETCH 1:* (UID FLAGS)')).toBe('* 1 FETCH (UID 1 FLAGS (\\Deleted \\Recent))\r\ng OK FETCH completed\r\n');
  });

  it('UID COPY takes UIDs and answers COPYUID in UID order; CHECK answers OK and tells of new mail like NOOP', async () => {
    await sb.store.create('alice', 'UidSrc');
    await sb.store.create('alice', 'UidDst');
    for (let i = 1; i <= 3; i++) await sb.store.deliver('alice', 'UidSrc', Buffer.from(message(`u${i}`)));
    await sb.store.deliver('alice', 'UidDst', Buffer.from(message('already there')));
    const dst = (await sb.store.status('alice', 'UidDst')).uidValidity;
    await expectOk(c, 'a SELECT UidSrc');
    expect(await imap(c, 'b UID COPY 3,1 UidDst')).toBe(`b OK [COPYUID ${dst} 1,3 2:3] UID COPY completed: copied 2 messages to UidDst\r\n`);
    expect(await imap(c, 'c UID COPY 99 UidDst')).toBe('c OK UID COPY completed: no messages matched\r\n');
    expect((await sb.store.messages('alice', 'UidDst')).map((m) => m.uid)).toEqual([1, 2, 3]);
    expect(await imap(c, 'd CHECK')).toBe('d OK CHECK completed (everything is already on disk)\r\n');
    await sb.store.deliver('alice', 'UidSrc', Buffer.from(message('u4')));
    expect(await imap(c, 'e CHECK')).toBe('* 4 EXISTS\r\n* 4 RECENT\r\ne OK CHECK completed (everything is already on disk)\r\n');
  });

  it('STORE FLAGS, +FLAGS, -FLAGS and .SILENT; UID STORE includes the UID', async () => {
    await sb.store.create('alice', 'Flags');
    await sb.store.deliver('alice', 'Flags', Buffer.from(message('f')));
    await expectOk(c, 'a SELECT Flags');
    expect(await imap(c, 'b STORE 1 FLAGS (\\Flagged Todo)')).toBe('* 1 FETCH (FLAGS (\\Flagged Todo \\Recent))\r\nb OK STORE completed\r\n');
    expect(await imap(c, 'c STORE 1 -FLAGS (Todo)')).toBe('* 1 FETCH (FLAGS (\\Flagged \\Recent))\r\nc OK STORE completed\r\n');
    expect(await imap(c, 'd STORE 1 +FLAGS.SILENT \\Seen')).toBe('d OK STORE completed\r\n');
    expect(await imap(c, 'e UID STORE 1 FLAGS ()')).toBe('* 1 FETCH (FLAGS (\\Recent) UID 1)\r\ne OK UID STORE completed\r\n');
    expect(taggedLine(await imap(c, 'f STORE 1 +FLAGS (\\Bogus)'), 'f')).toMatch(/^f NO \[CANNOT\] \\Bogus is not a system flag/);
  });

  it('CLOSE expunges silently, UNSELECT does not; both leave the selected state', async () => {
    await sb.store.create('alice', 'Closing');
    for (const s of ['keep', 'drop']) await sb.store.deliver('alice', 'Closing', Buffer.from(message(s)));
    await expectOk(c, 'a SELECT Closing');
    await expectOk(c, 'b STORE 2 +FLAGS.SILENT (\\Deleted)');
    expect(await imap(c, 'c UNSELECT')).toBe('c OK UNSELECT completed\r\n');
    expect(await sb.store.messages('alice', 'Closing')).toHaveLength(2);
    await expectOk(c, 'd SELECT Closing');
    expect(await imap(c, 'e CLOSE')).toBe('e OK CLOSE completed (1 message expunged)\r\n');
    expect((await sb.store.messages('alice', 'Closing')).map((m) => m.uid)).toEqual([1]);
    expect(taggedLine(await imap(c, 'f FETCH 1 FLAGS'), 'f')).toMatch(/^f BAD FETCH needs a selected mailbox/);
  });

  it('the selected mailbox cannot be deleted or renamed from its own session', async () => {
    await sb.store.create('alice', 'Busy');
    await expectOk(c, 'a SELECT Busy');
    expect(taggedLine(await imap(c, 'b DELETE Busy'), 'b')).toBe('b NO [INUSE] Busy is selected in this session: CLOSE or UNSELECT it first');
    expect(taggedLine(await imap(c, 'c RENAME Busy Idle'), 'c')).toMatch(/^c NO \[INUSE\] /);
  });

  it('SEARCH and UID SEARCH', async () => {
    await sb.store.create('alice', 'Find');
    await sb.store.deliver('alice', 'Find', Buffer.from(message('apples', 'green')));
    await sb.store.deliver('alice', 'Find', Buffer.from(message('pears', 'yellow')), { flags: ['\\Seen'] });
    await expectOk(c, 'a SELECT Find');
    expect(await imap(c, 'b SEARCH UNSEEN')).toBe('* SEARCH 1\r\nb OK SEARCH completed (1 found)\r\n');
    expect(await imap(c, 'c UID SEARCH BODY yellow')).toBe('* SEARCH 2\r\nc OK UID SEARCH completed (1 found)\r\n');
    expect(await imap(c, 'd SEARCH OR SUBJECT apples SUBJECT pears NOT SEEN')).toBe('* SEARCH 1\r\nd OK SEARCH completed (1 found)\r\n');
    expect(await imap(c, 'e SEARCH SUBJECT kiwi')).toBe('* SEARCH\r\ne OK SEARCH completed (0 found)\r\n');
  });
});

describe('faults', () => {
  it('imap:APPEND:NO [OVERQUOTA] replaces the APPEND reply, tag and all, and nothing is stored', async () => {
    const remove = sb.faults.add({ protocol: 'imap', command: 'APPEND', reply: 'NO [OVERQUOTA] Quota exceeded', probability: 1 });
    try {
      await login(c, 'bob');
      const before = (await sb.store.messages('bob', 'Drafts')).length;
      const msg = message('over quota');
      expect(await imap(c, `Q7 APPEND Drafts {${msg.length}+}\r\n${msg}`)).toBe('Q7 NO [OVERQUOTA] Quota exceeded\r\n');
      expect(await sb.store.messages('bob', 'Drafts')).toHaveLength(before);
    } finally {
      remove();
    }
  });
});

describe('edge cases', () => {
  it('an empty mailbox has no message numbers, not even "*"; UID ranges just match nothing', async () => {
    await login(c, 'bob');
    await sb.store.create('bob', 'Empty');
    await expectOk(c, 'a SELECT Empty');
    expect(taggedLine(await imap(c, 'b FETCH 1:* FLAGS'), 'b')).toBe('b BAD the mailbox is empty: there are no message numbers, not even "*"');
    expect(await imap(c, 'c UID FETCH 1:* FLAGS')).toBe('c OK UID FETCH completed\r\n');
    expect(await imap(c, 'd SEARCH ALL')).toBe('* SEARCH\r\nd OK SEARCH completed (0 found)\r\n');
  });

  it('a line too long inside AUTHENTICATE or IDLE ends that exchange under its own tag', async () => {
    await sendAndWait(c, 'a AUTHENTICATE PLAIN\r\n', /^\+ \r\n$/);
    expect(await sendAndWait(c, `${'A'.repeat(70_000)}\r\n`, /\r\n$/)).toMatch(/^a BAD \[TOOBIG\] command line too long/);
    expect(taggedLine(await expectOk(c, 'b LOGIN bob password'), 'b')).toMatch(/^b OK /);
    await sendAndWait(c, 'c IDLE\r\n', /^\+ idling\r\n$/);
    expect(await sendAndWait(c, `${'D'.repeat(70_000)}\r\n`, /\r\n$/)).toMatch(/^c BAD \[TOOBIG\] command line too long/);
    expect(await imap(c, 'd NOOP')).toBe('d OK NOOP completed\r\n');
  });

  it('anything but DONE ends IDLE with BAD', async () => {
    await login(c, 'bob');
    await sendAndWait(c, 'a IDLE\r\n', /^\+ idling\r\n$/);
    expect(await sendAndWait(c, 'b NOOP\r\n', /\r\n$/)).toBe('a BAD Expected DONE to end IDLE (RFC 2177 section 3); IDLE ended\r\n');
    expect(await imap(c, 'c NOOP')).toBe('c OK NOOP completed\r\n');
  });

  it('a CONNECT fault replaces the greeting: BYE closes, OK greets', async () => {
    const remove = sb.faults.add({ protocol: 'imap', command: 'CONNECT', reply: 'BYE [UNAVAILABLE] Maintenance until noon', probability: 1 });
    try {
      const refused = await openImap(sb.ports.imap!);
      expect(refused.text).toBe('* BYE [UNAVAILABLE] Maintenance until noon\r\n');
      await refused.waitClosed();
    } finally {
      remove();
    }
    const removeOk = sb.faults.add({ protocol: 'imap', command: 'CONNECT', reply: 'OK [ALERT] Welcome to class', probability: 1 });
    try {
      const greeted = await openImap(sb.ports.imap!);
      expect(greeted.text).toBe('* OK [ALERT] Welcome to class\r\n');
      expect(await imap(greeted, 'a NOOP')).toBe('a OK NOOP completed\r\n');
      greeted.close();
    } finally {
      removeOk();
    }
  });
});
