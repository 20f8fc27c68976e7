import type { SecureContext } from 'node:tls';
import type { NonSyncSupport } from '../../protocols/imap/framer.js';
import type { MailStore } from '../../store/store.js';
import type { Users } from '../../store/users.js';
import type { FaultSet } from '../faults.js';
import type { SessionLog } from '../session-log.js';

/** Settings of the IMAP service, shared by every session. */
export type ImapConfig = {
  /** The sandbox mail domain; also the server's name in the greeting. */
  readonly domain: string;
  /** Idle timeout between commands (RFC 3501 §5.4: at least 30 minutes); IDLE is exempt. */
  readonly idleTimeoutMs: number;
  /** Invalid commands before login, then `* BYE` (security.md item 19). */
  readonly maxBadBeforeLogin: number;
  /** Largest message APPEND accepts; bigger ones get `NO [TOOBIG]` before the `+`. */
  readonly maxAppendOctets: number;
  /**
   * Remote sandbox (`--allow-remote`): LOGIN and AUTHENTICATE need TLS first, LOGINDISABLED is
   * advertised and no AUTH= mechanisms (security.md item 5).
   */
  readonly requireTlsForAuth: boolean;
  /**
   * Which non-synchronizing literals are advertised (RFC 7888). LITERAL+ on loopback; a remote
   * sandbox offers only LITERAL-, so that nobody can push big literals at it unasked.
   */
  readonly nonSync: Exclude<NonSyncSupport, 'none'>;
};

/** Everything a session needs from the server around it. */
export type ImapContext = {
  readonly config: ImapConfig;
  readonly store: MailStore;
  readonly users: Users;
  /** Certificate and key for STARTTLS. */
  readonly tls: SecureContext;
  readonly faults: FaultSet;
  readonly log: SessionLog;
};
