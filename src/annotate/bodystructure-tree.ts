/**
 * A FETCH BODYSTRUCTURE (or BODY) as a tree a learner can read, one part per line, numbered as
 * BODY[section] numbers them (RFC 3501 §6.4.5):
 *
 *   multipart/mixed, 2 parts
 *     1 text/plain us-ascii 7bit 120 octets, 5 lines
 *     2 application/pdf base64 1050 octets, attachment "report.pdf"
 *
 * RFC 3501 §9:
 *   body            = "(" (body-type-1part / body-type-mpart) ")"
 *   body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
 *   body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
 *   body-type-basic = media-basic SP body-fields
 *   body-type-msg   = media-message SP body-fields SP envelope SP body SP body-fld-lines
 *   body-type-text  = media-text SP body-fields SP body-fld-lines
 *   body-fields     = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
 *   body-ext-1part  = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
 *   body-ext-mpart  = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
 *   body-fld-dsp    = "(" string SP body-fld-param ")" / nil
 */
import type { MimeParam } from '../mime/content-params.js';
import { summarizeEnvelope } from './envelope-summary.js';
import { itemsOf, readValues, textOf, type ImapToken } from './imap-reader.js';
import { paramValue } from './mime-words.js';
import { count, quoted } from './note.js';

/** At most this many tree lines; a message with thousands of parts gets a "... more" line. */
export const MAX_TREE_LINES = 60;

export type TreeLine = { readonly depth: number; readonly text: string };

/** The root's description and the lines below it. */
export type BodyTree = { readonly root: string; readonly lines: readonly TreeLine[]; readonly complete: boolean };

function params(token: ImapToken | undefined): MimeParam[] {
  const items = itemsOf(token);
  const out: MimeParam[] = [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const name = textOf(items[i]);
    const value = textOf(items[i + 1]);
    if (name !== undefined && value !== undefined) out.push({ name, value });
  }
  return out;
}

type Node = { readonly text: string; readonly children: readonly Node[] };

/** Reads body structures into nodes; `complete` turns false when a part could not be read whole. */
class Reader {
  complete = true;

  /** `body` numbered `num` (undefined for the root multipart, which has no number). */
  node(body: ImapToken | undefined, num: string | undefined): Node {
    const items = itemsOf(body);
    if (body?.type !== 'list' || items.length === 0) {
      this.complete = false;
      return { text: `${num ?? ''} (not a body structure)`.trim(), children: [] };
    }
    if (body.open) this.complete = false;
    if (items[0]?.type === 'list') return this.multipart(items, num, num === undefined ? '' : `${num} `);
    return this.single(items, num ?? '1');
  }

  private multipart(items: readonly ImapToken[], num: string | undefined, prefix: string): Node {
    // body-type-mpart = 1*body SP media-subtype ...: the parts are the leading lists.
    const first = items.findIndex((t) => t.type !== 'list');
    const parts = first < 0 ? items : items.slice(0, first);
    const subtype = textOf(items[parts.length])?.toLowerCase() ?? '?';
    const children = parts.map((child, i) => this.node(child, num === undefined ? String(i + 1) : `${num}.${i + 1}`));
    return { text: `${prefix}multipart/${subtype}, ${count(parts.length, 'part')}`, children };
  }

  private single(items: readonly ImapToken[], num: string): Node {
    const type = textOf(items[0])?.toLowerCase() ?? '?';
    const subtype = textOf(items[1])?.toLowerCase() ?? '?';
    const typeParams = params(items[2]);
    const encoding = textOf(items[5])?.toLowerCase();
    const size = items[6]?.type === 'number' ? items[6].value : undefined;
    if (items.length < 7) this.complete = false;
    const words: string[] = [`${num} ${type}/${subtype}`];
    const charset = paramValue(typeParams, 'charset');
    if (type === 'text' && charset) words.push(charset);
    if (encoding) words.push(encoding);
    if (size !== undefined) words.push(count(size, 'octet'));
    let text = words.join(' ');
    let ext = 7;
    const children: Node[] = [];
    if (type === 'text') {
      const lines = items[7];
      if (lines?.type === 'number') text += `, ${count(lines.value, 'line')}`;
      ext = 8;
    } else if (type === 'message' && (subtype === 'rfc822' || subtype === 'global') && items[8]?.type === 'list') {
      const envelope = summarizeEnvelope(items[7], { brief: true });
      if (envelope) text += `, a message ${envelope}`;
      children.push(this.enclosed(items[8], num));
      ext = 10;
    }
    const disposition = itemsOf(items[ext + 1]);
    const dispType = textOf(disposition[0])?.toLowerCase();
    const name = paramValue(params(disposition[1]), 'filename') ?? paramValue(typeParams, 'name');
    if (dispType) text += `, ${dispType}`;
    if (name) text += ` ${quoted(name, 60)}`;
    return { text, children };
  }

  /** The body inside message/rfc822 part `num`: a multipart is `num.TEXT` with parts num.1 ...; a single part is `num.1`. */
  private enclosed(body: ImapToken, num: string): Node {
    const items = itemsOf(body);
    if (body.type === 'list' && body.open) this.complete = false;
    if (items[0]?.type === 'list') return this.multipart(items, num, `${num}.TEXT `);
    return this.node(body, `${num}.1`);
  }
}

function flatten(nodes: readonly Node[], depth: number, out: TreeLine[], hidden: { n: number }): void {
  for (const n of nodes) {
    if (out.length < MAX_TREE_LINES) out.push({ depth, text: n.text });
    else hidden.n += 1;
    flatten(n.children, depth + 1, out, hidden);
  }
}

/** The tree of a parsed BODYSTRUCTURE value. */
export function bodyTree(body: ImapToken | undefined): BodyTree {
  const reader = new Reader();
  const multipart = itemsOf(body)[0]?.type === 'list';
  const root = reader.node(body, multipart ? undefined : '1');
  const lines: TreeLine[] = [];
  const hidden = { n: 0 };
  flatten(multipart ? root.children : [root], 1, lines, hidden);
  if (hidden.n > 0) lines.push({ depth: 1, text: `... and ${count(hidden.n, 'more part')}` });
  return { root: multipart ? root.text : 'a single part', lines, complete: reader.complete };
}

/** The tree of BODYSTRUCTURE text as a server sends it: `("text" "plain" ...)`. */
export function bodyStructureTree(text: string): BodyTree {
  return bodyTree(readValues(text)[0]);
}
