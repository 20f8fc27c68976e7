import type { SecureContext } from 'node:tls';
import type { MailStore } from '../../store/store.js';
import type { Users } from '../../store/users.js';
import type { FaultSet } from '../faults.js';
import type { SessionLog } from '../session-log.js';

/** Which of the three SMTP listeners a session came in on. */
export type SmtpPortKind = 'smtp' | 'submission' | 'smtps';

/** Settings of the SMTP service, shared by every session. */
export type SmtpConfig = {
  /** The sandbox mail domain, e.g. `sandbox.test`; also the server's host name in replies. */
  readonly domain: string;
  readonly maxMessageSize: number;
  readonly maxRecipients: number;
  readonly maxBadCommands: number;
  readonly idleTimeoutMs: number;
  readonly greetingPauseMs: number;
  /** `--no-vrfy`: VRFY answers 252 and EXPN 502, as most real servers do. */
  readonly vrfy: boolean;
  /**
   * True when the sandbox listens on a non-loopback address (`--allow-remote`): then plaintext
   * AUTH is refused with 538 until TLS is up (security.md item 5).
   */
  readonly requireTlsForAuth: boolean;
};

/** Everything a session needs from the server around it. */
export type SmtpContext = {
  readonly config: SmtpConfig;
  readonly store: MailStore;
  readonly users: Users;
  /** Certificate and key for STARTTLS. */
  readonly tls: SecureContext;
  readonly faults: FaultSet;
  readonly log: SessionLog;
};
