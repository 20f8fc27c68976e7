/**
 * A session's socket: TCP, implicit TLS or upgraded by STARTTLS/STLS. Shared by the SMTP, POP3 and
 * IMAP sandbox servers. Sessions never touch sockets directly; they call write/close/startTls.
 */
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';

export type TransportEvents = {
  readonly onData: (chunk: Buffer) => void;
  readonly onClose: () => void;
};

/** How long a closing socket may take to flush before it is destroyed. */
const CLOSE_GRACE_MS = 2000;

/**
 * Output a session may leave queued in memory before a long answer (a FETCH of a whole mailbox,
 * a big RETR) waits for the client to read: a slow reader holds about this much of the server's
 * memory, not the whole answer.
 */
export const WRITE_HIGH_WATER_BYTES = 1024 * 1024;

/**
 * Batched output (writeBatched) goes to the socket in one system call per this many bytes: a
 * FETCH of many messages otherwise makes a write per message, and those writes were most of its
 * CPU time next to Dovecot's.
 */
export const WRITE_BATCH_BYTES = 256 * 1024;

export class SocketTransport {
  private socket: Socket;
  private events: TransportEvents | undefined;
  private closed = false;
  /** Removes the data and close listeners of listen() (before a STARTTLS upgrade). */
  private unlisten: (() => void) | undefined;
  /** A TLS handshake is under way: nothing may be written in plaintext any more. */
  private upgrading = false;
  /** True once TLS is up, whether implicit or by STARTTLS. */
  secure: boolean;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localPort: number;

  constructor(socket: Socket, private readonly tlsContext: SecureContext) {
    this.socket = socket;
    this.secure = socket instanceof TLSSocket && socket.encrypted === true;
    this.remoteAddress = normalizeAddress(socket.remoteAddress ?? '');
    this.remotePort = socket.remotePort ?? 0;
    this.localPort = socket.localPort ?? 0;
    socket.setNoDelay(true);
  }

  /** Starts delivering events. Call once. */
  attach(events: TransportEvents): void {
    this.events = events;
    this.listen(this.socket);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** TLS version and cipher, when TLS is up. */
  tlsInfo(): { version: string; cipher: string } | undefined {
    if (!(this.socket instanceof TLSSocket) || !this.secure) return undefined;
    return { version: this.socket.getProtocol() ?? 'unknown', cipher: this.socket.getCipher()?.name ?? 'unknown' };
  }

  /** Corked for batched output; how many bytes wait in the batch. */
  private batch: { bytes: number } | undefined;

  write(data: string | Buffer): void {
    if (this.closed || this.socket.destroyed || this.upgrading) return;
    this.flushBatch();
    this.socket.write(data);
  }

  /**
   * Writes `data` as part of a long answer: held back (corked) until WRITE_BATCH_BYTES have
   * gathered, the next write(), flushBatch(), or writable() finding the high-water mark passed.
   * Order with write() is kept.
   */
  writeBatched(data: Buffer | string): void {
    if (this.closed || this.socket.destroyed || this.upgrading) return;
    if (this.batch === undefined) {
      this.socket.cork();
      this.batch = { bytes: 0 };
    }
    this.socket.write(data);
    this.batch.bytes += data.length;
    if (this.batch.bytes >= WRITE_BATCH_BYTES) this.flushBatch();
  }

  /** Sends what writeBatched held back. */
  flushBatch(): void {
    if (this.batch === undefined) return;
    this.batch = undefined;
    this.socket.uncork();
  }

  /**
   * Resolves when less than WRITE_HIGH_WATER_BYTES wait to be sent (at once, usually), or the
   * connection is gone. For answers written piece by piece. A batch under the mark is kept.
   */
  writable(): Promise<void> {
    const socket = this.socket;
    if (this.closed || socket.destroyed || socket.writableLength < WRITE_HIGH_WATER_BYTES) return Promise.resolve();
    // A corked socket never drains: send the batch first.
    this.flushBatch();
    return new Promise((resolve) => {
      const done = (): void => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Ends the connection after what was written has been flushed. */
  close(): void {
    if (this.closed) return;
    if (this.upgrading) {
      // A stalled handshake (idle timeout): no plaintext reply, just drop the connection.
      this.destroy();
      return;
    }
    this.flushBatch();
    this.closed = true;
    this.socket.end();
    const s = this.socket;
    setTimeout(() => s.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.batch = undefined;
    this.closed = true;
    this.socket.destroy();
  }

  /**
   * Upgrades to TLS as the server side. Call in the same tick as writing the "go ahead" reply: from
   * this moment no plaintext byte reaches the session any more (security.md items 1 and 2).
   */
  startTls(): Promise<void> {
    this.flushBatch();
    const raw = this.socket;
    // Only this transport's own listeners: the listener's close handler on the raw socket must
    // stay, it gives the connection slot back (security.md item 21).
    this.unlisten?.();
    raw.on('error', () => {});
    const secure = new TLSSocket(raw, { isServer: true, secureContext: this.tlsContext });
    this.upgrading = true;
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        this.upgrading = false;
        this.socket = secure;
        this.destroy();
        this.events?.onClose();
        reject(err);
      };
      secure.once('error', onError);
      secure.once('secure', () => {
        secure.removeListener('error', onError);
        this.upgrading = false;
        this.socket = secure;
        this.secure = true;
        this.listen(secure);
        resolve();
      });
    });
  }

  private listen(socket: Socket): void {
    const events = this.events;
    if (!events) return;
    const onData = (chunk: Buffer): void => events.onData(chunk);
    const onClose = (): void => {
      this.closed = true;
      events.onClose();
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    socket.once('close', onClose);
    this.unlisten = () => {
      socket.removeListener('data', onData);
      socket.removeListener('close', onClose);
    };
  }
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
