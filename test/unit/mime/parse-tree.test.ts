import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMimeTree, walkParts } from '../../../src/mime/parse-tree.js';
import type { MimePart } from '../../../src/mime/part-types.js';
import { CORPUS, FIXTURES, bytes } from './corpus-files.js';

function outline(part: MimePart): unknown {
  const ct = part.content.contentType;
  return {
    path: part.path.join('.'),
    kind: part.kind,
    type: ct === null ? null : `${ct.type}/${ct.subtype}`,
    ...(part.children.length > 0 ? { children: part.children.map(outline) } : {}),
  };
}

describe('parseMimeTree', () => {
  it('numbers nested parts as IMAP does (RFC 3501 §6.4.5)', () => {
    const tree = parseMimeTree(readFileSync(resolve(FIXTURES, '08-nested-mixed-alternative-related.eml')));
    expect(outline(tree)).toEqual({
      path: '',
      kind: 'multipart',
      type: 'multipart/mixed',
      children: [
        {
          path: '1',
          kind: 'multipart',
          type: 'multipart/alternative',
          children: [
            { path: '1.1', kind: 'leaf', type: 'text/plain' },
            {
              path: '1.2',
              kind: 'multipart',
              type: 'multipart/related',
              children: [
                { path: '1.2.1', kind: 'leaf', type: 'text/html' },
                { path: '1.2.2', kind: 'leaf', type: 'image/png' },
              ],
            },
          ],
        },
        { path: '2', kind: 'leaf', type: 'text/csv' },
      ],
    });
  });

  it('gives the message inside message/rfc822 the number of its part', () => {
    const tree = parseMimeTree(readFileSync(resolve(FIXTURES, '09-message-rfc822.eml')));
    const rfc822 = tree.children[1]!;
    expect(rfc822.kind).toBe('message');
    const inner = rfc822.children[0]!;
    expect(inner.path).toEqual([2]);
    expect(inner.children.map((c) => c.path.join('.'))).toEqual(['2.1', '2.2']);
  });

  it.each(CORPUS)('$name: offsets are contiguous and nested', ({ raw }) => {
    const check = (part: MimePart) => {
      expect(part.headerOffset + part.headerLength).toBe(part.bodyOffset);
      expect(part.bodyOffset + part.bodyLength).toBeLessThanOrEqual(raw.length);
      let last = part.bodyOffset;
      for (const child of part.children) {
        expect(child.headerOffset).toBeGreaterThanOrEqual(last);
        last = child.bodyOffset + child.bodyLength;
        expect(last).toBeLessThanOrEqual(part.bodyOffset + part.bodyLength);
        check(child);
      }
      const body = raw.subarray(part.bodyOffset, part.bodyOffset + part.bodyLength);
      expect(part.bodyLines).toBe(body.toString('latin1').split('\n').length - 1);
    };
    const tree = parseMimeTree(raw);
    expect(tree.headerOffset).toBe(0);
    expect(tree.bodyOffset + tree.bodyLength).toBe(raw.length);
    check(tree);
  });

  it('ends a body part before the CRLF that precedes its boundary line', () => {
    const raw = bytes('MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nhello\r\n\r\n--b--\r\n');
    const part = parseMimeTree(raw).children[0]!;
    expect(raw.subarray(part.bodyOffset, part.bodyOffset + part.bodyLength).toString()).toBe('hello\r\n');
  });

  it('keeps field values raw, and unfolds them', () => {
    const tree = parseMimeTree(bytes('Subject: a\r\n  b\r\nTo:\tx@y\r\n\r\n'));
    expect(tree.fields[0]).toMatchObject({ name: 'Subject', rawValue: ' a\r\n  b', value: 'a  b', foldedValue: 'a\n  b', offset: 0, length: 17 });
    expect(tree.fields[1]).toMatchObject({ name: 'To', value: 'x@y', offset: 17 });
  });

  it('reads RFC 2231 parameters and other Content-* fields', () => {
    const tree = parseMimeTree(readFileSync(resolve(FIXTURES, '07-mixed-attachment-rfc2231.eml')));
    const attachment = tree.children[1]!;
    expect(attachment.content.transferEncoding).toBe('base64');
    expect(attachment.content.disposition).toEqual({
      value: 'attachment',
      params: [
        { name: 'size', value: '768' },
        { name: 'filename*', value: "UTF-8''r%C3%A9sum%C3%A9%20draft.pdf" },
      ],
    });
  });

  it('treats Content-* fields of a message without MIME-Version or Content-Type as absent', () => {
    const tree = parseMimeTree(readFileSync(resolve(FIXTURES, '17-not-mime.eml')));
    expect(tree.isMime).toBe(false);
    expect(tree.content.transferEncoding).toBeNull();
    expect(tree.content.disposition).toBeNull();
  });

  it('walkParts visits every part', () => {
    const tree = parseMimeTree(readFileSync(resolve(FIXTURES, '08-nested-mixed-alternative-related.eml')));
    expect([...walkParts(tree)].length).toBe(7);
  });
});
