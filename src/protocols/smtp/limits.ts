/**
 * SMTP limits. Each is a named constant with a test (test/unit/protocols/smtp/limits*.test.ts and the
 * server's hostile-input suite). RFC 5321 §4.5.3 gives the minimums every server must accept.
 */

/** Command line, CRLF included (RFC 5321 §4.5.3.1.4). Longer lines get 500 5.5.2. */
export const MAX_COMMAND_LINE = 512;

/** An AUTH command or SASL response may be longer (RFC 4954 §4: 12288 octets). */
export const MAX_AUTH_LINE = 12_288;

/**
 * A line without CRLF is discarded as it arrives; past this many octets the peer is not speaking
 * SMTP any more and the connection is closed (security.md item 13: memory stays bounded).
 */
export const MAX_UNTERMINATED_LINE = 64 * 1024;

/** Default message size limit, advertised with SIZE (RFC 1870). */
export const DEFAULT_MAX_MESSAGE_SIZE = 10 * 1024 * 1024;

/** Recipients per message: RFC 5321 §4.5.3.1.8 requires at least 100. */
export const MAX_RECIPIENTS = 100;

/** Invalid commands before the server gives up with 421 (security.md item 19). */
export const MAX_BAD_COMMANDS = 10;

/** Idle timeout while waiting for a command (RFC 5321 §4.5.3.2.7 suggests 5 minutes). */
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Pause before the greeting. A client that talks before it has been greeted is an "early talker"
 * (spam bots do it) and gets 421 (security.md item 18).
 */
export const DEFAULT_GREETING_PAUSE_MS = 50;

/** Bytes of pipelined input the server holds before it stops reading from the socket. */
export const MAX_PIPELINE_BUFFER = 256 * 1024;
