/**
 * A client that stops reading in the middle of a long FETCH holds about WRITE_HIGH_WATER_BYTES of
 * the server's memory, not the whole answer: the FETCH waits for it (src/server/transport.ts).
 */
import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WRITE_BATCH_BYTES, WRITE_HIGH_WATER_BYTES, SocketTransport } from '../../../src/server/transport.js';
import { createSecureContext } from 'node:tls';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => sb?.stop());

/** A server-side transport and the client socket connected to it. */
async function pair(): Promise<{ transport: SocketTransport; server: Socket; client: Socket }> {
  return new Promise((resolve) => {
    let client: Socket;
    const listener = createServer((server) => {
      listener.close();
      const transport = new SocketTransport(server, createSecureContext({}));
      transport.attach({ onData: () => {}, onClose: () => {} });
      resolve({ transport, server, client });
    }).listen(0, '127.0.0.1', () => {
      client = connect((listener.address() as { port: number }).port, '127.0.0.1');
    });
  });
}

it('writeBatched holds output back until a batch is full or a plain write comes, and keeps the order', async () => {
  const { transport, server, client } = await pair();
  let received = '';
  client.on('data', (d: Buffer) => (received += d.toString('latin1')));
  transport.writeBatched(Buffer.from('* 1 FETCH (UID 1)\r\n'));
  transport.writeBatched(Buffer.from('* 2 FETCH (UID 2)\r\n'));
  expect(server.writableCorked).toBe(1);
  await new Promise((r) => setTimeout(r, 50));
  expect(received).toBe('');
  transport.write('a OK FETCH completed\r\n');
  expect(server.writableCorked).toBe(0);
  while (!received.endsWith('completed\r\n')) await new Promise((r) => setTimeout(r, 5));
  expect(received).toBe('* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\na OK FETCH completed\r\n');

  // A full batch goes out by itself.
  transport.writeBatched(Buffer.alloc(WRITE_BATCH_BYTES, 0x62));
  expect(server.writableCorked).toBe(0);
  client.destroy();
  transport.destroy();
});

it('writable() waits while more than the high-water mark is queued, and resolves once the peer reads', async () => {
  const accepted = new Promise<Socket>((resolve) => {
    const server = createServer((s) => {
      server.close();
      resolve(s);
    }).listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      const client = connect(port, '127.0.0.1');
      client.pause();
      peer = client;
    });
  });
  let peer: Socket | undefined;
  const serverSide = await accepted;
  const transport = new SocketTransport(serverSide, createSecureContext({}));
  transport.attach({ onData: () => {}, onClose: () => {} });
  let free = false;
  void transport.writable().then(() => (free = true));
  await new Promise((r) => setImmediate(r));
  expect(free).toBe(true);
  const chunk = Buffer.alloc(256 * 1024, 0x61);
  for (let i = 0; i < 40; i++) transport.write(chunk);
  let released = false;
  const waiting = transport.writable().then(() => (released = true));
  await new Promise((r) => setTimeout(r, 100));
  expect(released).toBe(false);
  expect(serverSide.writableLength).toBeGreaterThanOrEqual(WRITE_HIGH_WATER_BYTES);
  peer!.resume();
  await waiting;
  expect(serverSide.writableLength).toBeLessThan(WRITE_HIGH_WATER_BYTES);
  peer!.destroy();
  transport.destroy();
});

it('a FETCH of a big mailbox to a client that reads late arrives whole and in order', async () => {
  const c = connect(sb.ports.imap!, '127.0.0.1');
  let all = '';
  c.on('data', (d: Buffer) => (all += d.toString('latin1')));
  const until = async (pattern: RegExp): Promise<void> => {
    while (!pattern.test(all)) await new Promise((r) => setTimeout(r, 10));
  };
  await until(/^\* OK .*\r\n/);
  const body = `Subject: big\r\n\r\n${`${'y'.repeat(998)}\r\n`.repeat(500)}`;
  c.write(`L LOGIN alice password\r\nA CREATE Big\r\n`);
  for (let i = 0; i < 12; i++) c.write(`P${i} APPEND Big {${Buffer.byteLength(body)}+}\r\n${body}\r\n`);
  c.write('S SELECT Big\r\n');
  await until(/\r\nS OK \[READ-WRITE\]/);
  all = '';
  c.pause();
  c.write('F FETCH 1:* BODY.PEEK[]\r\nG NOOP\r\n');
  await new Promise((r) => setTimeout(r, 300));
  c.resume();
  await until(/\r\nG OK NOOP completed\r\n$/);
  expect(all.match(/^\* \d+ FETCH \(BODY\[\] \{500016\}\r\n/gm)).toHaveLength(12);
  expect(all.match(/^\* (\d+) FETCH/gm)!.map((l) => Number(/\d+/.exec(l)![0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  expect(all).toContain('\r\nF OK FETCH completed\r\n');
  c.destroy();
});
