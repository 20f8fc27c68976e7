/**
 * The SMTP client engine against the sandbox over loopback: framing of multi-line replies, DATA
 * with dot-stuffing, BDAT, STARTTLS and implicit TLS, :auth, :send, and the facts it keeps.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNewMessage } from '../../helpers/maildir-files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { openSession, script } from './harness.js';

let sandbox: TestSandbox;
let dir: string;
const url = (service: 'smtp' | 'smtps' | 'submission'): string => `${service}://127.0.0.1:${sandbox.ports[service]}`;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-client-'));
});
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('SMTP session', () => {
  it('runs EHLO, MAIL, RCPT, DATA (a body line starting with "." is stuffed), QUIT', async () => {
    const c = await openSession({ target: url('smtp') });
    expect(c.received()[0]).toMatch(/^220 /);
    expect(c.session.facts().state).toBe('connected');
    await c.session.send('EHLO laptop');
    expect(c.session.facts()).toMatchObject({ state: 'greeted', secure: false, loopback: true });
    expect(c.session.facts().capabilities).toEqual(expect.arrayContaining(['PIPELINING', 'STARTTLS', 'AUTH', 'CHUNKING']));
    await c.session.send('MAIL FROM:<alice@sandbox.test>');
    expect(c.session.facts().state).toBe('mail');
    await c.session.send('RCPT TO:<bob@sandbox.test>');
    expect(c.session.facts().state).toBe('rcpt');
    await c.session.send('DATA');
    expect(c.session.facts().state).toBe('data');
    expect(c.session.expectsContent()).toBe(true);
    await script(c, ['Subject: dots-1', '', '.leading dot', '..two', 'QUIT', '.']);
    expect(c.session.facts().state).toBe('greeted');
    await c.session.send('QUIT');
    expect(c.session.ended).toEqual({ reason: 'quit' });
    expect(c.sent()).toEqual(['EHLO laptop', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'DATA', 'Subject: dots-1', '', '..leading dot', '...two', 'QUIT', '.', 'QUIT']);
    // The whole EHLO reply is one response: every 250 line arrived before MAIL was sent.
    const printed = c.printed();
    expect(printed.indexOf('S: 250 HELP')).toBeLessThan(printed.indexOf('C: MAIL FROM:<alice@sandbox.test>'));
    const stored = await findNewMessage(sandbox.dataDir, 'bob', 'Subject: dots-1');
    expect(stored.text).toContain('\r\n.leading dot\r\n..two\r\nQUIT\r\n');
    expect(c.events.at(-1)).toMatchObject({ type: 'close', reason: 'quit', exitCode: 0 });
  });

  it('RSET ends the transaction; a failed RCPT leaves the state as it was', async () => {
    const c = await openSession({ target: url('smtp') });
    await script(c, ['EHLO laptop', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<nobody@sandbox.test>']);
    expect(c.received().at(-1)).toMatch(/^550 /);
    expect(c.session.facts().state).toBe('mail');
    await c.session.send('RSET');
    expect(c.session.facts().state).toBe('greeted');
    await c.session.quit();
    expect(c.session.ended?.reason).toBe('quit');
  });

  it('--starttls: EHLO, STARTTLS, TLS summary, then capabilities only from inside TLS', async () => {
    const c = await openSession({ target: url('submission'), starttls: true, ca: sandbox.certificate.cert });
    expect(c.sent()).toEqual([expect.stringMatching(/^EHLO \S+$/), 'STARTTLS']);
    const tls = c.events.find((e) => e.type === 'tls');
    expect(tls).toMatchObject({ authorized: true, subject: 'CN=sandbox.test', fingerprint256: sandbox.certificate.fingerprint256 });
    expect(tls && tls.type === 'tls' && tls.version).toMatch(/^TLSv1\.[23]$/);
    expect(c.session.facts()).toMatchObject({ secure: true, state: 'connected', capabilities: [] });
    await c.session.send('EHLO laptop');
    expect(c.session.facts().capabilities).not.toContain('STARTTLS');
    await c.session.send('QUIT');
    expect(c.session.ended?.reason).toBe('quit');
  });

  it('smtps: implicit TLS with --ca, and with --insecure (a warning says the certificate is not verified)', async () => {
    const trusted = await openSession({ target: url('smtps'), ca: sandbox.certificate.cert });
    expect(trusted.events[0]).toMatchObject({ type: 'tls', authorized: true });
    expect(trusted.received()[0]).toMatch(/^220 /);
    await trusted.session.quit();
    const insecure = await openSession({ target: url('smtps'), insecure: true });
    expect(insecure.events[0]).toMatchObject({ type: 'tls', authorized: false, verifyError: expect.stringContaining('self-signed') });
    expect(insecure.events[1]).toMatchObject({ type: 'warning', text: expect.stringContaining('NOT verified') });
    await insecure.session.quit();
    expect(insecure.session.exitCode()).toBe(0);
  });

  it.each(['plain', 'login', 'cram-md5'] as const)(':auth %s computes the exchange; the secrets are redacted', async (mech) => {
    const c = await openSession({ target: url('submission') });
    await c.session.send('EHLO laptop');
    await c.session.authenticate(mech, 'alice', 'password');
    expect(c.received().at(-1)).toMatch(/^235 /);
    const sent = c.sent();
    expect(sent.join('\n')).not.toMatch(/password|cGFzc3dvcmQ|YWxpY2U/);
    expect(sent.some((s) => s.includes('<redacted>'))).toBe(true);
    expect(c.events.filter((e) => e.type === 'send' && e.redacted).length).toBeGreaterThan(0);
    await c.session.quit();
  });

  it('typed AUTH LOGIN: the lines answering 334 are redacted; --show-secrets keeps them', async () => {
    for (const showSecrets of [false, true]) {
      const c = await openSession({ target: url('submission'), showSecrets });
      await script(c, ['EHLO laptop', 'AUTH LOGIN']);
      expect(c.session.expectsContent()).toBe(true);
      await script(c, ['YWxpY2U=', 'cGFzc3dvcmQ=']);
      expect(c.received().at(-1)).toMatch(/^235 /);
      expect(c.sent().slice(2)).toEqual(showSecrets ? ['YWxpY2U=', 'cGFzc3dvcmQ='] : ['<redacted>', '<redacted>']);
      await c.session.quit();
    }
  });

  it(':send FILE sends DATA with dot-stuffing; :send --bdat sends one BDAT LAST chunk', async () => {
    for (const bdat of [false, true]) {
      const file = join(dir, `msg-${bdat}.eml`);
      // LF line ends in the file; the wire gets CRLF: 20 + 2 + 13 + 5 = 40 octets.
      await writeFile(file, `Subject: by-file-${bdat ? 'b' : 'd'}\n\n.hidden dot\nend\n`);
      const c = await openSession({ target: url('smtp') });
      await script(c, ['EHLO laptop', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>']);
      await c.session.sendFile(file, { bdat });
      expect(c.received().at(-1)).toMatch(/^250 2\.0\.0 /);
      expect(c.sent().slice(3)).toEqual(
        bdat ? ['BDAT 40 LAST', 'Subject: by-file-b', '', '.hidden dot', 'end'] : ['DATA', 'Subject: by-file-d', '', '..hidden dot', 'end', '.'],
      );
      const stored = await findNewMessage(sandbox.dataDir, 'bob', `by-file-${bdat ? 'b' : 'd'}`);
      expect(stored.text).toMatch(/\r\n\r\n\.hidden dot\r\nend\r\n$/);
      await c.session.quit();
    }
  });

  it(':send before RCPT explains what is missing and sends nothing', async () => {
    const c = await openSession({ target: url('smtp') });
    await c.session.send('EHLO laptop');
    await c.session.sendFile(join(dir, 'missing.eml'));
    expect(c.events.at(-1)).toMatchObject({ type: 'warning', text: expect.stringContaining('MAIL FROM') });
    expect(c.sent()).toEqual(['EHLO laptop']);
    await c.session.quit();
  });

  it('a typed BDAT n LAST takes the next input lines (joined with CRLF) as its n octets', async () => {
    const c = await openSession({ target: url('smtp') });
    await script(c, ['EHLO laptop', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>']);
    const body = 'Subject: typed-bdat\r\n\r\nhi\r\n';
    await c.session.send(`BDAT ${Buffer.byteLength(body)} LAST`);
    expect(c.session.expectsContent()).toBe(true);
    // 'hi' and its CRLF are the last of the 27 octets: the chunk is complete there.
    await script(c, ['Subject: typed-bdat', '', 'hi']);
    expect(c.received().at(-1)).toMatch(/^250 2\.0\.0 /);
    expect(c.session.facts().state).toBe('greeted');
    expect((await findNewMessage(sandbox.dataDir, 'bob', 'typed-bdat')).text).toMatch(/Subject: typed-bdat\r\n\r\nhi\r\n$/);
    await c.session.quit();
  });

  it('quit() in the middle of DATA closes without QUIT, so no half message is delivered', async () => {
    const c = await openSession({ target: url('smtp') });
    await script(c, ['EHLO laptop', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'DATA', 'Subject: half']);
    await c.session.quit();
    expect(c.sent().at(-1)).toBe('Subject: half');
    expect(c.events.some((e) => e.type === 'warning' && e.text.includes('not finished'))).toBe(true);
    expect(c.session.ended?.reason).toBe('quit');
  });
});
