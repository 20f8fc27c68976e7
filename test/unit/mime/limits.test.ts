import { describe, expect, it } from 'vitest';
import { serializeBodyStructure } from '../../../src/mime/bodystructure.js';
import { MAX_BOUNDARY_LENGTH, MAX_HEADER_NAME_LENGTH, MAX_KEPT_HEADER_FIELDS, MAX_MIME_DEPTH, MAX_MIME_PARTS } from '../../../src/mime/limits.js';
import { parseMimeTree, walkParts } from '../../../src/mime/parse-tree.js';
import { bytes } from './corpus-files.js';

/** message/rfc822 inside message/rfc822 ..., `levels` deep, around a text leaf. */
function nestedMessages(levels: number): Buffer {
  let inner = 'Subject: leaf\r\n\r\nleaf body\r\n';
  for (let i = 0; i < levels; i++) inner = `Subject: ${i}\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n${inner}`;
  return bytes(inner);
}

/** multipart/mixed inside multipart/mixed ..., `levels` deep. */
function nestedMultiparts(levels: number): Buffer {
  let body = 'Content-Type: text/plain\r\n\r\nleaf\r\n';
  for (let i = 0; i < levels; i++) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
  return bytes(`MIME-Version: 1.0\r\n${body}`);
}

function deepest(raw: Buffer) {
  let max = parseMimeTree(raw);
  for (const p of walkParts(max)) if (p.depth > max.depth) max = p;
  return max;
}

describe('MIME limits', () => {
  it('MAX_MIME_DEPTH is Dovecot’s 100', () => {
    expect(MAX_MIME_DEPTH).toBe(100);
  });

  it.each([
    ['message/rfc822', nestedMessages],
    ['multipart', nestedMultiparts],
  ])('%s nested up to MAX_MIME_DEPTH - 1 levels is opened all the way', (_kind, build) => {
    const leaf = deepest(build(MAX_MIME_DEPTH - 2));
    expect(leaf.kind).toBe('leaf');
    expect(leaf.isText).toBe(true);
  });

  it.each([
    ['message/rfc822', nestedMessages],
    ['multipart', nestedMultiparts],
  ])('%s nested deeper than MAX_MIME_DEPTH becomes an application/octet-stream leaf', (_kind, build) => {
    const raw = build(MAX_MIME_DEPTH + 1);
    const leaf = deepest(raw);
    expect(leaf.depth).toBe(MAX_MIME_DEPTH - 1);
    expect(leaf.kind).toBe('leaf');
    expect(leaf.children).toEqual([]);
    expect(serializeBodyStructure(parseMimeTree(raw))).toContain('("application" "octet-stream" ');
  });

  it('MAX_MIME_PARTS counts the message itself; at the limit the last part takes the rest', () => {
    expect(MAX_MIME_PARTS).toBe(10_000);
    const parts = (n: number) =>
      bytes(`MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n${'--z\r\n\r\nx\r\n'.repeat(n)}--z--\r\n`);
    expect(parseMimeTree(parts(MAX_MIME_PARTS - 2)).children.length).toBe(MAX_MIME_PARTS - 2);
    const full = parseMimeTree(parts(MAX_MIME_PARTS + 5));
    expect(full.children.length).toBe(MAX_MIME_PARTS - 1);
    const last = full.children[full.children.length - 1]!;
    expect(last.bodyLength).toBeGreaterThan(1);
  });

  it('MAX_BOUNDARY_LENGTH truncates a longer boundary, which still matches as a prefix', () => {
    const boundary = 'x'.repeat(MAX_BOUNDARY_LENGTH + 10);
    const raw = bytes(`MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n\r\none\r\n--${boundary}--\r\n`);
    const tree = parseMimeTree(raw);
    expect(tree.kind).toBe('multipart');
    // the closing delimiter is not recognised ("--" is compared right after 80 chars)
    expect(tree.children.length).toBe(2);
  });

  it(`MAX_KEPT_HEADER_FIELDS (${MAX_KEPT_HEADER_FIELDS}): later fields are read, not kept; a Content-Type among them still counts`, () => {
    const many = 'X-Filler: y\r\n'.repeat(MAX_KEPT_HEADER_FIELDS + 10);
    const raw = bytes(`From: a@b\r\n${many}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b--\r\n`);
    const tree = parseMimeTree(raw);
    expect(tree.fields).toHaveLength(MAX_KEPT_HEADER_FIELDS);
    expect(tree.fields[0]!.name).toBe('From');
    expect(tree.kind).toBe('multipart');
    expect(tree.children).toHaveLength(1);
    expect(tree.headerLength).toBe(raw.indexOf('\r\n\r\n') + 4);
  });

  it('MAX_HEADER_NAME_LENGTH: a longer field name makes the line a value without a name', () => {
    const long = 'X'.repeat(MAX_HEADER_NAME_LENGTH + 1);
    const ok = 'Y'.repeat(MAX_HEADER_NAME_LENGTH);
    const tree = parseMimeTree(bytes(`${long}: a\r\n${ok}: b\r\n\r\n`));
    expect(tree.fields.map((f) => f.name)).toEqual(['', ok]);
  });
});
