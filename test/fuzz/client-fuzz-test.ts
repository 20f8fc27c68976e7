/**
 * The vitest side of the client fuzzer, shared by client-smtp.test.ts, client-pop3.test.ts and
 * client-imap.test.ts: hostile server byte streams against ClientSession (client-harness.ts).
 *
 * Time budget: MAILPROTO_FUZZ_SECONDS per protocol, default 15 (the server fuzzer's 20 s each
 * already run in `npm test`; these three add 45 s of worker time on a two-core machine, in parallel
 * workers beside the other suites), and `npm run fuzz -- --side client --minutes N`
 * (test/fuzz/run.mjs) runs N minutes each. MAILPROTO_FUZZ_SEED fixes the run seed (default:
 * random, printed in every failure); MAILPROTO_FUZZ_CASE replays one case of that seed.
 */
import { randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import { CLIENT_TIMEOUT_SECONDS, CLOSE_SLACK_MS, runClientFuzz } from './client-harness.js';
import type { FuzzProtocol } from './corpus.js';

export const DEFAULT_CLIENT_FUZZ_SECONDS = 15;

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** Declares the client fuzz test of one protocol. */
export function clientFuzzTest(protocol: FuzzProtocol): void {
  const seconds = envNumber('MAILPROTO_FUZZ_SECONDS') ?? DEFAULT_CLIENT_FUZZ_SECONDS;
  const seed = envNumber('MAILPROTO_FUZZ_SEED') ?? randomInt(2 ** 31);
  const only = envNumber('MAILPROTO_FUZZ_CASE');
  // The last cases started may each run until the client's timeout plus the close slack, floods longer.
  const budget = (only === undefined ? seconds * 1000 : 0) + 4 * (CLIENT_TIMEOUT_SECONDS * 1000 + CLOSE_SLACK_MS) + 60_000;
  it(`client ${protocol}: hostile server byte streams neither crash nor hang the client, nor reach the terminal raw`, { timeout: budget }, async () => {
    const report = await runClientFuzz({ protocol, seconds, seed, workers: 6, only });
    expect(report.failures, report.failures.join('\n\n')).toEqual([]);
    // A run that tried next to nothing proves nothing.
    expect(report.cases).toBeGreaterThanOrEqual(only === undefined ? Math.min(10, seconds) : 1);
    const what = `${only === undefined ? `${report.cases} cases in ${seconds} s` : `case ${only} replayed`} (${report.recorded} recorded and played back)`;
    console.log(`fuzz client ${protocol}: ${what}, seed ${seed}, ${JSON.stringify(report.outcomes)}, rss +${Math.round(report.rssGrowth / 1048576)} MiB`);
  });
}
