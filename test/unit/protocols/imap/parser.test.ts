import { describe, expect, it } from 'vitest';
import { ImapCommandFramer } from '../../../../src/protocols/imap/framer.js';
import {
  ParseError,
  frameCommandText,
  isIdleDone,
  parseAuthenticateResponse,
  parseCommand,
  tryParseCommand,
} from '../../../../src/protocols/imap/parser.js';

/** Frames `input` + CRLF split in two at every byte boundary; each must parse to `expected`. */
function expectSameAtEverySplit(input: string, expected: unknown): void {
  const bytes = Buffer.from(`${input}\r\n`);
  for (let i = 0; i <= bytes.length; i++) {
    const framer = new ImapCommandFramer();
    const commands = [];
    for (const chunk of [bytes.subarray(0, i), bytes.subarray(i)]) {
      framer.push(chunk);
      for (const event of framer.events()) if (event.type === 'command') commands.push(event.command);
    }
    expect(commands).toHaveLength(1);
    expect(parseCommand(commands[0]!)).toEqual(expected);
  }
}

const one = (n: number) => [{ start: n, end: n }];

const section = (part: number[], text?: string, fields?: string[]) => ({ part, text, fields });

describe('parseCommand: every command', () => {
  it.each([
    ['A1 CAPABILITY', 'CAPABILITY', {}],
    ['a noop', 'NOOP', {}],
    ['a LOGOUT', 'LOGOUT', {}],
    ['a STARTTLS', 'STARTTLS', {}],
    ['a CHECK', 'CHECK', {}],
    ['a CLOSE', 'CLOSE', {}],
    ['a EXPUNGE', 'EXPUNGE', { sequence: undefined }],
    ['a IDLE', 'IDLE', {}],
    ['a NAMESPACE', 'NAMESPACE', {}],
    ['a UNSELECT', 'UNSELECT', {}],
    ['a LOGIN alice password', 'LOGIN', { userid: 'alice', password: 'password' }],
    ['a LOGIN "al ice" "p\\"w\\\\d"', 'LOGIN', { userid: 'al ice', password: 'p"w\\d' }],
    ['a LOGIN {5}\r\nalice {6+}\r\nse cr3', 'LOGIN', { userid: 'alice', password: 'se cr3' }],
    ['a LOGIN alice "pässwörd"', 'LOGIN', { userid: 'alice', password: 'pässwörd' }],
    ['a LOGIN alice pass]word', 'LOGIN', { userid: 'alice', password: 'pass]word' }],
    ['a AUTHENTICATE plain', 'AUTHENTICATE', { mechanism: 'PLAIN', initialResponse: undefined }],
    ['a AUTHENTICATE PLAIN AGFsaWNlAHBhc3N3b3Jk', 'AUTHENTICATE', { mechanism: 'PLAIN', initialResponse: 'AGFsaWNlAHBhc3N3b3Jk' }],
    ['a AUTHENTICATE EXTERNAL =', 'AUTHENTICATE', { mechanism: 'EXTERNAL', initialResponse: '' }],
    ['a SELECT inbox', 'SELECT', { mailbox: 'INBOX' }],
    ['a SELECT "Inbox"', 'SELECT', { mailbox: 'INBOX' }],
    ['a EXAMINE Archive/2024', 'EXAMINE', { mailbox: 'Archive/2024' }],
    ['a CREATE "Entw&APw-rfe"', 'CREATE', { mailbox: 'Entw&APw-rfe' }],
    ['a DELETE {3}\r\nOld', 'DELETE', { mailbox: 'Old' }],
    ['a SUBSCRIBE Lists', 'SUBSCRIBE', { mailbox: 'Lists' }],
    ['a UNSUBSCRIBE Lists', 'UNSUBSCRIBE', { mailbox: 'Lists' }],
    ['a RENAME Old "New Name"', 'RENAME', { mailbox: 'Old', newName: 'New Name' }],
    ['a LIST "" *', 'LIST', { reference: '', pattern: '*' }],
    ['a LIST "" "%"', 'LIST', { reference: '', pattern: '%' }],
    ['a LIST Archive/ %/Lists*', 'LIST', { reference: 'Archive/', pattern: '%/Lists*' }],
    ['a LSUB "" *', 'LSUB', { reference: '', pattern: '*' }],
    ['a STATUS INBOX (MESSAGES unseen UIDNEXT UIDVALIDITY RECENT)', 'STATUS', {
      mailbox: 'INBOX',
      items: ['MESSAGES', 'UNSEEN', 'UIDNEXT', 'UIDVALIDITY', 'RECENT'],
    }],
    ['a APPEND INBOX {5}\r\nhello', 'APPEND', { mailbox: 'INBOX', flags: [], internalDate: undefined, message: Buffer.from('hello') }],
    ['a APPEND Sent (\\seen $Forwarded) {2+}\r\nhi', 'APPEND', {
      mailbox: 'Sent', flags: ['\\Seen', '$Forwarded'], internalDate: undefined, message: Buffer.from('hi'),
    }],
    ['a APPEND Sent () "17-Jul-1996 02:44:25 -0700" {2}\r\nhi', 'APPEND', {
      mailbox: 'Sent',
      flags: [],
      internalDate: { date: new Date('1996-07-17T09:44:25Z'), offsetMinutes: -420 },
      message: Buffer.from('hi'),
    }],
    ['a APPEND Sent " 1-Feb-2024 10:00:00 +0130" {0}\r\n', 'APPEND', {
      mailbox: 'Sent',
      flags: [],
      internalDate: { date: new Date('2024-02-01T08:30:00Z'), offsetMinutes: 90 },
      message: Buffer.alloc(0),
    }],
    ['a FETCH 1 FLAGS', 'FETCH', { sequence: one(1), items: [{ type: 'attribute', name: 'FLAGS' }], macro: undefined }],
    ['a FETCH 1:* all', 'FETCH', {
      sequence: [{ start: 1, end: '*' }],
      items: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'].map((name) => ({ type: 'attribute', name })),
      macro: 'ALL',
    }],
    ['a FETCH 2 FAST', 'FETCH', {
      sequence: one(2),
      items: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'].map((name) => ({ type: 'attribute', name })),
      macro: 'FAST',
    }],
    ['a FETCH 2 FULL', 'FETCH', {
      sequence: one(2),
      items: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'].map((name) => ({ type: 'attribute', name })),
      macro: 'FULL',
    }],
    ['a FETCH 1,3 (uid rfc822 RFC822.HEADER RFC822.TEXT RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE INTERNALDATE)', 'FETCH', {
      sequence: [{ start: 1, end: 1 }, { start: 3, end: 3 }],
      items: ['UID', 'RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'RFC822.SIZE', 'ENVELOPE', 'BODY', 'BODYSTRUCTURE', 'INTERNALDATE']
        .map((name) => ({ type: 'attribute', name })),
      macro: undefined,
    }],
    ['a FETCH 1 (BODY[] BODY.PEEK[HEADER] body[TEXT]<0.2048>)', 'FETCH', {
      sequence: one(1),
      items: [
        { type: 'section', peek: false, section: section([]), partial: undefined },
        { type: 'section', peek: true, section: section([], 'HEADER'), partial: undefined },
        { type: 'section', peek: false, section: section([], 'TEXT'), partial: { origin: 0, size: 2048 } },
      ],
      macro: undefined,
    }],
    ['a FETCH 4 (BODY[1.2.3] BODY.PEEK[1.MIME] BODY[3.HEADER] BODY[2.TEXT])', 'FETCH', {
      sequence: one(4),
      items: [
        { type: 'section', peek: false, section: section([1, 2, 3]), partial: undefined },
        { type: 'section', peek: true, section: section([1], 'MIME'), partial: undefined },
        { type: 'section', peek: false, section: section([3], 'HEADER'), partial: undefined },
        { type: 'section', peek: false, section: section([2], 'TEXT'), partial: undefined },
      ],
      macro: undefined,
    }],
    ['a FETCH 5 BODY.PEEK[HEADER.FIELDS (Subject "From" {6}\r\nX-Spam)]<10.20>', 'FETCH', {
      sequence: one(5),
      items: [{
        type: 'section',
        peek: true,
        section: section([], 'HEADER.FIELDS', ['Subject', 'From', 'X-Spam']),
        partial: { origin: 10, size: 20 },
      }],
      macro: undefined,
    }],
    ['a FETCH 5 BODY[2.HEADER.FIELDS.NOT (Received)]', 'FETCH', {
      sequence: one(5),
      items: [{ type: 'section', peek: false, section: section([2], 'HEADER.FIELDS.NOT', ['Received']), partial: undefined }],
      macro: undefined,
    }],
    ['a STORE 1 FLAGS (\\Seen)', 'STORE', { sequence: one(1), operation: 'set', silent: false, flags: ['\\Seen'] }],
    ['a STORE 1:3 +FLAGS.SILENT (\\deleted \\FLAGGED custom)', 'STORE', {
      sequence: [{ start: 1, end: 3 }], operation: 'add', silent: true, flags: ['\\Deleted', '\\Flagged', 'custom'],
    }],
    ['a STORE * -flags \\Seen \\Draft', 'STORE', {
      sequence: [{ start: '*', end: '*' }], operation: 'remove', silent: false, flags: ['\\Seen', '\\Draft'],
    }],
    ['a STORE 2 FLAGS ()', 'STORE', { sequence: one(2), operation: 'set', silent: false, flags: [] }],
    ['a COPY 2:4 Archive', 'COPY', { sequence: [{ start: 2, end: 4 }], mailbox: 'Archive' }],
    ['a MOVE 5:2 inbox', 'MOVE', { sequence: [{ start: 5, end: 2 }], mailbox: 'INBOX' }],
    ['a SEARCH ALL', 'SEARCH', { charset: undefined, keys: [{ key: 'ALL' }] }],
    ['a SEARCH CHARSET UTF-8 SUBJECT "Grüße"', 'SEARCH', { charset: 'UTF-8', keys: [{ key: 'SUBJECT', value: 'Grüße' }] }],
    ['a ENABLE utf8=accept CONDSTORE', 'ENABLE', { capabilities: ['UTF8=ACCEPT', 'CONDSTORE'] }],
    ['a ID NIL', 'ID', { params: null }],
    ['a ID ()', 'ID', { params: [] }],
    ['a ID ("name" "Thunderbird" "version" NIL)', 'ID', { params: [['name', 'Thunderbird'], ['version', null]] }],
  ])('%j', (input, name, args) => {
    const parsed = parseCommand(input);
    expect(parsed).toEqual({ tag: input.split(' ')[0], name, uid: false, args });
    expectSameAtEverySplit(input, parsed);
  });

  it.each([
    ['a UID FETCH 1:* (FLAGS)', 'FETCH', { sequence: [{ start: 1, end: '*' }], items: [{ type: 'attribute', name: 'FLAGS' }], macro: undefined }],
    ['a uid store 7 +FLAGS (\\Seen)', 'STORE', { sequence: one(7), operation: 'add', silent: false, flags: ['\\Seen'] }],
    ['a UID COPY 7 Archive', 'COPY', { sequence: one(7), mailbox: 'Archive' }],
    ['a UID MOVE 7,9 Trash', 'MOVE', { sequence: [{ start: 7, end: 7 }, { start: 9, end: 9 }], mailbox: 'Trash' }],
    ['a UID SEARCH UNSEEN', 'SEARCH', { charset: undefined, keys: [{ key: 'UNSEEN' }] }],
    ['a UID EXPUNGE 3:5', 'EXPUNGE', { sequence: [{ start: 3, end: 5 }] }],
  ])('%j', (input, name, args) => {
    const parsed = parseCommand(input);
    expect(parsed).toEqual({ tag: 'a', name, uid: true, args });
    expectSameAtEverySplit(input, parsed);
  });

  it('parses a command from the framer, literals and all', () => {
    const framer = new ImapCommandFramer();
    framer.push(Buffer.from('x9 APPEND "My Box" (\\Draft) {11}\r\nSubject: a\n\r\n'));
    const events = [...framer.events()];
    const last = events.at(-1);
    if (last?.type !== 'command') throw new Error('no command');
    expect(parseCommand(last.command)).toEqual({
      tag: 'x9',
      name: 'APPEND',
      uid: false,
      args: { mailbox: 'My Box', flags: ['\\Draft'], internalDate: undefined, message: Buffer.from('Subject: a\n') },
    });
  });

  it('accepts any tag made of ASTRING-CHARs except "+"', () => {
    expect(parseCommand('a]1.x-_$ NOOP').tag).toBe('a]1.x-_$');
  });
});

describe('parseCommand: SEARCH keys (RFC 3501 §6.4.4)', () => {
  const d = (year: number, month: number, day: number) => ({ year, month, day });
  it.each<[string, unknown]>([
    ...['ALL', 'ANSWERED', 'DELETED', 'DRAFT', 'FLAGGED', 'NEW', 'OLD', 'RECENT', 'SEEN',
      'UNANSWERED', 'UNDELETED', 'UNDRAFT', 'UNFLAGGED', 'UNSEEN'].map((k): [string, unknown] => [k.toLowerCase(), { key: k }]),
    ...['BCC', 'BODY', 'CC', 'FROM', 'SUBJECT', 'TEXT', 'TO'].map((k): [string, unknown] => [`${k} "x y"`, { key: k, value: 'x y' }]),
    ['BEFORE 1-Feb-1994', { key: 'BEFORE', date: d(1994, 2, 1) }],
    ['ON "29-feb-2024"', { key: 'ON', date: d(2024, 2, 29) }],
    ['SINCE 01-Jan-2000', { key: 'SINCE', date: d(2000, 1, 1) }],
    ['SENTBEFORE 31-Dec-1999', { key: 'SENTBEFORE', date: d(1999, 12, 31) }],
    ['SENTON 1-Mar-2001', { key: 'SENTON', date: d(2001, 3, 1) }],
    ['SENTSINCE 1-Mar-2001', { key: 'SENTSINCE', date: d(2001, 3, 1) }],
    ['KEYWORD $Junk', { key: 'KEYWORD', flag: '$Junk' }],
    ['UNKEYWORD work', { key: 'UNKEYWORD', flag: 'work' }],
    ['LARGER 1000', { key: 'LARGER', size: 1000 }],
    ['SMALLER 0', { key: 'SMALLER', size: 0 }],
    ['HEADER X-Mailer "mutt"', { key: 'HEADER', field: 'X-Mailer', value: 'mutt' }],
    ['HEADER Message-ID ""', { key: 'HEADER', field: 'Message-ID', value: '' }],
    ['NOT SEEN', { key: 'NOT', operand: { key: 'SEEN' } }],
    ['OR FROM a TO b', { key: 'OR', left: { key: 'FROM', value: 'a' }, right: { key: 'TO', value: 'b' } }],
    ['UID 10:*', { key: 'UID', set: [{ start: 10, end: '*' }] }],
    ['2:4,*', { key: 'SEQUENCE', set: [{ start: 2, end: 4 }, { start: '*', end: '*' }] }],
    ['(SEEN FLAGGED)', { key: 'AND', keys: [{ key: 'SEEN' }, { key: 'FLAGGED' }] }],
    ['OR (SEEN 1) NOT (DELETED)', {
      key: 'OR',
      left: { key: 'AND', keys: [{ key: 'SEEN' }, { key: 'SEQUENCE', set: [{ start: 1, end: 1 }] }] },
      right: { key: 'NOT', operand: { key: 'AND', keys: [{ key: 'DELETED' }] } },
    }],
  ])('SEARCH %s', (criteria, key) => {
    expect(parseCommand(`a SEARCH ${criteria}`).args).toEqual({ charset: undefined, keys: [key] });
  });

  it('keeps several top-level keys (they all must match)', () => {
    expect(parseCommand('a SEARCH UNSEEN FROM {5}\r\nalice SINCE 1-Feb-1994').args).toEqual({
      charset: undefined,
      keys: [{ key: 'UNSEEN' }, { key: 'FROM', value: 'alice' }, { key: 'SINCE', date: d(1994, 2, 1) }],
    });
  });

  it('bounds the nesting depth', () => {
    const deep = `a SEARCH ${'NOT '.repeat(100)}SEEN`;
    expect(() => parseCommand(deep)).toThrow(/nested deeper than 64/);
  });
});

describe('parseCommand: errors say what was expected', () => {
  it.each([
    ['', undefined, 'empty command: a command is a tag, a space and a command name, such as "A1 NOOP"'],
    ['NOOP', 'NOOP', 'expected a space and a command name after the tag "NOOP"; "NOOP" was read as the tag, try "A1 NOOP"'],
    [' a NOOP', undefined, 'a command must start with its tag, not with a space: "A1 NOOP"'],
    ['a+ NOOP', undefined, 'a tag is letters and digits; it cannot contain "+"'],
    ['* NOOP', undefined, 'expected a tag (such as A1) at the start of the command; a tag is letters and digits, no "+", "*" or "(", found "*"'],
    ['a FROB', 'a', 'unknown command "FROB"'],
    ['a UID FROB 1', 'a', 'UID cannot be used with FROB; expected a command after UID (COPY, FETCH, MOVE, SEARCH, STORE, EXPUNGE)'],
    ['a NOOP now', 'a', 'NOOP takes no arguments'],
    ['a SELECT', 'a', 'expected a mailbox name after SELECT'],
    ['a SELECT  INBOX', 'a', 'expected a mailbox name after SELECT, found an extra space (IMAP separates arguments with exactly one space)'],
    ['a SELECT INBOX ', 'a', 'unexpected space at the end of SELECT'],
    ['a SELECT INBOX Trash', 'a', 'SELECT has too many arguments: "Trash" is one too many'],
    ['a SELECT "INBOX', 'a', 'unterminated quoted string in a mailbox name after SELECT: a closing " is missing'],
    ['a SELECT (x)', 'a', 'expected a mailbox name after SELECT, found "("'],
    ['a LOGIN alice', 'a', 'expected a password after the user name'],
    ['a LOGIN "a\\b" c', 'a', 'in a quoted string a backslash may only escape " or \\ (in a user name after LOGIN)'],
    ['a AUTHENTICATE', 'a', 'expected a SASL mechanism after AUTHENTICATE (such as PLAIN)'],
    ['a AUTHENTICATE PLAIN abc', 'a', 'the initial response must be base64 (or "=" for an empty one)'],
    ['a RENAME Old', 'a', 'expected the new name for Old'],
    ['a LIST ""', 'a', 'expected a mailbox pattern after the reference, such as "*" or "%"'],
    ['a STATUS INBOX', 'a', 'expected a list of status items, such as (MESSAGES UNSEEN), after INBOX'],
    ['a STATUS INBOX (SIZE)', 'a', 'unknown status item "SIZE"; expected one of MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN'],
    ['a STATUS INBOX ()', 'a', 'the STATUS items must not be an empty list'],
    ['a APPEND INBOX', 'a', 'expected the message as a literal {n} (optionally after flags and a date)'],
    ['a APPEND INBOX "hello"', 'a', 'expected a date-time like "17-Jul-1996 02:44:25 -0700", found "hello"'],
    ['a APPEND INBOX (\\Seen) hello', 'a', 'expected the message as a literal {n}, found "hello"'],
    ['a APPEND INBOX "31-Feb-2024 10:00:00 +0000" {1}\r\nx', 'a', 'Feb 2024 has no day 31 (in "31-Feb-2024 10:00:00 +0000")'],
    ['a FETCH', 'a', 'expected a message sequence set after FETCH (such as 1:5 or 2,4:*)'],
    ['a FETCH 0 FLAGS', 'a', 'message numbers and UIDs start at 1; 0 is not allowed in a message sequence set after FETCH (such as 1:5 or 2,4:*)'],
    ['a FETCH x FLAGS', 'a', 'expected a message sequence set after FETCH (such as 1:5 or 2,4:*), found "x"'],
    ['a FETCH 1:', 'a', 'expected a number or * after ":" in a message sequence set after FETCH (such as 1:5 or 2,4:*)'],
    ['a FETCH 1', 'a', 'expected the items to fetch (such as FLAGS, (UID ENVELOPE) or BODY.PEEK[])'],
    ['a FETCH 1 (FLAGS', 'a', 'expected a space or ")" in the list of FETCH items'],
    ['a FETCH 1 FLAG', 'a', 'unknown FETCH item "FLAG"; expected one of ENVELOPE FLAGS INTERNALDATE RFC822 RFC822.HEADER RFC822.SIZE RFC822.TEXT BODY BODYSTRUCTURE UID or BODY[...]'],
    ['a FETCH 1 (FLAGS ALL)', 'a', 'ALL is a macro and must stand alone, not inside a list of FETCH items'],
    ['a FETCH 1 BODY.PEEK', 'a', 'BODY.PEEK needs a section in brackets, such as BODY.PEEK[] or BODY.PEEK[HEADER]'],
    ['a FETCH 1 ENVELOPE[]', 'a', 'only BODY and BODY.PEEK take a [section], not ENVELOPE'],
    ['a FETCH 1 BODY[MIME]', 'a', 'MIME needs a part number before it, such as BODY[1.MIME]'],
    ['a FETCH 1 BODY[FOO]', 'a', 'unknown section "FOO"; expected a part number or one of HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT'],
    ['a FETCH 1 BODY[HEADER.FIELDS]', 'a', 'expected a space and a list of header field names after HEADER.FIELDS, found "]"'],
    ['a FETCH 1 BODY[1', 'a', 'expected a "]" to close the section'],
    ['a FETCH 1 BODY[0]', 'a', 'a part number in the section must be at least 1'],
    ['a FETCH 1 BODY[]<5>', 'a', 'expected a "." between origin and size in <origin.size>, found ">"'],
    ['a STORE 1 (\\Seen)', 'a', 'expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT) after the set, found "("'],
    ['a STORE 1 +FLAG \\Seen', 'a', 'STORE changes flags: expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT) after the set, found "FLAG"'],
    ['a STORE 1 FLAGS', 'a', 'expected the flags after FLAGS, such as (\\Seen) or \\Deleted'],
    ['a COPY 1', 'a', 'expected the destination mailbox after the sequence set'],
    ['a UID EXPUNGE', 'a', 'expected a UID set after UID EXPUNGE (such as 1:* or 4,7:9)'],
    ['a SEARCH', 'a', 'expected search criteria after SEARCH (such as ALL or UNSEEN)'],
    ['a SEARCH FROB', 'a', 'unknown search key "FROB"; expected one of ALL ANSWERED BCC BEFORE BODY CC DELETED DRAFT FLAGGED FROM HEADER KEYWORD LARGER NEW NOT OLD ON OR RECENT SEEN SENTBEFORE SENTON SENTSINCE SINCE SMALLER SUBJECT TEXT TO UID UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNKEYWORD UNSEEN'],
    ['a SEARCH FROM', 'a', 'expected the text to look for after FROM'],
    ['a SEARCH SINCE yesterday', 'a', 'expected a date like 1-Feb-1994, found "yesterday"'],
    ['a SEARCH SINCE 1-Foo-2020', 'a', '"Foo" is not a month; use Jan, Feb, ... Dec (in "1-Foo-2020")'],
    ['a SEARCH OR SEEN', 'a', 'expected a second search key after OR'],
    ['a SEARCH (SEEN', 'a', 'expected a space or ")" in the parenthesised search criteria'],
    ['a SEARCH CHARSET', 'a', 'expected a charset name after CHARSET (such as UTF-8)'],
    ['a ENABLE', 'a', 'expected a capability to enable after ENABLE (such as UTF8=ACCEPT)'],
    ['a ID', 'a', 'expected NIL or a list of "field" "value" pairs after ID'],
    ['a ID name', 'a', 'expected NIL or a list of "field" "value" pairs after ID, such as ("name" "mutt")'],
    ['a ID ("name")', 'a', 'expected a space before a value (a quoted string or NIL) for the ID field "name", found ")"'],
    ['a SELECT Entwürfe', 'a', 'a mailbox name after SELECT: "Entwürfe" has non-ASCII characters, which an atom cannot hold; put it in quotes or send it as a literal (mailbox names are encoded as modified UTF-7, e.g. Entw&APw-rfe)'],
    ['a SEARCH SINCE {5}\r\n1-Feb', 'a', 'expected a date after SINCE, found a literal of 5 octets'],
    ['a RENAME {3}\r\na\r\n', 'a', 'expected the new name for a\\x0d\\x0a'],
    [`a RENAME "${'x'.repeat(500)}"`, 'a', `expected the new name for ${'x'.repeat(400 - 29)}...`],
    [`a ID ("${'n'.repeat(31)}" "x")`, 'a', 'ID field names are at most 30 octets (RFC 2971)'],
    [`a ID ("n" "${'v'.repeat(1025)}")`, 'a', 'ID values are at most 1024 octets (RFC 2971)'],
  ])('%j', (input, tag, message) => {
    const result = tryParseCommand(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ParseError);
    expect(result.error.message).toBe(message);
    expect(result.error.tag).toBe(tag);
    expect(result.error.code).toBe('IMAP_SYNTAX');
  });

  it('names the UID command in errors', () => {
    const result = tryParseCommand('a UID FETCH 1 FLAGS extra');
    expect(result.ok ? undefined : [result.error.command, result.error.message]).toEqual([
      'UID FETCH',
      'UID FETCH has too many arguments: "extra" is one too many',
    ]);
  });

  it('rejects more than 30 ID pairs', () => {
    const pairs = Array.from({ length: 31 }, (_, i) => `"f${i}" "v"`).join(' ');
    expect(() => parseCommand(`a ID (${pairs})`)).toThrow('ID takes at most 30 field/value pairs (RFC 2971)');
  });

  it('refuses a literal where an atom must be', () => {
    expect(() => parseCommand('a FETCH {1}\r\n1 FLAGS')).toThrow(
      'expected a message sequence set after FETCH (such as 1:5 or 2,4:*), found a literal of 1 octets',
    );
  });

  it('never throws anything but ParseError on fuzzed input', () => {
    const pieces = ['a', ' ', 'FETCH', 'SEARCH', 'UID', '(', ')', '[', ']', '<', '>', '"', '\\', '{2}\r\nxy', '1', ':', '*', ',', 'NOT', 'BODY', '.', 'HEADER'];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      let text = 'a ';
      for (let k = 0; k < 8; k++) text += pieces[Math.floor(rand() * pieces.length)];
      try {
        parseCommand(text);
      } catch (err) {
        expect(err).toBeInstanceOf(ParseError);
      }
    }
  });
});

describe('helpers', () => {
  it('frameCommandText needs all literal data', () => {
    expect(() => frameCommandText('a LOGIN {5}\r\nab')).toThrow('the command ends before all of its literal data arrived');
  });

  it('frameCommandText refuses two commands', () => {
    expect(() => frameCommandText('a NOOP\r\nb NOOP\r\n')).toThrow('expected one command, found more after it');
  });

  it.each([
    ['DONE', true],
    ['done', true],
    ['DONE ', false],
    ['a NOOP', false],
  ])('isIdleDone(%j) is %s', (line, expected) => {
    expect(isIdleDone(line)).toBe(expected);
  });

  it.each([
    ['*', { cancelled: true }],
    ['', { cancelled: false, data: Buffer.alloc(0) }],
    ['AGFsaWNlAHBhc3N3b3Jk', { cancelled: false, data: Buffer.from('\0alice\0password') }],
  ])('parseAuthenticateResponse(%j)', (line, expected) => {
    expect(parseAuthenticateResponse(line)).toEqual(expected);
  });

  it('parseAuthenticateResponse refuses non-base64', () => {
    expect(() => parseAuthenticateResponse('not base64!')).toThrow(ParseError);
  });
});
