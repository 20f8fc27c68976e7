/**
 * Limits of the MIME parser. Each is a named constant with a test
 * (test/unit/mime/limits.test.ts). The values are Dovecot's, so that our
 * BODYSTRUCTURE of a hostile message is the same as Dovecot's.
 */

/**
 * How deep multiparts and message/rfc822 parts may nest. Dovecot:
 * MESSAGE_PARSER_DEFAULT_MAX_NESTED_MIME_PARTS. A multipart or message/rfc822
 * at this depth is not opened: it becomes a leaf, which BODYSTRUCTURE shows as
 * "application" "octet-stream" (Dovecot's part_is_truncated()).
 */
export const MAX_MIME_DEPTH = 100;

/**
 * How many MIME parts one message may have in all, the message itself
 * included. Dovecot: MESSAGE_PARSER_DEFAULT_MAX_TOTAL_MIME_PARTS. Once there
 * are that many, boundary lines are no longer recognized: the part being read
 * takes the rest of the message, and no message/rfc822 is opened.
 */
export const MAX_MIME_PARTS = 10_000;

/**
 * Longest boundary kept. RFC 2046 §5.1.1 allows 70 characters; Dovecot keeps
 * 80 (BOUNDARY_STRING_MAX_LEN) and silently truncates longer ones.
 */
export const MAX_BOUNDARY_LENGTH = 80;

/**
 * Longest header field name. RFC 5322 §2.1.1 / Dovecot
 * MESSAGE_HEADER_NAME_MAX_LEN: a longer "name" makes the whole line a value
 * without a name.
 */
export const MAX_HEADER_NAME_LENGTH = 1000;

/**
 * Header fields kept per part. A header of millions of fields (a hostile
 * file, or a message whose blank line never comes) is still read to its end,
 * and its Content-Type and MIME-Version still count, but only the first
 * fields are kept for ENVELOPE, inspect and the rest: memory stays bounded.
 * Not a Dovecot limit; far above any real message (Postfix's header_size_limit
 * of 100 kB holds at most about 25,000 fields).
 */
export const MAX_KEPT_HEADER_FIELDS = 25_000;
