/**
 * security.md items 1, 2, 4 and 5 for POP3: STLS (RFC 2595 §4) discards what was pipelined after it,
 * rejects misuse, and with requireTlsForAuth no plaintext password is ever checked.
 */
import { describe, expect, it } from 'vitest';
import { SASL, b64, cmd, cramResponse, send } from '../../helpers/pop3-wire.js';
import { pop3Fixtures } from '../../helpers/pop3-fixtures.js';
import type { TestSandbox } from '../../helpers/sandbox.js';

const { sandbox, open } = pop3Fixtures();

const GO = '+OK Begin TLS negotiation\r\n';
const authEvents = (sb: TestSandbox) => sb.log.events.filter((e) => e.event === 'auth');

describe('pipelined input after STLS is discarded (items 1, 2)', () => {
  it('STLS\\r\\nCAPA\\r\\n in one segment: only STLS is answered, CAPA neither before nor inside TLS', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    c.clear();
    c.send('STLS\r\nCAPA\r\n');
    expect(await c.waitFor(GO)).toBe(GO);
    c.clear();
    await c.startTls();
    // The first thing heard inside TLS is the answer to what the client says inside TLS.
    c.send('QUIT\r\n');
    await c.waitClosed();
    expect(c.text).toBe('+OK sandbox.test POP3 server signing off\r\n');
    expect(sb.log.events).toContainEqual(expect.objectContaining({ event: 'warning', protocol: 'pop3', discarded: 6, reason: 'bytes after STLS' }));
  });

  it('STLS\\r\\nNOOP without CRLF, then CAPA inside TLS: answered as CAPA, never NOOPCAPA', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    c.clear();
    c.send('STLS\r\nNOOP');
    await c.waitFor(GO);
    await c.startTls();
    const r = await cmd(c, 'CAPA', true);
    expect(r.status).toBe('+OK Capability list follows');
    expect(r.body).toContain('USER');
    expect(r.body).not.toContain('STLS');
  });

  it('USER given before STLS is forgotten: PASS inside TLS needs a new USER', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    await send(c, 'USER alice');
    expect(await send(c, 'STLS')).toBe(GO);
    await c.startTls();
    expect(await send(c, 'PASS password')).toMatch(/^-ERR USER first/);
  });
});

describe('STLS misuse (item 4)', () => {
  it.each([['STLS now'], ['STLS x'], ['STLS TLSv1.3']])('%j (an argument) → -ERR, and the connection stays plaintext', async (line) => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    expect(await send(c, line)).toBe('-ERR STLS takes no arguments (RFC 2595 section 4)\r\n');
    expect((await cmd(c, 'CAPA', true)).body).toContain('STLS');
  });

  it('STLS inside TLS → -ERR', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    await send(c, 'STLS');
    await c.startTls();
    expect(await send(c, 'STLS')).toBe('-ERR TLS is already active (RFC 2595 section 4)\r\n');
    expect((await cmd(c, 'CAPA', true)).ok).toBe(true);
  });

  it('STLS on pop3s (implicit TLS) → -ERR, and CAPA does not offer it', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3s!, true);
    expect((await cmd(c, 'CAPA', true)).body).not.toContain('STLS');
    expect(await send(c, 'STLS')).toBe('-ERR TLS is already active (RFC 2595 section 4)\r\n');
  });

  it('STLS after login → -ERR', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    await send(c, 'USER alice');
    await send(c, 'PASS password');
    expect(await send(c, 'STLS')).toMatch(/^-ERR STLS is only valid before login/);
  });
});

describe('requireTlsForAuth: plaintext passwords only inside TLS (item 5)', () => {
  const REFUSED = '-ERR [AUTH] Plaintext authentication is disallowed on this non-secure connection: STLS first (RFC 2595 section 4)\r\n';

  it('CAPA before TLS offers neither USER nor PLAIN/LOGIN, only STLS and CRAM-MD5', async () => {
    const sb = await sandbox({ requireTlsForAuth: true });
    const c = await open(sb.ports.pop3!);
    const caps = (await cmd(c, 'CAPA', true)).body;
    expect(caps).not.toContain('USER');
    expect(caps).toContain('STLS');
    expect(caps.filter((l) => l.startsWith('SASL'))).toEqual(['SASL CRAM-MD5']);
  });

  it.each([
    ['USER', ['USER alice']],
    ['PASS without USER', ['PASS password']],
    ['AUTH PLAIN with an initial response', [`AUTH PLAIN ${b64('\0alice\0password')}`]],
    ['AUTH PLAIN without', ['AUTH PLAIN']],
    ['AUTH LOGIN', ['AUTH LOGIN']],
  ])('%s before TLS → -ERR [AUTH], no challenge, no auth attempt in the log', async (_name, lines) => {
    const sb = await sandbox({ requireTlsForAuth: true });
    const c = await open(sb.ports.pop3!);
    for (const line of lines) expect(await send(c, line, SASL)).toBe(REFUSED);
    // Still in AUTHORIZATION, not waiting for a SASL response.
    expect(await send(c, 'STAT')).toMatch(/^-ERR STAT needs a login first/);
    expect(authEvents(sb)).toEqual([]);
  });

  it('after STLS, CAPA offers USER and PLAIN, and USER/PASS and AUTH PLAIN log in', async () => {
    const sb = await sandbox({ requireTlsForAuth: true });
    const c = await open(sb.ports.pop3!);
    await send(c, 'STLS');
    await c.startTls();
    const caps = (await cmd(c, 'CAPA', true)).body;
    expect(caps).toEqual(expect.arrayContaining(['USER', 'SASL PLAIN LOGIN CRAM-MD5']));
    await send(c, 'USER alice');
    expect(await send(c, 'PASS password')).toMatch(/^\+OK Logged in as alice/);

    const d = await open(sb.ports.pop3!);
    await send(d, 'STLS');
    await d.startTls();
    expect(await send(d, `AUTH PLAIN ${b64('\0bob\0password')}`)).toMatch(/^\+OK Logged in as bob/);
    expect(authEvents(sb)).toHaveLength(2);
  });

  it('on pop3s USER/PASS works at once', async () => {
    const sb = await sandbox({ requireTlsForAuth: true });
    const c = await open(sb.ports.pop3s!, true);
    await send(c, 'USER alice');
    expect(await send(c, 'PASS password')).toMatch(/^\+OK Logged in as alice/);
  });

  it('CRAM-MD5 sends no password, so it works before TLS', async () => {
    const sb = await sandbox({ requireTlsForAuth: true });
    const c = await open(sb.ports.pop3!);
    const challenge = await send(c, 'AUTH CRAM-MD5', SASL);
    expect(await send(c, cramResponse(challenge, 'alice', 'password'), SASL)).toMatch(/^\+OK Logged in as alice/);
  });

  it('without requireTlsForAuth (loopback default), plaintext USER/PASS is allowed', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    expect((await cmd(c, 'CAPA', true)).body).toContain('USER');
    await send(c, 'USER alice');
    expect(await send(c, 'PASS password')).toMatch(/^\+OK Logged in/);
  });
});
