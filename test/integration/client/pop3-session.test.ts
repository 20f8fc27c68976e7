/**
 * The POP3 client engine against the sandbox: status lines, multi-line bodies chosen per command
 * (the catalog's isMultilineReply), STLS, pop3s, AUTH via :auth, and redaction of PASS and APOP.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { openSession, script } from './harness.js';

let sandbox: TestSandbox;
const url = (service: 'pop3' | 'pop3s', user = ''): string => `${service}://${user}127.0.0.1:${sandbox.ports[service]}`;
const MESSAGE = 'Subject: pop-1\r\n\r\nfirst line\r\n.starts with a dot\r\n';

beforeAll(async () => {
  sandbox = await startTestSandbox({ users: [{ name: 'carol', password: 'secret1' }, { name: 'dave', password: 'secret2' }] });
  await sandbox.store.deliver('carol', 'INBOX', Buffer.from(MESSAGE));
});
afterAll(() => sandbox?.stop());

describe('POP3 session', () => {
  it('USER/PASS, STAT, LIST, RETR (byte-stuffed body kept as on the wire), QUIT', async () => {
    const c = await openSession({ target: url('pop3') });
    expect(c.received()[0]).toMatch(/^\+OK /);
    await script(c, ['USER carol', 'PASS secret1']);
    expect(c.session.facts().state).toBe('transaction');
    await c.session.send('STAT');
    expect(c.received().at(-1)).toMatch(/^\+OK 1 \d+$/);
    await c.session.send('LIST');
    expect(c.received().slice(-3)).toEqual([expect.stringMatching(/^\+OK/), expect.stringMatching(/^1 \d+$/), '.']);
    await c.session.send('LIST 1');
    expect(c.received().at(-1)).toMatch(/^\+OK 1 \d+$/);
    await c.session.send('RETR 1');
    const body = c.events.filter((e) => e.type === 'recv' && e.inBody).map((e) => (e.type === 'recv' ? e.text : ''));
    expect(body).toContain('..starts with a dot');
    expect(body).toContain('Subject: pop-1');
    expect(c.received().at(-1)).toBe('.');
    await c.session.send('QUIT');
    expect(c.session.ended).toEqual({ reason: 'quit' });
    expect(c.sent()).toEqual(['USER carol', 'PASS <redacted>', 'STAT', 'LIST', 'LIST 1', 'RETR 1', 'QUIT']);
  });

  it('an -ERR to a multi-line command has no body (the next command is answered in order)', async () => {
    const c = await openSession({ target: url('pop3') });
    await script(c, ['USER carol', 'PASS secret1', 'RETR 99', 'NOOP']);
    expect(c.received().slice(-2)).toEqual([expect.stringMatching(/^-ERR/), expect.stringMatching(/^\+OK/)]);
    await c.session.quit();
    expect(c.sent().at(-1)).toBe('QUIT');
  });

  it('--starttls: CAPA, STLS, TLS summary; capabilities afterwards only from inside TLS', async () => {
    const c = await openSession({ target: url('pop3'), starttls: true, ca: sandbox.certificate.cert });
    expect(c.sent()).toEqual(['CAPA', 'STLS']);
    expect(c.events.find((e) => e.type === 'tls')).toMatchObject({ authorized: true });
    expect(c.session.facts()).toMatchObject({ secure: true, capabilities: [] });
    await c.session.send('CAPA');
    expect(c.session.facts().capabilities).toContain('USER');
    expect(c.session.facts().capabilities).not.toContain('STLS');
    await c.session.quit();
  });

  it('pop3s with --insecure, then :auth plain with the user from the target', async () => {
    const c = await openSession({ target: url('pop3s', 'dave@'), insecure: true });
    expect(c.events[0]).toMatchObject({ type: 'tls', authorized: false });
    expect(c.session.targetUser).toBe('dave');
    await c.session.authenticate('plain', 'dave', 'secret2');
    expect(c.received().at(-1)).toMatch(/^\+OK/);
    expect(c.sent()).toEqual(['AUTH PLAIN <redacted>']);
    expect(c.session.facts().state).toBe('transaction');
    await c.session.quit();
  });

  it.each(['login', 'cram-md5'] as const)(':auth %s answers the + challenges; every answer is redacted', async (mech) => {
    const c = await openSession({ target: url('pop3') });
    await c.session.authenticate(mech, 'dave', 'secret2');
    expect(c.received().at(-1)).toMatch(/^\+OK/);
    expect(c.sent()[0]).toBe(`AUTH ${mech.toUpperCase()}`);
    expect(c.sent().slice(1).every((s) => s === '<redacted>')).toBe(true);
    await c.session.quit();
  });

  it('APOP: the digest is redacted, the user name is not', async () => {
    const c = await openSession({ target: url('pop3') });
    const stamp = /<[^>]+>/.exec(c.received()[0]!)![0];
    const digest = createHash('md5').update(`${stamp}secret2`).digest('hex');
    await c.session.send(`APOP dave ${digest}`);
    expect(c.received().at(-1)).toMatch(/^\+OK/);
    expect(c.sent()).toEqual(['APOP dave <redacted>']);
    await c.session.quit();
  });
});
