/**
 * Named limits of the IMAP protocol layer. Each one bounds memory or work that a client could
 * otherwise make unbounded (security.md items 9, 16, 17, 19); each has a test.
 */

/**
 * Longest command line in octets, CRLF not counted, literal data not counted (each line between
 * literals counts on its own). RFC 7162 §4 recommends servers accept at least 8192 octets; we
 * allow 64 KiB so long UID sets still fit, and a longer line is answered with BAD (security.md 17).
 */
export const MAX_LINE_OCTETS = 65_536;

/** Largest literal accepted in any command other than APPEND (a LOGIN password, a SEARCH string). */
export const MAX_LITERAL_OCTETS = 65_536;

/** Default largest message APPEND accepts; the server may configure its own (advertised as APPENDLIMIT). */
export const MAX_APPEND_OCTETS = 25 * 1024 * 1024;

/**
 * Largest non-synchronizing literal `{n+}` a client may send while the server advertises only
 * LITERAL- (RFC 7888 §4). A bigger one is answered with BAD and the connection is closed, because
 * its data is already on the way and must never be read as commands.
 */
export const MAX_NONSYNC_LITERAL = 4096;

/** Largest whole command (all lines plus all literal data) other than APPEND. */
export const MAX_COMMAND_OCTETS = 1024 * 1024;

/** Invalid commands tolerated before login; the next one is answered with `* BYE` and a close. */
export const MAX_BAD_BEFORE_LOGIN = 3;

/** Longest string the response serializer writes as a quoted string; longer ones become literals. */
export const MAX_QUOTED_OCTETS = 1024;

/** RFC 2971 §3.3: ID field names are at most 30 octets, values at most 1024, at most 30 pairs. */
export const MAX_ID_FIELD_OCTETS = 30;
export const MAX_ID_VALUE_OCTETS = 1024;
export const MAX_ID_PAIRS = 30;

/** Deepest parenthesised nesting the SEARCH parser follows (`NOT NOT (((...)))`): bounds recursion. */
export const MAX_SEARCH_DEPTH = 64;
