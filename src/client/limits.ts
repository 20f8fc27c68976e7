/**
 * Limits on what the client accepts from a server (security.md item 9): a hostile or broken server
 * must not make the client use unbounded memory. Each limit is named here and has a test.
 */

/** Octets of one server line (line end excluded) before the client gives up on the server. */
export const MAX_SERVER_LINE = 1024 * 1024;

/** Largest IMAP literal `{n}` the client agrees to read; a bigger announcement ends the session. */
export const MAX_SERVER_LITERAL = 64 * 1024 * 1024;

/** Default for --timeout: seconds to connect, and to wait for each response. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** Capability lines kept from one EHLO reply or CAPA list (the rest are shown, not kept). */
export const MAX_CAPABILITY_LINES = 1000;

/** Largest file `:send` reads into memory. */
export const MAX_SEND_FILE = 64 * 1024 * 1024;

/** How many octets of dropped STARTTLS bytes the warning quotes. */
export const MAX_DROPPED_QUOTE = 120;
