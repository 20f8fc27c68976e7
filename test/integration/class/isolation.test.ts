/**
 * Class mode: each student sees only their own mail. Bob holds a message and a folder with a
 * secret; alice, logged in with her own password, tries every way to reach them: IMAP names that
 * look like paths or other namespaces (`../bob`, `~bob`, `#shared`, `..`, `/`), as atoms, quoted
 * strings and literals, in every command that takes a mailbox; IMAP IDLE while bob gets mail; POP3
 * logins that name bob; SASL authorization identities. Nothing alice receives may carry bob's
 * secret, and nothing of bob's on disk may change.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELD_USER } from '../../../src/server/smtp/recipients.js';
import { expectOk as imapOk, imap, openImap, sendAndWait, taggedLine } from '../../helpers/imap-wire.js';
import { b64, cmd as pop3, expectOk as pop3Ok, openPop3 } from '../../helpers/pop3-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { expectCode, openSmtp } from '../../helpers/smtp-wire.js';

const SECRET = 'BOB-SECRET-7f3a';
const PASSWORDS = { alice: 'alice-pw-1', bob: 'bob-pw-2' };
/** Mailbox names that would reach outside alice's Maildir if names were paths or namespaces. */
const HOSTILE = ['../bob', '../bob/Maildir', '../../users/bob/Maildir', '../_held', '~bob', '~bob/INBOX', '~bob.INBOX', '#shared', '#shared.bob', '#users.bob',
  '/bob', '/', '..', '.', '..bob', '.bob', 'bob', 'bob.INBOX', 'bob.Private', 'Private', 'INBOX/../../bob', 'INBOX..bob', 'INBOX/..', 'Other Users.bob', '%2e%2e/bob', '&AC4ALg-/bob', '\\bob'];

let sb: TestSandbox;
const clients: RawClient[] = [];

async function track<T extends RawClient>(c: Promise<T>): Promise<T> {
  const client = await c;
  clients.push(client);
  return client;
}

/** path -> sha256 of every file under dir (directories end with "/"). */
async function tree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        out.set(relative(dir, p) + '/', '');
        await walk(p);
      } else out.set(relative(dir, p), createHash('sha256').update(await readFile(p)).digest('hex'));
    }
  };
  await walk(dir);
  return out;
}

/**
 * Everything in the data directory that is not alice's own: every file of other users by content;
 * the files at the root by name only (a UIDVALIDITY counter there changes as alice creates folders).
 */
async function notAlices(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [p, h] of await tree(sb.dataDir)) {
    if (p.startsWith('users/alice/')) continue;
    out.set(p, p.startsWith('users/') ? h : '');
  }
  return out;
}

beforeAll(async () => {
  sb = await startTestSandbox({ users: [{ name: 'alice', password: PASSWORDS.alice }, { name: 'bob', password: PASSWORDS.bob }] });
  const secret = (s: string) => Buffer.from(`From: carol@sandbox.test\r\nTo: bob@sandbox.test\r\nSubject: ${s}\r\n\r\n${SECRET} ${s}\r\n`);
  await sb.store.deliver('bob', 'INBOX', secret('inbox'));
  await sb.store.create('bob', 'Private');
  await sb.store.deliver('bob', 'Private', secret('private'));
  await sb.store.ensureUser(HELD_USER);
  await sb.store.deliver(HELD_USER, 'INBOX', secret('held'));
  await sb.store.deliver('alice', 'INBOX', Buffer.from('Subject: mine\r\n\r\nalice only\r\n'));
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await sb?.stop();
});

