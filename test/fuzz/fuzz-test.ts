/**
 * The vitest side of the fuzzer, shared by smtp.test.ts, pop3.test.ts and imap.test.ts.
 *
 * Time budget: MAILPROTO_FUZZ_SECONDS per protocol, default 20. The issue asked for about 60 s per
 * protocol; inside `npm test` on a busy two-core machine three minutes of fuzzing would double the
 * suite's run time, so the default is 20 s each (the three files run in parallel workers beside
 * the other suites), and `npm run fuzz -- --minutes N` (test/fuzz/run.mjs) runs N minutes each.
 * MAILPROTO_FUZZ_SEED fixes the run seed (default: random, printed in every failure);
 * MAILPROTO_FUZZ_CASE replays one case of that seed.
 */
import { randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import type { FuzzProtocol } from './corpus.js';
import { ANSWER_TIMEOUT_MS, runFuzz } from './harness.js';

export const DEFAULT_FUZZ_SECONDS = 20;

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** Declares the fuzz test of one protocol. */
export function fuzzTest(protocol: FuzzProtocol): void {
  const seconds = envNumber('MAILPROTO_FUZZ_SECONDS') ?? DEFAULT_FUZZ_SECONDS;
  const seed = envNumber('MAILPROTO_FUZZ_SEED') ?? randomInt(2 ** 31);
  const only = envNumber('MAILPROTO_FUZZ_CASE');
  const budget = (only === undefined ? seconds * 1000 : 0) + 4 * ANSWER_TIMEOUT_MS + 90_000;
  it(`${protocol}: mutated and random sessions neither crash nor hang the server`, { timeout: budget }, async () => {
    const report = await runFuzz({ protocol, seconds, seed, workers: 3, only });
    expect(report.failures, report.failures.join('\n\n')).toEqual([]);
    // A run that tried next to nothing proves nothing.
    expect(report.cases).toBeGreaterThanOrEqual(only === undefined ? Math.min(20, seconds) : 1);
    const what = only === undefined ? `${report.cases} cases in ${seconds} s` : `case ${only} replayed`;
    console.log(`fuzz ${protocol}: ${what}, seed ${seed}, ${JSON.stringify(report.outcomes)}, rss +${Math.round(report.rssGrowth / 1048576)} MiB`);
  });
}
