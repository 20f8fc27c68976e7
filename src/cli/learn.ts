/**
 * `mailproto learn [LESSON] [--dir DIR] [--reset]`: lessons against a sandbox started in this
 * process. On a terminal: the lesson menu and the lesson screen (src/tui/learn-tui.tsx); otherwise
 * line mode, one lesson (LESSON, or the one in progress, or the next not done).
 */
import type { Command } from 'commander';
import { ClientError } from '../client/errors.js';
import { findLesson, nextLesson } from '../lessons/curriculum.js';
import type { LoadedLesson } from '../lessons/load.js';
import { runLearnLineMode } from '../lessons/learn-line-mode.js';
import { Progress } from '../lessons/progress.js';
import { LessonRunner } from '../lessons/runner.js';
import { AbortError } from './errors.js';
import { loadCurriculum } from './lessons.js';

type LearnCliOptions = { readonly dir?: string; readonly reset?: boolean };

/**
 * On a terminal: the lesson menu and lessons in the TUI. Ink and React are loaded here, with a
 * dynamic import, so that line mode starts without them.
 */
async function runTui(lessons: readonly LoadedLesson[], progress: Progress, chosen: LoadedLesson | undefined): Promise<void> {
  // React's production build: faster to load and to render (set before React is first imported).
  process.env.NODE_ENV ??= 'production';
  const { runLearnTui } = await import('../tui/learn-tui.js');
  const where = await runLearnTui({ lessons, progress, ...(chosen ? { initial: chosen } : {}) });
  await progress.flush().catch((err: unknown) => {
    process.stderr.write(`mailproto: could not save progress to ${progress.file}: ${(err as Error).message}\n`);
  });
  if (where.where === 'lesson') {
    const { lesson } = where.lesson;
    process.stdout.write(`Progress saved at step ${where.step + 1} of ${lesson.steps.length} of ${lesson.id}: mailproto learn continues there.\n`);
  } else if (where.where === 'complete') {
    process.stdout.write(where.next ? `Lesson ${where.lesson.lesson.id} done. Next: mailproto learn ${where.next.lesson.id} (${where.next.lesson.title})\n` : `Lesson ${where.lesson.lesson.id} done.\n`);
  }
}

async function run(name: string | undefined, opts: LearnCliOptions): Promise<void> {
  const lessons = await loadCurriculum(opts.dir);
  const progress = await Progress.load();
  if (progress.problem) process.stderr.write(`mailproto: ${progress.problem}\n`);
  const chosen = name === undefined ? undefined : findLesson(lessons, name);
  if (name !== undefined && !chosen) {
    throw new AbortError('E_UNKNOWN_LESSON', `no lesson ${name}`, { tryMessage: `mailproto lessons (e.g. mailproto learn ${lessons[0]!.lesson.id})` });
  }
  if (opts.reset) await progress.reset(chosen?.lesson.id);
  if (process.stdin.isTTY && process.stdout.isTTY) {
    await runTui(lessons, progress, chosen);
    return;
  }
  const loaded = chosen ?? nextLesson(lessons, progress);
  if (!loaded) {
    process.stdout.write(`All ${lessons.length} lessons are done. Do one again with mailproto learn LESSON, or start over with mailproto learn --reset.\n`);
    return;
  }
  const { lesson } = loaded;
  let stdoutGone = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stdoutGone = true;
  });
  const runner = new LessonRunner(lesson);
  progress.follow(runner);
  let result;
  try {
    result = await runLearnLineMode({
      runner,
      startStep: progress.resumeStep(lesson),
      input: process.stdin,
      output: (line) => {
        if (!stdoutGone) process.stdout.write(`${line}\n`);
      },
    });
  } catch (err) {
    await runner.close();
    if (err instanceof ClientError) throw new AbortError(err.code, `the lesson's sandbox session failed: ${err.message}`, { tryMessage: err.tryMessage ?? 'mailproto learn again' });
    throw err;
  }
  await progress.flush().catch((err: unknown) => {
    process.stderr.write(`mailproto: could not save progress to ${progress.file}: ${(err as Error).message}\n`);
  });
  if (stdoutGone) return;
  if (result.completed) {
    const next = nextLesson(lessons, progress);
    process.stdout.write(next ? `Next: mailproto learn ${next.lesson.id} (${next.lesson.title})\n` : 'That was the last lesson. Well done!\n');
  } else {
    process.stdout.write(`Progress saved at step ${result.step + 1} of ${lesson.steps.length}: mailproto learn continues here.\n`);
  }
}

/** `mailproto learn`. */
export function registerLearn(program: Command): void {
  program
    .command('learn')
    .description('take a lesson: the lesson you are in, the next one, or LESSON; against a sandbox of its own')
    .argument('[lesson]', 'lesson id (mailproto lessons lists them); a unique beginning of one is enough')
    .option('--dir <dir>', 'lessons from this folder instead of the built-in ones (for instructors)')
    .option('--reset', 'forget progress (of LESSON, or of all lessons) and start over')
    .addHelpText('after', '\nOn a terminal: a lesson menu, then the lesson beside the protocol session; F3 hint, F4 skip step,\nF5 restart step, F10 menu, F1 help. Otherwise (stdin not a terminal) line mode.\nIn a lesson: type protocol commands; :hint, :skip, :restart (the lesson; :restart step: this step), :quit (and :menu on a terminal).\n\nExamples:\n  $ mailproto learn\n  $ mailproto learn smtp-first-message\n  $ mailproto learn --dir ./my-course')
    .action(async (name: string | undefined, opts: LearnCliOptions) => {
      await run(name, opts);
    });
}
