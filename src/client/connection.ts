/**
 * The client's socket: TCP, implicit TLS, or upgraded in place by STARTTLS/STLS. The certificate
 * is always checked; the handshake resolves with the verdict (so that the certificate can be shown
 * even when it is not trusted) and the session decides whether to go on.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { ClientError } from './errors.js';
import { EXIT, type TlsSummary } from './events.js';
import { summarizeTls } from './tls-summary.js';

export type TlsTrust = {
  /** Do not stop when the certificate does not verify. */
  readonly insecure: boolean;
  /** PEM certificates that replace the system's trusted CAs (--ca, or the sandbox's own). */
  readonly ca?: readonly string[];
};

export type ConnectionHandlers = {
  readonly onData: (chunk: Buffer) => void;
  /** The connection ended; `error` when it ended with a socket error. */
  readonly onClose: (error?: Error) => void;
};

/**
 * What a protocol session needs from its connection. `Connection` is the real one (a socket);
 * transcript playback (src/transcript/playback.ts) supplies one that plays recorded server lines,
 * so that recordings are explained by the very sessions that explain live traffic.
 */
export interface Transport {
  readonly secure: boolean;
  readonly isClosed: boolean;
  attach(handlers: ConnectionHandlers): void;
  write(data: string | Buffer): void;
  startTls(trust: TlsTrust, timeoutMs: number): Promise<TlsSummary>;
  close(): void;
  destroy(): void;
}

export type OpenTransportOptions = { host: string; port: number; implicitTls: boolean; trust: TlsTrust; timeoutMs: number };

/** Opens a transport: connects, and for implicit TLS completes the handshake. */
export type OpenTransport = (opts: OpenTransportOptions) => Promise<{ connection: Transport; tls?: TlsSummary }>;

/** How long a closing socket may take to flush before it is destroyed. */
const CLOSE_GRACE_MS = 1000;

function describeConnectError(err: NodeJS.ErrnoException, where: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `could not connect to ${where}: connection refused (nothing listens on that port)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not connect to ${where}: host not found`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `could not connect to ${where}: no route to the host`;
    case 'ECONNRESET':
      return `could not connect to ${where}: the connection was reset`;
    default:
      return `could not connect to ${where}: ${err.message}`;
  }
}

function tlsOptions(host: string, trust: TlsTrust): ConnectionOptions {
  return {
    host,
    // SNI carries host names only (RFC 6066 §3).
    ...(isIP(host) === 0 ? { servername: host } : {}),
    // We verify ourselves after the handshake, to show the certificate and explain a failure.
    rejectUnauthorized: false,
    ...(trust.ca ? { ca: [...trust.ca] } : {}),
  };
}

export class Connection implements Transport {
  private handlers: ConnectionHandlers | undefined;
  private closed = false;
  secure = false;

  private constructor(
    private socket: Socket,
    readonly host: string,
    readonly port: number,
  ) {}

  /** `host:port` as people write it. */
  get where(): string {
    return isIP(this.host) === 6 ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  /**
   * Connects, and for implicit TLS also completes the handshake.
   * @throws ClientError exit 2 (could not connect) or 3 (TLS handshake failed).
   */
  static async open(opts: OpenTransportOptions): Promise<{ connection: Connection; tls?: TlsSummary }> {
    const where = isIP(opts.host) === 6 ? `[${opts.host}]:${opts.port}` : `${opts.host}:${opts.port}`;
    const socket = netConnect({ host: opts.host, port: opts.port });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ClientError('E_CONNECT_TIMEOUT', `could not connect to ${where}: no answer within ${opts.timeoutMs / 1000} s`, {
          exitCode: EXIT.connect,
          tryMessage: 'check the host and port (a firewall may drop the connection), or raise --timeout',
        }));
      }, opts.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve();
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new ClientError('E_CONNECT', describeConnectError(err, where), {
          exitCode: EXIT.connect,
          tryMessage: 'check the host and port, or start a sandbox: mailproto connect sandbox:smtp',
        }));
      });
    });
    socket.setNoDelay(true);
    const connection = new Connection(socket, opts.host, opts.port);
    if (!opts.implicitTls) return { connection };
    const tls = await connection.startTls(opts.trust, opts.timeoutMs);
    return { connection, tls };
  }

  /** Starts delivering data and close events. */
  attach(handlers: ConnectionHandlers): void {
    this.handlers = handlers;
    this.listen(this.socket);
  }

  private listen(socket: Socket): void {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private unlisten(socket: Socket): void {
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
  }

  private lastError: Error | undefined;
  private readonly onData = (chunk: Buffer): void => this.handlers?.onData(chunk);
  private readonly onError = (err: Error): void => {
    this.lastError = err;
  };
  private readonly onClose = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.handlers?.onClose(this.lastError);
  };

  get isClosed(): boolean {
    return this.closed || this.socket.destroyed;
  }

  write(data: string | Buffer): void {
    if (this.isClosed) return;
    this.socket.write(data);
  }

  /**
   * Upgrades to TLS (implicit TLS right after connecting, or after the server's yes to STARTTLS).
   * Nothing buffered in plaintext reaches TLS: the caller has dropped it already.
   * @throws ClientError exit 3 when the handshake fails (not when the certificate does not verify).
   */
  async startTls(trust: TlsTrust, timeoutMs: number): Promise<TlsSummary> {
    const plain = this.socket;
    if (this.handlers) this.unlisten(plain);
    const secure: TLSSocket = tlsConnect({ ...tlsOptions(this.host, trust), socket: plain });
    this.socket = secure;
    await new Promise<void>((resolve, reject) => {
      const fail = (message: string): void => {
        clearTimeout(timer);
        secure.destroy();
        reject(new ClientError('E_TLS_HANDSHAKE', message, {
          exitCode: EXIT.tls,
          tryMessage: 'check that this port speaks TLS (implicit-TLS ports: smtps 465, pop3s 995, imaps 993; others need --starttls)',
        }));
      };
      const timer = setTimeout(() => fail(`the TLS handshake with ${this.where} did not finish within ${timeoutMs / 1000} s`), timeoutMs);
      secure.once('secureConnect', () => {
        clearTimeout(timer);
        secure.removeAllListeners('error');
        resolve();
      });
      secure.once('error', (err: NodeJS.ErrnoException) => fail(`the TLS handshake with ${this.where} failed: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' ')));
      secure.once('close', () => fail(`the server closed the connection during the TLS handshake`));
    });
    secure.removeAllListeners('close');
    this.secure = true;
    if (this.handlers) this.listen(secure);
    return summarizeTls(secure, this.host);
  }

  /** Ends the connection after what was written has been flushed. */
  close(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    const s = this.socket;
    setTimeout(() => s.destroy(), CLOSE_GRACE_MS).unref();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
