/**
 * Property test: `mime inspect` never throws, whatever the file. Seeded
 * mutations of the corpus (bit flips, inserted boundary lines, headers,
 * encoded-words and line ends, cut and repeated ranges, truncation, two
 * messages spliced) and generated multipart trees go through everything
 * inspect does: the report, its text, its JSON, and `--part` for parts the
 * tree lists. Each run has bounded time. MIME_FUZZ_CASES=N runs more cases
 * (MIME_FUZZ_SEED picks another seed); a failure names the seed and case.
 */

import { describe, expect, it } from 'vitest';
import { formatInspect } from '../../../../src/mime/tools/format-inspect.js';
import { extractPart, inspectMessage } from '../../../../src/mime/tools/inspect.js';
import type { PartReport } from '../../../../src/mime/tools/part-report.js';
import { FULL_CORPUS, prng } from './fixtures.js';

const CASES = Number(process.env.MIME_FUZZ_CASES ?? 250);
const SEED = Number(process.env.MIME_FUZZ_SEED ?? 8);
/** One run (inspect with its text and JSON, or one --part) may take this long, on a loaded machine. */
const CASE_BUDGET_MS = 5_000;
/** The big hostile files are inspected in limits.test.ts; mutating them here would only make the run slow. */
const SEEDS = FULL_CORPUS.filter((c) => c.raw.length < 64 * 1024);

const INSERTS = [
  '\r\n', '\n', '\r', '\0', '\xff', '--', '--\r\n', '=', '=\r\n', '=?', '?=', '=?UTF-8?B?', '=?x?Q?=ZZ?=', '"', ';', '\\', ' ', '\t',
  'Content-Type: multipart/mixed; boundary=b\r\n', 'Content-Type: message/rfc822\r\n', 'Content-Type: multipart/digest; boundary="d"\r\n',
  'Content-Transfer-Encoding: base64\r\n', 'Content-Transfer-Encoding: quoted-printable\r\n', 'MIME-Version: 1.0\r\n',
  'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary=s\r\n', 'Content-Type: application/pkcs7-mime; smime-type=signed-data\r\n',
  'Received: from a by b with ESMTPSA id 1; Tue, 3 Mar 2026 10:00:00 +2400\r\n', 'Received: ; 31 Feb 1900 99:99:99 -9999\r\n', 'Date: \r\n',
  'Content-Disposition: attachment; filename*0*=utf-8\'\'%C3; filename*1=x\r\n', '\r\n--b\r\n', '\r\n--b--\r\n', '\r\n--s\r\n', '\r\n--d\r\n\r\n',
];

type Rand = () => number;
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, items: readonly T[]): T => items[int(rand, items.length)]!;

/** The boundaries a message declares, so that inserted boundary lines hit real ones. */
function boundaries(raw: Buffer): string[] {
  return [...raw.toString('latin1').matchAll(/boundary="?([^";\r\n]+)/gi)].map((m) => m[1]!);
}

function mutate(rand: Rand, raw: Buffer): Buffer {
  let bytes = Buffer.from(raw);
  for (let n = 1 + int(rand, 4); n > 0; n--) {
    const at = int(rand, bytes.length + 1);
    switch (int(rand, 7)) {
      case 0: // bit flips
        for (let i = 0; i < 1 + int(rand, 8) && bytes.length > 0; i++) bytes[int(rand, bytes.length)]! ^= 1 << int(rand, 8);
        break;
      case 1:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(rand, INSERTS), 'latin1'), bytes.subarray(at)]);
        break;
      case 2: {
        const b = boundaries(bytes);
        const line = b.length > 0 ? `\r\n--${pick(rand, b)}${rand() < 0.3 ? '--' : ''}\r\n` : '\r\n--\r\n';
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(line, 'latin1'), bytes.subarray(at)]);
        break;
      }
      case 3: // cut a range
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + int(rand, 400)))]);
        break;
      case 4: // repeat a range
        bytes = Buffer.concat([bytes.subarray(0, at), ...Array<Buffer>(1 + int(rand, 20)).fill(bytes.subarray(at, at + int(rand, 300))), bytes.subarray(at)]);
        break;
      case 5: // truncate
        bytes = bytes.subarray(0, at);
        break;
      default: // splice another message in
        bytes = Buffer.concat([bytes.subarray(0, at), pick(rand, SEEDS).raw.subarray(int(rand, 200)), bytes.subarray(at)]);
    }
  }
  return bytes;
}

