/**
 * FETCH data (RFC 3501 §6.4.5, §7.4.2) as it goes on the wire. The section bytes, ENVELOPE and
 * BODYSTRUCTURE strings below are what Dovecot 2.3.19 sends for the same corpus messages.
 */
import { describe, expect, it } from 'vitest';
import type { FetchItem } from '../../../../src/protocols/imap/fetch-items.js';
import { parseCommand } from '../../../../src/protocols/imap/parser.js';
import { atom, serializeResponse, untagged } from '../../../../src/protocols/imap/response.js';
import { SectionError } from '../../../../src/mime/sections.js';
import { buildFetchResponse, withFetchFlags } from '../../../../src/server/imap/fetch/fetch-response.js';
import { mimeTreeOf, type MessageView } from '../../../../src/server/imap/message-view.js';
import { fixture, viewOf } from './messages.js';

function itemsOf(spec: string): readonly FetchItem[] {
  const cmd = parseCommand(`a FETCH 1 ${spec}`);
  if (cmd.name !== 'FETCH') throw new Error('not a FETCH');
  return cmd.args.items;
}

/** `* 1 FETCH (...)` as wire text (latin1: one char per octet). */
async function wire(view: MessageView, spec: string, uid = false): Promise<string> {
  const { values } = await buildFetchResponse(view, itemsOf(spec), { uid });
  return serializeResponse(untagged(view.seq, atom('FETCH'), values)).toString('latin1');
}

const simple = () => viewOf(fixture('01-simple-text.eml'), { seq: 1, uid: 7, flags: ['\\Seen', '$Work'] });

const SIMPLE_ENVELOPE =
  '("Tue, 3 Mar 2026 10:15:00 +0100" "Lunch tomorrow?" (("Alice Example" NIL "alice" "example.org")) ' +
  '(("Alice Example" NIL "alice" "example.org")) (("Alice Example" NIL "alice" "example.org")) ' +
  '(("Bob" NIL "bob" "example.net")) NIL NIL NIL "<20260303101500.1234@example.org>")';
const SIMPLE_HEADER =
  'Return-Path: <alice@example.org>\r\nDate: Tue, 3 Mar 2026 10:15:00 +0100\r\nFrom: Alice Example <alice@example.org>\r\n' +
  'To: Bob <bob@example.net>\r\nSubject: Lunch tomorrow?\r\nMessage-ID: <20260303101500.1234@example.org>\r\n' +
  'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n';
const SIMPLE_TEXT = 'Hi Bob,\r\n\r\nare you free for lunch tomorrow at noon?\r\n\r\nAlice\r\n';

describe('every FETCH attribute and macro, on the wire', () => {
  it.each([
    ['UID', '(UID 7)'],
    ['FLAGS', '(FLAGS (\\Seen $Work))'],
    ['INTERNALDATE', '(INTERNALDATE " 3-Mar-2026 09:15:00 +0000")'],
    ['RFC822.SIZE', '(RFC822.SIZE 340)'],
    ['ENVELOPE', `(ENVELOPE ${SIMPLE_ENVELOPE})`],
    ['BODY', '(BODY ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 62 5))'],
    ['BODYSTRUCTURE', '(BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 62 5 NIL NIL NIL NIL))'],
    ['RFC822.HEADER', `(RFC822.HEADER {278}\r\n${SIMPLE_HEADER})`],
    ['RFC822.TEXT', `(RFC822.TEXT {62}\r\n${SIMPLE_TEXT})`],
    ['RFC822', `(RFC822 {340}\r\n${SIMPLE_HEADER}${SIMPLE_TEXT})`],
    ['FAST', '(FLAGS (\\Seen $Work) INTERNALDATE " 3-Mar-2026 09:15:00 +0000" RFC822.SIZE 340)'],
    ['ALL', `(FLAGS (\\Seen $Work) INTERNALDATE " 3-Mar-2026 09:15:00 +0000" RFC822.SIZE 340 ENVELOPE ${SIMPLE_ENVELOPE})`],
    [
      'FULL',
      `(FLAGS (\\Seen $Work) INTERNALDATE " 3-Mar-2026 09:15:00 +0000" RFC822.SIZE 340 ENVELOPE ${SIMPLE_ENVELOPE} ` +
        'BODY ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 62 5))',
    ],
    ['(RFC822.SIZE UID FLAGS)', '(RFC822.SIZE 340 UID 7 FLAGS (\\Seen $Work))'],
    ['(FLAGS FLAGS UID)', '(FLAGS (\\Seen $Work) UID 7)'],
  ])('FETCH 1 %s', async (spec, expected) => {
    expect(await wire(simple(), spec)).toBe(`* 1 FETCH ${expected}\r\n`);
  });

  it('writes INTERNALDATE in +0000 with a two-digit day when it has one', async () => {
    const view = viewOf(Buffer.from('\r\n'), { internalDate: new Date('1996-07-17T09:44:25Z') });
    expect(await wire(view, 'INTERNALDATE')).toBe('* 1 FETCH (INTERNALDATE "17-Jul-1996 09:44:25 +0000")\r\n');
  });

  it('writes FLAGS () for a message without flags', async () => {
    expect(await wire(viewOf(Buffer.from('\r\n')), 'FLAGS')).toBe('* 1 FETCH (FLAGS ())\r\n');
  });
});

