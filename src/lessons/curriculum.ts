/**
 * The built-in curriculum (the `lessons/` folder shipped in the package) and the choice of what to
 * learn next.
 */
import { fileURLToPath } from 'node:url';
import type { LoadedLesson } from './load.js';
import type { Progress } from './progress.js';
import { TRACKS, type Lesson, type Track } from './schema.js';

/** `lessons/` at the package root (next to dist/ and src/). */
export function builtinLessonsDir(): string {
  return fileURLToPath(new URL('../../lessons/', import.meta.url));
}

/** Lessons grouped by track, in TRACKS order, each group in curriculum (file) order. */
export function byTrack<T extends { readonly lesson: Lesson }>(lessons: readonly T[]): Array<{ track: Track; lessons: T[] }> {
  return TRACKS.map((track) => ({ track, lessons: lessons.filter((l) => l.lesson.track === track) })).filter((g) => g.lessons.length > 0);
}

/** The lesson `learn` opens without a LESSON: the one in progress, else the first not done. */
export function nextLesson(lessons: readonly LoadedLesson[], progress: Progress): LoadedLesson | undefined {
  const current = progress.current === undefined ? undefined : lessons.find((l) => l.lesson.id === progress.current);
  if (current && !progress.isDone(current.lesson.id)) return current;
  return lessons.find((l) => !progress.isDone(l.lesson.id));
}

/** Finds a lesson by id, or by a prefix of exactly one id. */
export function findLesson(lessons: readonly LoadedLesson[], name: string): LoadedLesson | undefined {
  const exact = lessons.find((l) => l.lesson.id === name);
  if (exact) return exact;
  const matches = lessons.filter((l) => l.lesson.id.startsWith(name));
  return matches.length === 1 ? matches[0] : undefined;
}
