/**
 * The response codes that only show up when something is wrong: [ALERT] when another session
 * deletes or renames the selected mailbox (RFC 2180 §3), [PARSE] when a message's header or MIME
 * structure cannot be read as the RFCs say (RFC 3501 §7.1), [AUTHORIZATIONFAILED], [SERVERBUG]
 * and [CORRUPTION] (RFC 5530).
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PARSE_PROBLEMS } from '../../../src/server/imap/parse-problems.js';
import { expectOk, imap, login, message, openImap, sendAndWait, taggedLine, untaggedLines } from '../../helpers/imap-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sb: TestSandbox;
const clients: RawClient[] = [];

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => sb?.stop());
beforeEach(() => () => clients.splice(0).forEach((c) => c.close()));

async function session(user = 'alice'): Promise<RawClient> {
  const c = await openImap(sb.ports.imap!);
  clients.push(c);
  await login(c, user);
  return c;
}

const BYE_ALERT = (name: string): string =>
  `* BYE [ALERT] Mailbox ${name} was deleted or renamed by another session; log in again and SELECT a mailbox (RFC 2180 section 3)\r\n`;

describe('[ALERT]: the selected mailbox taken away by another session', () => {
  it('DELETE elsewhere while IDLE → * BYE [ALERT] at once, and the connection closes', async () => {
    const a = await session();
    const b = await session();
    await expectOk(a, 'a1 CREATE Doomed');
    await expectOk(a, 'a2 SELECT Doomed');
    await sendAndWait(a, 'a3 IDLE\r\n', /^\+ idling\r\n$/);
    a.clear();
    await expectOk(b, 'b1 DELETE Doomed');
    expect(await a.waitFor(/\r\n$/)).toBe(BYE_ALERT('Doomed'));
    await a.waitClosed();
  });

  it('RENAME elsewhere → the next command gets * BYE [ALERT] instead of its answer', async () => {
    const a = await session();
    const b = await session();
    await expectOk(a, 'a1 CREATE Moving');
    await expectOk(a, 'a2 SELECT Moving');
    await expectOk(b, 'b1 RENAME Moving Moved');
    expect(await sendAndWait(a, 'a3 NOOP\r\n', /\r\n$/)).toBe(BYE_ALERT('Moving'));
    await a.waitClosed();
  });

  it('deleted and created again elsewhere (a new UIDVALIDITY) → * BYE [ALERT]', async () => {
    const a = await session();
    const b = await session();
    await expectOk(a, 'a1 CREATE Reborn');
    await expectOk(a, 'a2 SELECT Reborn');
    await expectOk(b, 'b1 DELETE Reborn');
    await expectOk(b, 'b2 CREATE Reborn');
    expect(await sendAndWait(a, 'a3 FETCH 1:* FLAGS\r\n', /\r\n$/)).toBe(BYE_ALERT('Reborn'));
    await a.waitClosed();
  });

  it('other mailboxes created, renamed or deleted elsewhere change nothing for the selected one', async () => {
    const a = await session();
    const b = await session();
    await expectOk(a, 'a1 CREATE Kept');
    await expectOk(a, 'a2 SELECT Kept');
    await expectOk(b, 'b1 CREATE Scratch');
    await expectOk(b, 'b2 RENAME Scratch Scratch2');
    await expectOk(b, 'b3 DELETE Scratch2');
    expect(await imap(a, 'a3 NOOP')).toBe('a3 OK NOOP completed\r\n');
    // Non-ASCII names travel in modified UTF-7 in the alert too.
    await expectOk(a, 'a4 CREATE Entw&APw-rfe');
    await expectOk(a, 'a5 SELECT Entw&APw-rfe');
    await expectOk(b, 'b4 DELETE Entw&APw-rfe');
    expect(await sendAndWait(a, 'a6 NOOP\r\n', /\r\n$/)).toBe(BYE_ALERT('Entw&APw-rfe'));
  });
});

describe('[PARSE]: a message whose header or MIME structure is broken', () => {
  const NO_BOUNDARY = 'From: a@sandbox.test\r\nSubject: parts?\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n\r\ntext\r\n--x--\r\n';
  const NO_COLON = 'From: a@sandbox.test\r\nthis line has no colon\r\nSubject: odd\r\n\r\nbody\r\n';
  const LOST_BOUNDARY =
    'From: a@sandbox.test\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: multipart/alternative; boundary="gone"\r\n\r\nno delimiter here\r\n--b1--\r\n';
  let c: RawClient;

  beforeAll(async () => {
    await sb.store.create('bob', 'Broken');
    for (const m of [message('fine'), NO_BOUNDARY, NO_COLON, LOST_BOUNDARY]) await sb.store.deliver('bob', 'Broken', Buffer.from(m));
  });
  beforeEach(async () => {
    c = await session('bob');
    await expectOk(c, 's SELECT Broken');
  });

  it('FETCH ENVELOPE / BODYSTRUCTURE / BODY: * NO [PARSE] before the message\'s FETCH, which still comes', async () => {
    const text = await expectOk(c, 'f FETCH 1:4 (BODYSTRUCTURE)');
    expect(untaggedLines(text).map((l) => l.replace(/^(\* \d+ FETCH) \(.*$/, '$1'))).toEqual([
      '* 1 FETCH',
      '* NO [PARSE] Message 2 (UID 2): the message is multipart/mixed without a boundary parameter, so its parts cannot be found (RFC 2046 section 5.1.1)',
      '* 2 FETCH',
      '* NO [PARSE] Message 3 (UID 3): the message header has a line without a colon ("this line has no colon"), which is not a header field (RFC 5322 section 2.2)',
      '* 3 FETCH',
      '* NO [PARSE] Message 4 (UID 4): part 1 is multipart/alternative, but no line starts with "--gone", so it has no parts (RFC 2046 section 5.1.1)',
      '* 4 FETCH',
    ]);
    expect(taggedLine(text, 'f')).toBe('f OK FETCH completed');
    for (const item of ['ENVELOPE', 'BODY', 'ALL', 'FULL']) {
      expect(untaggedLines(await expectOk(c, `g FETCH 3 ${item}`)).filter((l) => l.startsWith('* NO [PARSE] Message 3 (UID 3): '))).toHaveLength(1);
    }
  });

  it('items that do not interpret the structure (FLAGS, BODY[], RFC822.SIZE, FAST) bring no [PARSE]', async () => {
    for (const items of ['FLAGS', 'BODY.PEEK[]', 'RFC822.SIZE', 'FAST', 'UID']) {
      const text = await expectOk(c, `h FETCH 1:4 ${items}`);
      expect(text, items).not.toContain('[PARSE]');
    }
  });

  it(`reports at most ${MAX_PARSE_PROBLEMS} problems per message`, async () => {
    const parts = Array.from({ length: MAX_PARSE_PROBLEMS + 2 }, (_, i) => `--o\r\nContent-Type: multipart/mixed\r\n\r\npart ${i}\r\n`).join('');
    await sb.store.deliver('bob', 'Broken', Buffer.from(`From: a@sandbox.test\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n${parts}--o--\r\n`));
    const text = await expectOk(c, 'i NOOP');
    expect(text).toContain('* 5 EXISTS');
    const fetched = await expectOk(c, 'j FETCH 5 BODYSTRUCTURE');
    expect(untaggedLines(fetched).filter((l) => l.startsWith('* NO [PARSE] Message 5 (UID 5): part '))).toHaveLength(MAX_PARSE_PROBLEMS);
  });
});

describe('RFC 5530 codes', () => {
  const plain = (authzid: string, authcid: string, password: string): string => Buffer.from(`${authzid}\0${authcid}\0${password}`).toString('base64');

  it('[AUTHORIZATIONFAILED]: right credentials asking to act as another user; wrong ones stay AUTHENTICATIONFAILED', async () => {
    const c = await openImap(sb.ports.imap!);
    clients.push(c);
    expect(await imap(c, `a AUTHENTICATE PLAIN ${plain('bob', 'alice', 'password')}`)).toBe(
      'a NO [AUTHORIZATIONFAILED] alice may not act as bob: log in with an empty authorization identity (RFC 4616 section 2)\r\n',
    );
    expect(await imap(c, `b AUTHENTICATE PLAIN ${plain('bob', 'alice', 'wrong')}`)).toBe('b NO [AUTHENTICATIONFAILED] Authentication failed: wrong user name or password\r\n');
    // A CR LF in the authorization identity cannot end the line early.
    // The third failed login before login also closes the connection (security.md 19).
    expect(await sendAndWait(c, `c AUTHENTICATE PLAIN ${plain('x\r\n* OK fake', 'alice', 'password')}\r\n`, /\* BYE [^\r\n]*\r\n$/)).toBe(
      'c NO [AUTHORIZATIONFAILED] alice may not act as x??* OK fake: log in with an empty authorization identity (RFC 4616 section 2)\r\n' +
        '* BYE Too many invalid commands (3) before login, closing connection\r\n',
    );
    await c.waitClosed();
  });

  it('[SERVERBUG]: a bug of the server (an unexpected exception) ends the session with * BYE [SERVERBUG]', async () => {
    const c = await session('alice');
    const uids = sb.store.uids.bind(sb.store);
    sb.store.uids = () => Promise.reject(new TypeError('a bug'));
    try {
      expect(await sendAndWait(c, 's SELECT INBOX\r\n', /\r\n$/)).toBe('* BYE [SERVERBUG] Internal error in the sandbox, closing connection\r\n');
      await c.waitClosed();
    } finally {
      sb.store.uids = uids;
    }
    const other = await session('alice');
    expect(taggedLine(await imap(other, 't SELECT INBOX'), 't')).toBe('t OK [READ-WRITE] SELECT completed');
  });

  it('[CORRUPTION]: a message file that cannot be read ends FETCH with NO, and the session goes on', async () => {
    await sb.store.create('alice', 'Damaged');
    await sb.store.deliver('alice', 'Damaged', Buffer.from(message('readable')));
    await sb.store.deliver('alice', 'Damaged', Buffer.from(message('unreadable')));
    const c = await session('alice');
    await expectOk(c, 's SELECT Damaged');
    const dir = join(sb.dataDir, 'users', 'alice', 'Maildir', '.Damaged');
    const files = ['new', 'cur'].flatMap((d) => readdirSync(join(dir, d)).map((f) => join(dir, d, f)));
    const second = files.find((f) => readFileSync(f, 'latin1').includes('Subject: unreadable'))!;
    renameSync(second, `${second}.saved`);
    mkdirSync(second);
    try {
      const text = await imap(c, 'f FETCH 1:2 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])');
      expect(text).toMatch(/^\* 1 FETCH \(BODY\[HEADER.FIELDS \(SUBJECT\)\] \{21\}\r\nSubject: readable\r\n\r\n\)\r\n/);
      expect(taggedLine(text, 'f')).toBe("f NO [CORRUPTION] The mailbox's files cannot be used (EISDIR); the sandbox's data directory needs repair");
      expect(await imap(c, 'g NOOP')).toBe('g OK NOOP completed\r\n');
    } finally {
      rmdirSync(second);
      renameSync(`${second}.saved`, second);
    }
    expect(taggedLine(await imap(c, 'h FETCH 2 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])'), 'h')).toBe('h OK FETCH completed');
  });
});
