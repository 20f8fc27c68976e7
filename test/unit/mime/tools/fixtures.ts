/** Paths and files shared by the MIME tools tests. */

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/mime');
export const ENCODING_FIXTURES = resolve(MIME_FIXTURES, 'encodings');

function emlFiles(dir: string, prefix: string): { name: string; raw: Buffer }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => ({ name: `${prefix}${f}`, raw: readFileSync(resolve(dir, f)) }));
}

/**
 * The whole MIME corpus: the Dovecot-checked messages in test/fixtures/mime/
 * and the broken and hostile ones added for inspect in test/fixtures/mime/inspect/.
 */
export const FULL_CORPUS = [...emlFiles(MIME_FIXTURES, ''), ...emlFiles(resolve(MIME_FIXTURES, 'inspect'), 'inspect/')];

export function corpusFile(name: string): Buffer {
  const found = FULL_CORPUS.find((c) => c.name === name);
  if (!found) throw new Error(`no corpus file ${name}`);
  return found.raw;
}

/** Input files of the encoding vectors, each with .uu, .b64uu (sharutils) and .hqx (macutils) outputs. */
export const VECTOR_INPUTS = ['hello.txt', 'empty.bin', 'runs.bin', 'runs-2-to-9.bin', 'runs-of-90.bin', 'random-1000.bin', 'crlf-text.txt'];

export function vector(name: string): Buffer {
  return readFileSync(resolve(ENCODING_FIXTURES, name));
}

/** mulberry32: a tiny seeded PRNG, so property tests are repeatable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
