/**
 * Raw message → MIME part tree with byte offsets (RFC 2045, RFC 2046 §5,
 * RFC 5322). Written to split a message exactly where Dovecot's
 * message-parser.c splits it, because IMAP part sizes, line counts and
 * BODY[section] bytes depend on it. (postal-mime and mailsplit give decoded
 * parts, not the offsets, sizes and line counts BODYSTRUCTURE needs, and split
 * broken input their own way; the decoding and encoding are libraries':
 * libmime, libqp, libbase64, nodemailer.)
 *
 * - A boundary line is "--" + boundary at the start of a line; only the
 *   beginning has to match, the longest matching active boundary wins, and a
 *   boundary of an outer multipart also ends the inner parts (RFC 2046 §5.1.2).
 * - The [CR]LF before a boundary line belongs to the boundary, not to the part
 *   (RFC 2046 §5.1.1), except when the part's body is empty.
 * - A header block interrupted by a boundary line ends there; the part's body
 *   is empty. So does one whose blank line is directly followed by a boundary
 *   line: that blank line's line end then belongs to the boundary.
 * - Content-Type counts only when the part is MIME: it has MIME-Version or
 *   Content-Type, or is a body part of a multipart. Without Content-Type a part
 *   is text/plain, or message/rfc822 inside multipart/digest (RFC 2046 §5.1.5).
 * - multipart/* without a boundary parameter, and multiparts and messages
 *   deeper than MAX_MIME_DEPTH, are leaves.
 *
 *   multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF
 *                     body-part *encapsulation close-delimiter transport-padding
 *                     [CRLF epilogue]
 */

import { addContentField, newContentInfo, parseContentTypeValue } from './content-fields.js';
import { findParam, parseMimeParams } from './content-params.js';
import { CR, LF, isBlankLine, lineEnd, readField, type HeaderField } from './headers.js';
import { MAX_BOUNDARY_LENGTH, MAX_KEPT_HEADER_FIELDS, MAX_MIME_DEPTH, MAX_MIME_PARTS } from './limits.js';
import type { ContentInfo, MimePart, PartKind } from './part-types.js';
import { Rfc822Lexer } from './rfc822-tokens.js';

export { MAX_MIME_DEPTH, MAX_MIME_PARTS } from './limits.js';

/** Dovecot's BOUNDARY_END_MAX_LEN: how far a boundary line without LF is compared. */
const BOUNDARY_END_MAX_LEN = MAX_BOUNDARY_LENGTH + 2 + 2;

type Draft = {
  path: number[];
  depth: number;
  parent: Draft | null;
  kind: PartKind;
  isText: boolean;
  isMime: boolean;
  isDigest: boolean;
  /** Set by Content-Type; may be cleared when the multipart cannot be opened. */
  multipartType: boolean;
  messageType: boolean;
  headerOffset: number;
  headerEnd: number;
  fields: HeaderField[];
  content: ReturnType<typeof newContentInfo>;
  bodyOffset: number;
  bodyEnd: number;
  /** Body already ended. */
  closed: boolean;
  /** Multipart: its close-delimiter line was met. */
  closeDelimiter: boolean;
  /**
   * Header block cut by a boundary line: the body is empty, and so is every
   * part opened inside it; the line end before the boundary goes to the parent.
   */
  frozen: boolean;
  children: Draft[];
};

type Boundary = { part: Draft; text: Buffer };

/**
 * The active boundaries by their bytes, so that a line is matched against all
 * of them in one walk of at most MAX_BOUNDARY_LENGTH steps (comparing each in
 * turn costs nesting depth per "--" line). `ends` holds the boundaries that
 * end at this node, the most recently opened last.
 */
type TrieNode = { next: (TrieNode | undefined)[]; ends: Boundary[]; used: number };

/** A node's children are indexed by octet: a lookup per byte of the line is an array access. */
const trieNode = (): TrieNode => ({ next: new Array<TrieNode | undefined>(256), ends: [], used: 0 });

type BoundaryHit = { boundary: Boundary; lineStart: number; epilogue: boolean };

class TreeBuilder {
  private readonly boundaries: Boundary[] = [];
  private readonly trie: TrieNode = trieNode();
  /** Parts so far, the message itself included. */
  private totalParts = 1;

  constructor(private readonly buf: Buffer) {}

  build(): Draft {
    const root = this.newPart(null, 0);
    let next: Step = this.parseHeader(root, 0);
    while (next !== null) next = next();
    return root;
  }

