/**
 * uuencode and BinHex against the standard Unix tools, live, on seeded random
 * files (runs, CR/LF, 0x90 — BinHex's run-length marker — and random bytes):
 *
 * - our `mime encode --uu` is GNU sharutils' `uuencode FILE NAME` byte for
 *   byte; `uudecode` reads ours, we read its `uuencode` and `uuencode -m`;
 * - the data of our `mime encode --binhex` is macutils' `binhex -d` output
 *   byte for byte (the banner line before the ":" is ours); macutils'
 *   `hexbin -d` reads ours, we read its output.
 *
 * The fixed vectors in test/fixtures/mime/encodings/ were made by the same
 * tools (test/fixtures/mime/encodings/regenerate.sh); this test also checks
 * that they still are what the tools write.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binhexDecode, binhexEncode } from '../../../src/mime/tools/encodings/binhex.js';
import { uudecode, uuencode } from '../../../src/mime/tools/encodings/uuencode.js';
import { requireTool } from '../../helpers/require-tool.js';
import { ENCODING_FIXTURES, prng, VECTOR_INPUTS, vector } from '../../unit/mime/tools/fixtures.js';

const FILES = 12;

/** Random files of several sizes (0, 1, 2, 3 octets, line and buffer edges, larger), biased to what the formats treat specially. */
function randomFiles(): { name: string; data: Buffer }[] {
  const rand = prng(1741);
  const sizes = [0, 1, 2, 3, 44, 45, 46, 90, 127, 128, 4095, 20_000];
  return sizes.slice(0, FILES).map((size, i) => {
    const data = Buffer.alloc(size);
    for (let j = 0; j < size; j++) {
      const r = rand();
      data[j] = r < 0.1 ? 0x90 : r < 0.2 && j > 0 ? data[j - 1]! : r < 0.3 ? [0x0d, 0x0a, 0x00, 0xff][Math.floor(rand() * 4)]! : Math.floor(rand() * 256);
    }
    return { name: `file-${i}.bin`, data };
  });
}

describe('uuencode and BinHex agree with sharutils and macutils', () => {
  let dir: string;
  const files = randomFiles();
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });

  beforeAll(() => {
    for (const tool of ['uuencode', 'uudecode', 'binhex', 'hexbin']) requireTool(tool);
    dir = mkdtempSync(join(tmpdir(), 'mailproto-codecs-'));
    for (const f of files) writeFileSync(join(dir, f.name), f.data);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(files.map((f) => f.name))('%s: uuencode writes what we write; each decodes the other', (name) => {
    const data = readFileSync(join(dir, name));
    const theirs = run('uuencode', [name, name]).toString('latin1');
    expect(uuencode(data, name)).toBe(theirs);
    expect(uudecode(theirs).data.equals(data)).toBe(true);
    expect(uudecode(run('uuencode', ['-m', name, name]).toString('latin1')).data.equals(data)).toBe(true);
    writeFileSync(join(dir, `${name}.ours.uu`), uuencode(data, name), 'latin1');
    run('uudecode', ['-o', `${name}.from-uudecode`, `${name}.ours.uu`]);
    expect(readFileSync(join(dir, `${name}.from-uudecode`)).equals(data)).toBe(true);
  });

  it.each(files.map((f) => f.name))('%s: binhex writes the data we write; each decodes the other', (name) => {
    const data = readFileSync(join(dir, name));
    const theirs = run('binhex', ['-d', '-t', 'TEXT', '-c', 'MACA', name]).toString('latin1');
    const ours = binhexEncode({ data, name, type: 'TEXT', creator: 'MACA' });
    expect(ours.slice(ours.indexOf(':'))).toBe(theirs.slice(theirs.indexOf(':')));
    expect(binhexDecode(theirs)).toMatchObject({ name, type: 'TEXT', creator: 'MACA' });
    expect(binhexDecode(theirs).data.equals(data)).toBe(true);
    const oursFile = `${name}.ours.hqx`;
    writeFileSync(join(dir, oursFile), ours, 'latin1');
    rmSync(join(dir, `${name}.data`), { force: true });
    run('hexbin', ['-d', oursFile]);
    expect(readFileSync(join(dir, `${name}.data`)).equals(data)).toBe(true);
  });

  it.each(VECTOR_INPUTS)('the fixed vectors of %s are what the tools write today', (name) => {
    const input = join(ENCODING_FIXTURES, name);
    expect(execFileSync('uuencode', [input, name]).equals(vector(`${name}.uu`))).toBe(true);
    expect(execFileSync('uuencode', ['-m', input, name]).equals(vector(`${name}.b64uu`))).toBe(true);
    writeFileSync(join(dir, name), readFileSync(input));
    expect(run('binhex', ['-d', '-t', 'TEXT', '-c', 'MACA', name]).equals(vector(`${name}.hqx`))).toBe(true);
  });
});
