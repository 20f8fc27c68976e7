/**
 * security.md items 1-5: STARTTLS command injection, state reset after TLS, and no plaintext AUTH
 * on a sandbox reachable from other machines. Real loopback sockets; assertions on the wire and the log.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { command, expectCode, openSmtp, parseReplies, waitReplies } from '../../helpers/smtp-wire.js';

const plainBlob = (user: string, pass: string): string => Buffer.from(`\0${user}\0${pass}`).toString('base64');

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});

const commandsLogged = (): string[] => sb.log.events.filter((e) => e.event === 'command').map((e) => String(e.text));

describe('STARTTLS (security.md 1-4)', () => {
  it('1: commands pipelined after STARTTLS are discarded, never answered before or inside TLS', async () => {
    const c = await openSmtp(sb.ports.smtp!);
    c.send('EHLO a\r\nSTARTTLS\r\nRSET\r\n');
    const before = await waitReplies(c, 2);
    expect(before.map((r) => r.code)).toEqual([250, 220]);
    expect(before[1]!.text).toMatch(/Ready to start TLS/);
    c.clear();
    // A plaintext reply to RSET after the 220 would break the client's handshake.
    await c.startTls();
    expect(c.text).toBe('');
    c.send('NOOP\r\n');
    await waitReplies(c, 1);
    // The first thing the server says inside TLS is the answer to the client's first command.
    expect(c.text).toBe('250 2.0.0 OK\r\n');
    const session = sb.log.events.find((e) => e.event === 'command' && e.text === 'EHLO a')!.session;
    const mine = sb.log.events.filter((e) => e.session === session);
    expect(mine.filter((e) => e.event === 'command').map((e) => e.text)).toEqual(['EHLO a', 'STARTTLS', 'NOOP']);
    expect(mine.find((e) => e.event === 'warning')).toMatchObject({ discarded: 'RSET\r\n'.length, reason: 'bytes after STARTTLS' });
    c.close();
  });

  it('2: a partial line before the handshake is not prepended to the first command inside TLS', async () => {
    const c = await openSmtp(sb.ports.smtp!);
    await expectCode(c, 'EHLO a', 250);
    c.clear();
    c.send('STARTTLS\r\nNOOP');
    await c.waitFor(/^220 [^\r\n]*\r\n$/);
    c.clear();
    await c.startTls();
    c.send('EHLO x\r\n');
    const [r] = await waitReplies(c, 1);
    expect(r!.code).toBe(250);
    expect(r!.lines[0]).toBe('sandbox.test greets x');
    expect(c.text).not.toMatch(/NOOP/);
    expect(commandsLogged()).not.toContain('NOOPEHLO x');
    expect(commandsLogged()).toContain('EHLO x');
    c.close();
  });

  it('3: after TLS the EHLO name is forgotten: MAIL before a new EHLO gets 503', async () => {
    const c = await openSmtp(sb.ports.smtp!);
    await expectCode(c, 'EHLO before.tls', 250);
    await expectCode(c, 'STARTTLS', 220);
    c.clear();
    await c.startTls();
    const r = await expectCode(c, 'MAIL FROM:<alice@sandbox.test>', 503);
    expect(r.text).toMatch(/^5\.5\.1 EHLO first/);
    const ehlo = await expectCode(c, 'EHLO after.tls', 250);
    expect(ehlo.lines).not.toContain('STARTTLS');
    await expectCode(c, 'MAIL FROM:<alice@sandbox.test>', 250);
    c.close();
  });

  it('4: STARTTLS with an argument → 501; inside TLS → 503; on the implicit-TLS port → 503', async () => {
    const c = await openSmtp(sb.ports.smtp!);
    await expectCode(c, 'EHLO a', 250);
    expect((await expectCode(c, 'STARTTLS now', 501)).text).toMatch(/^5\.5\.4 STARTTLS takes no arguments/);
    await expectCode(c, 'STARTTLS', 220);
    c.clear();
    await c.startTls();
    await expectCode(c, 'EHLO a', 250);
    expect((await expectCode(c, 'STARTTLS', 503)).text).toMatch(/TLS is already active/);
    await expectCode(c, 'NOOP', 250);
    c.close();

    const s = await openSmtp(sb.ports.smtps!, { tls: true });
    const ehlo = await expectCode(s, 'EHLO a', 250);
    expect(ehlo.lines).not.toContain('STARTTLS');
    expect((await expectCode(s, 'STARTTLS', 503)).text).toMatch(/^5\.5\.1 TLS is already active/);
    s.close();
  });
});

describe('AUTH needs TLS when the sandbox is reachable from other machines (security.md 5)', () => {
  // What --allow-remote with a non-loopback host sets; the listeners still bind loopback here.
  let remote: TestSandbox;
  beforeAll(async () => {
    remote = await startTestSandbox({ requireTlsForAuth: true });
  });
  afterAll(async () => {
    await remote.stop();
  });

  it('plaintext AUTH → 538 5.7.11 without checking the credentials; after STARTTLS → 235', async () => {
    const verify = vi.spyOn(remote.users, 'verify');
    const c = await openSmtp(remote.ports.smtp!);
    const ehlo = await expectCode(c, 'EHLO a', 250);
    expect(ehlo.lines).toContain('STARTTLS');
    expect(ehlo.lines.some((l) => l.startsWith('AUTH'))).toBe(false);

    const refused = await expectCode(c, `AUTH PLAIN ${plainBlob('alice', 'password')}`, 538);
    expect(refused.text).toMatch(/^5\.7\.11 /);
    // Without an initial response: refused too, with no 334 challenge that would invite the secret.
    expect((await command(c, 'AUTH LOGIN')).code).toBe(538);
    expect(verify).not.toHaveBeenCalled();
    expect(remote.log.events.filter((e) => e.event === 'auth')).toEqual([]);

    await expectCode(c, 'STARTTLS', 220);
    c.clear();
    await c.startTls();
    const secured = await expectCode(c, 'EHLO a', 250);
    expect(secured.lines).toContain('AUTH PLAIN LOGIN CRAM-MD5');
    expect((await expectCode(c, `AUTH PLAIN ${plainBlob('alice', 'password')}`, 235)).text).toMatch(/^2\.7\.0 /);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(remote.log.events.filter((e) => e.event === 'auth')).toMatchObject([{ user: 'alice', ok: true }]);
    c.close();
  });

  it('the loopback sandbox (no --allow-remote) offers AUTH before TLS', async () => {
    const c = await openSmtp(sb.ports.smtp!);
    const ehlo = await expectCode(c, 'EHLO a', 250);
    expect(ehlo.lines).toContain('AUTH PLAIN LOGIN CRAM-MD5');
    expect(parseReplies(c.text)).toHaveLength(1);
    c.close();
  });
});
