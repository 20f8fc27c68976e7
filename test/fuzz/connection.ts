/**
 * The fuzzer's client socket: writes whatever it is given, never parses, and tells how much the
 * server has said and when, so the harness can wait for "quiet", "any answer" or "closed".
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const POLL_MS = 5;
/** How much of the server's output is kept for a failure report. */
const TAIL = 600;

export class FuzzConnection {
  /** Octets received so far. */
  received = 0;
  lastDataAt = Date.now();
  closed = false;
  private tailText = '';

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      this.lastDataAt = Date.now();
      this.tailText = (this.tailText + chunk.toString('latin1')).slice(-TAIL);
    });
    // A reset or a write after the server closed is an outcome, not an error of the fuzzer.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
    });
  }

  static open(port: number, tls: boolean): Promise<FuzzConnection> {
    return new Promise((resolve, reject) => {
      const socket = tls ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }) : netConnect({ host: '127.0.0.1', port });
      socket.once(tls ? 'secureConnect' : 'connect', () => resolve(new FuzzConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** The end of what the server said (latin1). */
  get tail(): string {
    return this.tailText;
  }

  write(data: Buffer | string): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(data);
  }

  /** Resolves true once `done()` holds, false after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return true;
  }

  /** Waits until the server has said nothing for `quietMs` (or closed); false when it kept talking for `maxMs`. */
  quiet(quietMs: number, maxMs: number): Promise<boolean> {
    return this.until(() => this.closed || Date.now() - this.lastDataAt >= quietMs, maxMs);
  }

  /** Waits for any octet beyond `since`, or the close; false after `timeoutMs` of silence. */
  progress(since: number, timeoutMs: number): Promise<boolean> {
    return this.until(() => this.closed || this.received > since, timeoutMs);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
