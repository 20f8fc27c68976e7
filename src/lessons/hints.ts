/**
 * Progressive hints: each request reveals one more of the step's hints; after the last one comes
 * the model answer (the step's solution lines), and after that a pointer to :skip.
 */
import type { Step } from './schema.js';

export type HintReveal =
  | { readonly kind: 'hint'; readonly n: number; readonly total: number; readonly text: string; readonly solution: boolean }
  | { readonly kind: 'none'; readonly text: string };

/** What the next `:hint` shows, when `shown` hints of `step` have been shown. */
export function nextHint(step: Step, solution: readonly string[], shown: number): HintReveal {
  const total = step.hints.length;
  if (shown < total) return { kind: 'hint', n: shown + 1, total, text: step.hints[shown]!, solution: false };
  if (shown === total && solution.length > 0) return { kind: 'hint', n: shown + 1, total, text: solution.join('\n'), solution: true };
  return { kind: 'none', text: solution.length > 0 ? 'No more hints: :skip types the model answer for you.' : 'This step is up to the sandbox: wait a moment, or :skip.' };
}

/** Resolves to true when `promise` settles first, false after `ms`. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
