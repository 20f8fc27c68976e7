/**
 * IMAP BODYSTRUCTURE and BODY (RFC 3501 §7.4.2) of a MIME tree, written as
 * Dovecot writes them (imap-bodystructure.c), so that ours are byte-identical.
 *
 *   body            = "(" (body-type-1part / body-type-mpart) ")"
 *   body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
 *   body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
 *   body-type-basic = media-basic SP body-fields
 *   body-type-msg   = media-message SP body-fields SP envelope SP body SP body-fld-lines
 *   body-type-text  = media-text SP body-fields SP body-fld-lines
 *   body-fields     = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
 *   body-ext-1part  = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
 *   body-ext-mpart  = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
 *
 * Dovecot's choices, copied:
 * - type, subtype and parameter names are sent as written in the header (no case change);
 * - a text part without charset gets ("charset" "us-ascii") appended to its parameters;
 * - no Content-Type: "text" "plain"; no Content-Transfer-Encoding: "7bit";
 * - a multipart that has no parts is given one empty text/plain part;
 * - a multipart or message/rfc822 that was not opened (too deep, no boundary
 *   in a nested position) is "application" "octet-stream";
 * - sizes count a bare LF as CRLF; the extension data is always complete;
 * - a message that is plain 7-bit US-ASCII text (isPlain7bit) is written in
 *   the canonical lower-case form, whatever the case in its header, because
 *   Dovecot caches only a flag for such messages and regenerates the text.
 */

import type { MimeParam } from './content-params.js';
import { buildEnvelope, serializeEnvelopeFields } from './envelope.js';
import { imapNStringNoLf, imapString } from './imap-string.js';
import type { ContentInfo, MimePart } from './part-types.js';

const EMPTY_BODY = '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0)';
const EMPTY_BODYSTRUCTURE = '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL)';

function writeParams(params: readonly MimeParam[], defaultCharset: boolean): string {
  if (!defaultCharset && params.length === 0) return 'NIL';
  const items = params.map((p) => `${imapString(p.name)} ${imapString(p.value)}`);
  if (defaultCharset && !params.some((p) => p.name.toLowerCase() === 'charset')) {
    items.push('"charset" "us-ascii"');
  }
  return `(${items.join(' ')})`;
}

/** body-fld-dsp SP body-fld-lang SP body-fld-loc */
function writeCommonExtension(c: ContentInfo): string {
  const dsp = c.disposition === null ? 'NIL' : `(${imapString(c.disposition.value)} ${writeParams(c.disposition.params, false)})`;
  const lang = c.language === null ? 'NIL' : `(${c.language.map(imapString).join(' ')})`;
  return `${dsp} ${lang} ${imapNStringNoLf(c.location)}`;
}

/** A leaf whose Content-Type (or digest parent) says it should have been opened. */
function isTruncated(part: MimePart, parentIsDigest: boolean): boolean {
  const ct = part.content.contentType;
  if (ct !== null) {
    const type = ct.type.toLowerCase();
    return (type === 'message' && ct.subtype.toLowerCase() === 'rfc822') || type === 'multipart';
  }
  return parentIsDigest;
}

function writeMultipart(part: MimePart, extended: boolean): string {
  const c = part.content;
  const children =
    part.children.length > 0
      ? part.children.map((child) => `(${writePart(child, extended, part.isDigest)})`).join('')
      : extended
        ? EMPTY_BODYSTRUCTURE
        : EMPTY_BODY;
  let out = `${children} ${imapString(c.contentType?.subtype ?? '')}`;
  if (!extended) return out;
  out += ` ${writeParams(c.contentType?.params ?? [], false)} ${writeCommonExtension(c)}`;
  return out;
}

function writeSinglePart(part: MimePart, extended: boolean, parentIsDigest: boolean): string {
  const c = part.content;
  let text = false;
  let out: string;
  if (part.kind === 'message') {
    out = '"message" "rfc822"';
  } else if (isTruncated(part, parentIsDigest)) {
    out = '"application" "octet-stream"';
  } else if (c.contentType === null) {
    text = true;
    out = '"text" "plain"';
  } else {
    text = c.contentType.type.toLowerCase() === 'text';
    out = `${imapString(c.contentType.type)} ${imapString(c.contentType.subtype)}`;
  }
  out += ` ${writeParams(c.contentType?.params ?? [], text)}`;
  out += ` ${imapNStringNoLf(c.id)} ${imapNStringNoLf(c.description)}`;
  out += ` ${c.transferEncoding === null ? '"7bit"' : imapString(c.transferEncoding)}`;
  out += ` ${part.bodyVirtualLength}`;
  if (text) {
    out += ` ${part.bodyLines}`;
  } else if (part.kind === 'message') {
    const inner = part.children[0]!;
    out += ` (${serializeEnvelopeFields(buildEnvelope(inner.fields))}) (${writePart(inner, extended, false)}) ${part.bodyLines}`;
  }
  if (!extended) return out;
  return `${out} ${imapNStringNoLf(c.md5)} ${writeCommonExtension(c)}`;
}

function writePart(part: MimePart, extended: boolean, parentIsDigest: boolean): string {
  return part.kind === 'multipart' ? writeMultipart(part, extended) : writeSinglePart(part, extended, parentIsDigest);
}

/**
 * Is the message text/plain, us-ascii, 7bit, with no other Content-* data?
 * (Dovecot: message_part_data_is_plain_7bit)
 */
export function isPlain7bit(root: MimePart): boolean {
  const c = root.content;
  if (!root.isText || root.kind !== 'leaf') return false;
  if (c.contentType !== null && c.contentType.subtype.toLowerCase() !== 'plain') return false;
  const params = c.contentType?.params ?? [];
  if (params.length > 1) return false;
  if (params.length === 1 && (params[0]!.name.toLowerCase() !== 'charset' || params[0]!.value.toLowerCase() !== 'us-ascii')) {
    return false;
  }
  if (c.id !== null || c.description !== null) return false;
  if (c.transferEncoding !== null && c.transferEncoding.toLowerCase() !== '7bit') return false;
  return c.md5 === null && c.disposition === null && c.language === null && c.location === null;
}

function writeRoot(root: MimePart, extended: boolean): string {
  if (isPlain7bit(root)) {
    const basic = `"text" "plain" ("charset" "us-ascii") NIL NIL "7bit" ${root.bodyVirtualLength} ${root.bodyLines}`;
    return extended ? `${basic} NIL NIL NIL NIL` : basic;
  }
  return writePart(root, extended, false);
}

/**
 * BODYSTRUCTURE of a message (the root of a parseMimeTree() tree) as IMAP wire
 * text, with the outer parentheses (a byte string; may contain literals).
 */
export function serializeBodyStructure(root: MimePart): string {
  return `(${writeRoot(root, true)})`;
}

/** BODY (the non-extensible form) of a message as IMAP wire text, with the outer parentheses. */
export function serializeBody(root: MimePart): string {
  return `(${writeRoot(root, false)})`;
}