describe('UID FETCH', () => {
  it.each([
    ['FLAGS', '(UID 7 FLAGS (\\Seen $Work))'],
    ['(FLAGS UID)', '(FLAGS (\\Seen $Work) UID 7)'],
    ['UID', '(UID 7)'],
    ['BODY.PEEK[HEADER.FIELDS (Subject)]', '(UID 7 BODY[HEADER.FIELDS (SUBJECT)] {28}\r\nSubject: Lunch tomorrow?\r\n\r\n)'],
  ])('UID FETCH 7 %s carries UID once', async (spec, expected) => {
    expect(await wire(simple(), spec, true)).toBe(`* 1 FETCH ${expected}\r\n`);
  });
});

describe('BODY[section] of nested multiparts and message/rfc822', () => {
  it.each([
    // single-part message: part 1 is its body; anything else is empty
    ['01-simple-text.eml', 'BODY.PEEK[1]', 'BODY[1]', SIMPLE_TEXT],
    ['01-simple-text.eml', 'BODY.PEEK[2]', 'BODY[2]', ''],
    ['01-simple-text.eml', 'BODY.PEEK[1.1]', 'BODY[1.1]', ''],
    ['01-simple-text.eml', 'BODY.PEEK[HEADER]', 'BODY[HEADER]', SIMPLE_HEADER],
    ['01-simple-text.eml', 'BODY.PEEK[TEXT]', 'BODY[TEXT]', SIMPLE_TEXT],
    ['01-simple-text.eml', 'BODY.PEEK[HEADER.FIELDS (TO from)]', 'BODY[HEADER.FIELDS (TO FROM)]',
      'From: Alice Example <alice@example.org>\r\nTo: Bob <bob@example.net>\r\n\r\n'],
    ['01-simple-text.eml', 'BODY.PEEK[HEADER.FIELDS (X-None)]', 'BODY[HEADER.FIELDS (X-NONE)]', '\r\n'],
    ['01-simple-text.eml', 'BODY.PEEK[HEADER.FIELDS.NOT (Return-Path Date Message-ID MIME-Version Content-Type)]',
      'BODY[HEADER.FIELDS.NOT (RETURN-PATH DATE MESSAGE-ID MIME-VERSION CONTENT-TYPE)]',
      'From: Alice Example <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: Lunch tomorrow?\r\n\r\n'],
    // multipart/mixed > multipart/alternative > multipart/related > image/png
    ['08-nested-mixed-alternative-related.eml', 'BODY.PEEK[1.1]', 'BODY[1.1]', 'Text part.'],
    ['08-nested-mixed-alternative-related.eml', 'BODY.PEEK[1.2.1]', 'BODY[1.2.1]', '<img src="cid:logo@example.com">'],
    ['08-nested-mixed-alternative-related.eml', 'BODY.PEEK[1.2.2]', 'BODY[1.2.2]',
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='],
    ['08-nested-mixed-alternative-related.eml', 'BODY.PEEK[1.2.2.MIME]', 'BODY[1.2.2.MIME]',
      'Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <logo@example.com>\r\n' +
        'Content-Location: http://example.com/logo.png\r\nContent-Disposition: inline; filename="logo.png"\r\n\r\n'],
    ['08-nested-mixed-alternative-related.eml', 'BODY.PEEK[2]', 'BODY[2]', 'a,b\r\n1,2'],
    ['08-nested-mixed-alternative-related.eml', 'BODY.PEEK[2.MIME]', 'BODY[2.MIME]',
      'Content-Type: text/csv; name="data.csv"\r\nContent-Disposition: attachment; filename="data.csv"\r\n\r\n'],
    // HEADER and TEXT after a part number exist only for message/rfc822 parts
    ['08-nested-mixed-alternative-related.eml', 'BODY.PEEK[1.2.1.HEADER]', 'BODY[1.2.1.HEADER]', ''],
    ['08-nested-mixed-alternative-related.eml', 'BODY.PEEK[3]', 'BODY[3]', ''],
    // message/rfc822: 2 is the whole embedded message, 2.HEADER / 2.TEXT its header and body,
    // 2.1 and 2.2 the parts of its multipart
    ['09-message-rfc822.eml', 'BODY.PEEK[1]', 'BODY[1]', 'See below.\r\n'],
    ['09-message-rfc822.eml', 'BODY.PEEK[2.MIME]', 'BODY[2.MIME]',
      'Content-Type: message/rfc822\r\nContent-Description: Forwarded message\r\n\r\n'],
    ['09-message-rfc822.eml', 'BODY.PEEK[2.HEADER.FIELDS (Subject Date)]', 'BODY[2.HEADER.FIELDS (SUBJECT DATE)]',
      'Subject: Original\r\nDate: Sun, 8 Mar 2026 22:00:00 +0100\r\n\r\n'],
    ['09-message-rfc822.eml', 'BODY.PEEK[2.HEADER.FIELDS.NOT (From To Subject Date Message-ID MIME-Version)]',
      'BODY[2.HEADER.FIELDS.NOT (FROM TO SUBJECT DATE MESSAGE-ID MIME-VERSION)]',
      'Content-Type: multipart/alternative; boundary="inner"\r\n\r\n'],
    ['09-message-rfc822.eml', 'BODY.PEEK[2.1]', 'BODY[2.1]', 'Inner text.'],
    ['09-message-rfc822.eml', 'BODY.PEEK[2.2]', 'BODY[2.2]', '<b>Inner</b> html.'],
    ['09-message-rfc822.eml', 'BODY.PEEK[2.2.MIME]', 'BODY[2.2.MIME]', 'Content-Type: text/html; charset=utf-8\r\n\r\n'],
    ['09-message-rfc822.eml', 'BODY.PEEK[2.3]', 'BODY[2.3]', ''],
    // multipart/digest: parts default to message/rfc822
    ['14-digest.eml', 'BODY.PEEK[1.HEADER]', 'BODY[1.HEADER]', 'From: one@example.org\r\nSubject: First\r\n\r\n'],
    ['14-digest.eml', 'BODY.PEEK[1.TEXT]', 'BODY[1.TEXT]', 'First message.'],
    ['14-digest.eml', 'BODY.PEEK[3.1]', 'BODY[3.1]', 'Second message.'],
    ['14-digest.eml', 'BODY.PEEK[2.HEADER]', 'BODY[2.HEADER]', ''],
  ])('%s %s', async (file, spec, name, data) => {
    const expected = data === '' ? `${name} ""` : `${name} {${Buffer.byteLength(data, 'latin1')}}\r\n${data}`;
    expect(await wire(viewOf(fixture(file)), spec)).toBe(`* 1 FETCH (${expected})\r\n`);
  });

  it('BODY[2] of a message/rfc822 part is the whole embedded message', async () => {
    const raw = fixture('09-message-rfc822.eml');
    const { values } = await buildFetchResponse(viewOf(raw), itemsOf('BODY.PEEK[2]'), { uid: false });
    const start = raw.indexOf('From: =?UTF-8?Q?Ren');
    const end = raw.indexOf('\r\n--fwd--');
    expect(values[1]).toEqual({ type: 'literal', data: raw.subarray(start, end) });
  });
});

describe('partial fetches <origin.size>', () => {
  it.each([
    ['BODY.PEEK[TEXT]<0.7>', 'BODY[TEXT]<0> {7}\r\nHi Bob,'],
    ['BODY.PEEK[TEXT]<15.3>', 'BODY[TEXT]<15> {3}\r\nyou'],
    // size past the end: what is there
    ['BODY.PEEK[]<330.100>', 'BODY[]<330> {10}\r\n\n\r\nAlice\r\n'],
    ['BODY.PEEK[TEXT]<61.5>', 'BODY[TEXT]<61> {1}\r\n\n'],
    // origin at or past the end: an empty string
    ['BODY.PEEK[]<340.10>', 'BODY[]<340> ""'],
    ['BODY.PEEK[TEXT]<5000.10>', 'BODY[TEXT]<5000> ""'],
    ['BODY.PEEK[HEADER.FIELDS (Subject)]<9.5>', 'BODY[HEADER.FIELDS (SUBJECT)]<9> {5}\r\nLunch'],
    ['BODY.PEEK[9]<0.10>', 'BODY[9]<0> ""'],
  ])('FETCH 1 %s', async (spec, expected) => {
    expect(await wire(simple(), spec)).toBe(`* 1 FETCH (${expected})\r\n`);
  });

  it('can fetch a message in pieces that join up to BODY[]', async () => {
    const raw = fixture('07-mixed-attachment-rfc2231.eml');
    const pieces: Buffer[] = [];
    for (let origin = 0; origin < raw.length + 500; origin += 500) {
      const { values } = await buildFetchResponse(viewOf(raw), itemsOf(`BODY.PEEK[]<${origin}.500>`), { uid: false });
      const value = values[1];
      pieces.push(typeof value === 'object' && value !== null && 'data' in value ? Buffer.from(value.data) : Buffer.alloc(0));
    }
    expect(Buffer.concat(pieces).equals(raw)).toBe(true);
  });
});

describe('8-bit data', () => {
  const eightBit = () => viewOf(fixture('11-8bit-body.eml'));

  it('sends BODY[TEXT] with 8-bit bytes as a literal counted in octets', async () => {
    const body = 'Raw 8-bit UTF-8 body: Grüße, smørrebrød, 日本語.\r\n';
    expect(await wire(eightBit(), 'BODY.PEEK[TEXT]')).toBe(
      `* 1 FETCH (BODY[TEXT] {57}\r\n${Buffer.from(body, 'utf8').toString('latin1')})\r\n`,
    );
  });

  it('sends BODY[] of an 8-bit message byte for byte', async () => {
    const raw = fixture('11-8bit-body.eml');
    const bytes = serializeResponse(untagged(1, atom('FETCH'), (await buildFetchResponse(eightBit(), itemsOf('BODY.PEEK[]'), { uid: false })).values));
    expect(bytes.equals(Buffer.concat([Buffer.from(`* 1 FETCH (BODY[] {${raw.length}}\r\n`), raw, Buffer.from(')\r\n')]))).toBe(true);
  });

  it('keeps the 8-bit literals inside ENVELOPE', async () => {
    const joerg = Buffer.from('Jörg', 'utf8').toString('latin1');
    const subject = Buffer.from('Grüße aus Köln', 'utf8').toString('latin1');
    const address = `(({5}\r\n${joerg} NIL "joerg" "example.de"))`;
    expect(await wire(eightBit(), 'ENVELOPE')).toBe(
      `* 1 FETCH (ENVELOPE ("Wed, 11 Mar 2026 14:00:00 +0100" {17}\r\n${subject} ${address} ${address} ${address} ` +
        '((NIL NIL "bob" "example.net")) NIL NIL NIL NIL))\r\n',
    );
  });

  it('never sends NUL in a literal (RFC 3501 CHAR8): each becomes 0x80, as in Dovecot, lengths and offsets unchanged', async () => {
    const raw = Buffer.from('Subject: nul\r\n\r\na\x00b\x00\x00c\r\n', 'latin1');
    const view = viewOf(raw);
    expect(await wire(view, 'BODY.PEEK[TEXT]')).toBe('* 1 FETCH (BODY[TEXT] {8}\r\na\x80b\x80\x80c\r\n)\r\n');
    expect(await wire(view, 'BODY.PEEK[]<16.3>')).toBe('* 1 FETCH (BODY[]<16> {3}\r\na\x80b)\r\n');
    expect(await wire(view, 'RFC822.SIZE')).toBe(`* 1 FETCH (RFC822.SIZE ${raw.length})\r\n`);
    expect(raw.includes(0)).toBe(true);
  });

  it('sends a literal between two addresses exactly as Dovecot does, the addresses still joined', async () => {
    // Dovecot writes ({16}\r\nGiant; "Big" Box NIL ...): a literal right after ")(".
    const text = await wire(viewOf(fixture('05-groups-and-routes.eml')), 'ENVELOPE');
    expect(text).toContain('((NIL NIL "boss" "nil.test")({16}\r\nGiant; "Big" Box NIL "sysservices" "example.net"))');
  });
});

describe('setsSeen', () => {
  it.each([
    ['BODY[]', [], true],
    ['BODY[1.MIME]', [], true],
    ['BODY[TEXT]<0.10>', [], true],
    ['RFC822', [], true],
    ['RFC822.TEXT', [], true],
    ['(FLAGS BODY[HEADER])', ['\\Answered'], true],
    ['BODY[]', ['\\Seen'], false],
    ['BODY[]', ['\\seen'], false],
    ['BODY.PEEK[]', [], false],
    ['BODY.PEEK[TEXT]<0.10>', [], false],
    ['RFC822.HEADER', [], false],
    ['RFC822.SIZE', [], false],
    ['ALL', [], false],
    ['FULL', [], false],
    ['(ENVELOPE BODYSTRUCTURE BODY UID FLAGS INTERNALDATE)', [], false],
  ] as const)('FETCH %s with flags %j: setsSeen %s', async (spec, flags, expected) => {
    const result = await buildFetchResponse(viewOf(fixture('09-message-rfc822.eml'), { flags }), itemsOf(spec), { uid: false });
    expect(result.setsSeen).toBe(expected);
  });

  it('leaves FLAGS to the caller; withFetchFlags replaces or appends them', async () => {
    const view = viewOf(fixture('01-simple-text.eml'), { flags: ['\\Recent'] });
    const plain = await buildFetchResponse(view, itemsOf('BODY[TEXT]<0.2>'), { uid: true });
    const asked = await buildFetchResponse(view, itemsOf('(FLAGS BODY[TEXT]<0.2>)'), { uid: false });
    const line = (values: Parameters<typeof untagged>) => serializeResponse(untagged(...values)).toString('latin1');
    expect(line([1, atom('FETCH'), withFetchFlags(plain.values, ['\\Seen', '\\Recent'])])).toBe(
      '* 1 FETCH (UID 1 BODY[TEXT]<0> {2}\r\nHi FLAGS (\\Seen \\Recent))\r\n',
    );
    expect(line([1, atom('FETCH'), withFetchFlags(asked.values, ['\\Seen', '\\Recent'])])).toBe(
      '* 1 FETCH (FLAGS (\\Seen \\Recent) BODY[TEXT]<0> {2}\r\nHi)\r\n',
    );
    expect(asked.values[1]).toEqual([atom('\\Recent')]);
  });
});

describe('reading the message', () => {
  it.each([
    ['FLAGS', 0],
    ['(UID FLAGS INTERNALDATE RFC822.SIZE)', 0],
    ['FAST', 0],
    ['ALL', 1],
    ['ENVELOPE', 1],
    ['BODYSTRUCTURE', 1],
    ['(BODY[HEADER] BODY[TEXT] BODY[1] BODYSTRUCTURE ENVELOPE)', 1],
  ] as const)('FETCH %s reads the message %i times', async (spec, reads) => {
    const view = simple();
    await buildFetchResponse(view, itemsOf(spec), { uid: true });
    expect(view.reads()).toBe(reads);
  });

  it('parses a buffer once (mimeTreeOf caches per buffer)', () => {
    const raw = fixture('08-nested-mixed-alternative-related.eml');
    expect(mimeTreeOf(raw)).toBe(mimeTreeOf(raw));
    expect(mimeTreeOf(Buffer.from(raw))).not.toBe(mimeTreeOf(raw));
    expect(mimeTreeOf(raw).children).toHaveLength(2);
  });

  it('rejects a section IMAP does not allow with SectionError (the session answers BAD)', async () => {
    const item: FetchItem = { type: 'section', peek: true, section: { part: [], text: 'HEADER.FIELDS', fields: [] }, partial: undefined };
    await expect(buildFetchResponse(simple(), [item], { uid: false })).rejects.toThrow(SectionError);
  });
});
