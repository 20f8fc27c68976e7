/**
 * Property tests: for random inputs (seeded, so a failure repeats), decoding
 * what we encoded gives the input back, byte for byte, and the encoded form
 * keeps the format's rules.
 */

import { describe, expect, it } from 'vitest';
import { checkBase64 } from '../../../../src/mime/tools/encodings/base64.js';
import { checkQuotedPrintable } from '../../../../src/mime/tools/encodings/quoted-printable.js';
import { ENCODINGS, type EncodingName } from '../../../../src/mime/tools/encodings/registry.js';
import { prng } from './fixtures.js';

const ITERATIONS = 400;

/** Random bytes, biased toward the octets encoders get wrong: CR, LF, blanks, "=", 0x90, runs. */
function randomBuffer(rand: () => number): Buffer {
  const length = Math.floor(rand() ** 2 * 3000);
  const special = [0x0d, 0x0a, 0x20, 0x09, 0x3d, 0x90, 0x00, 0xff, 0x2e];
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    const r = rand();
    if (r < 0.2) out[i] = special[Math.floor(rand() * special.length)]!;
    else if (r < 0.3 && i > 0) out[i] = out[i - 1]!; // runs
    else if (r < 0.6) out[i] = 0x20 + Math.floor(rand() * 95);
    else out[i] = Math.floor(rand() * 256);
  }
  return out;
}

/** Random text: ASCII, accented Latin, CJK, emoji, controls, things that look like encoded-words. */
function randomText(rand: () => number): string {
  const pieces = ['a', 'Z', ' ', '  ', '=?', '?=', '_', '=', '?', 'é', 'ß', 'Ω', '山', '田', '😀', '\t', '\x01', '(', ')', '"', '\r\n', 'word', 'x'.repeat(90)];
  let s = '';
  const n = Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(rand() * pieces.length)];
  return s;
}

describe.each(['base64', 'qp', 'uu', 'binhex'] as EncodingName[])('%s round-trips random buffers', (name) => {
  const enc = ENCODINGS[name];
  const seed = 2026 + name.length;
  it(`${ITERATIONS} buffers, seed ${seed}`, () => {
    const rand = prng(seed);
    for (let i = 0; i < ITERATIONS; i++) {
      const data = randomBuffer(rand);
      const encoded = enc.encode(data, { name: 'file.bin' });
      expect(/[^\x09\x0a\x0d\x20-\x7e]/.test(encoded.toString('latin1')), `seed iteration ${i}: only printable ASCII`).toBe(false);
      const back = enc.decode(encoded);
      if (!back.equals(data)) expect.fail(`iteration ${i}: ${data.toString('hex')} came back as ${back.toString('hex')}`);
      if (name === 'base64') expect(checkBase64(encoded.toString('latin1'))).toBeNull();
      if (name === 'qp') expect(checkQuotedPrintable(encoded.toString('latin1'))).toBeNull();
    }
  });
});

describe('RFC 2047 header encoding round-trips random text', () => {
  it(`${ITERATIONS} strings, seed 2047`, () => {
    const rand = prng(2047);
    for (let i = 0; i < ITERATIONS; i++) {
      const text = randomText(rand);
      const data = Buffer.from(text, 'utf8');
      const encoded = ENCODINGS.header.encode(data, {}).toString('latin1');
      for (const line of encoded.split('\r\n')) {
        if (encoded !== text) expect(line.trim().length, `iteration ${i}: ${JSON.stringify(text)}`).toBeLessThanOrEqual(75);
      }
      const back = ENCODINGS.header.decode(Buffer.from(encoded, 'latin1'));
      if (!back.equals(data)) expect.fail(`iteration ${i}: ${JSON.stringify(text)} came back as ${JSON.stringify(back.toString())}`);
    }
  });
});
