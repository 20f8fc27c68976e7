import type { SecureContext } from 'node:tls';
import type { MailStore } from '../../store/store.js';
import type { Users } from '../../store/users.js';
import type { FaultSet } from '../faults.js';
import type { SessionLog } from '../session-log.js';

export type Pop3Config = {
  readonly domain: string;
  readonly idleTimeoutMs: number;
  readonly maxBadBeforeLogin: number;
  readonly maxBadAfterLogin: number;
  /** Remote sandbox (`--allow-remote`): plaintext USER/PASS and AUTH PLAIN/LOGIN need TLS first. */
  readonly requireTlsForAuth: boolean;
  /**
   * RFC 2449 §6.8 LOGIN-DELAY: the least time between two logins of one user, 0 for none. When set,
   * CAPA announces it and a login that comes too soon gets `-ERR [LOGIN-DELAY]` (RFC 2449 §8.1.1).
   */
  readonly loginDelayMs?: number;
};

export type Pop3Context = {
  readonly config: Pop3Config;
  readonly store: MailStore;
  readonly users: Users;
  readonly tls: SecureContext;
  readonly faults: FaultSet;
  readonly log: SessionLog;
};
