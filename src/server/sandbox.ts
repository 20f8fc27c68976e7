/**
 * The sandbox mail server: every service over one store, on loopback by default (design.md
 * "Sandbox server"). Used by `mailproto sandbox`, by `sandbox:` targets and by lessons.
 */
import { MailStore } from '../store/store.js';
import { Users, type UserSpec } from '../store/users.js';
import { ConnectionLimiter, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_CLIENTS_PER_ADDRESS } from './connection-limiter.js';
import { FaultSet, type Fault } from './faults.js';
import { Listener, type ListenerOptions, type RefusalReason } from './listener.js';
import { ConnectionRateLimiter } from './rate-limiter.js';
import { silentLog, type SessionLog } from './session-log.js';
import type { SmtpConfig, SmtpContext } from './smtp/context.js';
import type { Pop3Config, Pop3Context } from './pop3/context.js';
import { Pop3Session } from './pop3/session.js';
import type { ImapConfig, ImapContext } from './imap/context.js';
import { ImapSession } from './imap/session.js';
import { DEFAULT_IDLE_TIMEOUT_MS as IMAP_IDLE_TIMEOUT_MS } from './imap/limits.js';
import { SmtpSession } from './smtp/session.js';
import { loadCertificate, type CertificateInfo } from './tls-cert.js';
import {
  DEFAULT_GREETING_PAUSE_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGE_SIZE,
  MAX_BAD_COMMANDS,
  MAX_RECIPIENTS,
} from '../protocols/smtp/limits.js';
import { DEFAULT_IDLE_TIMEOUT_MS as POP3_IDLE_TIMEOUT_MS, DEFAULT_LOGIN_DELAY_MS, MAX_BAD_AFTER_LOGIN, MAX_BAD_BEFORE_LOGIN } from '../protocols/pop3/limits.js';
import { MAX_BAD_BEFORE_LOGIN as IMAP_MAX_BAD_BEFORE_LOGIN } from '../protocols/imap/limits.js';

/** Every service the sandbox can run, in design.md order. */
export const SERVICES = ['smtp', 'submission', 'smtps', 'pop3', 'pop3s', 'imap', 'imaps'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** design.md ports. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  smtp: 2525,
  submission: 2587,
  smtps: 2465,
  pop3: 2110,
  pop3s: 2995,
  imap: 2143,
  imaps: 2993,
};

export const DEFAULT_DOMAIN = 'sandbox.test';
export const DEFAULT_USERS: readonly UserSpec[] = [
  { name: 'alice', password: 'password' },
  { name: 'bob', password: 'password' },
];

export type SandboxOptions = {
  readonly dataDir: string;
  readonly host?: string;
  /** Needed for any host that is not loopback; plaintext AUTH is then refused until TLS. */
  readonly allowRemote?: boolean;
  /** Port per service; 0 picks a free one; null turns the service off. Missing: the default. */
  readonly ports?: Partial<Record<ServiceName, number | null>>;
  readonly domain?: string;
  /** --user NAME:PASS; when none (and no stored users) alice and bob. */
  readonly users?: readonly UserSpec[];
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly faults?: readonly Fault[];
  readonly random?: () => number;
  readonly vrfy?: boolean;
  readonly maxMessageSize?: number;
  readonly maxRecipients?: number;
  readonly maxClients?: number;
  readonly maxClientsPerAddress?: number;
  /** Connections one address may open per minute, all services together; unlimited when missing. */
  readonly maxConnectionsPerMinute?: number;
  readonly smtpTimeoutMs?: number;
  readonly pop3TimeoutMs?: number;
  /** RFC 2449 LOGIN-DELAY: least time between two POP3 logins of one user (default none). */
  readonly pop3LoginDelayMs?: number;
  /** IMAP idle timeout between commands (default 30 minutes, RFC 3501 §5.4); IDLE is exempt. */
  readonly imapTimeoutMs?: number;
  /** Refuse plaintext AUTH until TLS; by default true exactly when the host is not loopback. */
  readonly requireTlsForAuth?: boolean;
  readonly greetingPauseMs?: number;
  readonly log?: SessionLog;
};

export type Sandbox = {
  readonly host: string;
  readonly domain: string;
  readonly dataDir: string;
  /** The bound port per service, null for services turned off. */
  readonly ports: Readonly<Record<ServiceName, number | null>>;
  readonly store: MailStore;
  readonly users: Users;
  readonly faults: FaultSet;
  readonly certificate: CertificateInfo;
  close(): Promise<void>;
};

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class SandboxConfigError extends Error {}

