/**
 * Limits of `mailproto mime inspect`, so that hostile input has bounded cost.
 * The parser's own limits (nesting depth, number of parts) are in ../limits.ts
 * (MAX_MIME_DEPTH, MAX_MIME_PARTS). Each limit here has a test
 * (test/unit/mime/tools/limits.test.ts).
 */

/** Largest input inspect reads (64 MiB); larger files are refused before parsing. */
export const MAX_INSPECT_BYTES = 64 * 1024 * 1024;

/**
 * Header block size past which the remaining fields of that part are not
 * shown or decoded. Postfix's header_size_limit default (102400).
 */
export const MAX_HEADER_BYTES = 102_400;

/** Header fields shown per part (the rest are counted). */
export const MAX_SHOWN_FIELDS = 200;

/** Characters of one header value that are shown and decoded (longer values are cut, with a note). */
export const MAX_SHOWN_VALUE = 8192;

/** Warnings kept; more are counted but not listed. */
export const MAX_WARNINGS = 200;

/** Lines over 998 octets reported one by one; more are counted. */
export const MAX_LONG_LINE_REPORTS = 5;

/** RFC 5322 §2.1.1: "Each line of characters MUST be no more than 998 characters ... excluding the CRLF." */
export const MAX_LINE_OCTETS = 998;

/** Parts listed in the text tree; --json always has them all. */
export const MAX_TEXT_TREE_PARTS = 500;

/**
 * S/MIME signatures checked with openssl per message (each check is a
 * process); further ones are reported as not checked. A hostile message can
 * hold thousands of multipart/signed parts. (Its test needs openssl, so it is
 * in test/integration/mime/smime.test.ts.)
 */
export const MAX_SMIME_CHECKS = 20;
