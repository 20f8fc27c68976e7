/**
 * The MIME part tree produced by parse-tree.ts. Every offset is a byte offset
 * into the raw message; every string taken from a header is a byte string
 * (latin1: one char per octet), undecoded.
 */

import type { MimeParam } from './content-params.js';
import type { HeaderField } from './headers.js';

export type ContentType = {
  /** Type as written ("TEXT" stays "TEXT"); '' for an unparsable header. */
  readonly type: string;
  readonly subtype: string;
  /** In header order, RFC 2231 continuations merged (values still encoded). */
  readonly params: readonly MimeParam[];
};

export type ContentDisposition = {
  readonly value: string;
  readonly params: readonly MimeParam[];
};

/**
 * What the Content-* fields of a part say (RFC 2045 §5-8, RFC 2183, RFC 3282,
 * RFC 2557, RFC 1864). The first occurrence of a field wins. A part that is
 * not MIME (no MIME-Version and no Content-Type, outside a multipart) has none.
 */
export type ContentInfo = {
  readonly contentType: ContentType | null;
  readonly transferEncoding: string | null;
  readonly id: string | null;
  readonly description: string | null;
  readonly disposition: ContentDisposition | null;
  readonly language: readonly string[] | null;
  readonly location: string | null;
  readonly md5: string | null;
};

/**
 * How the parser treated the part:
 * - `multipart`: children are the body parts between boundaries;
 * - `message`: message/rfc822, its single child is the embedded message;
 * - `leaf`: anything else, including a multipart or message/rfc822 that was not
 *   opened (no boundary, or past MAX_MIME_DEPTH / MAX_MIME_PARTS).
 */
export type PartKind = 'multipart' | 'message' | 'leaf';

export type MimePart = {
  /**
   * IMAP part number (RFC 3501 §6.4.5) of this part; [] for the whole message.
   * The message inside a message/rfc822 part has the same number as that part.
   */
  readonly path: readonly number[];
  /** Nesting depth: 0 for the message, +1 for each multipart or message/rfc822 level. */
  readonly depth: number;
  readonly kind: PartKind;
  /** The part counts as text (text/*, or no Content-Type): its line count is reported. */
  readonly isText: boolean;
  /** Has MIME-Version or Content-Type, or is a body part of a multipart. */
  readonly isMime: boolean;
  /** multipart/digest: its parts default to message/rfc822. */
  readonly isDigest: boolean;
  readonly headerOffset: number;
  /** Header block length, including the blank line that ends it (when present). */
  readonly headerLength: number;
  readonly headerLines: number;
  readonly fields: readonly HeaderField[];
  readonly content: ContentInfo;
  readonly bodyOffset: number;
  readonly bodyLength: number;
  /** Number of LF in the body. */
  readonly bodyLines: number;
  /** Body size with every bare LF counted as CRLF (what IMAP reports). */
  readonly bodyVirtualLength: number;
  /** A multipart whose close-delimiter line ("--boundary--") the parser met while it was open (RFC 2046 §5.1.1). */
  readonly closeDelimiter?: boolean;
  readonly children: readonly MimePart[];
};

export const EMPTY_CONTENT: ContentInfo = {
  contentType: null,
  transferEncoding: null,
  id: null,
  description: null,
  disposition: null,
  language: null,
  location: null,
  md5: null,
};