  private newPart(parent: Draft | null, offset: number): Draft {
    const part: Draft = {
      path: [],
      depth: parent === null ? 0 : parent.depth + 1,
      parent,
      kind: 'leaf',
      isText: false,
      isMime: false,
      isDigest: false,
      multipartType: false,
      messageType: false,
      headerOffset: offset,
      headerEnd: offset,
      fields: [],
      content: newContentInfo(),
      bodyOffset: offset,
      bodyEnd: offset,
      closed: false,
      closeDelimiter: false,
      frozen: parent?.frozen ?? false,
      children: [],
    };
    if (parent !== null) {
      this.totalParts++;
      parent.children.push(part);
    }
    return part;
  }

  private pushBoundary(b: Boundary): void {
    this.boundaries.push(b);
    let node = this.trie;
    for (const byte of b.text) {
      let child = node.next[byte];
      if (child === undefined) {
        node.next[byte] = child = trieNode();
        node.used++;
      }
      node = child;
    }
    node.ends.push(b);
  }

  /** Keeps the first `count` active boundaries (the outer ones). */
  private popBoundaries(count: number): void {
    while (this.boundaries.length > count) {
      const b = this.boundaries.pop()!;
      const path = [this.trie];
      for (const byte of b.text) path.push(path[path.length - 1]!.next[byte]!);
      const end = path[path.length - 1]!;
      end.ends.splice(end.ends.lastIndexOf(b), 1);
      // nodes no boundary passes through any more are dropped, so the trie holds only the active ones
      for (let i = b.text.length; i > 0 && path[i]!.ends.length === 0 && path[i]!.used === 0; i--) {
        path[i - 1]!.next[b.text[i - 1]!] = undefined;
        path[i - 1]!.used--;
      }
    }
  }

  /** Would a child of `part` be nested too deep? (Dovecot: parse_too_many_nested_mime_parts) */
  private tooDeep(part: Draft): boolean {
    return part.depth + 1 >= MAX_MIME_DEPTH;
  }

  /** Is the line at `pos` a boundary line of an active multipart? */
  private findBoundary(pos: number): BoundaryHit | null {
    const buf = this.buf;
    if (this.boundaries.length === 0 || buf[pos] !== 0x2d || buf[pos + 1] !== 0x2d) return null;
    // At the limit no boundary is recognized any more: the last part takes the rest.
    if (this.totalParts >= MAX_MIME_PARTS) return null;
    const start = pos + 2;
    const lf = buf.indexOf(LF, start);
    let size: number;
    if (lf >= 0) {
      size = lf - start;
      if (size > 0 && buf[start + size - 1] === CR) size--;
      if (size > 2 && buf[start + size - 1] === 0x2d && buf[start + size - 2] === 0x2d) size -= 2;
    } else {
      size = Math.min(buf.length - start, BOUNDARY_END_MAX_LEN);
    }
    // the longest active boundary the line starts with; of equal ones, the innermost
    let best: Boundary | null = this.trie.ends[this.trie.ends.length - 1] ?? null;
    let node: TrieNode = this.trie;
    for (let i = start, end = start + size; i < end; i++) {
      const next: TrieNode | undefined = node.next[buf[i]!];
      if (next === undefined) break;
      node = next;
      if (node.ends.length > 0) best = node.ends[node.ends.length - 1]!;
    }
    if (best === null) return null;
    const after = start + best.text.length;
    const epilogue = after + 2 <= buf.length && buf[after] === 0x2d && buf[after + 1] === 0x2d;
    return { boundary: best, lineStart: pos, epilogue };
  }

