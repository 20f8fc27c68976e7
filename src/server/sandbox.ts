/**
 * The sandbox mail server: every service over one store, on loopback by default (design.md
 * "Sandbox server"). Used by `mailproto sandbox`, by `sandbox:` targets and by lessons.
 */
import { MailStore } from '../store/store.js';
import { Users, type UserSpec } from '../store/users.js';
import { ConnectionLimiter, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_CLIENTS_PER_ADDRESS } from './connection-limiter.js';
import { FaultSet, type Fault } from './faults.js';
import { Listener } from './listener.js';
import { silentLog, type SessionLog } from './session-log.js';
import type { SmtpConfig, SmtpContext, SmtpPortKind } from './smtp/context.js';
import { SmtpSession } from './smtp/session.js';
import { loadCertificate, type CertificateInfo } from './tls-cert.js';
import {
  DEFAULT_GREETING_PAUSE_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGE_SIZE,
  MAX_BAD_COMMANDS,
  MAX_RECIPIENTS,
} from '../protocols/smtp/limits.js';

/** Every service the sandbox can run, in design.md order. */
export const SERVICES = ['smtp', 'submission', 'smtps'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** design.md ports. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  smtp: 2525,
  submission: 2587,
  smtps: 2465,
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
  readonly smtpTimeoutMs?: number;
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
  const store = await MailStore.open({ dir: opts.dataDir });
  const users = await Users.load({ dir: opts.dataDir, extra: [...(opts.users ?? [])], defaults: [...DEFAULT_USERS] });
  for (const name of users.names()) await store.ensureUser(name);
  const certificate = await loadCertificate({ dataDir: opts.dataDir, domain, certFile: opts.certFile, keyFile: opts.keyFile });
  const faults = new FaultSet(opts.faults ?? [], opts.random);
  const limiter = new ConnectionLimiter(opts.maxClients ?? DEFAULT_MAX_CLIENTS, opts.maxClientsPerAddress ?? DEFAULT_MAX_CLIENTS_PER_ADDRESS);
  const smtpConfig: SmtpConfig = {
    domain,
    maxMessageSize: opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    maxRecipients: opts.maxRecipients ?? MAX_RECIPIENTS,
    maxBadCommands: MAX_BAD_COMMANDS,
    idleTimeoutMs: opts.smtpTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    greetingPauseMs: opts.greetingPauseMs ?? DEFAULT_GREETING_PAUSE_MS,
    vrfy: opts.vrfy ?? true,
    requireTlsForAuth: !isLoopback(host),
  };
  const smtpCtx: SmtpContext = { config: smtpConfig, store, users, tls: certificate.context, faults, log };

  const listeners: Listener[] = [];
  const ports = { smtp: null, submission: null, smtps: null } as Record<ServiceName, number | null>;
  const smtpService = (kind: SmtpPortKind, port: number): Listener =>
    new Listener({
      host,
      port,
      implicitTls: kind === 'smtps',
      tls: certificate.context,
      limiter,
      refusal: (why) => `421 4.7.0 ${domain} Too many connections${why === 'address' ? ' from your address' : ''}, try again later\r\n`,
      onConnection: (transport) => new SmtpSession(smtpCtx, transport, kind).start(),
    });
  try {
    for (const service of SERVICES) {
      const requested = opts.ports?.[service] === undefined ? DEFAULT_PORTS[service] : opts.ports[service];
      if (requested === null) continue;
      const listener = smtpService(service, requested);
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
