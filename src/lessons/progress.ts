/**
 * The learner's progress: which lesson they are in, at which step, and which lessons are done.
 * Kept in the user's state directory (`$XDG_STATE_HOME/mailproto/progress.json`, by default
 * `~/.local/state/mailproto/progress.json`), the same directory the TUI keeps its history in, and
 * written atomically (a crash leaves the old file or the new one, never half of one).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, posix, win32 } from 'node:path';
import { isErrno, writeFileAtomic } from '../store/durable-fs.js';
import type { LessonEvent } from './events.js';
import type { Lesson } from './schema.js';

export const PROGRESS_FILE = 'progress.json';
export const PROGRESS_VERSION = 1;

export type LessonProgress = {
  /** Index of the step to continue with. */
  readonly step: number;
  /** Its id, so that a lesson edited meanwhile resumes at the same step. */
  readonly stepId?: string;
  readonly done: boolean;
  readonly updated: string;
};

type ProgressData = { version: number; current?: string; lessons: Record<string, LessonProgress> };

/** mailproto's state directory (the TUI's src/tui/history.ts stateDir() picks the same one). */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA && win32.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : win32.join(home, 'AppData', 'Local');
    return win32.join(local, 'mailproto', 'state');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'mailproto', 'state');
  // XDG Base Directory spec: a relative XDG_STATE_HOME is invalid and ignored.
  const xdg = env.XDG_STATE_HOME && posix.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : posix.join(home, '.local', 'state');
  return posix.join(xdg, 'mailproto');
}

export function defaultProgressFile(env: NodeJS.ProcessEnv = process.env): string {
  return (process.platform === 'win32' ? win32 : posix).join(stateDirectory(env), PROGRESS_FILE);
}

function isProgressData(value: unknown): value is ProgressData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ProgressData>;
  return v.version === PROGRESS_VERSION && typeof v.lessons === 'object' && v.lessons !== null && (v.current === undefined || typeof v.current === 'string');
}

export class Progress {
  private writes: Promise<void> = Promise.resolve();
  private last: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private data: ProgressData,
    /** Why the file could not be used, when it could not (it is then replaced on the next save). */
    readonly problem?: string,
  ) {}

  /** Reads the progress file; a missing one is empty progress, an unreadable one too (with `problem` set). */
  static async load(file: string = defaultProgressFile()): Promise<Progress> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return new Progress(file, { version: PROGRESS_VERSION, lessons: {} });
      throw err;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (isProgressData(parsed)) return new Progress(file, parsed);
    } catch {
      // fall through: a damaged file is reported, and replaced by the next save
    }
    return new Progress(file, { version: PROGRESS_VERSION, lessons: {} }, `${file} is not a progress file of this mailproto version; starting with no progress`);
  }

  /** The lesson the learner was last in (and did not finish). */
  get current(): string | undefined {
    return this.data.current;
  }

  of(id: string): LessonProgress | undefined {
    return this.data.lessons[id];
  }

  isDone(id: string): boolean {
    return this.data.lessons[id]?.done ?? false;
  }

  /** Where to continue `lesson`: the saved step (found by id first), 0 for a new or finished lesson. */
  resumeStep(lesson: Pick<Lesson, 'id' | 'steps'>): number {
    const p = this.data.lessons[lesson.id];
    if (!p || p.done) return 0;
    const byId = p.stepId === undefined ? -1 : lesson.steps.findIndex((s) => s.id === p.stepId);
    if (byId >= 0) return byId;
    return p.step >= 0 && p.step < lesson.steps.length ? p.step : 0;
  }

  /** The learner is at `step` of `lesson` (not done). */
  setStep(lesson: Pick<Lesson, 'id' | 'steps'>, step: number): Promise<void> {
    const stepId = lesson.steps[step]?.id;
    const done = this.data.lessons[lesson.id]?.done ?? false;
    this.data.lessons[lesson.id] = { step, ...(stepId ? { stepId } : {}), done, updated: new Date().toISOString() };
    this.data.current = lesson.id;
    return this.save();
  }

  /** Saves progress as the runner reports it: each step shown, and the end. Returns the unsubscribe function. */
  follow(runner: { readonly lesson: Lesson; on(listener: (e: LessonEvent) => void): () => void }): () => void {
    return runner.on((e) => {
      // Errors surface through flush(); a step must not wait for the disk.
      if (e.type === 'step') void this.setStep(runner.lesson, e.index).catch(() => undefined);
      if (e.type === 'resumed') void this.setStep(runner.lesson, e.index).catch(() => undefined);
      if (e.type === 'complete') void this.complete(runner.lesson.id).catch(() => undefined);
    });
  }

  /** The lesson is done; the next `learn` starts elsewhere. */
  complete(id: string): Promise<void> {
    this.data.lessons[id] = { step: 0, done: true, updated: new Date().toISOString() };
    if (this.data.current === id) delete this.data.current;
    return this.save();
  }

  /** Forgets one lesson's progress, or everything. */
  reset(id?: string): Promise<void> {
    if (id === undefined) this.data = { version: PROGRESS_VERSION, lessons: {} };
    else {
      delete this.data.lessons[id];
      if (this.data.current === id) delete this.data.current;
    }
    return this.save();
  }

  /** Resolves when every save so far is on disk (rejects when the last one failed). */
  flush(): Promise<void> {
    return this.last;
  }

  /** Writes in call order; each write replaces the file atomically. */
  private save(): Promise<void> {
    const text = `${JSON.stringify(this.data, null, 2)}\n`;
    const run = this.writes.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, text, 0o600);
    });
    this.writes = run.catch(() => undefined);
    this.last = run;
    return run;
  }
}
