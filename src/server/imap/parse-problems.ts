/**
 * What the server could not make sense of while working out a message's ENVELOPE and
 * BODYSTRUCTURE, told to the client as `* NO [PARSE] ...` before that message's FETCH response
 * (RFC 3501 §7.1: "an error in parsing the [RFC-2822] header or [MIME-IMB] headers of a message
 * in the mailbox"). Only faults that change what those items show are reported: a header line
 * without a colon (it is not a field), and a multipart whose parts cannot be found.
 */
import { boundaryOf, walkParts } from '../../mime/parse-tree.js';
import type { MimePart } from '../../mime/part-types.js';

/** At most this many problems are kept per message: one line each on the wire. */
export const MAX_PARSE_PROBLEMS = 3;

/** Characters of a broken header line quoted in a problem. */
const MAX_QUOTED = 40;

function where(part: MimePart): string {
  return part.path.length === 0 ? 'the message header' : `the header of part ${part.path.join('.')}`;
}

function quote(text: string): string {
  const cut = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}...` : text;
  return cut.replace(/[^\x20-\x7e]/g, '?').replace(/[\\"]/g, "'");
}

/** True when a line of `body` starts with `--boundary` (RFC 2046 §5.1.1). */
function hasDelimiter(body: Buffer, boundary: string): boolean {
  const dash = Buffer.from(`--${boundary}`, 'latin1');
  for (let i = body.indexOf(dash); i >= 0; i = body.indexOf(dash, i + 1)) if (i === 0 || body[i - 1] === 0x0a) return true;
  return false;
}

/** The parse problems of a message, in part order, at most MAX_PARSE_PROBLEMS. */
export function parseProblems(raw: Buffer, tree: MimePart): string[] {
  const out: string[] = [];
  for (const part of walkParts(tree)) {
    if (out.length >= MAX_PARSE_PROBLEMS) break;
    const noColon = part.fields.find((f) => f.name === '');
    if (noColon) out.push(`${where(part)} has a line without a colon ("${quote(noColon.value)}"), which is not a header field (RFC 5322 section 2.2)`);
    const type = part.content.contentType;
    if (type?.type.toLowerCase() !== 'multipart') continue;
    const boundary = boundaryOf(part);
    const label = part.path.length === 0 ? 'the message' : `part ${part.path.join('.')}`;
    if (boundary === undefined) {
      out.push(`${label} is multipart/${type.subtype.toLowerCase()} without a boundary parameter, so its parts cannot be found (RFC 2046 section 5.1.1)`);
    } else if (part.kind === 'multipart' && !hasDelimiter(raw.subarray(part.bodyOffset, part.bodyOffset + part.bodyLength), boundary)) {
      out.push(`${label} is multipart/${type.subtype.toLowerCase()}, but no line starts with "--${quote(boundary)}", so it has no parts (RFC 2046 section 5.1.1)`);
    }
  }
  return out.slice(0, MAX_PARSE_PROBLEMS);
}
