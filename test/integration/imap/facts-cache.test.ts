/**
 * ENVELOPE, BODYSTRUCTURE and header SEARCH are answered from the facts cache after the first
 * read (src/server/imap/message-facts.ts): the files are not read again, and the answers stay
 * right when a mailbox is deleted and made again with other messages under the same UIDs.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { expectOk, imap, login, message, openImap, taggedLine } from '../../helpers/imap-wire.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sb: TestSandbox;

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => sb?.stop());

async function append(c: Awaited<ReturnType<typeof openImap>>, tag: string, mailbox: string, subject: string): Promise<void> {
  const m = message(subject, `Body of ${subject}.`);
  expect(taggedLine(await imap(c, `${tag} APPEND ${mailbox} {${Buffer.byteLength(m)}+}\r\n${m}`), tag)).toMatch(/ OK /);
}

it('a second FETCH ENVELOPE BODYSTRUCTURE and a SEARCH SUBJECT read no file; BODY[] does', async () => {
  const c = await openImap(sb.ports.imap!);
  await login(c);
  await expectOk(c, 'a CREATE Cache');
  for (let i = 1; i <= 5; i++) await append(c, `p${i}`, 'Cache', `cached subject ${i}`);
  await expectOk(c, 'b SELECT Cache');
  const reads = vi.spyOn(sb.store, 'read');

  const first = await expectOk(c, 'c FETCH 1:* (UID ENVELOPE BODYSTRUCTURE)');
  expect(reads).toHaveBeenCalledTimes(5);
  reads.mockClear();
  const second = await expectOk(c, 'd FETCH 1:* (UID ENVELOPE BODYSTRUCTURE)');
  expect(second.replaceAll('d OK', 'c OK')).toBe(first);
  expect(first).toContain('"cached subject 3"');
  expect(await expectOk(c, 'e UID SEARCH SUBJECT "subject 4"')).toMatch(/^\* SEARCH 4\r\n/);
  expect(reads).not.toHaveBeenCalled();

  // Another session sees the same cache.
  const other = await openImap(sb.ports.imap!);
  await login(other);
  await expectOk(other, 'a EXAMINE Cache');
  await expectOk(other, 'b FETCH 2 ENVELOPE');
  expect(reads).not.toHaveBeenCalled();
  await expectOk(other, 'c FETCH 2 BODY.PEEK[]');
  expect(reads).toHaveBeenCalledTimes(1);
  reads.mockRestore();
  other.close();
  c.close();
});

it('a mailbox deleted and created again answers with its new messages, not the cached ones', async () => {
  const c = await openImap(sb.ports.imap!);
  await login(c);
  await expectOk(c, 'a CREATE Again');
  await append(c, 'p1', 'Again', 'the old one');
  await expectOk(c, 'b SELECT Again');
  expect(await expectOk(c, 'c FETCH 1 ENVELOPE')).toContain('"the old one"');
  await expectOk(c, 'd UNSELECT');
  await expectOk(c, 'e DELETE Again');
  await expectOk(c, 'f CREATE Again');
  await append(c, 'p2', 'Again', 'the new one');
  await expectOk(c, 'g SELECT Again');
  const fetched = await expectOk(c, 'h UID FETCH 1:* ENVELOPE');
  expect(fetched).toContain('"the new one"');
  expect(fetched).not.toContain('"the old one"');
  expect(await expectOk(c, 'i SEARCH SUBJECT old')).toMatch(/^\* SEARCH\r\n/);
  c.close();
});

it('a message with bare LFs still goes out with CRLF after its facts are cached', async () => {
  const c = await openImap(sb.ports.imap!);
  await login(c);
  await expectOk(c, 'a CREATE Bare');
  const m = 'Subject: bare\nFrom: a@b.test\n\nline one\nline two\n';
  expect(taggedLine(await imap(c, `p APPEND Bare {${m.length}+}\r\n${m}`), 'p')).toMatch(/ OK /);
  await expectOk(c, 'b SELECT Bare');
  await expectOk(c, 'c FETCH 1 ENVELOPE');
  const body = await expectOk(c, 'd FETCH 1 BODY.PEEK[]');
  const crlf = m.replaceAll('\n', '\r\n');
  expect(body).toContain(`BODY[] {${crlf.length}}\r\n${crlf})`);
  c.close();
});
