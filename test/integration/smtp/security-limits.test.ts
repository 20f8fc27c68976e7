/**
 * security.md items 13, 15 and 18-21: line length, recipients, early talkers, repeated errors,
 * idle and slow-drip timeouts, connection limits. Each sandbox is started with the limit under test.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_COMMAND_LINE, MAX_RECIPIENTS } from '../../../src/protocols/smtp/limits.js';
import { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { expectCode, openSmtp, openTransaction, parseReplies, waitReplies } from '../../helpers/smtp-wire.js';

const running: TestSandbox[] = [];
const clients: RawClient[] = [];
async function sandbox(opts: Parameters<typeof startTestSandbox>[0] = {}): Promise<TestSandbox> {
  const sb = await startTestSandbox(opts);
  running.push(sb);
  return sb;
}
async function client(port: number, opts: { greeted?: boolean } = {}): Promise<RawClient> {
  const c = opts.greeted === false ? await RawClient.connect(port) : await openSmtp(port);
  clients.push(c);
  return c;
}
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('command line length (security.md 13)', () => {
  it.each([MAX_COMMAND_LINE + 1, 600, 4096])('a %i-octet line → 500 5.5.2, and the next NOOP is answered in sync', async (octets) => {
    const sb = await sandbox();
    const c = await client(sb.ports.smtp!);
    await expectCode(c, 'EHLO client.test', 250);
    c.clear();
    // NOOP with an argument: if the line were cut at the limit instead of rejected, the head would run.
    c.send(`NOOP ${'x'.repeat(octets - 7)}\r\nNOOP\r\n`);
    const replies = await waitReplies(c, 2);
    expect(replies.map((r) => r.code)).toEqual([500, 250]);
    expect(replies[0]!.text).toMatch(/^5\.5\.2 Line too long/);
    expect(parseReplies(c.text)).toHaveLength(2);
  });

  it('a 512-octet line (the limit, CRLF included) is accepted', async () => {
    const sb = await sandbox();
    const c = await client(sb.ports.smtp!);
    await expectCode(c, `NOOP ${'x'.repeat(MAX_COMMAND_LINE - 7)}`, 250);
  });

  it('10 MiB without CRLF → 421 and close, memory grows by less than 20 MiB', async () => {
    const sb = await sandbox();
    const c = await client(sb.ports.smtp!);
    await expectCode(c, 'EHLO client.test', 250);
    c.clear();
    // A second socket, written with backpressure so the test itself buffers little. allowHalfOpen:
    // it goes on writing after the server's 421 and FIN, so the server sees all 10 MiB it will read.
    const before = process.memoryUsage().rss;
    const raw: Socket = connect({ host: '127.0.0.1', port: sb.ports.smtp!, allowHalfOpen: true });
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
    const grown = process.memoryUsage().rss - before;
    expect(received).toMatch(/^220 [^\r\n]*\r\n421 4\.5\.0 Line too long/);
    expect(grown).toBeLessThan(20 * 1024 * 1024);
    // The other session is unaffected.
    await expectCode(c, 'NOOP', 250);
  });
});

describe('recipients (security.md 15)', () => {
  it(`${MAX_RECIPIENTS} RCPTs are accepted; the next → 452 4.5.3, and DATA still delivers to the ${MAX_RECIPIENTS}`, async () => {
    const sb = await sandbox();
    const c = await openTransaction(sb.ports.smtp!, []);
    clients.push(c);
    c.clear();
    c.send(Array.from({ length: MAX_RECIPIENTS + 1 }, () => 'RCPT TO:<bob@sandbox.test>\r\n').join(''));
    const replies = await waitReplies(c, MAX_RECIPIENTS + 1);
    expect(replies.slice(0, MAX_RECIPIENTS).every((r) => r.code === 250)).toBe(true);
    expect(replies[MAX_RECIPIENTS]).toMatchObject({ code: 452 });
    expect(replies[MAX_RECIPIENTS]!.text).toMatch(/^4\.5\.3 Too many recipients/);
    await expectCode(c, 'DATA', 354);
    await expectCode(c, 'Subject: many\r\n\r\nhi\r\n.', 250);
    // bob is one user: all 100 recipients resolve to one delivery.
    expect(await sb.store.messages('bob', 'INBOX')).toHaveLength(1);
  });

  it('maxRecipients is configurable', async () => {
    const sb = await sandbox({ maxRecipients: 2 });
    const c = await openTransaction(sb.ports.smtp!, ['bob@sandbox.test', 'alice@sandbox.test']);
    clients.push(c);
    expect((await expectCode(c, 'RCPT TO:<bob@sandbox.test>', 452)).text).toMatch(/^4\.5\.3 .*at most 2/);
  });
});

describe('early talker (security.md 18)', () => {
  it('bytes before the greeting → 421 and close, never a 220', async () => {
    const sb = await sandbox({ greetingPauseMs: 300 });
    const c = await client(sb.ports.smtp!, { greeted: false });
    c.send('EHLO eager.test\r\n');
    await c.waitClosed();
    expect(c.text).toMatch(/^421 4\.7\.0 [^\r\n]*Talked before the greeting[^\r\n]*\r\n$/);
    expect(sb.log.events.some((e) => e.event === 'reject' && e.reason === 'early-talker')).toBe(true);
  });

  it('a client that waits for the greeting is served', async () => {
    const sb = await sandbox({ greetingPauseMs: 300 });
    const c = await client(sb.ports.smtp!, { greeted: false });
    await c.waitFor(/^220 /);
    await expectCode(c, 'EHLO patient.test', 250);
  });
});

describe('repeated invalid commands (security.md 19)', () => {
  it('the 10th error → 421 4.7.0 and close; 9 errors keep the session', async () => {
    const sb = await sandbox();
    const c = await client(sb.ports.smtp!);
    c.send('BOGUS\r\n'.repeat(9) + 'NOOP\r\n');
    expect((await waitReplies(c, 10)).map((r) => r.code)).toEqual([...Array<number>(9).fill(500), 250]);
    c.clear();
    c.send('BOGUS\r\n');
    await c.waitClosed();
    expect(parseReplies(c.text).map((r) => r.code)).toEqual([500, 421]);
    expect(c.text).toMatch(/421 4\.7\.0 Too many errors/);
  });

  it('wrong-order and syntax errors count too', async () => {
    const sb = await sandbox();
    const c = await client(sb.ports.smtp!);
    c.send('RCPT TO:<bob@sandbox.test>\r\nDATA\r\nHELO\r\n'.repeat(3) + 'MAIL FROM:<a@b.c>\r\n');
    await c.waitClosed();
    const replies = parseReplies(c.text);
    expect(replies.map((r) => r.code)).toEqual([503, 503, 501, 503, 503, 501, 503, 503, 501, 503, 421]);
  });
});

describe('timeouts (security.md 20)', () => {
  it('an idle session → 421 4.4.2 and close after smtpTimeoutMs', async () => {
    const sb = await sandbox({ smtpTimeoutMs: 300 });
    const started = Date.now();
    const c = await client(sb.ports.smtp!);
    await c.waitClosed(3000);
    expect(c.text).toMatch(/^421 4\.4\.2 [^\r\n]*Timeout/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('commands restart the timer', async () => {
    const sb = await sandbox({ smtpTimeoutMs: 300 });
    const c = await client(sb.ports.smtp!);
    const started = Date.now();
    // Each NOOP waits for its answer; together they outlast one timeout.
    while (Date.now() - started < 600) await expectCode(c, 'NOOP', 250);
    expect(c.closed).toBe(false);
  });

  it('a slow drip (one byte every 100 ms, no CRLF) is reaped at the timeout', async () => {
    const sb = await sandbox({ smtpTimeoutMs: 300 });
    const c = await client(sb.ports.smtp!);
    const started = Date.now();
    const drip = 'NOOP keep me alive please';
    let i = 0;
    // Deliberate pacing: this test is about bytes arriving slowly.
    const timer = setInterval(() => c.send(drip[i++ % drip.length]!), 100);
    try {
      await c.waitClosed(3000);
    } finally {
      clearInterval(timer);
    }
    expect(c.text).toMatch(/^421 4\.4\.2 /);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('connection limits (security.md 21)', () => {
  it.each([
    ['maxClients', { maxClients: 3 }, /^421 4\.7\.0 sandbox\.test Too many connections, try again later\r\n$/],
    ['maxClientsPerAddress', { maxClients: 100, maxClientsPerAddress: 3 }, /^421 4\.7\.0 sandbox\.test Too many connections from your address/],
  ] as const)('past %s → 421 at once; existing sessions still answer NOOP promptly', async (_name, opts, refusal) => {
    const sb = await sandbox(opts);
    const existing = [await client(sb.ports.smtp!), await client(sb.ports.submission!), await client(sb.ports.smtp!)];
    for (const port of [sb.ports.smtp!, sb.ports.smtps!]) {
      const extra = await RawClient.connect(port, { tls: port === sb.ports.smtps });
      clients.push(extra);
      await extra.waitClosed();
      expect(extra.text).toMatch(refusal);
    }
    for (const c of existing) {
      const started = Date.now();
      await expectCode(c, 'NOOP', 250);
      expect(Date.now() - started).toBeLessThan(500);
    }
    // A slot freed by QUIT is available again (once the server has seen the close: retry until then).
    await expectCode(existing[0]!, 'QUIT', 221);
    await existing[0]!.waitClosed();
    const deadline = Date.now() + 3000;
    let again = await RawClient.connect(sb.ports.smtp!);
    clients.push(again);
    while (!(await again.waitFor(/^\d{3} /).then((t) => t.startsWith('220'), () => false)) && Date.now() < deadline) {
      again = await RawClient.connect(sb.ports.smtp!);
      clients.push(again);
    }
    await again.waitFor(/^220 [^\r\n]*\r\n/);
    again.clear();
    await expectCode(again, 'NOOP', 250);
  });
});
