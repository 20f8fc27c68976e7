/**
 * One store behind every protocol: what SMTP delivers and what POP3 deletes is heard by an IMAP
 * session in IDLE at once (RFC 2177), with sequence numbers that stay right (security.md 22).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imaplib } from '../../helpers/imaplib.js';
import { expectOk, imap, login, message, openImap, sendAndWait, taggedLine } from '../../helpers/imap-wire.js';
import { RawClient } from '../../helpers/raw-client.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sb: TestSandbox;

beforeAll(async () => {
  requireTool('python3');
  sb = await startTestSandbox();
});
afterAll(async () => sb?.stop());

/** Opens an IMAP session as `user` with INBOX selected, then enters IDLE. */
async function idling(user: string): Promise<RawClient> {
  const c = await openImap(sb.ports.imap!);
  await login(c, user);
  await expectOk(c, 'S1 SELECT INBOX');
  await sendAndWait(c, 'I1 IDLE\r\n', /^\+ idling\r\n$/);
  c.clear();
  return c;
}

async function pop3(lines: readonly string[]): Promise<string> {
  const p = await RawClient.connect(sb.ports.pop3!);
  await p.waitFor(/^\+OK[^\r\n]*\r\n$/);
  for (const line of lines) {
    p.clear();
    p.send(`${line}\r\n`);
    await p.waitFor(/(\+OK|-ERR)[^\r\n]*\r\n$/);
  }
  const last = p.text;
  p.close();
  return last;
}

describe('IDLE hears the other protocols', () => {
  it('a message sent with smtplib shows up in imaplib IDLE within a second', async () => {
    const r = await imaplib(
      { port: sb.ports.imap, mode: 'plain', dataDir: sb.dataDir, args: { smtp: sb.ports.smtp } },
      String.raw`
import smtplib
M.login('alice', 'password')
rec('select', M.select('INBOX'))
tag = M._new_tag()
M.send(tag + b' IDLE\r\n')
rec('idle', M.readline())
s = smtplib.SMTP('127.0.0.1', cfg['smtp'], local_hostname='laptop.test')
s.sendmail('bob@sandbox.test', ['alice@sandbox.test'], 'From: bob@sandbox.test\r\nTo: alice@sandbox.test\r\nSubject: idle test\r\n\r\nHi!\r\n')
sent = time.monotonic()
s.quit()
M.sock.settimeout(5)
lines = []
while not any(l.endswith(b'EXISTS\r\n') for l in lines):
    lines.append(M.readline())
rec('seconds', time.monotonic() - sent)
while not any(l.endswith(b'RECENT\r\n') for l in lines):
    lines.append(M.readline())
rec('pushed', lines)
M.send(b'DONE\r\n')
rec('done', M.readline())
rec('fetch', M.fetch('1', '(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])'))
M.logout()
`,
    );
    expect(r.error).toBeUndefined();
    expect(r.select).toEqual(['OK', ['0']]);
    expect(r.idle).toBe('+ idling\r\n');
    expect(r.seconds as number).toBeLessThan(1);
    expect(r.pushed).toEqual(['* 1 EXISTS\r\n', '* 1 RECENT\r\n']);
    expect(r.done).toMatch(/^\S+ OK IDLE terminated\r\n$/);
    expect(JSON.stringify(r.fetch)).toContain('FLAGS (\\\\Recent)');
    expect(JSON.stringify(r.fetch)).toContain('Subject: idle test');
  });

  it('POP3 DELE+QUIT is heard as EXPUNGE; nothing is lost or duplicated (security.md 22)', async () => {
    for (const s of ['one', 'two', 'three']) await sb.store.deliver('bob', 'INBOX', Buffer.from(message(`pop ${s}`)));
    const c = await idling('bob');
    // While POP3 holds the maildrop, a second POP3 login is refused; IMAP is not affected.
    const p = await RawClient.connect(sb.ports.pop3!);
    await p.waitFor(/^\+OK[^\r\n]*\r\n$/);
    for (const line of ['USER bob', 'PASS password', 'DELE 2']) {
      p.clear();
      p.send(`${line}\r\n`);
      await p.waitFor(/\+OK[^\r\n]*\r\n$/);
    }
    expect(await pop3(['USER bob', 'PASS password'])).toMatch(/^-ERR \[IN-USE\]/);
    p.clear();
    p.send('QUIT\r\n');
    await p.waitFor(/\+OK[^\r\n]*\r\n$/);
    await c.waitFor('* 2 EXPUNGE\r\n', 1000);
    expect(c.text).toBe('* 2 EXPUNGE\r\n');
    expect(await sendAndWait(c, 'DONE\r\n', /I1 OK IDLE terminated\r\n$/)).toBe('I1 OK IDLE terminated\r\n');
    const fetched = await expectOk(c, 'F1 FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])');
    expect(fetched).toMatch(/^\* 1 FETCH \(UID 1 BODY\[HEADER.FIELDS \(SUBJECT\)\] \{\d+\}\r\nSubject: pop one\r\n\r\n\)\r\n\* 2 FETCH \(UID 3 [^\r\n]*\r\nSubject: pop three\r\n\r\n\)\r\n/);
    expect((await sb.store.messages('bob', 'INBOX')).map((m) => m.uid)).toEqual([1, 3]);
    c.close();
  });

  it('flag changes by another session arrive as FETCH FLAGS', async () => {
    const c = await idling('bob');
    const other = await openImap(sb.ports.imap!);
    await login(other, 'bob');
    await expectOk(other, 'S2 SELECT INBOX');
    await expectOk(other, 'T2 STORE 2 +FLAGS.SILENT (\\Flagged $Important)');
    await c.waitFor('* 2 FETCH (FLAGS (\\Flagged $Important))\r\n', 1000);
    await sendAndWait(c, 'DONE\r\n', /I1 OK IDLE terminated\r\n$/);
    other.close();
    c.close();
  });

  it('a message APPENDed elsewhere is \\Recent for the idling session only', async () => {
    const c = await idling('alice');
    const other = await openImap(sb.ports.imap!);
    await login(other, 'alice');
    await expectOk(other, 'S2 SELECT INBOX');
    const body = message('appended');
    const appended = await expectOk(other, `A2 APPEND INBOX {${body.length}+}\r\n${body}`);
    expect(taggedLine(appended, 'A2')).toMatch(/^A2 OK \[APPENDUID \d+ 2\]/);
    // Message 1 was claimed by an earlier session; message 2 is this one's.
    await c.waitFor('* 2 EXISTS\r\n* 1 RECENT\r\n', 1000);
    // The appending session heard of it too, but the idler had claimed it first.
    expect(appended).toContain('* 2 EXISTS\r\n* 0 RECENT\r\n');
    await sendAndWait(c, 'DONE\r\n', /I1 OK IDLE terminated\r\n$/);
    expect(await expectOk(c, 'F1 FETCH 2 FLAGS')).toContain('* 2 FETCH (FLAGS (\\Recent))');
    expect(await expectOk(other, 'F2 FETCH 2 FLAGS')).toContain('* 2 FETCH (FLAGS ())');
    other.close();
    c.close();
  });
});