/** Starts the sandbox. Resolves once every enabled service is listening. */
export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host) && !opts.allowRemote) {
    throw new SandboxConfigError(`binding ${host} makes the sandbox reachable from other machines; add --allow-remote if that is what you want`);
  }
  const domain = opts.domain ?? DEFAULT_DOMAIN;
  const log = opts.log ?? silentLog;
  // The certificate first: a bad --cert/--key stops the start before the store is opened.
  const certificate = await loadCertificate({ dataDir: opts.dataDir, domain, certFile: opts.certFile, keyFile: opts.keyFile });
  const store = await MailStore.open({ dir: opts.dataDir });
  const users = await Users.load({ dir: opts.dataDir, extra: [...(opts.users ?? [])], defaults: [...DEFAULT_USERS] });
  for (const name of users.names()) await store.ensureUser(name);
  const faults = new FaultSet(opts.faults ?? [], opts.random);
  const limiter = new ConnectionLimiter(opts.maxClients ?? DEFAULT_MAX_CLIENTS, opts.maxClientsPerAddress ?? DEFAULT_MAX_CLIENTS_PER_ADDRESS);
  const rateLimiter = opts.maxConnectionsPerMinute === undefined ? undefined : new ConnectionRateLimiter(opts.maxConnectionsPerMinute);
  const requireTlsForAuth = opts.requireTlsForAuth ?? !isLoopback(host);
  const smtpConfig: SmtpConfig = {
    domain,
    maxMessageSize: opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    maxRecipients: opts.maxRecipients ?? MAX_RECIPIENTS,
    maxBadCommands: MAX_BAD_COMMANDS,
    idleTimeoutMs: opts.smtpTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    greetingPauseMs: opts.greetingPauseMs ?? DEFAULT_GREETING_PAUSE_MS,
    vrfy: opts.vrfy ?? true,
    requireTlsForAuth,
  };
  const smtpCtx: SmtpContext = { config: smtpConfig, store, users, tls: certificate.context, faults, log };
  const pop3Config: Pop3Config = {
    domain,
    idleTimeoutMs: opts.pop3TimeoutMs ?? POP3_IDLE_TIMEOUT_MS,
    maxBadBeforeLogin: MAX_BAD_BEFORE_LOGIN,
    maxBadAfterLogin: MAX_BAD_AFTER_LOGIN,
    requireTlsForAuth,
    loginDelayMs: opts.pop3LoginDelayMs ?? DEFAULT_LOGIN_DELAY_MS,
  };
  const pop3Ctx: Pop3Context = { config: pop3Config, store, users, tls: certificate.context, faults, log };
  const imapConfig: ImapConfig = {
    domain,
    idleTimeoutMs: opts.imapTimeoutMs ?? IMAP_IDLE_TIMEOUT_MS,
    maxBadBeforeLogin: IMAP_MAX_BAD_BEFORE_LOGIN,
    maxAppendOctets: opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    requireTlsForAuth,
    // A remote sandbox offers only LITERAL- (RFC 7888): nobody may push big literals at it unasked.
    nonSync: requireTlsForAuth ? 'LITERAL-' : 'LITERAL+',
  };
  const imapCtx: ImapContext = { config: imapConfig, store, users, tls: certificate.context, faults, log };

  const listeners: Listener[] = [];
  const ports = Object.fromEntries(SERVICES.map((s) => [s, null])) as Record<ServiceName, number | null>;
  const tooMany = (why: RefusalReason): string =>
    why === 'rate' ? 'Too many connections from your address in the last minute, try again later' : `Too many connections${why === 'address' ? ' from your address' : ''}, try again later`;
  const services: Record<ServiceName, Pick<ListenerOptions, 'implicitTls' | 'refusal' | 'onConnection'>> = {
    smtp: { implicitTls: false, refusal: (w) => `421 4.7.0 ${domain} ${tooMany(w)}\r\n`, onConnection: (t) => new SmtpSession(smtpCtx, t, 'smtp').start() },
    submission: { implicitTls: false, refusal: (w) => `421 4.7.0 ${domain} ${tooMany(w)}\r\n`, onConnection: (t) => new SmtpSession(smtpCtx, t, 'submission').start() },
    smtps: { implicitTls: true, refusal: (w) => `421 4.7.0 ${domain} ${tooMany(w)}\r\n`, onConnection: (t) => new SmtpSession(smtpCtx, t, 'smtps').start() },
    pop3: { implicitTls: false, refusal: (w) => `-ERR [SYS/TEMP] ${tooMany(w)}\r\n`, onConnection: (t) => new Pop3Session(pop3Ctx, t).start() },
    pop3s: { implicitTls: true, refusal: (w) => `-ERR [SYS/TEMP] ${tooMany(w)}\r\n`, onConnection: (t) => new Pop3Session(pop3Ctx, t).start() },
    imap: { implicitTls: false, refusal: (w) => `* BYE [UNAVAILABLE] ${tooMany(w)}\r\n`, onConnection: (t) => new ImapSession(imapCtx, t).start() },
    imaps: { implicitTls: true, refusal: (w) => `* BYE [UNAVAILABLE] ${tooMany(w)}\r\n`, onConnection: (t) => new ImapSession(imapCtx, t).start() },
  };
  try {
    for (const service of SERVICES) {
      const requested = opts.ports?.[service] === undefined ? DEFAULT_PORTS[service] : opts.ports[service];
      if (requested === null) continue;
      const protocol = service.startsWith('pop3') ? 'pop3' : service.startsWith('imap') ? 'imap' : 'smtp';
      const onRefused = (remote: string, reason: RefusalReason): void => log.emit({ event: 'reject', protocol, session: '-', service, remote, reason });
      const listener = new Listener({ host, port: requested, tls: certificate.context, limiter, rateLimiter, onRefused, ...services[service] });
      ports[service] = await listener.listen();
      listeners.push(listener);
    }
  } catch (err) {
    await Promise.all(listeners.map((l) => l.close()));
    await store.close();
    throw err;
  }
  return {
    host,
    domain,
    dataDir: opts.dataDir,
    ports,
    store,
    users,
    faults,
    certificate,
    async close() {
      await Promise.all(listeners.map((l) => l.close()));
      await store.close();
    },
  };
}
