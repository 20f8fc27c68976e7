/**
 * The IMAP client engine against the sandbox: automatic tags and the learner's own, responses
 * read to the tagged completion, server literals read exactly, client literals waiting for `+`,
 * IDLE with pushes, STARTTLS and imaps, :auth (SASL-IR), :send (APPEND), redaction of LOGIN.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { openSession, script } from './harness.js';

let sandbox: TestSandbox;
let dir: string;
const url = (service: 'imap' | 'imaps'): string => `${service}://127.0.0.1:${sandbox.ports[service]}`;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-client-'));
  await sandbox.store.deliver('bob', 'INBOX', Buffer.from('Subject: imap-1\r\nFrom: alice@sandbox.test\r\n\r\nHello Bob.\r\n'));
});
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('IMAP session', () => {
  it('LOGIN, SELECT, FETCH with a literal, LOGOUT: tags A001..., state and redaction', async () => {
    const c = await openSession({ target: url('imap') });
    expect(c.received()[0]).toMatch(/^\* OK \[CAPABILITY /);
    expect(c.session.facts().capabilities).toContain('STARTTLS');
    await c.session.send('LOGIN bob password');
    expect(c.session.facts().state).toBe('authenticated');
    await c.session.send('SELECT INBOX');
    expect(c.session.facts()).toMatchObject({ state: 'selected', selected: { name: 'INBOX', readOnly: false } });
    await c.session.send('FETCH 1 (FLAGS BODY[HEADER.FIELDS (SUBJECT)])');
    const fetch = c.events.filter((e) => e.type === 'recv' && e.command === 'A003');
    const texts = fetch.map((e) => (e.type === 'recv' ? e.text : ''));
    expect(texts[0]).toMatch(/^\* 1 FETCH \(.*BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}$/);
    expect(texts.slice(1, 3)).toEqual(['Subject: imap-1', '']);
    expect(fetch.slice(1, 3).every((e) => e.type === 'recv' && e.inBody)).toBe(true);
    expect(texts.slice(3)).toEqual([')', 'A003 OK FETCH completed']);
    await c.session.send('LOGOUT');
    expect(c.received().slice(-2)).toEqual([expect.stringMatching(/^\* BYE/), 'A004 OK LOGOUT completed']);
    expect(c.session.ended).toEqual({ reason: 'quit' });
    expect(c.sent()).toEqual(['A001 LOGIN <redacted>', 'A002 SELECT INBOX', 'A003 FETCH 1 (FLAGS BODY[HEADER.FIELDS (SUBJECT)])', 'A004 LOGOUT']);
  });

  it("a line that does not start with a command name keeps the learner's own tag", async () => {
    const c = await openSession({ target: url('imap') });
    await c.session.send('t1 CAPABILITY');
    expect(c.received().slice(-2)).toEqual([expect.stringMatching(/^\* CAPABILITY /), 't1 OK CAPABILITY completed']);
    await c.session.send('EXAMINE INBOX');
    expect(c.sent()).toEqual(['t1 CAPABILITY', 'A001 EXAMINE INBOX']);
    await c.session.quit();
  });

  it('EXAMINE selects read-only; a failed SELECT leaves no mailbox selected', async () => {
    const c = await openSession({ target: url('imap') });
    await script(c, ['LOGIN bob password', 'EXAMINE INBOX']);
    expect(c.session.facts().selected).toEqual({ name: 'INBOX', readOnly: true });
    await c.session.send('SELECT "No Such Box"');
    expect(c.received().at(-1)).toMatch(/^A003 NO /);
    expect(c.session.facts()).toMatchObject({ state: 'authenticated' });
    expect(c.session.facts().selected).toBeUndefined();
    await c.session.quit();
  });

  it('client literals: LOGIN {n} waits for +, the next lines are the literal, the rest of the line goes on', async () => {
    const c = await openSession({ target: url('imap') });
    await c.session.send('LOGIN {3}');
    expect(c.received().at(-1)).toMatch(/^\+ /);
    expect(c.session.expectsContent()).toBe(true);
    await c.session.send('bob {8}');
    expect(c.received().at(-1)).toMatch(/^\+ /);
    await c.session.send('password');
    expect(c.received().at(-1)).toMatch(/^A001 OK /);
    expect(c.session.expectsContent()).toBe(false);
    expect(c.sent()).toEqual(['A001 LOGIN <redacted>', '<redacted>', '<redacted>']);
    await c.session.quit();
  });

  it('LITERAL+ {n+}: the literal follows at once, without waiting for +', async () => {
    const c = await openSession({ target: url('imap') });
    expect(c.session.facts().capabilities).toContain('LITERAL+');
    await script(c, ['LOGIN {3+}', 'bob {8+}', 'password']);
    expect(c.received().filter((l) => l.startsWith('+'))).toEqual([]);
    expect(c.received().at(-1)).toMatch(/^A001 OK /);
    expect(c.session.facts().state).toBe('authenticated');
    await c.session.quit();
  });

  it('IDLE: waits for + idling, hears a delivery as it happens, DONE waits for the tagged OK', async () => {
    const c = await openSession({ target: url('imap') });
    await script(c, ['LOGIN bob password', 'SELECT INBOX']);
    const before = (await sandbox.store.messages('bob', 'INBOX')).length;
    await c.session.send('IDLE');
    expect(c.received().at(-1)).toMatch(/^\+ idling/);
    expect(c.session.expectsContent()).toBe(true);
    await sandbox.store.deliver('bob', 'INBOX', Buffer.from('Subject: while idle\r\n\r\nx\r\n'));
    const deadline = Date.now() + 5000;
    while (!c.received().includes(`* ${before + 1} EXISTS`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(c.received()).toContain(`* ${before + 1} EXISTS`);
    await c.session.send('DONE');
    expect(c.received().at(-1)).toBe('A003 OK IDLE terminated');
    expect(c.sent().slice(-2)).toEqual(['A003 IDLE', 'DONE']);
    await c.session.quit();
    expect(c.session.ended?.reason).toBe('quit');
  });

  it('quit() during IDLE sends DONE, then LOGOUT', async () => {
    const c = await openSession({ target: url('imap') });
    await script(c, ['LOGIN bob password', 'SELECT INBOX', 'IDLE']);
    await c.session.quit();
    expect(c.sent().slice(-2)).toEqual(['DONE', 'A004 LOGOUT']);
    expect(c.session.ended?.reason).toBe('quit');
  });

  it('--starttls and imaps: TLS summary, capabilities from inside TLS', async () => {
    const up = await openSession({ target: url('imap'), starttls: true, ca: sandbox.certificate.cert });
    expect(up.sent()).toEqual(['A001 STARTTLS']);
    expect(up.session.facts()).toMatchObject({ secure: true, capabilities: [] });
    await up.session.send('CAPABILITY');
    expect(up.session.facts().capabilities).not.toContain('STARTTLS');
    await up.session.quit();
    const implicit = await openSession({ target: url('imaps'), ca: sandbox.certificate.cert });
    expect(implicit.events[0]).toMatchObject({ type: 'tls', authorized: true });
    await implicit.session.quit();
  });

  it(':auth plain uses SASL-IR when the capabilities have it', async () => {
    const c = await openSession({ target: url('imap') });
    expect(c.session.facts().capabilities).toContain('SASL-IR');
    await c.session.authenticate('plain', 'alice', 'password');
    expect(c.received().at(-1)).toMatch(/^A001 OK/);
    expect(c.sent()).toEqual(['A001 AUTHENTICATE PLAIN <redacted>']);
    expect(c.session.facts().state).toBe('authenticated');
    await c.session.quit();
  });

  it(':auth plain without known SASL-IR (capabilities forgotten after STARTTLS) answers the + continuation', async () => {
    const c = await openSession({ target: url('imap'), starttls: true, ca: sandbox.certificate.cert });
    await c.session.authenticate('plain', 'alice', 'password');
    expect(c.received().at(-1)).toMatch(/^A002 OK/);
    expect(c.sent()).toEqual(['A001 STARTTLS', 'A002 AUTHENTICATE PLAIN', '<redacted>']);
    expect(c.sent().join('\n')).not.toMatch(/password|cGFzc3dvcmQ/);
    await c.session.quit();
  });

  it(':auth login answers each + challenge, redacted', async () => {
    const c = await openSession({ target: url('imap') });
    await c.session.authenticate('login', 'alice', 'password');
    expect(c.received().at(-1)).toMatch(/^A001 OK/);
    expect(c.sent()).toEqual(['A001 AUTHENTICATE LOGIN', '<redacted>', '<redacted>']);
    await c.session.quit();
  });

  it(':send FILE appends it to INBOX as a literal', async () => {
    const file = join(dir, 'append.eml');
    await writeFile(file, 'Subject: appended\n\nhello\n');
    const c = await openSession({ target: url('imap') });
    await c.session.send('LOGIN alice password');
    await c.session.sendFile(file);
    expect(c.received().at(-1)).toMatch(/^A002 OK \[APPENDUID \d+ \d+\]/);
    expect(c.sent()).toEqual(['A001 LOGIN <redacted>', 'A002 APPEND INBOX {28}', 'Subject: appended', '', 'hello', '']);
    const raws = await Promise.all((await sandbox.store.messages('alice', 'INBOX')).map((m) => sandbox.store.read('alice', 'INBOX', m.uid)));
    expect(raws.map((r) => r.toString())).toContain('Subject: appended\r\n\r\nhello\r\n');
    await c.session.quit();
  });
});
