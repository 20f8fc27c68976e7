/**
 * What the lesson pane and the completion screen show, folded from the runner's LessonEvents:
 * the step, the hints revealed so far, the last failed attempt with its explanation and the step's
 * advice, what the sandbox did, and counts for the summary at the end. Pure, so it is tested
 * without a screen.
 */
import type { LessonEvent } from '../lessons/events.js';
import type { Lesson, Step } from '../lessons/schema.js';

export type RevealedHint = { readonly n: number; readonly total: number; readonly text: string; readonly solution: boolean };

export type Mistake = { readonly reply: string; readonly explanation: readonly string[]; readonly advice?: string };

export type LessonStats = {
  /** Hints revealed in this run (model answers included). */
  readonly hints: number;
  /** Steps skipped with :skip / F4. */
  readonly skipped: number;
  /** Failed attempts (replies that said no). */
  readonly mistakes: number;
  /** The step this run started at (0 unless resumed). */
  readonly startedAt: number;
};

export type LessonView = {
  readonly lesson: Lesson;
  /** Index of the current step; -1 before the first one is shown. */
  readonly index: number;
  readonly step: Step | undefined;
  readonly hints: readonly RevealedHint[];
  readonly mistake: Mistake | undefined;
  /** The step just finished (shown above the next one until something else happens). */
  readonly done: { readonly index: number; readonly title: string; readonly success?: string; readonly skipped: boolean } | undefined;
  /** The sandbox's actions and the runner's notices during this step, newest last. */
  readonly notes: readonly string[];
  readonly complete: boolean;
  readonly stats: LessonStats;
  /** The step the learner asked to skip (:skip, F4): its goal counts as skipped even when the model answer reaches it. */
  readonly skipping?: number;
  /** Bumped when the learner should see the newest item at the bottom of the pane (a hint, advice). */
  readonly attention: number;
};

/** Notes kept per step (older ones drop off). */
export const MAX_NOTES = 4;

export function initialView(lesson: Lesson, startedAt = 0): LessonView {
  return {
    lesson,
    index: -1,
    step: undefined,
    hints: [],
    mistake: undefined,
    done: undefined,
    notes: [],
    complete: false,
    stats: { hints: 0, skipped: 0, mistakes: 0, startedAt },
    attention: 0,
  };
}

const note = (v: LessonView, text: string): readonly string[] => [...v.notes, text].slice(-MAX_NOTES);

/** The learner asked to skip the current step. */
export function markSkipping(v: LessonView): LessonView {
  return { ...v, skipping: v.index };
}

/** The view after one event. */
export function reduceView(v: LessonView, e: LessonEvent): LessonView {
  switch (e.type) {
    case 'step':
      return { ...v, index: e.index, step: e.step, hints: [], mistake: undefined, notes: v.index === e.index ? v.notes : [] };
    case 'goal': {
      const skipped = e.skipped || v.skipping === e.index;
      return {
        ...v,
        done: { index: e.index, title: e.step.title, ...(e.step.success ? { success: e.step.success } : {}), skipped },
        stats: skipped ? { ...v.stats, skipped: v.stats.skipped + 1 } : v.stats,
      };
    }
    case 'hint':
      return {
        ...v,
        hints: [...v.hints, { n: e.n, total: e.total, text: e.text, solution: e.solution ?? false }],
        stats: { ...v.stats, hints: v.stats.hints + 1 },
        attention: v.attention + 1,
      };
    case 'mistake':
      return {
        ...v,
        mistake: { reply: e.reply, explanation: e.explanation, ...(e.advice ? { advice: e.advice } : {}) },
        stats: { ...v.stats, mistakes: v.stats.mistakes + 1 },
        attention: v.attention + 1,
      };
    case 'action':
      // Often part of entering a step: the step's text keeps the top of the pane.
      return { ...v, notes: note(v, e.text) };
    case 'notice':
      return { ...v, notes: note(v, e.text), attention: v.attention + 1 };
    case 'resumed':
      return { ...v, index: e.index, notes: note(v, `Resumed at step ${e.index + 1} of ${e.total}: the earlier steps were replayed to rebuild the sandbox.`) };
    case 'connected':
      return e.again ? v : { ...v, notes: note(v, `Connected to the sandbox's ${e.service} service.`) };
    case 'complete':
      return { ...v, complete: true, index: v.lesson.steps.length, step: undefined };
  }
}
