/**
 * Limits of the IMAP sandbox server (the protocol layer's own limits are in
 * src/protocols/imap/limits.ts). Each is a named constant with a test.
 */

/** Idle timeout between commands: RFC 3501 §5.4 says at least 30 minutes. IDLE is exempt. */
export const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * Unframed input held before the server stops reading (pipelined commands). Above the 64 KiB line
 * limit, so that one long line can still be framed and answered.
 */
export const MAX_INPUT_BUFFER = 256 * 1024;

/** Longest text of one response written to the session log; the rest is cut. */
export const MAX_LOGGED_RESPONSE = 300;
