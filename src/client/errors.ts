/**
 * Errors that end a client session. They are user-facing (a refused connection, a certificate
 * nobody vouches for, a server that stopped answering): one line, a "try" hint, and the exit
 * status design.md gives. The CLI turns them into AbortErrors; the TUI shows the message.
 */
import { EXIT } from './events.js';
import { escapeForTerminal } from './server-text.js';

/** Stable error codes. */
export type ClientErrorCode =
  | 'E_BAD_TARGET'
  | 'E_BAD_OPTION'
  | 'E_CONNECT'
  | 'E_CONNECT_TIMEOUT'
  | 'E_TLS_VERIFY'
  | 'E_TLS_HANDSHAKE'
  | 'E_STARTTLS_UNAVAILABLE'
  | 'E_STARTTLS_REFUSED'
  | 'E_SERVER_CLOSED'
  | 'E_RESPONSE_TIMEOUT'
  | 'E_LINE_TOO_LONG'
  | 'E_LITERAL_TOO_BIG'
  | 'E_SESSION_ENDED'
  | 'E_FILE';

export class ClientError extends Error {
  readonly code: ClientErrorCode;
  readonly tryMessage: string | undefined;
  readonly exitCode: number;

  constructor(code: ClientErrorCode, message: string, opts: { tryMessage?: string; exitCode?: number } = {}) {
    // Messages quote server text (a refused STARTTLS reply): escaped, so stderr never carries raw ESC/OSC (security.md item 8).
    super(escapeForTerminal(message));
    this.name = 'ClientError';
    this.code = code;
    this.tryMessage = opts.tryMessage;
    this.exitCode = opts.exitCode ?? EXIT.usage;
  }
}

/** The error for a session whose connection is gone (server closed, or after a fatal error). */
export function sessionEnded(reason: string): ClientError {
  return new ClientError('E_SESSION_ENDED', reason, { exitCode: EXIT.serverClosed });
}
