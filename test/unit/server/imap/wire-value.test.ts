/**
 * ENVELOPE and BODYSTRUCTURE wire text from src/mime, carried through the response serializer.
 */
import { describe, expect, it } from 'vitest';
import { serializeValue } from '../../../../src/protocols/imap/response.js';
import { serializeBodyStructure, serializeBody } from '../../../../src/mime/bodystructure.js';
import { buildEnvelope, serializeEnvelope } from '../../../../src/mime/envelope.js';
import { parseMimeTree } from '../../../../src/mime/parse-tree.js';
import { wireTextValue } from '../../../../src/server/imap/fetch/wire-value.js';
import { FIXTURE_NAMES, fixture } from './messages.js';

/** Wire text in, wire text out (both latin1 byte strings). */
const roundTrip = (wire: string) => serializeValue(wireTextValue(wire)).toString('latin1');

describe('wireTextValue', () => {
  it.each([
    // no literal: one raw value, byte for byte
    ['("a" NIL 12 (("x" NIL "y" "z")("p" NIL "q" "r")))', '("a" NIL 12 (("x" NIL "y" "z")("p" NIL "q" "r")))'],
    // a literal between spaced items stays a literal
    ['("d" {3}\r\nabc NIL)', '("d" {3}\r\nabc NIL)'],
    ['({3}\r\nabc)', '({3}\r\nabc)'],
    // a literal first in the only address of a list stays a literal
    ['("d" (({4}\r\nJ\xf6rg NIL "j" "x.de")) NIL)', '("d" (({4}\r\nJ\xf6rg NIL "j" "x.de")) NIL)'],
    // a 7-bit literal among glued addresses becomes a quoted string
    ['((NIL NIL "a" "b")({7}\r\nG "B" \\ NIL "c" "d"))', '((NIL NIL "a" "b")("G \\"B\\" \\\\" NIL "c" "d"))'],
    ['(("text" "plain" ("name" {5}\r\na"b.c) NIL NIL "7bit" 1 1)("image" "gif" NIL NIL NIL "base64" 2) "mixed")',
      '(("text" "plain" ("name" "a\\"b.c") NIL NIL "7bit" 1 1)("image" "gif" NIL NIL NIL "base64" 2) "mixed")'],
    // an 8-bit literal among glued items cannot be quoted: it stays a literal, and the glued
    // items are sent with a space between them (the only way the serializer can write it)
    ['((NIL NIL "a" "b")({4}\r\nJ\xf6rg NIL "c" "d"))', '((NIL NIL "a" "b") ({4}\r\nJ\xf6rg NIL "c" "d"))'],
    // so is one with a line break
    ['((NIL NIL "a" "b")({3}\r\na\nb NIL "c" "d"))', '((NIL NIL "a" "b") ({3}\r\na\nb NIL "c" "d"))'],
  ])('%j is sent as %j', (input, expected) => {
    expect(roundTrip(input)).toBe(expected);
  });

  it.each(['("a"', '("a" {9}\r\nabc)', '("a")x', '(a "b)'])('refuses malformed wire text %j', (input) => {
    expect(() => wireTextValue(input)).toThrow(/bad IMAP wire text/);
  });

  it('counts literal octets, not characters', () => {
    const value = serializeValue(wireTextValue('({2}\r\n\xc3\xa9)'));
    expect(value.equals(Buffer.from([0x28, 0x7b, 0x32, 0x7d, 0x0d, 0x0a, 0xc3, 0xa9, 0x29]))).toBe(true);
  });
});

describe('ENVELOPE, BODY and BODYSTRUCTURE of the corpus go out as src/mime wrote them', () => {
  // 05 has a 7-bit literal among glued addresses (see above); every other message is exact.
  const names = FIXTURE_NAMES.filter((n) => n !== '05-groups-and-routes.eml');
  it.each(names)('%s', (name) => {
    const root = parseMimeTree(fixture(name));
    for (const wire of [serializeEnvelope(buildEnvelope(root.fields)), serializeBody(root), serializeBodyStructure(root)]) {
      expect(roundTrip(wire)).toBe(wire);
    }
  });

  it('a multipart whose second part has an 8-bit file name', () => {
    const raw = Buffer.from(
      'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n' +
        '--b\r\nContent-Type: application/pdf; name="R\xe9sum\xe9.pdf"\r\n\r\n%PDF\r\n--b--\r\n',
      'latin1',
    );
    const wire = serializeBodyStructure(parseMimeTree(raw));
    expect(wire).toContain('{10}\r\nR\xe9sum\xe9.pdf');
    const sent = roundTrip(wire);
    // the parts are separated by a space; the literal is intact
    expect(sent).toContain(' NIL NIL NIL) ("application" "pdf" ("name" {10}\r\nR\xe9sum\xe9.pdf) NIL NIL "7bit" 4 NIL NIL NIL NIL) "mixed"');
    expect(sent.replace(') ("application"', ')("application"')).toBe(wire);
  });
});
