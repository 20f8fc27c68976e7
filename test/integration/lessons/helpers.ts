/** Loading the built-in lessons and running them in tests, with everything they printed. */
import { fileURLToPath } from 'node:url';
import type { ClientEvent } from '../../../src/client/events.js';
import { loadLessons, parseLesson } from '../../../src/lessons/load.js';
import { LessonRunner, type LessonEvent } from '../../../src/lessons/runner.js';
import type { Lesson } from '../../../src/lessons/schema.js';

export const LESSONS_DIR = fileURLToPath(new URL('../../../lessons', import.meta.url));

export async function builtinLesson(id: string): Promise<Lesson> {
  const { lessons } = await loadLessons([LESSONS_DIR]);
  const found = lessons.find((l) => l.lesson.id === id);
  if (!found) throw new Error(`no built-in lesson ${id}`);
  return found.lesson;
}

/** A lesson from YAML text (named after its id, so that the file-name check passes). */
export function lessonFromYaml(text: string): Lesson {
  const id = /^id: (\S+)$/m.exec(text)?.[1] ?? 'x';
  const { lesson, problems } = parseLesson(text, `${id}.yaml`);
  if (!lesson) throw new Error(problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return lesson.lesson;
}

export type Watched = {
  readonly runner: LessonRunner;
  readonly events: LessonEvent[];
  readonly session: ClientEvent[];
  /** S:/C: lines so far. */
  wire(): string[];
};

/** A runner whose lesson events and session events are collected. Close it with `runner.close()`. */
export function watch(lesson: Lesson): Watched {
  const runner = new LessonRunner(lesson, { sandboxWaitMs: 5000 });
  const events: LessonEvent[] = [];
  const session: ClientEvent[] = [];
  runner.on((e) => events.push(e));
  runner.session.on('event', (e) => session.push(e));
  return {
    runner,
    events,
    session,
    wire: () => session.flatMap((e) => (e.type === 'send' ? [`C: ${e.text}`] : e.type === 'recv' ? [`S: ${e.text}`] : [])),
  };
}
