/**
 * A scriptable fake mail server on a loopback port, for client tests that need a server to
 * misbehave (security.md items 6-9): the test writes exact bytes and reacts to each client line.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext } from 'node:tls';
import { loadCertificate } from '../../src/server/tls-cert.js';
import { createTempDataDir } from '../../src/store/temp-dir.js';

export type FakeConnection = {
  /** Writes raw bytes (one segment per call, as far as TCP goes). */
  write(data: string | Buffer): void;
  /**
   * Writes and waits until the socket can take more (backpressure), so that a test can stream
   * far more than fits in memory; false once the connection is gone.
   */
  writeFlow(data: string | Buffer): Promise<boolean>;
  /** The client closed or reset the connection (or it was ended here). */
  readonly closed: boolean;
  /** Switches this connection to TLS (server side), after the go-ahead was written. */
  startTls(): Promise<void>;
  /** Ends the connection. */
  end(): void;
  destroy(): void;
  /** Lines received so far (without CRLF). */
  readonly received: string[];
};

export type FakeScript = {
  /** Written on connect (before any line is read); omit to stay silent. */
  readonly greeting?: string | Buffer;
  /** Called once per connection, after the greeting; line callbacks wait until it has finished. */
  onConnect?(c: FakeConnection): void | Promise<void>;
  /** Called for each line the client sends. */
  onLine?(line: string, c: FakeConnection): void | Promise<void>;
};

export type FakeServer = { readonly port: number; readonly connections: FakeConnection[]; close(): Promise<void> };

let cert: { key: string; cert: string } | undefined;

/** A certificate for 127.0.0.1 (the sandbox generator's), made once per test file. */
export async function fakeCertificate(): Promise<{ key: string; cert: string }> {
  if (!cert) {
    const temp = await createTempDataDir();
    const info = await loadCertificate({ dataDir: temp.dir, domain: 'fake.test' });
    cert = { key: info.key, cert: info.cert };
    await temp.remove();
  }
  return cert;
}

export async function startFakeServer(script: FakeScript): Promise<FakeServer> {
  const tls = await fakeCertificate();
  const connections: FakeConnection[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((raw) => {
    let socket: Socket = raw;
    sockets.add(raw);
    let buffer = '';
    const received: string[] = [];
    let queue = Promise.resolve();
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i).replace(/\r$/, '');
        buffer = buffer.slice(i + 1);
        received.push(line);
        queue = queue.then(() => script.onLine?.(line, conn));
      }
    };
    let closed = false;
    raw.on('close', () => (closed = true));
    const conn: FakeConnection = {
      received,
      get closed() {
        return closed || socket.destroyed;
      },
      write: (data) => {
        if (!socket.destroyed) socket.write(data);
      },
      writeFlow: (data) =>
        new Promise<boolean>((resolve) => {
          if (closed || socket.destroyed) return resolve(false);
          if (socket.write(data)) return resolve(true);
          const done = (): void => {
            socket.off('drain', done);
            socket.off('close', done);
            resolve(!closed && !socket.destroyed);
          };
          socket.on('drain', done);
          socket.on('close', done);
        }),
      async startTls() {
        // Synchronously: the client's ClientHello must reach TLS, not the line reader.
        const { key, cert: pem } = tls;
        socket.off('data', onData);
        buffer = '';
        const secure = new TLSSocket(socket, { isServer: true, secureContext: createSecureContext({ key, cert: pem }) });
        socket = secure;
        sockets.add(secure);
        secure.on('data', onData);
        secure.on('error', () => undefined);
        await new Promise<void>((resolve) => secure.once('secure', () => resolve()));
      },
      end: () => socket.end(),
      destroy: () => socket.destroy(),
    };
    connections.push(conn);
    raw.on('data', onData);
    raw.on('error', () => undefined);
    if (script.greeting !== undefined) raw.write(script.greeting);
    if (script.onConnect) queue = queue.then(() => script.onConnect?.(conn));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    connections,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
