/**
 * `--max-connections-per-minute N`: one address may open N connections per minute, all services
 * together; the next is refused at once with the protocol's "try later" (421 / `-ERR [SYS/TEMP]` /
 * `* BYE`), sessions already open go on, and the refusal is in the instructor's log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionRateLimiter, RATE_WINDOW_MS } from '../../../src/server/rate-limiter.js';
import { imap, openImap } from '../../helpers/imap-wire.js';
import { cmd, openPop3 } from '../../helpers/pop3-wire.js';
import { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { expectCode, openSmtp } from '../../helpers/smtp-wire.js';

describe('ConnectionRateLimiter', () => {
  it('allows N attempts per window and address, then refuses until the oldest falls out of the window', () => {
    let now = 1_000_000;
    const r = new ConnectionRateLimiter(3, () => now);
    expect([r.attempt('a'), r.attempt('a'), r.attempt('a'), r.attempt('a')]).toEqual([true, true, true, false]);
    expect(r.attempt('b')).toBe(true);
    now += RATE_WINDOW_MS - 1;
    expect(r.attempt('a')).toBe(false);
    now += 2;
    expect(r.attempt('a')).toBe(true);
  });

  it('counts refused attempts: a client that keeps knocking stays out until it slows down', () => {
    let now = 0;
    const r = new ConnectionRateLimiter(3, () => now);
    const answers: boolean[] = [];
    // One attempt every 5 s is 12 a minute, over the limit of 3: only the first three get in.
    for (let i = 0; i < 100; i++, now += 5000) answers.push(r.attempt('a'));
    expect(answers.filter(Boolean)).toHaveLength(3);
    // One every 25 s is below 3 a minute: in again after a window.
    now += RATE_WINDOW_MS;
    for (let i = 0; i < 10; i++, now += 25_000) expect(r.attempt('a')).toBe(true);
  });

  it('keeps bounded memory: old addresses are forgotten', () => {
    let now = 0;
    const r = new ConnectionRateLimiter(2, () => now);
    for (let i = 0; i < 5000; i++) r.attempt(`10.0.${i >> 8}.${i & 255}`);
    now += RATE_WINDOW_MS + 1;
    r.attempt('10.9.9.9');
    r.attempt('10.9.9.9');
    expect(r.tracked).toBeLessThan(10);
  });

  it('rejects a limit that is not a whole number above 0', () => {
    expect(() => new ConnectionRateLimiter(0)).toThrow(RangeError);
    expect(() => new ConnectionRateLimiter(1.5)).toThrow(RangeError);
  });
});

describe('the sandbox with maxConnectionsPerMinute', () => {
  let sb: TestSandbox | undefined;
  const clients: RawClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await sb?.stop();
    sb = undefined;
  });

  it.each([
    ['smtp', /^421 4\.7\.0 sandbox\.test Too many connections from your address in the last minute, try again later\r\n$/],
    ['pop3', /^-ERR \[SYS\/TEMP\] Too many connections from your address in the last minute, try again later\r\n$/],
    ['imap', /^\* BYE \[UNAVAILABLE\] Too many connections from your address in the last minute, try again later\r\n$/],
  ] as const)('%s: past the rate, refused at once; the sessions already open still answer', async (service, refusal) => {
    sb = await startTestSandbox({ maxConnectionsPerMinute: 3 });
    // The rate is shared by every service: one SMTP, one POP3, one IMAP connection use it up.
    const smtp = await openSmtp(sb.ports.smtp!);
    const pop3 = await openPop3(sb.ports.pop3!);
    const imapClient = await openImap(sb.ports.imap!);
    clients.push(smtp, pop3, imapClient);
    const refused = await RawClient.connect(sb.ports[service]!);
    clients.push(refused);
    await refused.waitClosed();
    expect(refused.text).toMatch(refusal);
    // Closing a connection does not give the slot back: this is a rate, not a count.
    smtp.close();
    const again = await RawClient.connect(sb.ports.smtps!, { tls: true });
    clients.push(again);
    await again.waitClosed();
    expect(again.text).toMatch(/^421 4\.7\.0 .*in the last minute/);
    expect((await cmd(pop3, 'CAPA', true)).ok).toBe(true);
    expect(await imap(imapClient, 'n NOOP')).toBe('n OK NOOP completed\r\n');
    const rejects = sb.log.events.filter((e) => e.event === 'reject' && e.reason === 'rate');
    expect(rejects.map((e) => [e.protocol, e.remote, e.session])).toEqual([
      [service, '127.0.0.1', '-'],
      ['smtp', '127.0.0.1', '-'],
    ]);
  });

  it('without the option there is no rate limit', async () => {
    sb = await startTestSandbox({ maxClientsPerAddress: 100 });
    for (let i = 0; i < 12; i++) {
      const c = await openSmtp(sb.ports.smtp!);
      clients.push(c);
      await expectCode(c, 'QUIT', 221);
    }
  });
});
