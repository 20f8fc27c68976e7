/**
 * One MIME part as inspect shows it: content type, charset, transfer
 * encoding, disposition, file name, sizes before and after decoding, and the
 * IMAP part number that BODY[...] and BODYSTRUCTURE use (RFC 3501 §6.4.5).
 */

import { findParam } from '../content-params.js';
import type { MimePart } from '../part-types.js';
import { decodeBase64 } from './encodings/base64.js';
import { decodeEncodedWords } from './encodings/encoded-words.js';
import { decodeQuotedPrintable } from './encodings/quoted-printable.js';
import { headerReports, type HeaderReport } from './header-report.js';

export type PartReport = {
  /** IMAP part number: "1", "1.2"; "" for the message itself (and for a multipart message inside message/rfc822). */
  readonly part: string;
  /** The section to FETCH for this part's body: "BODY[1.2]", "BODY[TEXT]", "BODY[2.TEXT]". */
  readonly section: string;
  /** The message inside a message/rfc822 part, or the top-level message. */
  readonly message: boolean;
  readonly kind: MimePart['kind'];
  /** Content type in lower case, the default applied (text/plain, or message/rfc822 in a digest). */
  readonly type: string;
  /** The type as IMAP BODYSTRUCTURE reports it (differs for parts the parser did not open). */
  readonly imapType: string;
  /** Content-Type was not given: `type` is the default. */
  readonly typeDefaulted: boolean;
  readonly charset?: string;
  /** Content-Transfer-Encoding in lower case; "7bit" when absent. */
  readonly encoding: string;
  readonly encodingDefaulted: boolean;
  readonly disposition?: string;
  readonly filename?: string;
  readonly description?: string;
  readonly contentId?: string;
  readonly size: {
    /** Header block octets. */
    readonly header: number;
    /** Body octets as stored (encoded). */
    readonly body: number;
    /** Body octets after undoing the transfer encoding (leaves only). */
    readonly decoded?: number;
    readonly lines: number;
  };
  /** The part's header fields (at most MAX_SHOWN_FIELDS, within MAX_HEADER_BYTES). */
  readonly headers: readonly HeaderReport[];
  /** Fields not shown because of those limits. */
  readonly headersOmitted?: number;
  readonly children: readonly PartReport[];
};

/** Part number text of a tree node; "" for the message. */
export function partLabel(part: MimePart): string {
  return part.path.join('.');
}

/** Body bytes with the transfer encoding undone (7bit, 8bit, binary and unknown ones: as they are). */
export function decodeBody(raw: Buffer, part: MimePart): Buffer {
  const body = raw.subarray(part.bodyOffset, part.bodyOffset + part.bodyLength);
  switch (lower(part.content.transferEncoding)) {
    case 'base64':
      return decodeBase64(body);
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

const lower = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

/** The content type with defaults applied (RFC 2045 §5.2, RFC 2046 §5.1.5). */
export function effectiveType(part: MimePart, parentIsDigest: boolean): string {
  if (part.kind === 'message') return 'message/rfc822';
  const ct = part.content.contentType;
  if (ct === null) return parentIsDigest ? 'message/rfc822' : 'text/plain';
  return `${ct.type}/${ct.subtype}`.toLowerCase();
}

/**
 * The media type in BODYSTRUCTURE. Mirrors bodystructure.ts: a multipart or
 * message/rfc822 the parser did not open is "application/octet-stream".
 */
export function imapType(part: MimePart, parentIsDigest: boolean): string {
  if (part.kind === 'message') return 'message/rfc822';
  const ct = part.content.contentType;
  if (part.kind === 'leaf') {
    const truncated = ct !== null ? (lower(ct.type) === 'message' && lower(ct.subtype) === 'rfc822') || lower(ct.type) === 'multipart' : parentIsDigest;
    if (truncated) return 'application/octet-stream';
  }
  return ct === null ? 'text/plain' : `${ct.type}/${ct.subtype}`.toLowerCase();
}

/** A parameter decoded for people: RFC 2231 (done by findParam), then RFC 2047 words that some mailers put there. */
function param(part: MimePart, where: 'type' | 'disposition', name: string): string | undefined {
  const params = where === 'type' ? part.content.contentType?.params : part.content.disposition?.params;
  const v = params === undefined ? undefined : findParam(params, name);
  return v === undefined ? undefined : decodeEncodedWords(v);
}

function sectionOf(part: MimePart, embedded: boolean, parentLabel: string): string {
  const label = partLabel(part);
  if (!embedded) return label === '' ? (part.kind === 'multipart' ? 'BODY[TEXT]' : 'BODY[1]') : `BODY[${label}]`;
  // the message inside message/rfc822 part N: its body is N.TEXT (N.1 when it is not multipart)
  const n = parentLabel === '' ? '1' : parentLabel;
  return part.kind === 'multipart' ? `BODY[${n}.TEXT]` : `BODY[${n}.1]`;
}

/** The report tree of a parsed message. `decoded` sizes need the raw bytes. */
export function partReport(raw: Buffer, part: MimePart, parentIsDigest = false, embeddedIn?: MimePart): PartReport {
  const c = part.content;
  const embedded = embeddedIn !== undefined;
  const disposition = c.disposition?.value.toLowerCase();
  const filename = param(part, 'disposition', 'filename') ?? param(part, 'type', 'name');
  const charset = param(part, 'type', 'charset');
  const label = partLabel(part);
  const { headers, omitted } = headerReports(part.fields);
  return {
    part: embedded && part.kind !== 'multipart' ? (label === '' ? '1' : `${label}.1`) : label,
    section: sectionOf(part, embedded, label),
    message: embedded || part.depth === 0,
    kind: part.kind,
    type: effectiveType(part, parentIsDigest),
    imapType: imapType(part, parentIsDigest),
    typeDefaulted: c.contentType === null,
    ...(charset !== undefined ? { charset: charset.toLowerCase() } : {}),
    encoding: lower(c.transferEncoding) || '7bit',
    encodingDefaulted: c.transferEncoding === null,
    ...(disposition !== undefined ? { disposition } : {}),
    ...(filename !== undefined ? { filename } : {}),
    ...(c.description !== null ? { description: decodeEncodedWords(c.description) } : {}),
    ...(c.id !== null ? { contentId: c.id } : {}),
    size: {
      header: part.headerLength,
      body: part.bodyLength,
      ...(part.kind === 'leaf' ? { decoded: decodeBody(raw, part).length } : {}),
      lines: part.bodyLines,
    },
    headers,
    ...(omitted > 0 ? { headersOmitted: omitted } : {}),
    children: part.children.map((child) => partReport(raw, child, part.isDigest, part.kind === 'message' ? part : undefined)),
  };
}