  private parseHeader(part: Draft, pos: number): Step {
    const buf = this.buf;
    if (!part.frozen) part.headerOffset = pos;
    let seenContentType = false;
    let lastBoundary: Buffer | null = null;
    let openMultipart = false;
    let prevNewline = 0;
    let hit: BoundaryHit | null = null;
    for (;;) {
      if (pos >= buf.length) {
        part.headerEnd = part.frozen ? part.headerOffset : pos;
        break;
      }
      if (lastBoundary !== null && part.isMime && isBlankLine(buf, pos)) {
        if (this.tooDeep(part)) part.multipartType = false;
        else {
          this.pushBoundary({ part, text: lastBoundary });
          openMultipart = true;
        }
        lastBoundary = null;
      }
      const b = this.findBoundary(pos);
      if (b !== null && b.boundary.part !== part) {
        // The previous line end belongs to the boundary line.
        part.headerEnd = part.frozen ? part.headerOffset : pos - prevNewline;
        part.frozen = true;
        hit = b;
        break;
      }
      if (isBlankLine(buf, pos)) {
        part.headerEnd = pos + (buf[pos] === CR ? 2 : 1);
        // A boundary line right after the blank line takes the blank line's
        // line end too (Dovecot treats it as the [CR]LF before the boundary).
        const after = part.headerEnd < buf.length ? this.findBoundary(part.headerEnd) : null;
        if (after !== null && after.boundary.part !== part) {
          part.headerEnd = part.frozen ? part.headerOffset : pos;
          part.frozen = true;
          hit = after;
        }
        break;
      }
      const { field, lastNewline } = readField(buf, pos);
      if (part.fields.length < MAX_KEPT_HEADER_FIELDS) part.fields.push(field);
      prevNewline = lastNewline;
      pos += field.length;
      const name = field.name.toLowerCase();
      if (name === 'mime-version') part.isMime = true;
      else if (name === 'content-type') {
        part.isMime = true;
        if (!seenContentType) {
          seenContentType = true;
          const { text, ret } = parseContentTypeValue(field.foldedValue);
          const lower = text.toLowerCase();
          if (lower === 'message/rfc822') part.messageType = true;
          else if (lower.startsWith('text') && (lower.length === 4 || lower[4] === '/')) part.isText = true;
          else if (lower.startsWith('multipart/')) {
            part.multipartType = true;
            part.isDigest = lower.slice(10) === 'digest';
          }
          if (ret >= 0 && part.multipartType && lastBoundary === null) {
            const lexer = new Rfc822Lexer(field.foldedValue);
            lexer.skipLwsp();
            lexer.parseContentType();
            const params = parseMimeParams(lexer);
            const boundary = params.find((p) => p.name.toLowerCase() === 'boundary');
            if (boundary !== undefined) {
              lastBoundary = Buffer.from(boundary.value.slice(0, MAX_BOUNDARY_LENGTH), 'latin1');
            }
          }
        }
      }
      addContentField(part.content, field);
    }

    if (!part.isMime) {
      part.isText = part.multipartType = part.messageType = part.isDigest = false;
      part.content = newContentInfo();
    }
    if (!seenContentType || !part.isMime) {
      if (part.parent?.isDigest === true) part.messageType = true;
      else part.isText = true;
    }
    part.bodyOffset = part.headerEnd;

    // Where the body's bytes start in the input (after a cut header block:
    // at the boundary line, past the line end that went to the parent).
    const scanFrom = hit !== null ? hit.lineStart : part.bodyOffset;
    if (openMultipart || part.multipartType) {
      // a multipart without a usable boundary has no children
      part.kind = 'multipart';
      return () => this.scanBody(part, scanFrom);
    }
    if (part.messageType && !this.tooDeep(part) && this.totalParts < MAX_MIME_PARTS) {
      part.kind = 'message';
      return () => {
        const child = this.newPart(part, part.bodyOffset);
        // IMAP numbering (RFC 3501 §6.4.5): the body of a non-multipart message is part 1, so a
        // top-level message/rfc822 holds its embedded message as part 1 (its parts are 1.1, 1.2).
        child.path = part.path.length === 0 ? [1] : part.path;
        return this.parseHeader(child, scanFrom);
      };
    }
    part.messageType = false;
    return () => this.scanBody(part, scanFrom);
  }

  /** Body of `part` from `start` up to the next boundary line, or to the end. */
  private scanBody(part: Draft, start: number): Step {
    const buf = this.buf;
    if (this.boundaries.length === 0 || this.totalParts >= MAX_MIME_PARTS) {
      this.finishAll(part, buf.length);
      return null;
    }
    let line = start;
    while (line < buf.length) {
      const hit = this.findBoundary(line);
      if (hit !== null) return this.onBoundary(hit, line === start);
      const lf = lineEnd(buf, line);
      line = lf + 1;
    }
    this.finishAll(part, buf.length);
    return null;
  }

  private finishAll(from: Draft, end: number): void {
    for (let p: Draft | null = from; p !== null; p = p.parent) this.finish(p, end);
  }

  private finish(part: Draft, end: number): void {
    if (part.closed) return;
    part.bodyEnd = part.frozen ? part.bodyOffset : end;
    part.closed = true;
  }

