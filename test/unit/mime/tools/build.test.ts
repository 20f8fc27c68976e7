import { describe, expect, it } from 'vitest';
import { buildMessage, BuildError } from '../../../../src/mime/tools/build.js';
import { explainMessage, EXPLAIN_BODY_LINES } from '../../../../src/mime/tools/explain-build.js';
import { inspectMessage } from '../../../../src/mime/tools/inspect.js';

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

  it.each([
    [{ to: [] }, 'E_NO_RECIPIENT'],
    [{ charset: 'koi8-r' }, 'E_CHARSET'],
    [{ charset: 'us-ascii', text: 'ça' }, 'E_CHARSET'],
    [{ encoding: '8bit' as const, text: 'x'.repeat(1200) }, 'E_LINE_TOO_LONG'],
    [{ attach: ['/no/such/file'] }, 'E_ATTACH'],
  ])('%j is refused with %s', async (opts, code) => {
    await expect(buildMessage({ ...fixed, text: 'hi', ...opts })).rejects.toSatisfy((e: unknown) => e instanceof BuildError && e.code === code);
  });
});

describe('mime build --explain', () => {
  it(`shows ${EXPLAIN_BODY_LINES} lines of each body, then how many more`, async () => {
    const raw = await buildMessage({ ...fixed, text: Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n') });
    const out = explainMessage(raw);
    expect(out).toContain('line 2\n  … 7 more line(s) of part message\n');
    expect(out).not.toContain('line 3\n');
    expect(out).toMatch(/^From: Alice <alice@sandbox\.test> +│ the author \(RFC 5322 §3\.6\.2\)$/m);
  });
});
