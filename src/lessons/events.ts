/**
 * What a running lesson tells its screen, beside the session's own ClientEvents: a step to show, a
 * goal reached, a hint, advice after a failed attempt, something the sandbox did, the end.
 */
import type { Protocol } from './goals.js';
import type { Lesson, LessonService, Step } from './schema.js';

export type LessonEvent =
  /** Show this step (its title and Markdown text). `index` counts from 0. */
  | { readonly type: 'step'; readonly index: number; readonly total: number; readonly step: Step }
  /** The step's goal was reached ("✓ step done"); `skipped` after :skip when the model answer did not reach it. */
  | { readonly type: 'goal'; readonly index: number; readonly total: number; readonly step: Step; readonly skipped: boolean }
  /** Hint `n` of `total` (`solution`: the model answer, shown after the last hint). */
  | { readonly type: 'hint'; readonly index: number; readonly n: number; readonly total: number; readonly text: string; readonly solution?: boolean }
  /**
   * A reply said the attempt failed (4xx, 5xx, -ERR, NO, BAD) and the goal is not reached:
   * the reply, the annotator's explanation of it, and the step's own advice.
   */
  | { readonly type: 'mistake'; readonly index: number; readonly reply: string; readonly explanation: readonly string[]; readonly advice?: string }
  /** The sandbox did something (a step action), in a sentence; a `wire` action's transcript has several lines. */
  | { readonly type: 'action'; readonly text: string }
  /** The learner's session connects to `service` (`again`: after the connection had ended). */
  | { readonly type: 'connected'; readonly service: LessonService; readonly protocol: Protocol; readonly target: string; readonly again: boolean }
  /** A resumed lesson has rebuilt the sandbox by replaying steps before `index`. */
  | { readonly type: 'resumed'; readonly index: number; readonly total: number }
  /** Anything else worth a line: no more hints, skipping, starting over. */
  | { readonly type: 'notice'; readonly text: string }
  /** Every step is done. */
  | { readonly type: 'complete'; readonly lesson: Lesson };