/** A random multipart tree: nested types, boundaries that prefix each other, parts left open. */
function generate(rand: Rand, depth = 0): string {
  const leaf = () =>
    `Content-Type: ${pick(rand, ['text/plain', 'text/html; charset=utf-8', 'image/png', 'application/pkcs7-signature', 'message/rfc822'])}\r\n` +
    `Content-Transfer-Encoding: ${pick(rand, ['7bit', 'base64', 'quoted-printable', 'x-uuencode', '8bit'])}\r\n\r\n` +
    pick(rand, ['aGVsbG8=', 'caf=C3=A9=\r\nx', '\xe9\xe8', 'SGV*', 'begin 644 x\r\n#86)C\r\n`\r\nend', '', 'x'.repeat(1200)]);
  if (depth > 6 || rand() < 0.3) return leaf();
  const boundary = pick(rand, ['b', 'b1', 'b-1', '=_', 'x'.repeat(90), '']);
  const children = Array.from({ length: int(rand, 4) }, () => generate(rand, depth + 1));
  const close = rand() < 0.8 ? `\r\n--${boundary}--\r\n` : '';
  return `Content-Type: multipart/${pick(rand, ['mixed', 'alternative', 'digest', 'related', 'signed'])}; boundary="${boundary}"\r\n\r\npreamble\r\n${children.map((c) => `--${boundary}\r\n${c}\r\n`).join('')}${close}epilogue`;
}

function* partNumbers(p: PartReport): Generator<string> {
  if (p.part !== '') yield p.part;
  for (const c of p.children) yield* partNumbers(c);
}

/** Part numbers tried with --part per case: the first and last ones the tree lists (each call parses the message again). */
const PARTS_PER_CASE = 8;

/**
 * What one `mailproto mime inspect` run does with the file (report, text,
 * JSON), then what `--part N` does for some of the listed parts; each is one
 * run and must fit CASE_BUDGET_MS. Throws on any failure.
 */
function inspectEverything(raw: Buffer, where: string): void {
  let started = performance.now();
  const report = inspectMessage(raw, { verify: false });
  formatInspect(report);
  JSON.parse(JSON.stringify(report));
  expect(report.size).toBe(raw.length);
  const took = performance.now() - started;
  expect(took, `${where}: inspect took ${Math.round(took)} ms`).toBeLessThan(CASE_BUDGET_MS);
  const numbers = [...new Set(partNumbers(report.tree))];
  const tried = numbers.length <= PARTS_PER_CASE ? numbers : [...numbers.slice(0, PARTS_PER_CASE / 2), ...numbers.slice(-PARTS_PER_CASE / 2)];
  for (const number of ['', ...tried]) {
    started = performance.now();
    const { body } = extractPart(raw, number);
    expect(body.length).toBeLessThanOrEqual(raw.length);
    expect(performance.now() - started, `${where}: --part ${number}`).toBeLessThan(CASE_BUDGET_MS);
  }
}

describe(`mime inspect never throws (seed ${SEED}, ${CASES} cases)`, () => {
  it('on mutated corpus messages and generated multipart trees', () => {
    const rand = prng(SEED);
    for (let i = 0; i < CASES; i++) {
      const raw = i % 5 === 4 ? Buffer.from(`From: a@b\r\nMIME-Version: 1.0\r\n${generate(rand)}`, 'latin1') : mutate(rand, pick(rand, SEEDS).raw);
      const where = `seed ${SEED} case ${i} (${raw.length} bytes, ${JSON.stringify(raw.toString('latin1').slice(0, 120))}...)`;
      try {
        inspectEverything(raw, where);
      } catch (err) {
        expect.fail(`${where}: ${(err as Error).stack}`);
      }
    }
  }, 120_000);
});
