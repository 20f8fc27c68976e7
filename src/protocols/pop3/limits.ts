/** POP3 limits; each is a named constant with a test. */

/** Command line, CRLF included (RFC 2449 §4: 255 octets). */
export const MAX_COMMAND_LINE = 255;

/** A SASL response line (RFC 5034 §4 lets it be longer than a command). */
export const MAX_AUTH_LINE = 12_288;

/** Octets without a line end before the connection is dropped (bounded memory). */
export const MAX_UNTERMINATED_LINE = 64 * 1024;

/** Bad commands before login, then `-ERR` and close (security.md item 19). */
export const MAX_BAD_BEFORE_LOGIN = 3;

/** Bad commands after login, then `-ERR` and close. */
export const MAX_BAD_AFTER_LOGIN = 10;

/** Idle timeout: RFC 1939 §3 says at least 10 minutes. */
export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/** Pipelined input held before the server stops reading. */
export const MAX_PIPELINE_BUFFER = 64 * 1024;

/** RFC 2449 §6.8 LOGIN-DELAY by default: none (`--pop3-login-delay` sets one for a lesson on it). */
export const DEFAULT_LOGIN_DELAY_MS = 0;
