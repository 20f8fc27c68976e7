/**
 * Every lesson's model answer, typed into the engine against a fresh sandbox, completes the lesson,
 * step by step; and no step is done before the learner (or the sandbox) has done its part. This is
 * what keeps the curriculum from rotting when the sandbox or the annotator changes.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLessons } from '../../../src/lessons/load.js';
import { LessonRunner, type LessonEvent } from '../../../src/lessons/runner.js';

const DIR = fileURLToPath(new URL('../../../lessons', import.meta.url));
const { lessons, problems } = await loadLessons([DIR]);

const running: LessonRunner[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

describe('the curriculum', () => {
  it('loads without problems', () => {
    expect(problems).toEqual([]);
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons.map((l) => [l.lesson.id, l] as const))('%s: the solution completes every step', async (_id, { lesson }) => {
    const runner = new LessonRunner(lesson, { sandboxWaitMs: 5000 });
    running.push(runner);
    const events: LessonEvent[] = [];
    const transcript: string[] = [];
    runner.on((e) => events.push(e));
    runner.session.on('event', (e) => {
      if (e.type === 'send') transcript.push(`C: ${e.text}`);
      if (e.type === 'recv') transcript.push(`S: ${e.text}`);
    });
    await runner.start();
    for (const [i, step] of lesson.steps.entries()) {
      // Nothing the learner has not done yet counts: the step is still open when it is shown.
      expect(runner.stepIndex, `step ${step.id} was done before its solution ran\n${transcript.join('\n')}`).toBe(i);
      const ok = await runner.solveStep();
      expect(ok, `step ${step.id} not done by its solution\n${transcript.join('\n')}`).toBe(true);
    }
    expect(runner.complete).toBe(true);
    expect(events.filter((e) => e.type === 'goal' && !e.skipped)).toHaveLength(lesson.steps.length);
    expect(events.at(-1)?.type).toBe('complete');
  });
});
