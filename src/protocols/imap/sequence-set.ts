/**
 * Sequence sets: message numbers or UIDs, with `*` for "the largest in use".
 *
 * RFC 3501 §9 (RFC 9051 §9 identical):
 *
 *   seq-number   = nz-number / "*"
 *   seq-range    = seq-number ":" seq-number
 *                    ; two seq-number values and all values between them, regardless of order.
 *                    ; "*" is the largest number in use.
 *   sequence-set = (seq-number / seq-range) *("," sequence-set)
 */
import { ParseError } from './parse-error.js';
import { CommandReader, fail } from './tokens.js';

export type SeqNumber = number | '*';

/** One element of a set; a single number has `start === end`. Order as the client wrote it. */
export type SeqRange = { readonly start: SeqNumber; readonly end: SeqNumber };

export type SequenceSet = readonly SeqRange[];

const MAX_SEQ = 4_294_967_295;

/** Reads a sequence set at the cursor; `what` names it for messages. */
export function readSequenceSet(r: CommandReader, what: string): SequenceSet {
  const ranges: SeqRange[] = [];
  for (;;) {
    const start = seqNumber(r, what);
    let end = start;
    if (r.peek() === ':') {
      r.skip();
      end = seqNumber(r, `a number or * after ":" in ${what}`);
    }
    ranges.push({ start, end });
    if (r.peek() !== ',') return ranges;
    r.skip();
  }
}

function seqNumber(r: CommandReader, what: string): SeqNumber {
  if (r.peek() === '*') {
    r.skip();
    return '*';
  }
  const digits = r.takeWhile((c) => c >= '0' && c <= '9');
  if (digits.length === 0) fail(r, what);
  const value = Number(digits);
  if (value === 0) throw new ParseError(`message numbers and UIDs start at 1; 0 is not allowed in ${what}`);
  if (digits.length > 10 || value > MAX_SEQ) throw new ParseError(`${digits} is too large in ${what}`);
  return value;
}

/** Parses a whole string as a sequence set (`1:3,5,7:*`). */
export function parseSequenceSet(text: string): SequenceSet {
  const r = new CommandReader([text]);
  const set = readSequenceSet(r, 'a sequence set (such as 1:5, 2,4:* or *)');
  if (!r.atEnd()) fail(r, 'a "," or the end of the sequence set');
  return set;
}

function bounds(range: SeqRange, max: number): [number, number] {
  const a = range.start === '*' ? max : range.start;
  const b = range.end === '*' ? max : range.end;
  return a <= b ? [a, b] : [b, a];
}

/**
 * Message sequence numbers in the set, ascending and without duplicates, given `max` (the
 * mailbox's message count): `*` is `max`, `5:2` is `2:5`, numbers above `max` are left out.
 * For UIDs, whose range may be huge, test membership with sequenceSetContains instead.
 */
export function resolveSequenceSet(set: SequenceSet, max: number): number[] {
  const spans = set
    .map((range) => bounds(range, max))
    .map(([lo, hi]): [number, number] => [Math.max(lo, 1), Math.min(hi, max)])
    .filter(([lo, hi]) => lo <= hi)
    .sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  let next = 1;
  for (const [lo, hi] of spans) {
    for (let n = Math.max(lo, next); n <= hi; n++) out.push(n);
    next = Math.max(next, hi + 1);
  }
  return out;
}

/**
 * Whether `n` lies in the set when `*` stands for `max`. With UIDs, `max` is the highest UID in
 * the mailbox, so `559:*` still matches the last message when it is below 559 (RFC 3501 §6.4.8).
 */
export function sequenceSetContains(set: SequenceSet, n: number, max: number): boolean {
  return set.some((range) => {
    const [lo, hi] = bounds(range, max);
    return n >= lo && n <= hi;
  });
}

/** The largest number written explicitly in the set (0 for a set of only `*`). */
export function largestExplicitNumber(set: SequenceSet): number {
  let largest = 0;
  for (const { start, end } of set) {
    if (start !== '*' && start > largest) largest = start;
    if (end !== '*' && end > largest) largest = end;
  }
  return largest;
}

/** The set as the client would write it. */
export function formatSequenceSet(set: SequenceSet): string {
  return set.map(({ start, end }) => (start === end ? `${start}` : `${start}:${end}`)).join(',');
}

/** The shortest set naming exactly these numbers (`[1,2,3,5]` -> `1:3,5`), e.g. for COPYUID. */
export function compressSequenceSet(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
