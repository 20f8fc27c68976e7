/** Each limit of the MIME tools (src/mime/tools/limits.ts and friends) has a test here. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_MIME_DEPTH } from '../../../../src/mime/limits.js';
import { readNode, MAX_DER_DEPTH, DerError } from '../../../../src/mime/tools/der.js';
import { formatInspect } from '../../../../src/mime/tools/format-inspect.js';
import { headerReport } from '../../../../src/mime/tools/header-report.js';
import { inspectMessage } from '../../../../src/mime/tools/inspect.js';
import {
  MAX_HEADER_BYTES,
  MAX_INSPECT_BYTES,
  MAX_LONG_LINE_REPORTS,
  MAX_SHOWN_FIELDS,
  MAX_SHOWN_VALUE,
  MAX_TEXT_TREE_PARTS,
  MAX_WARNINGS,
} from '../../../../src/mime/tools/limits.js';
import { ensureBuilt, ROOT } from '../../../helpers/cli-process.js';
import { corpusFile, FULL_CORPUS } from './fixtures.js';

const crlf = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'), 'latin1');

describe('limits of mime inspect', () => {
  it.each(FULL_CORPUS.filter((c) => c.name.includes('hostile')))('$name: inspected in bounded time', ({ raw }) => {
    const t0 = performance.now();
    formatInspect(inspectMessage(raw, { verify: false }));
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it.each([
    ['"--" lines that match no boundary', '--zz\r\n'],
    ['empty lines', '\r\n'],
  ])(`${MAX_MIME_DEPTH - 1} nested multiparts around 300,000 %s: cost grows with the size, not size times depth`, (_, line) => {
    // each boundary line used to be compared with every open boundary, and each part's lines counted again for every part around it
    let head = 'From: a@b\r\nMIME-Version: 1.0\r\n';
    for (let i = 0; i < MAX_MIME_DEPTH - 1; i++) head += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    const raw = Buffer.from(`${head}Content-Type: text/plain\r\n\r\n${line.repeat(300_000)}`, 'latin1');
    const t0 = performance.now();
    const report = inspectMessage(raw, { verify: false });
    expect(performance.now() - t0).toBeLessThan(4_000);
    expect(report.tree.size.lines).toBe(raw.toString('latin1').slice(report.tree.size.header).split('\n').length - 1);
  });

  it(`MAX_SHOWN_FIELDS (${MAX_SHOWN_FIELDS}) and MAX_HEADER_BYTES (${MAX_HEADER_BYTES}): a huge header is shown in part`, () => {
    const tree = inspectMessage(corpusFile('inspect/27-hostile-huge-header.eml')).tree;
    expect(tree.headers).toHaveLength(MAX_SHOWN_FIELDS);
    expect(tree.headersOmitted).toBe(3006 - MAX_SHOWN_FIELDS);
    const big = crlf(`From: a@b\n${Array.from({ length: 50 }, (_, i) => `X-${i}: ${'v'.repeat(4000)}`).join('\n')}\n\nbody\n`);
    const report = inspectMessage(big);
    expect(report.tree.headers.reduce((n, h) => n + h.raw.length, 0)).toBeLessThanOrEqual(MAX_HEADER_BYTES);
    expect(report.warnings.map((w) => w.code)).toContain('HEADER_TOO_LARGE');
  });

  it(`MAX_SHOWN_VALUE (${MAX_SHOWN_VALUE}): a long value is cut before decoding`, () => {
    const value = '=?utf-8?q?a?= '.repeat(2000);
    const h = headerReport({ name: 'Subject', rawValue: value, value, foldedValue: value, offset: 0, length: value.length });
    expect(h.truncated).toBe(true);
    expect(h.raw.length).toBeLessThanOrEqual(MAX_SHOWN_VALUE);
  });

  it(`MAX_WARNINGS (${MAX_WARNINGS}): more are counted, not listed`, () => {
    const parts = Array.from({ length: MAX_WARNINGS + 50 }, () => '--b\nContent-Transfer-Encoding: base64\n\n!!!!\n').join('');
    const report = inspectMessage(crlf(`From: a@b\nDate: 1 Jan 2026 00:00:00 +0000\nMessage-ID: <x@b>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n${parts}--b--\n`));
    expect(report.warnings).toHaveLength(MAX_WARNINGS);
    expect(report.warningsDropped).toBe(50);
    expect(formatInspect(report)).toContain('(50 more warnings not shown)');
  });

  it(`MAX_LONG_LINE_REPORTS (${MAX_LONG_LINE_REPORTS}): further long lines are summed up`, () => {
    const long = `${'x'.repeat(1000)}\n`.repeat(MAX_LONG_LINE_REPORTS + 3);
    const report = inspectMessage(crlf(`From: a@b\nDate: 1 Jan 2026 00:00:00 +0000\nMessage-ID: <x@b>\n\n${long}`));
    const details = report.warnings.filter((w) => w.code === 'LONG_LINE').map((w) => w.detail);
    expect(details).toHaveLength(MAX_LONG_LINE_REPORTS + 1);
    expect(details.at(-1)).toBe('3 more line(s) over 998 octets');
  });

  it(`MAX_TEXT_TREE_PARTS (${MAX_TEXT_TREE_PARTS}): the text tree stops listing, --json has every part`, () => {
    const report = inspectMessage(corpusFile('inspect/26-hostile-many-parts.eml'));
    expect(report.tree.children.length).toBeGreaterThan(MAX_TEXT_TREE_PARTS);
    const text = formatInspect(report);
    expect(text).toContain(`(${report.tree.children.length + 1 - MAX_TEXT_TREE_PARTS} more parts not listed; --json lists them all)`);
  });

  it(`MAX_MIME_DEPTH (${MAX_MIME_DEPTH}) from the parser: a deeper multipart is a warning, not a crash`, () => {
    const report = inspectMessage(corpusFile('inspect/25-hostile-deep-nesting.eml'));
    expect(report.warnings.find((w) => w.code === 'DEPTH_LIMIT')?.detail).toBe(`nested ${MAX_MIME_DEPTH} levels deep (the parser opens ${MAX_MIME_DEPTH - 1}): not opened`);
  });

  it(`MAX_DER_DEPTH (${MAX_DER_DEPTH}): S/MIME data nested deeper is refused`, () => {
    const deep = Buffer.concat([Buffer.from(Array.from({ length: MAX_DER_DEPTH + 5 }, () => [0x30, 0x80]).flat()), Buffer.alloc((MAX_DER_DEPTH + 5) * 2)]);
    expect(() => readNode(deep, 0)).toThrow(DerError);
  });

  it(`MAX_INSPECT_BYTES (${MAX_INSPECT_BYTES}): a larger file is refused before parsing`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailproto-big-'));
    try {
      const file = join(dir, 'big.eml');
      writeFileSync(file, '');
      truncateSync(file, MAX_INSPECT_BYTES + 1);
      ensureBuilt();
      const r = spawnSync(process.execPath, ['bin/mailproto', 'mime', 'inspect', file], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`mailproto: ${file} is larger than 64 MiB, more than inspect reads. Try: inspect a smaller message\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
