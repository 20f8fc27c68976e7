/**
 * security.md item 25: the sandbox never relays; mail for other domains is kept in the reserved
 * `_held` maildir. Also the trace fields every stored message carries (RFC 5321 §4.4).
 *
 * node:net and node:tls are wrapped (vi.mock applies to the server modules too) so that any
 * outbound connection the server opened would be seen: every connect call must be the test's own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HELD_USER } from '../../../src/server/smtp/recipients.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { expectCode, headerSection, inbox, openSmtp, openTransaction } from '../../helpers/smtp-wire.js';

vi.mock('node:net', async (importOriginal) => {
  const net = await importOriginal<typeof import('node:net')>();
  return { ...net, connect: vi.fn(net.connect), createConnection: vi.fn(net.createConnection) };
});
vi.mock('node:tls', async (importOriginal) => {
  const tls = await importOriginal<typeof import('node:tls')>();
  return { ...tls, connect: vi.fn(tls.connect) };
});
const net = await import('node:net');
const tls = await import('node:tls');

let sb: TestSandbox;
const clients: RawClient[] = [];
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});
afterEach(() => {
  clients.splice(0).forEach((c) => c.close());
});

/** Where every connect call of this file went: only the test's clients, to the sandbox's ports. */
function connectTargets(): string[] {
  const calls = [...vi.mocked(net.connect).mock.calls, ...vi.mocked(net.createConnection).mock.calls, ...vi.mocked(tls.connect).mock.calls];
  return calls.map(([opts]) => {
    const o = opts as { host?: string; port?: number; socket?: unknown };
    return o.socket ? 'starttls-over-existing-socket' : `${o.host}:${o.port}`;
  });
}

async function send(rcpts: string[], body: string, opts: { helo?: boolean; from?: string } = {}): Promise<string> {
  const c = opts.from === undefined ? await openTransaction(sb.ports.smtp!, rcpts, opts) : await openSmtp(sb.ports.smtp!);
  clients.push(c);
  if (opts.from !== undefined) {
    await expectCode(c, 'EHLO client.test', 250);
    await expectCode(c, `MAIL FROM:<${opts.from}>`, 250);
    for (const r of rcpts) await expectCode(c, `RCPT TO:<${r}>`, 250);
  }
  await expectCode(c, 'DATA', 354);
  return (await expectCode(c, `${body}\r\n.`, 250)).text;
}

describe('no relaying (security.md 25)', () => {
  it('RCPT for another domain is accepted and says it will be held, never relayed', async () => {
    const c = await openTransaction(sb.ports.smtp!, []);
    clients.push(c);
    const r = await expectCode(c, 'RCPT TO:<carol@example.com>', 250);
    expect(r.text).toMatch(/^2\.1\.5 .*example\.com is outside the sandbox.*never relayed/);
  });

  it('mail for another domain is stored in _held with X-Mailproto-Held-For; no outbound connection', async () => {
    const heldBefore = sb.store.hasUser(HELD_USER) ? (await inbox(sb.store, HELD_USER)).length : 0;
    const bobBefore = (await inbox(sb.store, 'bob')).length;
    const text = await send(['carol@example.com', 'bob@sandbox.test', 'dave@example.org'], 'Subject: outside\r\n\r\nfor the world');
    expect(text).toMatch(/delivered to bob \(UID \d+\); held 2 in the sandbox for outside domains \(never relayed\)$/);

    const held = (await inbox(sb.store, HELD_USER)).slice(heldBefore);
    expect(held).toHaveLength(1);
    const headers = headerSection(held[0]!);
    expect(headers).toContain('X-Mailproto-Held-For: <carol@example.com>, <dave@example.org>\r\n');
    expect(held[0]!.toString('latin1')).toMatch(/\r\n\r\nfor the world\r\n$/);
    // The local recipient gets its copy without the held-for header.
    const bob = (await inbox(sb.store, 'bob')).slice(bobBefore);
    expect(bob).toHaveLength(1);
    expect(headerSection(bob[0]!)).not.toContain('X-Mailproto-Held-For');
    expect(sb.log.events.filter((e) => e.event === 'held').at(-1)).toMatchObject({ recipients: ['carol@example.com', 'dave@example.org'] });

    const own = new Set([sb.ports.smtp, sb.ports.submission, sb.ports.smtps].map((p) => `127.0.0.1:${p}`));
    const targets = connectTargets();
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((t) => !own.has(t))).toEqual([]);
  });
});

describe('trace fields (RFC 5321 §4.4)', () => {
  it('Return-Path comes first, then Received naming the client, the server, the protocol and the queue id', async () => {
    const before = (await inbox(sb.store, 'bob')).length;
    const text = await send(['bob@sandbox.test'], 'Subject: traced\r\n\r\nhello');
    const id = /queued as ([0-9A-F]+)/.exec(text)![1]!;
    const [msg] = (await inbox(sb.store, 'bob')).slice(before);
    const headers = headerSection(msg!);
    expect(headers).toMatch(
      new RegExp(
        '^Return-Path: <alice@sandbox\\.test>\\r\\n' +
          'Received: from client\\.test \\(\\[127\\.0\\.0\\.1\\]\\)\\r\\n' +
          `\\tby sandbox\\.test \\(mailproto sandbox\\) with ESMTP id ${id}\\r\\n` +
          '\\tfor <bob@sandbox\\.test>; \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\r\\n' +
          'Subject: traced\\r\\n$',
      ),
    );
  });

  it.each([
    ['HELO', { helo: true }, 'with SMTP id'],
    ['EHLO, null sender', { from: '' }, 'with ESMTP id'],
  ] as const)('%s → %s', async (_name, opts, protocol) => {
    const before = (await inbox(sb.store, 'bob')).length;
    await send(['bob@sandbox.test'], 'Subject: x\r\n\r\ny', opts);
    const headers = headerSection((await inbox(sb.store, 'bob')).slice(before)[0]!);
    expect(headers).toContain(protocol);
    expect(headers.startsWith(`Return-Path: <${'from' in opts ? opts.from : 'alice@sandbox.test'}>\r\n`)).toBe(true);
  });

  it('after STARTTLS the Received header says ESMTPS', async () => {
    const c = await openSmtp(sb.ports.smtp!);
    clients.push(c);
    await expectCode(c, 'EHLO client.test', 250);
    await expectCode(c, 'STARTTLS', 220);
    c.clear();
    await c.startTls();
    await expectCode(c, 'EHLO client.test', 250);
    await expectCode(c, 'MAIL FROM:<alice@sandbox.test>', 250);
    await expectCode(c, 'RCPT TO:<bob@sandbox.test>', 250);
    await expectCode(c, 'DATA', 354);
    const before = (await inbox(sb.store, 'bob')).length;
    await expectCode(c, 'Subject: tls\r\n\r\nsecret\r\n.', 250);
    expect(headerSection((await inbox(sb.store, 'bob')).slice(before)[0]!)).toContain(' with ESMTPS id ');
  });
});