describe('IMAP: alice cannot reach bob', () => {
  it('no mailbox name, in any command or any quoting, opens, lists, changes or fills a mailbox of bob', { timeout: 120_000 }, async () => {
    const before = await notAlices();
    const c = await track(openImap(sb.ports.imap!));
    await imapOk(c, `L LOGIN alice ${PASSWORDS.alice}`);
    let seen = '';
    let n = 0;
    const ownOpened = new Set<string>();
    const run = async (line: string): Promise<{ text: string; tagged: string }> => {
      const tag = `t${++n}`;
      const text = await imap(c, `${tag} ${line}`);
      seen += text;
      return { text, tagged: taggedLine(text, tag) };
    };
    const forms = (name: string): string[] => [JSON.stringify(name), `{${Buffer.byteLength(name)}+}\r\n${name}`, ...(/^[\x21-\x7e]+$/.test(name) && !/[(){%*"\\\]]/.test(name) ? [name] : [])];
    for (const name of HOSTILE) {
      for (const mb of forms(name)) {
        // Where CREATE works, the name is an ordinary folder of alice's own: what it opens is hers.
        const created = /^t\d+ (OK|NO \[ALREADYEXISTS\])/.test((await run(`CREATE ${mb}`)).tagged);
        for (const command of ['SELECT', 'EXAMINE', 'STATUS', 'SUBSCRIBE', 'UNSUBSCRIBE']) {
          const r = await run(command === 'STATUS' ? `STATUS ${mb} (MESSAGES UIDNEXT)` : `${command} ${mb}`);
          if (command === 'SELECT' || command === 'EXAMINE') {
            expect(/^t\d+ OK/.test(r.tagged), `${command} ${mb}`).toBe(created);
            if (created) ownOpened.add(name);
          }
        }
        await run(`LIST ${mb} "*"`);
        await run(`LIST "" ${mb}`);
        await run(`LSUB ${mb} "*"`);
        await run(`APPEND ${mb} {10+}\r\nalice-wrot`);
        await run('SELECT INBOX');
        await run(`COPY 1 ${mb}`);
        await run(`UID MOVE 999 ${mb}`);
        // Read back whatever went in: alice's own messages only (checked below: no secret in anything seen).
        if (/^t\d+ OK/.test((await run(`EXAMINE ${mb}`)).tagged)) await run('FETCH 1:* (BODY.PEEK[])');
        await run('UNSELECT');
        await run(`RENAME ${mb} Renamed`);
        await run('DELETE Renamed');
        await run(`DELETE ${mb}`);
      }
    }
    for (const pattern of ['"*"', '"%"', '"%.%"', '"*bob*"', '"*Private*"']) await run(`LIST "" ${pattern}`);
    // Names like ~bob and #shared are ordinary names of alice's own folders (created by her CREATE above).
    expect([...ownOpened].sort()).toEqual(['#shared', '#shared.bob', '#users.bob', 'Other Users.bob', 'Private', 'bob', 'bob.INBOX', 'bob.Private', '~bob', '~bob.INBOX'].sort());
    // One personal namespace, no "other users" and no shared one (RFC 2342).
    expect((await run('NAMESPACE')).text).toContain('* NAMESPACE (("" ".")) NIL NIL\r\n');
    expect(seen).not.toContain(SECRET);
    // bob's and the held maildir are byte for byte as they were; no directory appeared outside alice's.
    expect(await notAlices()).toEqual(before);
    // And bob still sees exactly his own.
    const b = await track(openImap(sb.ports.imap!));
    await imapOk(b, `L LOGIN bob ${PASSWORDS.bob}`);
    expect(await imapOk(b, 'S SELECT INBOX')).toContain('* 1 EXISTS\r\n');
    expect(await imapOk(b, 'P STATUS Private (MESSAGES)')).toContain('* STATUS "Private" (MESSAGES 1)\r\n');
  });

  it('RENAME of alice\'s INBOX or folders to a path-like name stays in alice\'s Maildir', async () => {
    const before = await notAlices();
    const c = await track(openImap(sb.ports.imap!));
    await imapOk(c, `L LOGIN alice ${PASSWORDS.alice}`);
    await imapOk(c, 'C CREATE Mine');
    for (const [i, name] of ['"../bob/Maildir/.Mine"', '"../../bob"', '"~bob"', '"#shared"'].entries()) {
      const text = await imap(c, `R${i} RENAME Mine ${name}`);
      if (taggedLine(text, `R${i}`).startsWith(`R${i} OK`)) await imapOk(c, `B${i} RENAME ${name} Mine`);
    }
    expect(await notAlices()).toEqual(before);
  });

  it('an IDLE session of alice hears alice\'s new mail, never bob\'s', async () => {
    const c = await track(openImap(sb.ports.imap!));
    await imapOk(c, `L LOGIN alice ${PASSWORDS.alice}`);
    const exists = /\* (\d+) EXISTS/.exec(await imapOk(c, 'S SELECT INBOX'))![1];
    await sendAndWait(c, 'I IDLE\r\n', /^\+ [^\r\n]*\r\n$/);
    c.clear();
    await sb.store.deliver('bob', 'INBOX', Buffer.from(`Subject: for bob\r\n\r\n${SECRET}\r\n`));
    await sb.store.deliver('alice', 'INBOX', Buffer.from('Subject: for alice\r\n\r\nhello\r\n'));
    await c.waitFor(/RECENT\r\n$/);
    expect(c.text).toBe(`* ${Number(exists) + 1} EXISTS\r\n* 1 RECENT\r\n`);
    expect(await sendAndWait(c, 'DONE\r\n', /I OK [^\r\n]*\r\n$/)).not.toContain('EXISTS');
  });

  it('LOGIN as bob with alice\'s password and AUTHENTICATE PLAIN acting for bob both fail', async () => {
    const c = await track(openImap(sb.ports.imap!));
    expect(taggedLine(await imap(c, `a LOGIN bob ${PASSWORDS.alice}`), 'a')).toMatch(/^a NO \[AUTHENTICATIONFAILED\]/);
    const plain = b64(`bob\0alice\0${PASSWORDS.alice}`);
    // alice's own credentials are right, but she may not act as bob: RFC 5530 §3 AUTHORIZATIONFAILED.
    expect(taggedLine(await imap(c, `b AUTHENTICATE PLAIN ${plain}`), 'b')).toMatch(/^b NO \[AUTHORIZATIONFAILED\] alice may not act as bob/);
  });
});

describe('POP3: a login opens only one\'s own maildrop', () => {
  it('alice\'s maildrop holds only alice\'s messages', async () => {
    const c = await track(openPop3(sb.ports.pop3!));
    await pop3Ok(c, 'USER alice');
    await pop3Ok(c, `PASS ${PASSWORDS.alice}`);
    const list = await pop3Ok(c, 'LIST', true);
    expect(list.body.length).toBeGreaterThan(0);
    for (const line of list.body) {
      const retr = await pop3Ok(c, `RETR ${line.split(' ')[0]}`, true);
      expect(retr.body.join('\n')).not.toContain(SECRET);
    }
    expect((await pop3(c, `RETR ${list.body.length + 1}`)).ok).toBe(false);
    await pop3Ok(c, 'QUIT');
  });

  it.each([
    ['bob', PASSWORDS.alice],
    ['../bob', PASSWORDS.alice],
    ['alice/../bob', PASSWORDS.alice],
    ['alice/../../users/bob', PASSWORDS.alice],
    [HELD_USER, PASSWORDS.alice],
    ['~bob', PASSWORDS.alice],
  ])('USER %s with alice\'s password → -ERR', async (user, password) => {
    const c = await track(openPop3(sb.ports.pop3!));
    await pop3(c, `USER ${user}`);
    expect((await pop3(c, `PASS ${password}`)).status).toMatch(/^-ERR/);
  });

  it('AUTH PLAIN acting for bob and APOP as bob with alice\'s secret fail', async () => {
    const c = await track(openPop3(sb.ports.pop3!));
    expect((await pop3(c, `AUTH PLAIN ${b64(`bob\0alice\0${PASSWORDS.alice}`)}`)).status).toMatch(/^-ERR/);
    const stamp = /<[^>]*>/.exec(c.text)?.[0] ?? '<x>';
    const digest = createHash('md5').update(stamp + PASSWORDS.alice).digest('hex');
    expect((await pop3(c, `APOP bob ${digest}`)).status).toMatch(/^-ERR/);
  });
});

describe('SMTP: alice may send to bob, and learns nothing of his mail', () => {
  it('AUTH acting for bob fails; mail to bob is delivered to bob; no reply carries his mail', async () => {
    const c = await track(openSmtp(sb.ports.submission!));
    await expectCode(c, 'EHLO laptop', 250);
    await expectCode(c, `AUTH PLAIN ${b64(`bob\0alice\0${PASSWORDS.alice}`)}`, 535);
    await expectCode(c, `AUTH PLAIN ${b64(`\0alice\0${PASSWORDS.alice}`)}`, 235);
    let seen = '';
    for (const line of ['VRFY bob', 'EXPN class', 'HELP', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'RCPT TO:<../bob@sandbox.test>', 'DATA']) {
      await c.smtp(line);
      seen += c.text;
    }
    const before = (await sb.store.messages('bob', 'INBOX')).length;
    await c.smtp('Subject: hi bob\r\n\r\nfrom alice\r\n.');
    expect(c.text).toMatch(/^250 /);
    expect(seen).not.toContain(SECRET);
    expect((await sb.store.messages('bob', 'INBOX')).length).toBe(before + 1);
  });
});
