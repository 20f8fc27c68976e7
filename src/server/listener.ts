/**
 * A TCP or implicit-TLS listener for one sandbox service. It applies the shared connection limits
 * and hands each accepted connection to the protocol's session factory.
 */
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { ConnectionLimiter } from './connection-limiter.js';
import type { ConnectionRateLimiter } from './rate-limiter.js';
import { normalizeAddress, SocketTransport } from './transport.js';

export type ListenerOptions = {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Implicit TLS (smtps, pop3s, imaps). */
  readonly implicitTls: boolean;
  readonly tls: SecureContext;
  readonly limiter: ConnectionLimiter;
  /** Connections per minute per address (`--max-connections-per-minute`), shared by every listener. */
  readonly rateLimiter?: ConnectionRateLimiter;
  /** What to write before closing a connection over the limits (`421 ...\r\n`, `* BYE ...\r\n`). */
  readonly refusal: (reason: RefusalReason) => string;
  /** Told about every refused connection (the instructor's log). */
  readonly onRefused?: (remote: string, reason: RefusalReason) => void;
  /** Starts a session on an accepted connection. */
  readonly onConnection: (transport: SocketTransport) => void;
};

/** Why a connection was refused: too many at once in all, from one address, or too many per minute. */
export type RefusalReason = 'total' | 'address' | 'rate';

/** How long an implicit-TLS handshake may take before the connection is dropped. */
export const TLS_HANDSHAKE_TIMEOUT_MS = 30_000;

export class Listener {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly opts: ListenerOptions) {
    // Not tls.createServer: it ignores a `secureContext` option and then fails every handshake
    // (no certificate). Implicit TLS wraps the accepted socket exactly as STARTTLS does.
    this.server = createNetServer((socket) => (opts.implicitTls ? this.handshake(socket) : this.accept(socket)));
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.opts.host, port: this.opts.port }, () => {
        this.server.removeListener('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? 0;
  }

  /** Stops accepting and drops every open connection. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Implicit TLS: the session starts once the handshake is done, as with tls.Server's secureConnection. */
  private handshake(raw: Socket): void {
    this.sockets.add(raw);
    raw.on('error', () => raw.destroy());
    const secure = new TLSSocket(raw, { isServer: true, secureContext: this.opts.tls });
    // A failed TLS handshake is the client's problem; it must never reach the process.
    secure.on('error', () => secure.destroy());
    const timer = setTimeout(() => secure.destroy(), TLS_HANDSHAKE_TIMEOUT_MS);
    timer.unref();
    raw.once('close', () => {
      clearTimeout(timer);
      this.sockets.delete(raw);
    });
    secure.once('secure', () => {
      clearTimeout(timer);
      this.accept(secure);
    });
  }

  private accept(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    // One key per client whether it came over IPv4 or as an IPv4-mapped IPv6 address.
    const address = normalizeAddress(socket.remoteAddress ?? '');
    const overRate = this.opts.rateLimiter !== undefined && !this.opts.rateLimiter.attempt(address);
    const slot = overRate ? { refused: 'rate' as const } : this.opts.limiter.acquire(address);
    if ('refused' in slot) {
      this.opts.onRefused?.(address, slot.refused);
      socket.end(this.opts.refusal(slot.refused));
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      slot.release();
    });
    this.opts.onConnection(new SocketTransport(socket, this.opts.tls));
  }
}