describe('sequence numbers across expunges, each session its own view', () => {
  it('EXPUNGE waits during FETCH, STORE and SEARCH, comes with NOOP, and UIDs stay put', async () => {
    await sb.store.create('alice', 'Seq');
    for (let i = 1; i <= 5; i++) await sb.store.deliver('alice', 'Seq', Buffer.from(message(`seq ${i}`)));
    const a = await openImap(sb.ports.imap!);
    const b = await openImap(sb.ports.imap!);
    await login(a);
    await login(b);
    await expectOk(a, 'S1 SELECT Seq');
    await expectOk(b, 'S1 SELECT Seq');
    await expectOk(b, 'T1 STORE 2,4 +FLAGS.SILENT (\\Deleted)');
    expect(await expectOk(b, 'E1 EXPUNGE')).toBe('* 4 EXPUNGE\r\n* 2 EXPUNGE\r\nE1 OK EXPUNGE completed (2 messages removed)\r\n');

    // Session a still sees 5 messages: FETCH of a gone one fails, no EXPUNGE is sent meanwhile.
    const fetched = await imap(a, 'F1 FETCH 1:5 (UID)');
    expect(fetched).not.toMatch(/\* \d+ EXPUNGE/);
    expect(fetched).toContain('* 5 FETCH (UID 5)');
    expect(fetched).toMatch(/F1 NO \[EXPUNGEISSUED\]/);
    const searched = await expectOk(a, 'Q1 SEARCH ALL');
    expect(searched).toBe('* SEARCH 1 2 3 4 5\r\nQ1 OK SEARCH completed (5 found)\r\n');
    const stored = await expectOk(a, 'T2 STORE 5 +FLAGS (\\Seen)');
    // a selected first, so the messages are \\Recent in a and not in b.
    expect(stored).toBe('* 5 FETCH (FLAGS (\\Seen \\Recent))\r\nT2 OK STORE completed\r\n');

    // NOOP delivers the expunges; the numbers close up and the UIDs keep their messages.
    expect(await expectOk(a, 'N1 NOOP')).toBe('* 4 EXPUNGE\r\n* 2 EXPUNGE\r\nN1 OK NOOP completed\r\n');
    expect(await expectOk(a, 'F2 FETCH 1:* (UID)')).toBe('* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 3)\r\n* 3 FETCH (UID 5)\r\nF2 OK FETCH completed\r\n');
    expect(await expectOk(a, 'F3 UID FETCH 5 (FLAGS)')).toBe('* 3 FETCH (UID 5 FLAGS (\\Seen \\Recent))\r\nF3 OK UID FETCH completed\r\n');

    // A UID command may carry EXPUNGE: it comes after the data, before the tagged reply.
    await expectOk(b, 'T3 UID STORE 3 +FLAGS.SILENT (\\Deleted)');
    await expectOk(b, 'E2 UID EXPUNGE 3');
    expect(await expectOk(a, 'F4 UID FETCH 1:* (UID)')).toBe('* 1 FETCH (UID 1)\r\n* 3 FETCH (UID 5)\r\n* 2 EXPUNGE\r\nF4 OK UID FETCH completed\r\n');
    a.close();
    b.close();
  });

  it('a flag change made elsewhere is told once: by the next STORE on that message, or by NOOP', async () => {
    await sb.store.create('alice', 'Told');
    for (const n of [1, 2]) await sb.store.deliver('alice', 'Told', Buffer.from(message(`told ${n}`)));
    const a = await openImap(sb.ports.imap!);
    const b = await openImap(sb.ports.imap!);
    await login(a);
    await login(b);
    await expectOk(a, 'S1 SELECT Told');
    await expectOk(b, 'S1 SELECT Told');
    await expectOk(b, 'T1 STORE 1:2 +FLAGS.SILENT (\\Flagged)');
    expect(await expectOk(a, 'T2 STORE 1 +FLAGS (\\Seen)')).toBe(
      '* 1 FETCH (FLAGS (\\Seen \\Flagged \\Recent))\r\n* 2 FETCH (FLAGS (\\Flagged \\Recent))\r\nT2 OK STORE completed\r\n',
    );
    expect(await expectOk(a, 'N1 NOOP')).toBe('N1 OK NOOP completed\r\n');
    a.close();
    b.close();
  });
});
