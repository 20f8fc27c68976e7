/**
 * security.md items 13 (for POP3's 255-octet lines), 19, 20 and 21: line length, repeated bad
 * commands before login, idle and slow-drip timeouts, connection limits.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_LINE } from '../../../src/protocols/pop3/limits.js';
import { SASL, b64, cmd, login, send } from '../../helpers/pop3-wire.js';
import { pop3Fixtures } from '../../helpers/pop3-fixtures.js';

const { sandbox, open, connectRaw } = pop3Fixtures();

const TOO_LONG = `-ERR Line too long: commands are at most ${MAX_COMMAND_LINE} octets (RFC 2449 section 4)\r\n`;

describe('command line length (RFC 2449 §4: 255 octets)', () => {
  it.each([MAX_COMMAND_LINE + 1, 600, 4096])('a %i-octet line → -ERR, and the next command is answered in sync', async (octets) => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    c.clear();
    // USER with a long name: if the line were cut at the limit instead of rejected, its head would run.
    c.send(`USER ${'a'.repeat(octets - 7)}\r\nCAPA\r\n`);
    await c.waitFor(/\r\n\.\r\n$/);
    expect(c.text.startsWith(TOO_LONG)).toBe(true);
    expect(c.text.slice(TOO_LONG.length)).toMatch(/^\+OK Capability list follows\r\n[\s\S]*\r\n\.\r\n$/);
  });

  it('a line of exactly 255 octets (CRLF included) is accepted', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    expect(await send(c, `USER ${'a'.repeat(MAX_COMMAND_LINE - 7)}`)).toMatch(/^\+OK a+ is welcome/);
  });

  it('a SASL response may be longer than a command line (RFC 5034 §4)', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    await send(c, 'AUTH PLAIN', SASL);
    const long = b64(`\0alice\0${'x'.repeat(900)}`);
    expect(await send(c, long, SASL)).toMatch(/^-ERR \[AUTH\] Authentication failed/);
  });

  it('a line split over many segments is still measured as a whole', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    c.clear();
    for (let i = 0; i < 10; i++) {
      c.send('x'.repeat(50));
      await new Promise((r) => setImmediate(r));
    }
    c.send('\r\nCAPA\r\n');
    await c.waitFor(/\r\n\.\r\n$/);
    expect(c.text.startsWith(TOO_LONG)).toBe(true);
  });

  it('10 MiB without CRLF → -ERR and close, memory grows by less than 20 MiB', async () => {
    const sb = await sandbox();
    const other = await open(sb.ports.pop3!);
    const before = process.memoryUsage().rss;
    const raw: Socket = connect({ host: '127.0.0.1', port: sb.ports.pop3!, allowHalfOpen: true });
    let received = '';
    raw.on('data', (d: Buffer) => (received += d.toString('latin1')));
    raw.on('error', () => {});
    const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    const block = Buffer.alloc(64 * 1024, 'A');
    for (let sent = 0; sent < 10 * 1024 * 1024 && !raw.destroyed; sent += block.length) {
      if (!raw.write(block)) await Promise.race([new Promise((r) => raw.once('drain', r)), closed]);
    }
    raw.end();
    await closed;
    expect(received).toMatch(/^\+OK [^\r\n]*\r\n-ERR Line too long without CRLF, closing connection\r\n$/);
    expect(process.memoryUsage().rss - before).toBeLessThan(20 * 1024 * 1024);
    expect((await cmd(other, 'CAPA', true)).ok).toBe(true);
  });
});

describe('repeated bad commands (item 19)', () => {
  const CLOSING = '-ERR Too many bad commands (3), closing connection\r\n';

  it('3 bad commands before login → -ERR and close; 2 do not close', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    await send(c, 'FOO');
    await send(c, 'RETR 1');
    expect((await cmd(c, 'CAPA', true)).ok).toBe(true);
    c.clear();
    c.send('LAST\r\n');
    await c.waitClosed();
    expect(c.text).toMatch(new RegExp(`^-ERR LAST was removed[^\\r\\n]*\\r\\n${CLOSING.replace(/[()]/g, '\\$&')}$`));
  });

  it('3 failed logins → closed', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    for (let i = 0; i < 2; i++) {
      await send(c, 'USER alice');
      expect(await send(c, 'PASS wrong')).toMatch(/^-ERR \[AUTH\]/);
    }
    await send(c, 'USER alice');
    c.clear();
    c.send('PASS wrong\r\n');
    await c.waitClosed();
    expect(c.text).toMatch(/^-ERR \[AUTH\][^\r\n]*\r\n-ERR Too many bad commands \(3\), closing connection\r\n$/);
  });

  it('after login, 3 bad commands do not close the session', async () => {
    const sb = await sandbox();
    const c = await open(sb.ports.pop3!);
    await login(c);
    for (const line of ['FOO', 'RETR 1', 'LAST', 'USER x']) expect(await send(c, line)).toMatch(/^-ERR/);
    expect((await cmd(c, 'NOOP')).status).toBe('+OK');
  });
});

describe('idle timeout (item 20)', () => {
  const IDLE = '-ERR [SYS/TEMP] Disconnected for inactivity\r\n';

  it.each([
    ['before login', false],
    ['after login', true],
  ])('an idle session %s → -ERR [SYS/TEMP] and close', async (_name, loggedIn) => {
    const sb = await sandbox({ pop3TimeoutMs: 300 });
    const c = await open(sb.ports.pop3!);
    if (loggedIn) await login(c);
    c.clear();
    await c.waitClosed();
    expect(c.text).toBe(IDLE);
  });

  it('a slow-drip client that never finishes a line is reaped', async () => {
    const sb = await sandbox({ pop3TimeoutMs: 300 });
    const c = await open(sb.ports.pop3!);
    c.clear();
    const started = Date.now();
    // One octet every 50 ms: a whole line would take 5 s; the server must not wait for it.
    for (let i = 0; i < 100 && !c.closed; i++) {
      c.send('X');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(c.closed).toBe(true);
    expect(c.text).toBe(IDLE);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('a session that keeps sending complete commands stays open past the timeout', async () => {
    const sb = await sandbox({ pop3TimeoutMs: 300 });
    const c = await open(sb.ports.pop3!);
    await login(c);
    const started = Date.now();
    while (Date.now() - started < 1000) {
      expect((await cmd(c, 'NOOP')).status).toBe('+OK');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(c.closed).toBe(false);
  });
});

describe('connection limits (item 21)', () => {
  it('past maxClients → -ERR [SYS/TEMP] at once; existing sessions still answer; a freed slot is reused', async () => {
    const sb = await sandbox({ maxClients: 2 });
    const a = await open(sb.ports.pop3!);
    const second = await open(sb.ports.pop3!);
    const refused = await connectRaw(sb.ports.pop3!);
    await refused.waitClosed(1000);
    expect(refused.text).toBe('-ERR [SYS/TEMP] Too many connections, try again later\r\n');
    expect((await cmd(a, 'CAPA', true)).ok).toBe(true);
    await send(second, 'QUIT');
    await second.waitClosed();
    // The slot is free once the server has seen the close (a few retries at most).
    for (let attempt = 0; ; attempt++) {
      expect(attempt).toBeLessThan(100);
      const c = await connectRaw(sb.ports.pop3!);
      const text = await c.waitFor(/\r\n/);
      if (text.startsWith('+OK')) break;
      expect(text).toMatch(/^-ERR \[SYS\/TEMP\]/);
    }
  });
});