  private onBoundary(hit: BoundaryHit, firstLine: boolean): Step {
    const buf = this.buf;
    const { boundary, lineStart } = hit;
    let cut = lineStart;
    if (!firstLine) cut -= lineStart >= 2 && buf[lineStart - 2] === CR ? 2 : 1;
    // End every part inside the multipart that owns the boundary.
    const owner = boundary.part;
    for (let p = this.deepestOpen(owner); p !== null && p !== owner; p = p.parent) this.finish(p, cut);
    const index = this.boundaries.indexOf(boundary);
    this.popBoundaries(hit.epilogue ? index : index + 1);
    if (hit.epilogue) owner.closeDelimiter = true;
    const lf = buf.indexOf(LF, lineStart);
    if (lf < 0) {
      // the input ends inside the boundary line: no part follows it
      this.finishAll(owner, buf.length);
      return null;
    }
    const next = lf + 1;
    const top = this.boundaries[this.boundaries.length - 1];
    if (top !== undefined && top.part === owner) {
      const child = this.newPart(owner, next);
      child.path = [...owner.path, owner.children.length];
      child.isMime = true;
      return () => this.parseHeader(child, next);
    }
    return () => this.scanBody(owner, next);
  }

  /** The most recently opened part below `owner` that is not closed yet. */
  private deepestOpen(owner: Draft): Draft | null {
    let p: Draft = owner;
    for (;;) {
      const last = p.children[p.children.length - 1];
      if (last === undefined || last.closed) return p;
      p = last;
    }
  }
}

type Step = (() => Step) | null;

/** LFs, and LFs without a CR before them, from the start of the message up to an offset. */
type LineCounts = { readonly lf: number; readonly bareLf: number };

/**
 * Line counts at every offset where a part's header or body starts or ends,
 * in one pass over the message. (Counting each part's range on its own costs
 * nesting depth times message size: parts inside parts are counted again.)
 */
function lineCountsAt(buf: Buffer, root: Draft): Map<number, LineCounts> {
  const offsets = new Set<number>();
  const stack = [root];
  for (let d = stack.pop(); d !== undefined; d = stack.pop()) {
    offsets.add(d.headerOffset).add(d.headerEnd).add(d.bodyOffset).add(d.bodyEnd);
    stack.push(...d.children);
  }
  const sorted = [...offsets].sort((a, b) => a - b);
  const at = new Map<number, LineCounts>();
  let lf = 0;
  let bareLf = 0;
  let i = buf.indexOf(LF);
  for (const offset of sorted) {
    for (; i >= 0 && i < offset; i = buf.indexOf(LF, i + 1)) {
      lf++;
      if (i === 0 || buf[i - 1] !== CR) bareLf++;
    }
    at.set(offset, { lf, bareLf });
  }
  return at;
}

function countLines(at: Map<number, LineCounts>, start: number, end: number): { lines: number; bareLf: number } {
  const a = at.get(start)!;
  const b = at.get(end)!;
  return { lines: b.lf - a.lf, bareLf: b.bareLf - a.bareLf };
}

function freeze(buf: Buffer, d: Draft, at: Map<number, LineCounts>): MimePart {
  const body = countLines(at, d.bodyOffset, d.bodyEnd);
  const header = countLines(at, d.headerOffset, d.headerEnd);
  const content: ContentInfo = { ...d.content };
  return {
    path: d.path,
    depth: d.depth,
    kind: d.kind,
    isText: d.isText,
    isMime: d.isMime,
    isDigest: d.isDigest && d.kind === 'multipart',
    headerOffset: d.headerOffset,
    headerLength: d.headerEnd - d.headerOffset,
    headerLines: header.lines,
    fields: d.fields,
    content,
    bodyOffset: d.bodyOffset,
    bodyLength: d.bodyEnd - d.bodyOffset,
    bodyLines: body.lines,
    bodyVirtualLength: d.bodyEnd - d.bodyOffset + body.bareLf,
    ...(d.kind === 'multipart' ? { closeDelimiter: d.closeDelimiter } : {}),
    children: d.children.map((c) => freeze(buf, c, at)),
  };
}

/**
 * Parses a raw message (CRLF line ends; bare LF tolerated) into its MIME part
 * tree. Never throws on malformed input: whatever cannot be understood
 * becomes a text/plain or application/octet-stream leaf, as in Dovecot.
 */
export function parseMimeTree(raw: Buffer): MimePart {
  const root = new TreeBuilder(raw).build();
  return freeze(raw, root, lineCountsAt(raw, root));
}

/** The boundary parameter of a part's Content-Type, if any. */
export function boundaryOf(part: MimePart): string | undefined {
  const ct = part.content.contentType;
  return ct === null ? undefined : findParam(ct.params, 'boundary');
}

/** Every part of the tree, depth first, the message itself first. */
export function* walkParts(part: MimePart): Generator<MimePart> {
  yield part;
  for (const child of part.children) yield* walkParts(child);
}
