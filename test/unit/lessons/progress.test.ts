/** Progress: where it is kept, what it remembers, and that it survives a restart (a new Progress). */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Progress, stateDirectory } from '../../../src/lessons/progress.js';

const lesson = { id: 'smtp-first-message', steps: [{ id: 'greet' }, { id: 'mail-from' }, { id: 'rcpt-to' }] } as const;
// Progress only reads ids of lessons and steps.
const asLesson = (l: { id: string; steps: ReadonlyArray<{ id: string }> }) => l as unknown as Parameters<Progress['setStep']>[0];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailproto-progress-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stateDirectory', () => {
  it.each([
    ['XDG_STATE_HOME', { XDG_STATE_HOME: '/x/state' }, 'linux', '/x/state/mailproto'],
    ['the default on Linux', {}, 'linux', '/home/u/.local/state/mailproto'],
    ['a relative XDG_STATE_HOME (invalid, ignored)', { XDG_STATE_HOME: 'state' }, 'linux', '/home/u/.local/state/mailproto'],
    ['macOS', {}, 'darwin', '/home/u/Library/Application Support/mailproto/state'],
  ] as const)('%s', (_what, env, platform, expected) => {
    expect(stateDirectory(env, platform, '/home/u')).toBe(expected);
  });

  it('uses LOCALAPPDATA on Windows', () => {
    expect(stateDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Local\\mailproto\\state');
  });
});

describe('Progress', () => {
  it('starts empty when there is no file', async () => {
    const p = await Progress.load(join(dir, 'mailproto', 'progress.json'));
    expect(p.current).toBeUndefined();
    expect(p.resumeStep(asLesson(lesson))).toBe(0);
    expect(p.problem).toBeUndefined();
  });

  it('remembers the step across a restart, in a file only the user can read', async () => {
    const file = join(dir, 'mailproto', 'progress.json');
    const p = await Progress.load(file);
    await p.setStep(asLesson(lesson), 2);
    const again = await Progress.load(file);
    expect(again.current).toBe('smtp-first-message');
    expect(again.resumeStep(asLesson(lesson))).toBe(2);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, current: 'smtp-first-message', lessons: { 'smtp-first-message': { step: 2, stepId: 'rcpt-to', done: false } } });
  });

  it('finds the step by id when the lesson has changed meanwhile', async () => {
    const file = join(dir, 'progress.json');
    await (await Progress.load(file)).setStep(asLesson(lesson), 2);
    const edited = { id: lesson.id, steps: [{ id: 'greet' }, { id: 'new-step' }, { id: 'mail-from' }, { id: 'rcpt-to' }] };
    expect((await Progress.load(file)).resumeStep(asLesson(edited))).toBe(3);
    const shorter = { id: lesson.id, steps: [{ id: 'greet' }] };
    expect((await Progress.load(file)).resumeStep(asLesson(shorter))).toBe(0);
  });

  it('marks a lesson done, and a done lesson starts from the beginning', async () => {
    const file = join(dir, 'progress.json');
    const p = await Progress.load(file);
    await p.setStep(asLesson(lesson), 1);
    await p.complete(lesson.id);
    const again = await Progress.load(file);
    expect(again.isDone(lesson.id)).toBe(true);
    expect(again.current).toBeUndefined();
    expect(again.resumeStep(asLesson(lesson))).toBe(0);
  });

  it('resets one lesson or everything', async () => {
    const file = join(dir, 'progress.json');
    const p = await Progress.load(file);
    await p.complete('pop3-read-mail');
    await p.setStep(asLesson(lesson), 1);
    await p.reset(lesson.id);
    expect(p.of(lesson.id)).toBeUndefined();
    expect(p.isDone('pop3-read-mail')).toBe(true);
    await p.reset();
    expect((await Progress.load(file)).isDone('pop3-read-mail')).toBe(false);
  });

  it('says so when the file is damaged, and replaces it on the next save', async () => {
    const file = join(dir, 'progress.json');
    await writeFile(file, '{"version": 1, "lessons": ');
    const p = await Progress.load(file);
    expect(p.problem).toMatch(/is not a progress file/);
    await p.setStep(asLesson(lesson), 1);
    expect((await Progress.load(file)).resumeStep(asLesson(lesson))).toBe(1);
  });

  it('writes atomically: no temporary files are left behind', async () => {
    const file = join(dir, 'progress.json');
    const p = await Progress.load(file);
    await Promise.all([p.setStep(asLesson(lesson), 1), p.setStep(asLesson(lesson), 2), p.complete('other')]);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual(['progress.json']);
    const again = await Progress.load(file);
    expect(again.resumeStep(asLesson(lesson))).toBe(2);
    expect(again.isDone('other')).toBe(true);
  });
});
