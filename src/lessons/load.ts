/**
 * Reading lesson files: YAML → zod → Lesson, every problem reported as `file:line: message` (the
 * line found from the YAML node ranges along the zod issue's path), as compilers and linters do.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { checkLesson } from './lesson-rules.js';
import { Lesson } from './schema.js';

export type LessonProblem = { readonly file: string; readonly line: number; readonly message: string };

/** A lesson read from a file, with a way back from a path in it to a line. */
export type LoadedLesson = {
  readonly lesson: Lesson;
  readonly file: string;
  lineOf(path: readonly PropertyKey[]): number;
};

export type LoadResult = { readonly lessons: LoadedLesson[]; readonly problems: LessonProblem[] };

/** Lesson files in a folder: `*.yaml` and `*.yml`; an `NN-` prefix in the name sets the order. */
export const LESSON_FILE = /\.ya?ml$/i;

export function formatProblem(p: LessonProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

type Located = { range?: [number, number, number] | null };

function startLine(node: unknown, lc: LineCounter): number | undefined {
  const range = (node as Located | null)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** The line of the deepest node along `path` (a key's line for map entries). */
function locate(doc: Document, lc: LineCounter, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let line = startLine(node, lc) ?? 1;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) break;
      line = startLine(pair.key, lc) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      if (!item) break;
      line = startLine(item, lc) ?? line;
      node = item as Node;
    } else break;
  }
  return line;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `${out ? '.' : ''}${String(seg)}`;
  return out;
}

type Issue = z.core.$ZodIssue;

/** A union failed: report the branch that got furthest, which is nearly always the one meant. */
function unionBranch(issue: Issue & { code: 'invalid_union' }): Issue | undefined {
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    for (const sub of branch) {
      if (!best || sub.path.length > best.path.length) best = sub;
    }
  }
  return best && best.path.length > 0 ? { ...best, path: [...issue.path, ...best.path] } : undefined;
}

function describe(issue: Issue): { path: PropertyKey[]; message: string } {
  if (issue.code === 'invalid_union') {
    const branch = unionBranch(issue);
    if (branch) return describe(branch);
  }
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return { path: [...issue.path, key], message: `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} (docs/lessons.md lists the fields)` };
  }
  return { path: [...issue.path], message: issue.message };
}

function yamlMessage(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Parses one lesson file's text. `file` is how problems name it. */
export function parseLesson(text: string, file: string): { lesson?: LoadedLesson; problems: LessonProblem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map((e) => ({ file, line: e.linePos?.[0].line ?? 1, message: `YAML: ${yamlMessage(e.message)}` })) };
  }
  const result = Lesson.safeParse(doc.toJS());
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const { path, message } = describe(issue);
      const where = pathText(path);
      return { file, line: locate(doc, lc, path), message: where ? `${where}: ${message}` : message };
    });
    return { problems: dedupe(problems) };
  }
  const lesson = result.data;
  const problems: LessonProblem[] = checkLesson(lesson).map(({ path, message }) => ({ file, line: locate(doc, lc, path), message: `${pathText(path)}: ${message}` }));
  if (problems.length > 0) return { problems };
  const stem = basename(file).replace(LESSON_FILE, '').replace(/^\d+-/, '');
  if (stem !== lesson.id) {
    problems.push({ file, line: locate(doc, lc, ['id']), message: `id ${lesson.id} does not match the file name: call the file ${lesson.id}.yaml (an "NN-" prefix for the order is fine)` });
  }
  return { lesson: { lesson, file, lineOf: (path) => locate(doc, lc, path) }, problems };
}

function dedupe(problems: LessonProblem[]): LessonProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Reads and parses one file. */
export async function loadLessonFile(file: string): Promise<{ lesson?: LoadedLesson; problems: LessonProblem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { problems: [{ file, line: 1, message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }] };
  }
  return parseLesson(text, file);
}

/** The lesson files of a folder, in curriculum order (file name order). */
export async function lessonFilesIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => LESSON_FILE.test(n)).sort();
  return names.map((n) => join(dir, n));
}

/**
 * Files and folders (their lesson files) in the order given. Missing paths become problems.
 * `known`: lesson ids that prerequisites may name besides these (see checkLessonSet).
 */
export async function loadLessons(paths: readonly string[], known: ReadonlySet<string> = new Set()): Promise<LoadResult> {
  const lessons: LoadedLesson[] = [];
  const problems: LessonProblem[] = [];
  for (const path of paths) {
    let files: string[];
    try {
      files = (await stat(path)).isDirectory() ? await lessonFilesIn(path) : [path];
    } catch (err) {
      problems.push({ file: path, line: 1, message: `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      continue;
    }
    for (const file of files) {
      const one = await loadLessonFile(file);
      if (one.lesson) lessons.push(one.lesson);
      problems.push(...one.problems);
    }
  }
  problems.push(...checkLessonSet(lessons, known));
  return { lessons, problems };
}

/**
 * Checks across lessons: ids unique, prerequisites that exist (among these lessons and `known`,
 * e.g. the built-in curriculum when checking an instructor's folder).
 */
export function checkLessonSet(lessons: readonly LoadedLesson[], known: ReadonlySet<string> = new Set()): LessonProblem[] {
  const problems: LessonProblem[] = [];
  const first = new Map<string, LoadedLesson>();
  for (const l of lessons) {
    const earlier = first.get(l.lesson.id);
    if (earlier) problems.push({ file: l.file, line: l.lineOf(['id']), message: `lesson id ${l.lesson.id} is also used by ${earlier.file}` });
    else first.set(l.lesson.id, l);
  }
  for (const l of lessons) {
    l.lesson.prerequisites.forEach((id, i) => {
      if (!first.has(id) && !known.has(id)) problems.push({ file: l.file, line: l.lineOf(['prerequisites', i]), message: `prerequisites[${i}]: no lesson has the id ${id}` });
    });
  }
  return problems;
}
