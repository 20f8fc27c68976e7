/**
 * What is wrong with a message, each with the rule it breaks. A table, one
 * entry per warning code (stable strings, also in --json output).
 */

export type WarningCode =
  | 'MISSING_BOUNDARY'
  | 'BOUNDARY_NOT_FOUND'
  | 'NO_CLOSE_DELIMITER'
  | 'BAD_BASE64'
  | 'BAD_QUOTED_PRINTABLE'
  | 'UNDECLARED_8BIT'
  | 'NUL_OCTET'
  | 'LONG_LINE'
  | 'MISSING_DATE'
  | 'INVALID_DATE'
  | 'LINE_WITHOUT_COLON'
  | 'MISSING_FROM'
  | 'MISSING_MESSAGE_ID'
  | 'MISSING_MIME_VERSION'
  | 'RAW_8BIT_HEADER'
  | 'ENCODING_ON_COMPOSITE'
  | 'UNKNOWN_ENCODING'
  | 'ENCODED_WORD_TOO_LONG'
  | 'ENCODED_WORD_IN_PARAMETER'
  | 'CLOCK_SKEW'
  | 'TOO_MANY_HOPS'
  | 'DEPTH_LIMIT'
  | 'PART_LIMIT'
  | 'HEADER_TOO_LARGE'
  | 'SMIME_BAD_SIGNATURE'
  | 'SMIME_CERT_EXPIRED'
  | 'SMIME_UNREADABLE';

export const WARNINGS: Readonly<Record<WarningCode, { readonly title: string; readonly rfc: string }>> = {
  MISSING_BOUNDARY: { title: 'multipart without a boundary parameter: its parts cannot be found', rfc: 'RFC 2046 §5.1.1' },
  BOUNDARY_NOT_FOUND: { title: 'no line starts with the boundary: the multipart has no parts', rfc: 'RFC 2046 §5.1.1' },
  NO_CLOSE_DELIMITER: { title: 'a multipart ends without its closing boundary line ("--boundary--"): the message may be cut short', rfc: 'RFC 2046 §5.1.1' },
  BAD_BASE64: { title: 'broken base64', rfc: 'RFC 2045 §6.8' },
  BAD_QUOTED_PRINTABLE: { title: 'broken quoted-printable', rfc: 'RFC 2045 §6.7' },
  UNDECLARED_8BIT: { title: 'octets above 127 in a part declared (or defaulted to) 7bit', rfc: 'RFC 2045 §2.7, §6.2' },
  NUL_OCTET: { title: 'a NUL octet outside a binary or encoded part', rfc: 'RFC 2045 §2.7' },
  LONG_LINE: { title: 'a line longer than 998 octets', rfc: 'RFC 5322 §2.1.1, RFC 5321 §4.5.3.1.6' },
  MISSING_DATE: { title: 'no Date field (required)', rfc: 'RFC 5322 §3.6' },
  INVALID_DATE: { title: 'the Date field is not an RFC 5322 date-time', rfc: 'RFC 5322 §3.3' },
  LINE_WITHOUT_COLON: { title: 'a header line with no colon: not a field', rfc: 'RFC 5322 §2.2' },
  MISSING_FROM: { title: 'no From field (required)', rfc: 'RFC 5322 §3.6' },
  MISSING_MESSAGE_ID: { title: 'no Message-ID field (should be there)', rfc: 'RFC 5322 §3.6.4' },
  MISSING_MIME_VERSION: { title: 'Content-* fields without MIME-Version: 1.0', rfc: 'RFC 2045 §4' },
  RAW_8BIT_HEADER: { title: 'raw 8-bit octets in a header field (needs RFC 2047 encoding, or SMTPUTF8)', rfc: 'RFC 5322 §2.2, RFC 6532' },
  ENCODING_ON_COMPOSITE: { title: 'a multipart or message/rfc822 part may only be 7bit, 8bit or binary', rfc: 'RFC 2045 §6.4' },
  UNKNOWN_ENCODING: { title: 'unknown Content-Transfer-Encoding: the body is shown as it is', rfc: 'RFC 2045 §6.4' },
  ENCODED_WORD_TOO_LONG: { title: 'an encoded-word longer than 75 characters', rfc: 'RFC 2047 §2' },
  ENCODED_WORD_IN_PARAMETER: { title: 'an encoded-word inside a quoted parameter (RFC 2231 is the standard way)', rfc: 'RFC 2047 §5, RFC 2231 §4' },
  CLOCK_SKEW: { title: 'a hop is timed before the previous one: a clock (or time zone) is wrong', rfc: 'RFC 5321 §4.4' },
  TOO_MANY_HOPS: { title: 'more Received fields than a server accepts: a mail loop', rfc: 'RFC 5321 §6.3' },
  DEPTH_LIMIT: { title: 'nested deeper than the parser follows: the inner parts are not opened', rfc: 'RFC 2046 §5.1 (limit: MAX_MIME_DEPTH)' },
  PART_LIMIT: { title: 'more parts than the parser reads: the rest is one part', rfc: 'RFC 2046 §5.1 (limit: MAX_MIME_PARTS)' },
  HEADER_TOO_LARGE: { title: 'a header block too large to show in full', rfc: 'RFC 5322 §2.2 (limit: MAX_HEADER_BYTES)' },
  SMIME_BAD_SIGNATURE: { title: 'the S/MIME signature does not match the content', rfc: 'RFC 8551 §3.5, RFC 5652 §5.6' },
  SMIME_CERT_EXPIRED: { title: 'the signer certificate is not valid now', rfc: 'RFC 5280 §4.1.2.5' },
  SMIME_UNREADABLE: { title: 'the S/MIME data cannot be read', rfc: 'RFC 5652' },
};

export type Warning = {
  readonly code: WarningCode;
  /** Part number ("" for the message). */
  readonly part: string;
  /** What exactly, in this message. */
  readonly detail: string;
  readonly rfc: string;
};

/** Collects warnings up to a limit, counting the rest. */
export class WarningList {
  readonly items: Warning[] = [];
  dropped = 0;
  constructor(private readonly limit: number) {}

  add(code: WarningCode, part: string, detail?: string): void {
    if (this.items.length >= this.limit) {
      this.dropped++;
      return;
    }
    this.items.push({ code, part, detail: detail ?? WARNINGS[code].title, rfc: WARNINGS[code].rfc });
  }
}
