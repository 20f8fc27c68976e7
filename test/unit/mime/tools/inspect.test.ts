import { describe, expect, it } from 'vitest';
import { formatInspect } from '../../../../src/mime/tools/format-inspect.js';
import { extractPart, inspectMessage, PartNotFoundError } from '../../../../src/mime/tools/inspect.js';
import type { PartReport } from '../../../../src/mime/tools/part-report.js';
import { WARNINGS } from '../../../../src/mime/tools/warnings.js';
import { FULL_CORPUS, corpusFile } from './fixtures.js';

/** [part number, type] of every node, depth first. */
function outline(p: PartReport): string[] {
  return [`${p.part || '-'} ${p.type}`, ...p.children.flatMap(outline)];
}

describe('inspect over the whole corpus', () => {
  it('has at least 30 messages', () => {
    expect(FULL_CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(FULL_CORPUS)('$name: inspected as text and JSON without error, every warning from the table', ({ raw }) => {
    const report = inspectMessage(raw, { verify: false });
    expect(formatInspect(report)).toContain('MIME tree');
    expect(JSON.parse(JSON.stringify(report)).tree.kind).toBe(report.tree.kind);
    for (const w of report.warnings) expect(WARNINGS[w.code].rfc).toBe(w.rfc);
  });

  it.each([
    ['01-simple-text.eml', []],
    ['13-multipart-no-boundary.eml', ['MISSING_DATE', 'MISSING_MESSAGE_ID', 'MISSING_BOUNDARY']],
    ['16-boundary-edge-cases.eml', ['MISSING_DATE', 'MISSING_MESSAGE_ID', 'NO_CLOSE_DELIMITER']],
    ['17-not-mime.eml', ['MISSING_DATE', 'MISSING_MESSAGE_ID', 'MISSING_MIME_VERSION']],
    ['inspect/19-received-chain-clock-skew.eml', ['CLOCK_SKEW']],
    ['inspect/20-bad-base64.eml', ['BAD_BASE64']],
    ['inspect/21-undeclared-8bit.eml', ['RAW_8BIT_HEADER', 'UNDECLARED_8BIT']],
    ['inspect/22-long-lines.eml', ['LONG_LINE']],
    ['inspect/23-missing-close-delimiter.eml', ['NO_CLOSE_DELIMITER']],
    ['inspect/24-boundary-not-found.eml', ['BOUNDARY_NOT_FOUND']],
    // past the limit, boundary lines are header lines; "--b98--" (b98 never opened) is a boundary line of b9, which ends b10...b97 without their close lines
    ['inspect/25-hostile-deep-nesting.eml', ['NO_CLOSE_DELIMITER', 'DEPTH_LIMIT', 'LINE_WITHOUT_COLON']],
    ['inspect/26-hostile-many-parts.eml', ['PART_LIMIT']],
    ['inspect/27-hostile-huge-header.eml', ['HEADER_TOO_LARGE']],
    ['inspect/28-encoded-word-edge-cases.eml', ['ENCODED_WORD_TOO_LONG', 'ENCODED_WORD_IN_PARAMETER']],
    ['inspect/29-uuencoded-body.eml', ['UNKNOWN_ENCODING']],
    ['inspect/30-binhex-attachment.eml', []],
    ['inspect/31-related-inline-image.eml', []],
    ['inspect/32-sender-copy-with-bcc.eml', []],
    ['inspect/33-broken-qp-and-encodings.eml', ['ENCODING_ON_COMPOSITE', 'BAD_QUOTED_PRINTABLE', 'UNKNOWN_ENCODING']],
    ['inspect/34-nul-and-binary.eml', ['NUL_OCTET']],
    ['inspect/35-missing-mime-version.eml', ['MISSING_MIME_VERSION', 'BAD_QUOTED_PRINTABLE']],
    ['inspect/36-nested-messages.eml', []],
    ['inspect/37-lone-cr-and-garbage-headers.eml', ['INVALID_DATE', 'LINE_WITHOUT_COLON']],
  ])('%s warns %j', (name, codes) => {
    expect([...new Set(inspectMessage(corpusFile(name), { verify: false }).warnings.map((w) => w.code))]).toEqual(codes);
  });
});

describe('the tree', () => {
  it('numbers parts as IMAP does, into nested messages (2.1.1)', () => {
    expect(outline(inspectMessage(corpusFile('inspect/36-nested-messages.eml')).tree)).toEqual([
      '- multipart/mixed',
      '1 text/plain',
      '2 message/rfc822',
      '2 multipart/mixed',
      '2.1 message/rfc822',
      '2.1 multipart/alternative',
      '2.1.1 text/plain',
      '2.1.2 text/html',
      '2.2 text/plain',
    ]);
  });

  it('gives sizes before and after decoding, charset, disposition and the RFC 2231 file name', () => {
    const tree = inspectMessage(corpusFile('07-mixed-attachment-rfc2231.eml')).tree;
    expect(tree.children[0]).toMatchObject({ part: '1', section: 'BODY[1]', type: 'text/plain', charset: 'iso-8859-1', encoding: 'quoted-printable', size: { body: 28, decoded: 24 } });
    expect(tree.children[1]).toMatchObject({ part: '2', type: 'application/pdf', encoding: 'base64', disposition: 'attachment', filename: 'résumé draft.pdf', size: { body: 1050, decoded: 768 } });
  });

  it('decodes an encoded-word file name and an RFC 2231 continued one', () => {
    const tree = inspectMessage(corpusFile('inspect/28-encoded-word-edge-cases.eml')).tree;
    expect(tree.children.map((c) => c.filename)).toEqual([undefined, 'résumé.pdf', '€ rates.txt']);
  });

  it('shows what IMAP shows for a multipart it could not open', () => {
    const report = inspectMessage(corpusFile('inspect/25-hostile-deep-nesting.eml'));
    let p = report.tree;
    while (p.children.length > 0) p = p.children[0]!;
    expect(p).toMatchObject({ type: 'multipart/mixed', imapType: 'application/octet-stream', kind: 'leaf' });
    expect(formatInspect(report)).toContain('[IMAP: application/octet-stream]');
  });
});

describe('close delimiters, as the parser (and IMAP) sees them', () => {
  const message = (body: string) => Buffer.from(`From: a@b\r\nDate: 1 Jan 2026 00:00:00 +0000\r\nMessage-ID: <x@b>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n${body}`, 'latin1');
  const inner = '--out\r\nContent-Type: multipart/alternative; boundary=in\r\n\r\n--in\r\n\r\na\r\n';
  it.each([
    ['both closed', `${inner}--in--\r\n--out--\r\n`, []],
    ['the outer boundary comes before the inner close', `${inner}--out\r\n\r\nb\r\n--in--\r\n--out--\r\n`, ['1']],
    ['the message ends', inner, ['', '1']],
  ])('%s: NO_CLOSE_DELIMITER for %j', (_, body, parts) => {
    const warnings = inspectMessage(message(body), { verify: false }).warnings.filter((w) => w.code === 'NO_CLOSE_DELIMITER');
    expect(warnings.map((w) => w.part)).toEqual(parts);
  });
});

describe('files that are hardly messages', () => {
  it.each([
    ['an empty file', Buffer.alloc(0), 'Message: 0 B, no line ends\n'],
    ['one line without a line end', Buffer.from('Subject: x'), 'Message: 10 B, no line ends\n'],
    ['LF line ends', Buffer.from('Subject: x\n\nbody\n'), 'Message: 17 B, LF line ends (on the wire every line ends in CRLF)\n'],
    ['mixed line ends', Buffer.from('Subject: x\r\n\nbody\n'), 'Message: 18 B, mixed line ends\n'],
  ])('%s: says so, and lists the missing fields', (_, raw, first) => {
    const report = inspectMessage(raw, { verify: false });
    expect(formatInspect(report).startsWith(first)).toBe(true);
    expect(report.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['MISSING_DATE', 'MISSING_FROM', 'MISSING_MESSAGE_ID']));
  });
});

describe('headers', () => {
  it('are shown raw and decoded, each encoded-word explained', () => {
    const text = formatInspect(inspectMessage(corpusFile('04-encoded-words.eml')));
    expect(text).toContain('  Subject: =?UTF-8?B?SGVsbG8g8J+MjSB3b3JsZA==?= and =?ISO-8859-1?Q?caf=E9?=\n      = Hello 🌍 world and café\n');
    expect(text).toContain('=?ISO-8859-1?Q?caf=E9?=  charset ISO-8859-1, Q = quoted-printable, "_" is a space (RFC 2047 §4.2) → "café"');
  });

  it('explain the envelope where it matters: Bcc, Return-Path, a recipient not in To or Cc', () => {
    const sent = formatInspect(inspectMessage(corpusFile('inspect/32-sender-copy-with-bcc.eml')));
    expect(sent).toMatch(/Bcc: Carol <carol@example.net>\n {6}# blind copies: .*\(RFC 5322 §3\.6\.3\)/);
    expect(sent).toMatch(/Return-Path: <alice@example.org>\n {6}# added at final delivery from the envelope sender \(MAIL FROM\).*\(RFC 5321 §4\.4\)/);
    const report = inspectMessage(corpusFile('inspect/19-received-chain-clock-skew.eml'));
    expect(report.envelopeNote?.text).toContain('delivered to carol@example.net, who is not in To or Cc');
  });

  it('escape control characters instead of sending them to the terminal', () => {
    const text = formatInspect(inspectMessage(corpusFile('inspect/37-lone-cr-and-garbage-headers.eml')));
    expect(text).toContain('Subject: \\x1b[31mred\\x1b[0m escape');
    expect(text).not.toContain('\x1b');
  });
});

describe('the Received chain', () => {
  it('is shown oldest first with protocols, delays and the clock-skew warning', () => {
    const report = inspectMessage(corpusFile('inspect/19-received-chain-clock-skew.eml'));
    expect(report.received.hops.map((h) => [h.by, h.with, h.delay, h.clockSkew ?? false])).toEqual([
      ['mail.example.org', 'ESMTPSA', '2 s', false],
      ['relay.example.com', 'ESMTP', '2 min 38 s', false],
      ['mx.example.net', 'ESMTPS', '-1 min 42 s', true],
      ['mailstore.example.net', 'LMTP', '7 s', false],
    ]);
    const text = formatInspect(report);
    expect(text).toContain('hop 3  1 min 42 s BEFORE the previous hop  ⚠ clock skew');
    expect(text).toContain('with ESMTPSA: ESMTP over TLS, the client logged in with AUTH');
    expect(report.warnings[0]!.detail).toBe('hop 3 (by mx.example.net) is stamped 1 min 42 s before the previous hop: a clock is wrong');
  });
});

describe('--part', () => {
  it.each([
    ['07-mixed-attachment-rfc2231.eml', '1', 24],
    ['07-mixed-attachment-rfc2231.eml', '2', 768],
    ['01-simple-text.eml', '1', 62],
    ['inspect/36-nested-messages.eml', '2.1.2', 36],
  ])('%s part %s decodes to %d octets', (name, part, size) => {
    expect(extractPart(corpusFile(name), part).body.length).toBe(size);
  });

  it('gives the decoded text', () => {
    expect(extractPart(corpusFile('inspect/36-nested-messages.eml'), '2.1.1').body.toString()).toBe('the original text: part 2.1.1');
    expect(extractPart(corpusFile('inspect/20-bad-base64.eml'), '1').body.toString()).toBe('Hello, world!');
  });

  it.each(['3', '2.2', '0', 'x', '1..2'])('refuses part %j of a two-part message', (part) => {
    expect(() => extractPart(corpusFile('07-mixed-attachment-rfc2231.eml'), part)).toThrow(PartNotFoundError);
  });
});
