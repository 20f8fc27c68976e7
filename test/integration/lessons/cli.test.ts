/**
 * `mailproto learn` and `mailproto lessons` as a learner and an instructor run them: line mode on
 * piped stdin, progress in a temporary XDG_STATE_HOME that survives from one run to the next.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../../helpers/cli-process.js';
import { lessonJsonSchemaText } from '../../../src/lessons/json-schema.js';

type Run = { readonly code: number | null; readonly stdout: string; readonly stderr: string };

let state: string;

/** `node bin/mailproto ARGS` with `input` on stdin (then EOF) and XDG_STATE_HOME=state. */
function mailproto(args: readonly string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/mailproto', ...args], { cwd: ROOT, env: { ...process.env, XDG_STATE_HOME: state, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdin.on('error', () => undefined);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mailproto ${args.join(' ')} did not end\n--- stdout:\n${stdout}\n--- stderr:\n${stderr}`));
    }, 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

beforeAll(() => ensureBuilt());
beforeEach(async () => {
  state = await mkdtemp(join(tmpdir(), 'mailproto-state-'));
});
afterEach(async () => {
  await rm(state, { recursive: true, force: true });
});

const FIRST_TWO_STEPS = 'EHLO laptop.example\nMAIL FROM:<alice@sandbox.test>\n';
const THE_REST = 'RCPT TO:<bob@sandbox.test>\nDATA\nSubject: Hello from a test\n\nHi bob.\n.\nQUIT\n';

describe('mailproto lessons', () => {
  it('check: the built-in lessons pass', async () => {
    const run = await mailproto(['lessons', 'check', 'lessons/']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^\d+ lessons OK\n$/);
  });

  it('check: problems are file:line: message, exit status 1', async () => {
    const dir = join(state, 'course');
    await mkdir(dir);
    const file = join(dir, '01-greeting.yaml');
    await writeFile(file, 'id: greeting\ntitle: Greeting\ntrack: smtp\nlevel: expert\n');
    const run = await mailproto(['lessons', 'check', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${file}:4: level: Invalid option`);
    expect(run.stdout).toContain(`${file}:1: summary: Invalid input`);
    expect(run.stderr).toMatch(/problems in lesson files/);
  });

  it('schema: prints the committed lesson.schema.json', async () => {
    expect((await mailproto(['lessons', 'schema'])).stdout).toBe(lessonJsonSchemaText());
  });

  it('lists the lessons by track, with progress, as text and as JSON', async () => {
    const text = await mailproto(['lessons']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^SMTP\n {4}smtp-first-message +Your first message, by hand +beginner +10 min\n/);
    expect(text.stdout).toMatch(/\nPOP3\n/);
    expect(text.stdout).toMatch(/\n0 of \d+ lessons done\. Continue with: mailproto learn\n$/);
    const json = JSON.parse((await mailproto(['lessons', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(json[0]).toMatchObject({ id: 'smtp-first-message', track: 'smtp', protocol: 'smtp', level: 'beginner', done: false, steps: 5 });
  });
});

describe('mailproto learn (line mode)', () => {
  it('resumes where the learner stopped, completes, and starts over with --reset', async () => {
    const first = await mailproto(['learn', 'smtp-first-message'], FIRST_TWO_STEPS);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('== Step 1 of 5: Say hello ==');
    expect(first.stdout).toContain('C: EHLO laptop.example');
    expect(first.stdout).toMatch(/S: 250 HELP\n(#.*\n)*✓ step done\n/);
    expect(first.stdout).toContain('Progress saved at step 3 of 5: mailproto learn continues here.');
    const saved = JSON.parse(await readFile(join(state, 'mailproto', 'progress.json'), 'utf8')) as { current: string; lessons: Record<string, { step: number }> };
    expect(saved).toMatchObject({ current: 'smtp-first-message', lessons: { 'smtp-first-message': { step: 2, stepId: 'rcpt-to' } } });

    // A new process: `learn` without a lesson goes on with the one in progress.
    const second = await mailproto(['learn'], THE_REST);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('resuming at step 3 of 5');
    expect(second.stdout).not.toContain('C: EHLO');
    expect(second.stdout).toContain('== Step 3 of 5: Who gets it? ==');
    expect(second.stdout).toContain('✓ lesson complete: Your first message, by hand');
    expect(second.stdout).toMatch(/Next: mailproto learn smtp-reply-codes/);
    const list = JSON.parse((await mailproto(['lessons', '--json'])).stdout) as Array<{ id: string; done: boolean }>;
    expect(list.find((l) => l.id === 'smtp-first-message')?.done).toBe(true);

    // Without a lesson, learn now opens the next one.
    expect((await mailproto(['learn'], '')).stdout).toContain('Lesson: Reading SMTP reply codes');
    const reset = await mailproto(['learn', 'smtp-first-message', '--reset'], '');
    expect(reset.stdout).toContain('== Step 1 of 5: Say hello ==');
    expect(reset.stdout).toContain('Progress saved at step 1 of 5');
  }, 90_000);

  it('gives hints and advice, and :skip types the model answer', async () => {
    const run = await mailproto(['learn', 'smtp-first-message'], 'EHLO\n:hint\n:skip\n:quit\n');
    expect(run.stdout).toMatch(/S: 501 .*\n(#.*\n)*!  EHLO needs exactly one word after it/);
    expect(run.stdout).toContain('?  hint 1 of 2: The command is EHLO');
    expect(run.stdout).toContain('*  Skipping: the model answer is typed for you.\nC: EHLO laptop.example');
    expect(run.stdout).toContain('== Step 2 of 5');
  });

  it('runs an instructor\'s lesson from --dir', async () => {
    const dir = join(state, 'course');
    await mkdir(dir);
    await writeFile(
      join(dir, '01-noop.yaml'),
      [
        'id: noop',
        'title: Say NOOP',
        'track: smtp',
        'level: beginner',
        'summary: The shortest lesson.',
        'objectives: [Send NOOP]',
        'connect: smtp',
        'steps:',
        '  - id: noop',
        '    title: NOOP',
        '    text: Type NOOP.',
        '    goal: { reply: { code: 250, command: NOOP } }',
        'solution: { noop: [NOOP] }',
        '',
      ].join('\n'),
    );
    const run = await mailproto(['learn', '--dir', dir], 'NOOP\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ lesson complete: Say NOOP');
    expect(run.stdout).toContain('That was the last lesson. Well done!');
  });

  it('refuses an unknown lesson with a next step', async () => {
    const run = await mailproto(['learn', 'nosuch']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('mailproto: no lesson nosuch. Try: mailproto lessons (e.g. mailproto learn smtp-first-message)\n');
  });

  it('mailproto without arguments prints help when stdin is not a terminal', async () => {
    const run = await mailproto([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: mailproto/);
    expect(run.stdout).toMatch(/\n {2}learn \[options\] \[lesson\]/);
    expect(run.stdout).toMatch(/\n {2}lessons \[options\] +list the lessons/);
  });
});
