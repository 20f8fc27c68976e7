/**
 * A seeded PRNG for the fuzzers and race tests: every case is derived from (seed, protocol, case
 * number), so one failing case can be replayed on its own with the same bytes.
 */

/** A source of randomness with the helpers the mutators need. */
export type Rng = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
};

/** mulberry32 (public domain): 32 bits of state, fast, well spread; plenty for a fuzzer. */
export function prng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)]!;
    },
  };
}

/** Mixes a run seed, a label and a case number into the seed of one case (FNV-1a over the text). */
export function caseSeed(seed: number, label: string, index: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed >>> 0}:${label}:${index}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
