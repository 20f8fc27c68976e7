/**
 * security.md item 9, measured: a server that announces an IMAP literal of {99999999999} octets, or
 * sends a line that never ends, and keeps sending (far more than the limits) must not make the
 * client's memory grow. The client runs in this process (ClientSession) so its resident set size
 * can be sampled while the server pours; the server paces itself by TCP back-pressure and stops
 * when the client hangs up, so whatever grows is the client's.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientSession } from '../../../src/client/client-session.js';
import { MAX_SERVER_LINE } from '../../../src/client/limits.js';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';

const MiB = 1024 * 1024;
/** How much the client's process may grow while the server pours. */
const MAX_RSS_GROWTH = 50 * MiB;
/** What the server is willing to pour (far past both limits). */
const POUR = 512 * MiB;

type Pourer = { readonly port: number; readonly poured: () => number; close(): Promise<void> };

/**
 * A server that greets, and after the first client line writes `head`, then `chunk` again and
 * again (never a line end) until POUR octets or the client hangs up.
 */
async function pourer(greeting: string, head: string): Promise<Pourer> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let poured = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.write(greeting);
    let started = false;
    socket.on('data', () => {
      if (started) return;
      started = true;
      socket.write(head);
      const pump = (): void => {
        while (poured < POUR && !socket.destroyed) {
          poured += chunk.length;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
        socket.end();
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    poured: () => poured,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const pourers: Pourer[] = [];
afterEach(async () => {
  ConnectProcess.killAll();
  await Promise.all(pourers.splice(0).map((p) => p.close()));
});

/** Runs `during` while sampling process.memoryUsage().rss; returns the largest growth over the start. */
async function rssGrowth(during: () => Promise<void>): Promise<number> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  try {
    await during();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - start;
}

/** A session whose events are counted, not kept (keeping them would be the test's memory, not the client's). */
async function connect(port: number, scheme: string): Promise<{ session: ClientSession; received: () => number }> {
  const session = new ClientSession();
  let received = 0;
  session.on('event', (e) => {
    if (e.type === 'recv') received++;
  });
  await session.connect({ target: `${scheme}://127.0.0.1:${port}`, annotate: false, timeoutSeconds: 20 });
  return { session, received: () => received };
}

describe('security.md item 9: bounded memory against a server that pours', () => {
  it(`IMAP {99999999999}: ended at the announcement (E_LITERAL_TOO_BIG, exit 4), rss grows < ${MAX_RSS_GROWTH / MiB} MiB`, async () => {
    const server = await pourer('* OK hi\r\n', '* 1 FETCH (BODY[] {99999999999}\r\n');
    pourers.push(server);
    // A first session that sends nothing loads what connecting needs, so that it is not counted.
    await (await connect(server.port, 'imap')).session.close();
    const c = await connect(server.port, 'imap');
    let error: unknown;
    const growth = await rssGrowth(async () => {
      error = await c.session.send('FETCH 1 BODY[]').catch((e: unknown) => e);
    });
    expect(error).toMatchObject({ code: 'E_LITERAL_TOO_BIG', exitCode: 4, message: expect.stringMatching(/literal of 99999999999 octets, over the client's limit of 67108864/) });
    expect(c.session.ended).toMatchObject({ reason: 'error' });
    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
  }, 60_000);

  it(`a line that never ends: E_LINE_TOO_LONG past ${MAX_SERVER_LINE} octets (exit 4), rss grows < ${MAX_RSS_GROWTH / MiB} MiB`, async () => {
    const server = await pourer('220 hi\r\n', '250-');
    pourers.push(server);
    const c = await connect(server.port, 'smtp');
    let error: unknown;
    const growth = await rssGrowth(async () => {
      error = await c.session.send('EHLO me').catch((e: unknown) => e);
    });
    expect(error).toMatchObject({ code: 'E_LINE_TOO_LONG', exitCode: 4, message: expect.stringMatching(/longer than 1048576 octets without a line end/) });
    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
    // The client hung up long before the server ran out of bytes to pour.
    expect(server.poured()).toBeLessThan(POUR);
  }, 60_000);

  it('line mode: a line that never ends is a clear one-line error and exit 4', async () => {
    const server = await pourer('+OK hi\r\n', '+OK ');
    pourers.push(server);
    const run = await runConnect([`pop3://127.0.0.1:${server.port}`, '--no-annotate'], 'CAPA\n');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^mailproto: the server sent a line longer than 1048576 octets without a line end; the session was ended to keep memory bounded\n$/);
  }, 60_000);
});
