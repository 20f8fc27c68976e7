/**
 * A raw line client for driving servers with exact bytes (hostile and edge-case input). It never
 * interprets the protocol: tests send bytes and wait for text to appear.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export class RawClient {
  private received = '';
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(private socket: Socket) {
    this.listen(socket);
  }

  static async connect(port: number, opts: { tls?: boolean } = {}): Promise<RawClient> {
    const socket: Socket = opts.tls
      ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false })
      : netConnect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once(opts.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  private listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1');
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Everything received so far (latin1). */
  get text(): string {
    return this.received;
  }

  /** Forgets what was received so far. */
  clear(): void {
    this.received = '';
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Waits until the received text matches, or the timeout passes (then throws with the text). */
  async waitFor(pattern: RegExp | string, timeoutMs = 5000): Promise<string> {
    const test = (): boolean => (typeof pattern === 'string' ? this.received.includes(pattern) : pattern.test(this.received));
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (this.closed) throw new Error(`connection closed before ${String(pattern)}; received:\n${this.received}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${String(pattern)}; received:\n${this.received}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.received;
  }

  /** Sends a line with CRLF and waits for a complete SMTP reply (a line `ddd text`). */
  async smtp(line: string, timeoutMs = 5000): Promise<string> {
    this.clear();
    this.send(line + '\r\n');
    await this.waitFor(/(^|\r\n)\d{3}( [^\r\n]*)?\r\n$/, timeoutMs);
    return this.received;
  }

  /** Waits until the server closes the connection. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`server did not close; received:\n${this.received}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Upgrades to TLS as the client (after the server's 220/+OK/OK to STARTTLS). */
  async startTls(): Promise<void> {
    const raw = this.socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('close');
    const secure: TLSSocket = tlsConnect({ socket: raw, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject);
    });
    this.socket = secure;
    this.listen(secure);
  }

  close(): void {
    this.socket.destroy();
  }
}
