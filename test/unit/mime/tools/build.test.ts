import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMimeTree, walkParts } from '../../../../src/mime/parse-tree.js';
import { BUILD_CHARSETS, buildMessage, BuildError, TEXT_ENCODINGS } from '../../../../src/mime/tools/build.js';
import { explainMessage, EXPLAIN_BODY_LINES } from '../../../../src/mime/tools/explain-build.js';
import { extractPart, inspectMessage } from '../../../../src/mime/tools/inspect.js';

const fixed = { from: 'Alice <alice@sandbox.test>', to: ['bob@sandbox.test'], date: new Date('2026-03-03T10:00:00Z'), messageId: '<fixed@sandbox.test>' };

describe('mime build', () => {
  it('writes RFC 5322 headers and CRLF line ends, and inspect finds nothing wrong', async () => {
    const raw = await buildMessage({ ...fixed, subject: 'Grüße', text: 'Hallo\nBob', html: '<p>Hallo</p>' });
    const text = raw.toString('latin1');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text).toMatch(/^Date: Tue, 03 Mar 2026 10:00:00 \+0000\r$/m);
    expect(text).toMatch(/^Message-ID: <fixed@sandbox\.test>\r$/m);
    expect(text).toMatch(/^MIME-Version: 1\.0\r$/m);
    expect(text).toMatch(/^Subject: =\?UTF-8\?Q\?Gr=C3=BC=C3=9Fe\?=\r$/m);
    const report = inspectMessage(raw);
    expect(report.tree.type).toBe('multipart/alternative');
    expect(report.tree.children.map((c) => c.type)).toEqual(['text/plain', 'text/html']);
    expect(report.warnings).toEqual([]);
  });

  it.each([
    [{ charset: 'iso-8859-1', encoding: '8bit' as const }, 'iso-8859-1', '8bit', Buffer.from('caf\xe9', 'latin1')],
    [{ charset: 'iso-8859-1', encoding: 'qp' as const }, 'iso-8859-1', 'quoted-printable', Buffer.from('caf=E9')],
    [{ encoding: 'base64' as const }, 'utf-8', 'base64', Buffer.from('Y2Fmw6k=')],
  ])('%j: the text part says so and carries the right octets', async (opts, charset, cte, body) => {
    const raw = await buildMessage({ ...fixed, text: 'café', ...opts });
    const part = inspectMessage(raw).tree;
    expect(part).toMatchObject({ type: 'text/plain', charset, encoding: cte });
    expect(raw.includes(body)).toBe(true);
  });

  const ATTACHMENT = join(mkdtempSync(join(tmpdir(), 'mailproto-build-unit-')), 'data.bin');
  writeFileSync(ATTACHMENT, Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x2e]));
  const SHAPES = ['text', 'html', 'text+html', 'text+attachment'] as const;
  const COMBINATIONS = BUILD_CHARSETS.flatMap((charset) => TEXT_ENCODINGS.flatMap((encoding) => SHAPES.map((shape) => [charset, encoding, shape] as const)));

  it.each(COMBINATIONS)('--charset %s --encoding %s, %s: every header field once, each body decodes to what was given', async (charset, encoding, shape) => {
    const words = charset === 'us-ascii' ? 'Plain words' : 'Déjà vu, naïve';
    const text = `${words}\nsecond line`;
    const html = `<p>${words}</p>`;
    const raw = await buildMessage({
      ...fixed,
      cc: ['Carol <carol@sandbox.test>'],
      subject: 'Grüße',
      charset,
      encoding,
      ...(shape !== 'html' ? { text } : {}),
      ...(shape === 'html' || shape === 'text+html' ? { html } : {}),
      ...(shape === 'text+attachment' ? { attach: [ATTACHMENT] } : {}),
    });
    const root = parseMimeTree(raw);
    const names = root.fields.map((f) => f.name.toLowerCase());
    for (const name of ['from', 'to', 'cc', 'subject', 'date', 'message-id', 'mime-version', 'content-type']) {
      expect(names.filter((n) => n === name), `${name} in ${JSON.stringify(names)}`).toHaveLength(1);
    }
    expect(inspectMessage(raw).warnings).toEqual([]);
    const leaves = [...walkParts(root)].filter((p) => p.kind === 'leaf');
    const bodies = leaves.map((p) => extractPart(raw, p.path.length === 0 ? '1' : p.path.join('.')).body);
    const expected = { text: [text], html: [html], 'text+html': [text, html], 'text+attachment': [text] }[shape];
    const decode = (b: Buffer) => (charset === 'utf-8' ? b.toString('utf8') : b.toString('latin1')).replace(/\r\n/g, '\n');
    // a message that is one text part ends with a line end, as SMTP DATA needs (in base64 it is outside
    // the encoded data; in a multipart that CRLF belongs to the boundary)
    const endsInLineEnd = leaves.length === 1 && leaves[0]!.content.transferEncoding !== 'base64';
    expect(bodies.slice(0, expected.length).map(decode)).toEqual(endsInLineEnd ? expected.map((t) => `${t}\n`) : expected);
    for (const p of leaves.slice(0, expected.length)) {
      expect(p.content.contentType?.params.find((x) => x.name === 'charset')?.value.toLowerCase()).toBe(charset);
      if (encoding !== 'auto') expect(p.content.transferEncoding).toBe({ qp: 'quoted-printable', base64: 'base64', '8bit': '8bit' }[encoding]);
    }
    if (shape === 'text+attachment') expect(bodies[1]).toEqual(Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x2e]));
  });

  it('a lone CR or LF in the text becomes CRLF, and a control character is not sent as 7bit', async () => {
    for (const charset of BUILD_CHARSETS) {
      const raw = await buildMessage({ ...fixed, charset, text: 'a\rb\nc\x01d' });
      const text = raw.toString('latin1');
      expect(text.replace(/\r\n/g, ''), charset).not.toMatch(/[\r\n]/);
      expect(inspectMessage(raw).tree.encoding, charset).toBe('quoted-printable');
      expect(extractPart(raw, '1').body.toString('latin1')).toBe('a\r\nb\r\nc\x01d\r\n');
    }
  });

  it.each([
    [{ to: [] }, 'E_NO_RECIPIENT'],
    [{ encoding: '8bit' as const, text: 'a\0b' }, 'E_NUL_IN_8BIT'],
    [{ from: 'alice' }, 'E_BAD_ADDRESS'],
    [{ to: ['bob'] }, 'E_BAD_ADDRESS'],
    [{ to: ['bob@sandbox.test', 'carol@'] }, 'E_BAD_ADDRESS'],
    [{ cc: ['<>'] }, 'E_BAD_ADDRESS'],
    [{ charset: 'koi8-r' }, 'E_CHARSET'],
    [{ charset: 'us-ascii', text: 'ça' }, 'E_CHARSET'],
    [{ encoding: '8bit' as const, text: 'x'.repeat(1200) }, 'E_LINE_TOO_LONG'],
    [{ attach: ['/no/such/file'] }, 'E_ATTACH'],
  ])('%j is refused with %s', async (opts, code) => {
    await expect(buildMessage({ ...fixed, text: 'hi', ...opts })).rejects.toSatisfy((e: unknown) => e instanceof BuildError && e.code === code);
  });
});

describe('mime build --explain', () => {
  it.each([
    ['utf-8', 'Déjà 山'],
    ['iso-8859-1', 'Déjà vu'],
  ])('shows an 8bit %s body as text, not as its octets', async (charset, text) => {
    const out = explainMessage(await buildMessage({ ...fixed, text, charset, encoding: '8bit' }));
    expect(out).toContain(`\n${text}\n`);
  });

  it(`shows ${EXPLAIN_BODY_LINES} lines of each body, then how many more`, async () => {
    const raw = await buildMessage({ ...fixed, text: Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n') });
    const out = explainMessage(raw);
    expect(out).toContain('line 2\n  … 7 more line(s) of part message\n');
    expect(out).not.toContain('line 3\n');
    expect(out).toMatch(/^From: Alice <alice@sandbox\.test> +│ the author \(RFC 5322 §3\.6\.2\)$/m);
  });
});
