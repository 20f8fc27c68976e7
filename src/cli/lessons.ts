/** `mailproto lessons [--json] [--dir DIR]` and `mailproto lessons check PATH...`. */
import type { Command } from 'commander';
import { builtinLessonsDir, byTrack } from '../lessons/curriculum.js';
import { lessonJsonSchemaText } from '../lessons/json-schema.js';
import { formatProblem, loadLessons, type LoadedLesson } from '../lessons/load.js';
import { Progress } from '../lessons/progress.js';
import { serviceProtocol, type Track } from '../lessons/schema.js';
import { AbortError } from './errors.js';

const TRACK_TITLES: Readonly<Record<Track, string>> = { smtp: 'SMTP', mime: 'MIME', pop3: 'POP3', imap: 'IMAP', security: 'Security' };

/** Loads the lessons `learn` and `lessons` use: the built-in ones, or an instructor's folder. */
export async function loadCurriculum(dir: string | undefined): Promise<LoadedLesson[]> {
  const { lessons, problems } = await loadLessons([dir ?? builtinLessonsDir()]);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).map(formatProblem).join('\n  ');
    throw new AbortError('E_BAD_LESSON', `lesson files with problems:\n  ${shown}${problems.length > 5 ? `\n  (${problems.length - 5} more)` : ''}\n`, {
      tryMessage: `mailproto lessons check ${dir ?? builtinLessonsDir()}`,
    });
  }
  if (lessons.length === 0) throw new AbortError('E_NO_LESSONS', `no lesson files (*.yaml) in ${dir ?? builtinLessonsDir()}`, { tryMessage: 'docs/lessons.md explains how to write one' });
  return lessons;
}

type Row = {
  readonly id: string;
  readonly title: string;
  readonly track: Track;
  readonly protocol: string;
  readonly level: string;
  readonly minutes: number | null;
  readonly steps: number;
  readonly done: boolean;
  /** The step to continue with (0 when not started or done). */
  readonly step: number;
  readonly file: string;
};

function rows(lessons: readonly LoadedLesson[], progress: Progress): Row[] {
  return lessons.map(({ lesson, file }) => ({
    id: lesson.id,
    title: lesson.title,
    track: lesson.track,
    protocol: serviceProtocol(lesson.connect),
    level: lesson.level,
    minutes: lesson.minutes ?? null,
    steps: lesson.steps.length,
    done: progress.isDone(lesson.id),
    step: progress.resumeStep(lesson),
    file,
  }));
}

function status(r: Row, started: boolean): string {
  if (r.done) return 'done';
  if (started) return `at step ${r.step + 1} of ${r.steps}`;
  return r.minutes ? `${r.minutes} min` : '';
}

/** The lesson list as text, grouped by track. */
export function formatLessonList(lessons: readonly LoadedLesson[], progress: Progress): string[] {
  const all = rows(lessons, progress);
  const idWidth = Math.max(...all.map((r) => r.id.length));
  const titleWidth = Math.max(...all.map((r) => r.title.length));
  const out: string[] = [];
  for (const group of byTrack(lessons)) {
    out.push(TRACK_TITLES[group.track]);
    for (const { lesson } of group.lessons) {
      const r = all.find((x) => x.id === lesson.id)!;
      const started = progress.of(r.id) !== undefined;
      out.push(`  ${r.done ? '✓' : ' '} ${r.id.padEnd(idWidth)}  ${r.title.padEnd(titleWidth)}  ${r.level.padEnd(12)}  ${status(r, started)}`.trimEnd());
    }
    out.push('');
  }
  const done = all.filter((r) => r.done).length;
  out.push(`${done} of ${all.length} lessons done. ${done === all.length ? 'All done!' : 'Continue with: mailproto learn'}`);
  return out;
}

async function check(paths: readonly string[]): Promise<void> {
  const builtin = await loadLessons([builtinLessonsDir()]);
  const known = new Set(builtin.lessons.map((l) => l.lesson.id));
  const { lessons, problems } = await loadLessons(paths, known);
  for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
  if (problems.length > 0) {
    process.stderr.write(`mailproto: ${problems.length} problem${problems.length === 1 ? '' : 's'} in lesson files\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${lessons.length} lesson${lessons.length === 1 ? '' : 's'} OK\n`);
}

export function registerLessons(program: Command): void {
  const lessons = program
    .command('lessons')
    .description('list the lessons, grouped by track, with your progress')
    .option('--json', 'print the list as JSON')
    .option('--dir <dir>', 'lessons from this folder instead of the built-in ones')
    .action(async (opts: { json?: boolean; dir?: string }) => {
      const list = await loadCurriculum(opts.dir);
      const progress = await Progress.load();
      if (opts.json) process.stdout.write(`${JSON.stringify(rows(list, progress))}\n`);
      else process.stdout.write(`${formatLessonList(list, progress).join('\n')}\n`);
    });
  lessons
    .command('check')
    .description('validate lesson files; problems are printed as file:line: message, exit status 1')
    .argument('<paths...>', 'lesson files or folders of them')
    .addHelpText('after', '\nExample:\n  $ mailproto lessons check lessons/\n  $ mailproto lessons check my-course/01-greeting.yaml')
    .action(async (paths: string[]) => {
      await check(paths);
    });
  lessons
    .command('schema')
    .description('print the JSON Schema of lesson files (for editors; lessons/lesson.schema.json is this output)')
    .action(() => {
      process.stdout.write(lessonJsonSchemaText());
    });
}
