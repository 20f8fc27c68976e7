import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMimeTree } from '../../../src/mime/parse-tree.js';
import { SectionError, extractSection, findPart, parseSectionSpec } from '../../../src/mime/sections.js';
import { CORPUS, DOVECOT_SECTIONS, FIXTURES, bytes } from './corpus-files.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

function fetch(raw: Buffer, section: string): Buffer {
  const m = /^(.*?)(?:<(\d+)\.(\d+)>)?$/s.exec(section)!;
  const partial = m[2] === undefined ? undefined : { offset: Number(m[2]), length: Number(m[3]) };
  return extractSection(raw, parseMimeTree(raw), parseSectionSpec(m[1]!), partial);
}

const CASES = CORPUS.flatMap(({ name, raw }) =>
  Object.entries(DOVECOT_SECTIONS[name] ?? {}).map(([section, expected]) => ({ name, raw, section, expected })),
);

describe('BODY[section] of the corpus', () => {
  it('has Dovecot answers for every corpus message', () => {
    for (const { name } of CORPUS) expect(Object.keys(DOVECOT_SECTIONS[name] ?? {}).length, name).toBeGreaterThan(10);
  });

  it.each(CASES)('$name BODY[$section] is what Dovecot 2.3.19 sent', ({ raw, section, expected }) => {
    const out = fetch(raw, section);
    expect(`${out.length}:${createHash('sha256').update(out).digest('hex').slice(0, 16)}`).toBe(expected);
  });
});

describe('BODY[section]', () => {
  const nested = readFileSync(resolve(FIXTURES, '09-message-rfc822.eml'));

  it.each([
    ['1', 'See below.\r\n'],
    ['1.MIME', 'Content-Type: text/plain\r\n\r\n'],
    ['2.MIME', 'Content-Type: message/rfc822\r\nContent-Description: Forwarded message\r\n\r\n'],
    ['2.HEADER.FIELDS (subject TO)', 'To: Forwarder <fwd@example.org>, group:;\r\nSubject: Original\r\n\r\n'],
    ['2.1', 'Inner text.'],
    ['2.1.MIME', 'Content-Type: text/plain; charset=utf-8\r\n\r\n'],
    ['2.2', '<b>Inner</b> html.'],
    ['2.TEXT', '--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nInner text.\r\n--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<b>Inner</b> html.\r\n--inner--\r\n'],
    ['1.HEADER', ''],
    ['3', ''],
    ['1.1', 'See below.\r\n'],
    ['1.1.1', ''],
  ])('09-message-rfc822.eml BODY[%s]', (section, expected) => {
    expect(fetch(nested, section).toString('latin1')).toBe(expected);
  });

  it('BODY[] is the whole message and BODY[HEADER] + BODY[TEXT] add up to it', () => {
    for (const { name, raw } of CORPUS) {
      expect(fetch(raw, '').equals(raw), name).toBe(true);
      expect(Buffer.concat([fetch(raw, 'HEADER'), fetch(raw, 'TEXT')]).equals(raw), name).toBe(true);
    }
  });

  it('applies <origin.size> to the section bytes', () => {
    const raw = bytes('Subject: x\r\n\r\n0123456789');
    expect(fetch(raw, 'TEXT<2.3>').toString()).toBe('234');
    expect(fetch(raw, 'TEXT<8.100>').toString()).toBe('89');
    expect(fetch(raw, 'TEXT<100.1>').length).toBe(0);
  });

  it('sends bare LF as CRLF, as IMAP requires', () => {
    expect(fetch(bytes('Subject: x\n\na\nb\n'), '').toString()).toBe('Subject: x\r\n\r\na\r\nb\r\n');
  });

  it('HEADER.FIELDS.NOT keeps lines without a colon and the header as written', () => {
    const raw = bytes('Subject: x\r\nNoColon\r\nTo: y\r\n\r\nbody');
    expect(fetch(raw, 'HEADER.FIELDS.NOT (to)').toString()).toBe('Subject: x\r\nNoColon\r\n\r\n');
    expect(fetch(raw, 'HEADER.FIELDS (TO SUBJECT)').toString()).toBe('Subject: x\r\nTo: y\r\n\r\n');
  });

  it.each([
    ['', { part: [] }],
    ['1.2.3', { part: [1, 2, 3] }],
    ['HEADER', { part: [], kind: 'HEADER' }],
    ['text', { part: [], kind: 'TEXT' }],
    ['4.MIME', { part: [4], kind: 'MIME' }],
    ['2.HEADER.FIELDS (To "Cc")', { part: [2], kind: 'HEADER.FIELDS', fields: ['To', 'Cc'] }],
    ['HEADER.FIELDS.NOT (SUBJECT)', { part: [], kind: 'HEADER.FIELDS.NOT', fields: ['SUBJECT'] }],
  ])('parseSectionSpec(%j)', (text, spec) => {
    expect(parseSectionSpec(text)).toEqual(spec);
  });

  it.each(['0', '1.0', '1.', 'FOO', '1.BODY', 'HEADER.FIELDS ()', '01'])('parseSectionSpec(%j) is a SectionError', (text) => {
    expect(() => extractSection(bytes('\r\n'), parseMimeTree(bytes('\r\n')), parseSectionSpec(text))).toThrow(SectionError);
  });

  it('MIME needs a part number', () => {
    const raw = bytes('\r\n');
    expect(() => extractSection(raw, parseMimeTree(raw), { part: [], kind: 'MIME' })).toThrow(SectionError);
  });

  it('findPart walks into message/rfc822 parts', () => {
    const tree = parseMimeTree(nested);
    expect(findPart(tree, [2])?.kind).toBe('message');
    expect(findPart(tree, [2, 2])?.content.contentType?.subtype).toBe('html');
    expect(findPart(tree, [2, 3])).toBeNull();
  });
});
