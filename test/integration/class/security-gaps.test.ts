/**
 * The server lines of ../shared/security.md that the per-protocol suites left open, for the
 * protocols a class sandbox exposes. Where each server item is tested:
 *
 *   1, 2, 4, 5   smtp/security-starttls, pop3/security-stls, imap/security-starttls; 5 also class/class-cli
 *   3            smtp/security-starttls (POP3's USER before STLS: pop3/security-stls)
 *   10, 11, 12   smtp/security-data             13, 15, 18  smtp/security-limits (13 also pop3/security-limits)
 *   14           smtp/security-data             16, 17      imap/security-limits
 *   19           smtp, pop3 and imap security-limits
 *   20           smtp and pop3 security-limits (idle and slow drip), imap/security-limits (idle, IDLE exempt);
 *                IMAP slow drip here
 *   21           smtp/security-limits (total and per address), pop3 and imap security-limits (total);
 *                POP3 and IMAP per address here; the per-minute rate in class/rate-limit
 *   22           imap/idle, pop3/security-data, crash/pop3-imap-race
 *   23           store/crash (the store), crash/sandbox-kill (the whole sandbox, 50 SMTP deliveries)
 *   24           smtp/security-auth, pop3/security-data, imap/security-starttls (MemoryLog);
 *                class/class-cli (the --json log of a class sandbox)
 *   25           smtp/security-relay
 *
 * Items 6-9 are the client's (test/integration/client).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { imap, login, openImap, sendAndWait } from '../../helpers/imap-wire.js';
import { cmd, openPop3 } from '../../helpers/pop3-wire.js';
import { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { expectCode, openSmtp } from '../../helpers/smtp-wire.js';

let sb: TestSandbox | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await sb?.stop();
  sb = undefined;
});

async function track<T extends RawClient>(p: Promise<T>): Promise<T> {
  const c = await p;
  clients.push(c);
  return c;
}

describe('item 20: IMAP slow drip', () => {
  it('a client that never finishes a line is reaped at the idle timeout, logged in or not', async () => {
    sb = await startTestSandbox({ imapTimeoutMs: 300 });
    const before = await track(openImap(sb.ports.imap!));
    const after = await track(openImap(sb.ports.imap!));
    await login(after);
    before.clear();
    after.clear();
    const started = Date.now();
    // One octet every 50 ms: the line would never end; only complete commands restart the timer.
    for (let i = 0; i < 100 && !(before.closed && after.closed); i++) {
      for (const c of [before, after]) if (!c.closed) c.send('x');
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const c of [before, after]) {
      expect(c.closed).toBe(true);
      expect(c.text).toBe('* BYE Autologout: idle for too long\r\n');
    }
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

describe('item 21: connections per address', () => {
  it('POP3: past maxClientsPerAddress → -ERR [SYS/TEMP] at once; the others still answer', async () => {
    sb = await startTestSandbox({ maxClients: 100, maxClientsPerAddress: 2 });
    const open = [await track(openPop3(sb.ports.pop3!)), await track(openPop3(sb.ports.pop3s!, { tls: true }))];
    const refused = await track(RawClient.connect(sb.ports.pop3!));
    await refused.waitClosed(1000);
    expect(refused.text).toBe('-ERR [SYS/TEMP] Too many connections from your address, try again later\r\n');
    for (const c of open) expect((await cmd(c, 'CAPA', true)).ok).toBe(true);
  });

  it('IMAP: past maxClientsPerAddress → * BYE at once; the others still answer; the limit spans protocols', async () => {
    sb = await startTestSandbox({ maxClients: 100, maxClientsPerAddress: 2 });
    const open = [await track(openImap(sb.ports.imap!)), await track(openPop3(sb.ports.pop3!))];
    for (const [port, tls] of [[sb.ports.imap!, false], [sb.ports.imaps!, true]] as const) {
      const refused = await track(RawClient.connect(port, { tls }));
      await refused.waitClosed(1000);
      expect(refused.text).toBe('* BYE [UNAVAILABLE] Too many connections from your address, try again later\r\n');
    }
    const started = Date.now();
    expect(await imap(open[0]!, 'n NOOP')).toBe('n OK NOOP completed\r\n');
    expect((await cmd(open[1]!, 'CAPA', true)).ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
    expect(sb.log.events.filter((e) => e.event === 'reject').map((e) => [e.protocol, e.reason])).toEqual([
      ['imap', 'address'],
      ['imap', 'address'],
    ]);
  });
});

describe('item 21: a connection that upgraded to TLS gives its slot back', () => {
  // Found by the fuzzer: the STARTTLS upgrade dropped the listener's close handler, so every
  // STARTTLS session kept its slot for good and the address was refused from then on.
  it.each([
    ['smtp', async (port: number) => {
      const c = await openSmtp(port);
      await expectCode(c, 'EHLO laptop', 250);
      await expectCode(c, 'STARTTLS', 220);
      await c.startTls();
      await expectCode(c, 'EHLO laptop', 250);
      return c;
    }],
    ['pop3', async (port: number) => {
      const c = await openPop3(port);
      expect((await cmd(c, 'STLS')).ok).toBe(true);
      await c.startTls();
      expect((await cmd(c, 'CAPA', true)).ok).toBe(true);
      return c;
    }],
    ['imap', async (port: number) => {
      const c = await openImap(port);
      await sendAndWait(c, 'a STARTTLS\r\n', /a OK [^\r\n]*\r\n$/);
      await c.startTls();
      expect(await imap(c, 'b NOOP')).toBe('b OK NOOP completed\r\n');
      return c;
    }],
  ] as const)('%s: STARTTLS sessions one after another never run into maxClientsPerAddress', async (service, session) => {
    sb = await startTestSandbox({ maxClients: 100, maxClientsPerAddress: 2 });
    for (let i = 0; i < 5; i++) {
      const c = await session(sb.ports[service]!);
      c.close();
      // The server notices the close a moment later.
      await new Promise((r) => setTimeout(r, 50));
    }
    const last = await track(RawClient.connect(sb.ports[service]!));
    await last.waitFor(/\r\n/);
    expect(last.text).not.toMatch(/Too many connections/);
  });
});
