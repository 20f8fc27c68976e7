/**
 * Messages for the FETCH and SEARCH tests: the MIME corpus in test/fixtures/mime plus a few
 * written here for SEARCH (base64 and quoted-printable text, encoded-word subjects, odd dates).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDateTime } from '../../../../src/protocols/imap/dates.js';
import { factsOf } from '../../../../src/server/imap/message-facts.js';
import type { MessageView } from '../../../../src/server/imap/message-view.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/mime/', import.meta.url));

export const FIXTURE_NAMES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.eml'))
  .sort();

export function fixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}${name}`);
}

/** Messages 19 to 24 of the search mailbox (byte strings). */
export const EXTRA_MESSAGES: readonly string[] = [
  'From: b64@example.org\r\nTo: you@example.net\r\n' +
    'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?B?IGF1cyBLw7Zsbg==?=\r\n' +
    'Date: 1 Apr 2026 23:59:00 -0800\r\nX-Custom: Hello There\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
    Buffer.from('Die Besprechung findet in München statt. Secret word: zebrafish.\r\n').toString('base64') +
    '\r\n',
  'From: "Ren\xe9" <latin@example.org>\r\nSubject: latin1 qp\r\nDate: Sat, 28 Feb 2026 01:00:00 +1300\r\n' +
    'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n' +
    '--x\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
    '<p>Cr=E8me br=FBl=E9e, tr=\r\nes bien</p>\r\n' +
    '--x\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
    Buffer.from('hidden binary needle').toString('base64') +
    '\r\n--x--\r\n',
  'Subject: no date here\r\nTo: a@b.c, =?utf-8?q?J=C3=BCrgen?= <j@x.de>\r\nCc: carol@example.com\r\n' +
    'Bcc: dave@example.com\r\n\r\nbody\r\n',
  'Subject: garbage date\r\nDate: sometime last week\r\n\r\nx\r\n',
  'Subject: two digit year\r\nDate: 5 Mar 26 10:00 GMT\r\n\r\nx\r\n',
  'Subject: obsolete\r\nDate: Thursday, 05-Mar-2026 10:00:00 (CET) +0100\r\n\r\nx\r\n',
];

const FLAG_CYCLE: readonly (readonly string[])[] = [[], ['\\Seen'], ['\\Answered', '\\Flagged'], ['$Work'], ['\\Deleted', '\\Draft']];

export type CountingView = MessageView & { readonly reads: () => number };

/**
 * A MessageView over a buffer that counts reads of the message: raw() and facts() share one read,
 * as the session's views do (message-views.ts); facts are computed, never cached here.
 */
export function viewOf(raw: Buffer, fields: Partial<Omit<MessageView, 'raw' | 'facts'>> = {}): CountingView {
  let reads = 0;
  let loaded: Promise<Buffer> | undefined;
  const read = (): Promise<Buffer> => {
    if (loaded === undefined) {
      reads++;
      loaded = Promise.resolve(raw);
    }
    return loaded;
  };
  return {
    seq: 1,
    uid: 1,
    flags: [],
    internalDate: new Date(Date.UTC(2026, 2, 3, 9, 15, 0)),
    size: raw.length,
    ...fields,
    raw: read,
    facts: async () => factsOf(await read()),
    reads: () => reads,
  };
}

/**
 * The SEARCH test mailbox: the 18 corpus messages then EXTRA_MESSAGES, UID = sequence number,
 * all \Recent, flags cycling through FLAG_CYCLE, internal dates alternating around midnight UTC.
 * The same mailbox was appended to Dovecot 2.3.19 to check the expected results.
 */
export function searchMailbox(): CountingView[] {
  const raws = [...FIXTURE_NAMES.map(fixture), ...EXTRA_MESSAGES.map((m) => Buffer.from(m, 'latin1'))];
  return raws.map((raw, i) => {
    const day = String((i % 28) + 1).padStart(2, '0');
    const when = parseDateTime(`${day}-Mar-2026 ${i % 2 === 1 ? '23:30:00 -0500' : '00:30:00 +0200'}`).date;
    return viewOf(raw, { seq: i + 1, uid: i + 1, flags: [...FLAG_CYCLE[i % 5]!, '\\Recent'], internalDate: when });
  });
}
