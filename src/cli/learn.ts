/**
 * `mailproto learn [LESSON] [--dir DIR] [--reset]`: a lesson against a sandbox started in this
 * process. Line mode for now, on a terminal too (the TUI's lesson pane takes over there later).
 */
import type { Command } from 'commander';
import { ClientError } from '../client/errors.js';
import { findLesson, nextLesson } from '../lessons/curriculum.js';
import { runLearnLineMode } from '../lessons/learn-line-mode.js';
import { Progress } from '../lessons/progress.js';
import { LessonRunner } from '../lessons/runner.js';
import { AbortError } from './errors.js';
import { loadCurriculum } from './lessons.js';

type LearnCliOptions = { readonly dir?: string; readonly reset?: boolean };

async function run(name: string | undefined, opts: LearnCliOptions): Promise<void> {
  const lessons = await loadCurriculum(opts.dir);
  const progress = await Progress.load();
  if (progress.problem) process.stderr.write(`mailproto: ${progress.problem}\n`);
  const chosen = name === undefined ? undefined : findLesson(lessons, name);
  if (name !== undefined && !chosen) {
    throw new AbortError('E_UNKNOWN_LESSON', `no lesson ${name}`, { tryMessage: `mailproto lessons (e.g. mailproto learn ${lessons[0]!.lesson.id})` });
  }
  if (opts.reset) await progress.reset(chosen?.lesson.id);
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
    .addHelpText('after', '\nIn a lesson: type protocol commands; :hint, :skip, :restart, :quit.\n\nExamples:\n  $ mailproto learn\n  $ mailproto learn smtp-first-message\n  $ mailproto learn --dir ./my-course')
    .action(async (name: string | undefined, opts: LearnCliOptions) => {
      await run(name, opts);
    });
}
