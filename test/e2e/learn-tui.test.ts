/**
 * `mailproto learn` on a terminal: the lesson menu, the first lesson typed through from its own
 * solution with one hint, the completion screen; then a second run that finds the lesson done, and
 * a lesson left half-way that the next run offers to continue. Read from the screen through a
 * headless terminal emulator; the state directory (progress) is the helper's XDG_STATE_HOME.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, ROOT } from '../helpers/cli-process.js';
import { KEYS, PtyScreen } from '../helpers/pty-screen.js';

beforeAll(() => ensureBuilt());
afterEach(() => PtyScreen.killAll());

/** Each lesson starts a sandbox (a certificate is made): give a loaded machine time. */
const SLOW = { timeout: 120_000 };

const F3 = '\x1bOR';
const F4 = '\x1bOS';
const F5 = '\x1b[15~';
const F6 = '\x1b[17~';
const F10 = '\x1b[21~';

/** A lesson that moves from SMTP to POP3 to IMAP, for `learn --dir`. */
const THREE_PROTOCOLS = `
id: three-protocols
title: Three protocols
track: smtp
level: beginner
summary: SMTP, then POP3, then IMAP.
objectives: [Meet all three]
connect: smtp
steps:
  - id: ehlo
    title: SMTP hello
    text: Say EHLO.
    goal: { reply: { code: 250, command: EHLO } }
    hints: [Type EHLO me]
  - id: pop3
    title: POP3 user
    text: Say USER alice.
    connect: pop3
    goal: { reply: { code: +OK, command: USER } }
  - id: imap
    title: IMAP capability
    text: Ask for the CAPABILITY.
    connect: imap
    goal: { reply: { code: OK, command: CAPABILITY } }
solution:
  ehlo: [EHLO me]
  pop3: [USER alice]
  imap: [CAPABILITY]
`;

type LessonFile = {
  id: string;
  title: string;
  steps: Array<{ id: string; title: string; hints?: string[] }>;
  solution: Record<string, string[]>;
};

/** The first lesson of the curriculum, as its file says. */
function firstLesson(): LessonFile {
  const dir = join(ROOT, 'lessons');
  const file = readdirSync(dir)
    .filter((f) => /^01-.*\.yaml$/.test(f))
    .sort()[0]!;
  return parse(readFileSync(join(dir, file), 'utf8')) as LessonFile;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The lesson pane's heading for step `i` (0-based). */
const heading = (l: LessonFile, i: number): RegExp => new RegExp(`Step ${i + 1} of ${l.steps.length} · ${esc(l.steps[i]!.title.slice(0, 20))}`);

/** Types a step's solution lines: after DATA, the lines go into the message editor. */
async function typeSolution(s: PtyScreen, lines: readonly string[]): Promise<void> {
  let inData = false;
  for (const line of lines) {
    s.typeLine(line);
    if (!inData && /^DATA$/i.test(line)) {
      await s.waitFor(/data> /);
      inData = true;
    } else if (inData && line === '.') inData = false;
  }
}

describe('mailproto learn in the TUI', () => {
  it('menu → the first lesson typed through with one hint → completion; the next run shows it done', SLOW, async () => {
    const lesson = firstLesson();
    const s = PtyScreen.start(['learn'], { cols: 80, rows: 24 });
    await s.waitFor(/mailproto learn — lessons/);
    // The first lesson of the menu is selected: Enter opens it.
    let screen = await s.settle();
    expect(screen).toMatch(new RegExp(`^▶ +${esc(lesson.title.slice(0, 30))}`, 'm'));
    expect(screen).toMatch(/0 of \d+ done/);
    s.write(KEYS.enter);

    await s.waitFor(heading(lesson, 0));
    await s.waitFor(/S: 220 /);
    screen = await s.waitFor(/F3 hint/);
    expect(screen).toMatch(/F4 skip step/);
    expect(screen).toMatch(/│ (connected, not greeted|greeted) │/);

    const hinted = 1;
    for (let i = 0; i < lesson.steps.length; i++) {
      const step = lesson.steps[i]!;
      await s.waitFor(heading(lesson, i));
      if (i === hinted) {
        s.write(F3);
        const first = step.hints![0]!;
        // The hint appears in the pane (scrolled into view), numbered.
        await s.waitFor(new RegExp(`Hint 1 of ${step.hints!.length}: ${esc(first.slice(0, 30))}`));
      }
      await typeSolution(s, lesson.solution[step.id]!);
    }

    screen = await s.waitFor(new RegExp(`Lesson complete: ${esc(lesson.title.slice(0, 30))}`));
    await s.waitFor(/hints used: 1/);
    screen = await s.settle();
    expect(screen).toContain('What you learned');
    expect(screen).toMatch(new RegExp(`Steps: ${lesson.steps.length} of ${lesson.steps.length} done yourself`));
    expect(screen).toMatch(/Next lesson: /);
    s.write('q');
    expect(await s.waitExit()).toBe(0);
    expect(s.output).toContain(`Lesson ${lesson.id} done. Next: mailproto learn `);

    // A second run, same state directory: the lesson is done, the next one is selected.
    const again = PtyScreen.start(['learn'], { cols: 80, rows: 24, env: { XDG_STATE_HOME: s.stateHome } });
    await again.waitFor(/mailproto learn — lessons/);
    screen = await again.settle();
    expect(screen).toMatch(/1 of \d+ done/);
    expect(screen).toMatch(new RegExp(`^ {2}✓ ${esc(lesson.title.slice(0, 30))}.* done$`, 'm'));
    expect(screen).not.toMatch(new RegExp(`^▶ .*${esc(lesson.title.slice(0, 30))}`, 'm'));
    again.write('q');
    expect(await again.waitExit()).toBe(0);
  });

  it('a lesson left half-way is offered to continue, and resumes at its step; F10 goes back to the menu (wide: the pane beside the session)', SLOW, async () => {
    const lesson = firstLesson();
    const s = PtyScreen.start(['learn', lesson.id], { cols: 120, rows: 30 });
    // Typed as soon as the screen is up, maybe before the sandbox is: the line waits for the lesson.
    await s.waitFor(/Starting the lesson sandbox|Step 1 of/);
    await typeSolution(s, lesson.solution[lesson.steps[0]!.id]!);
    await s.waitFor(/S: 220 /);
    // Wide: the lesson pane is the right column.
    expect(s.text()).toMatch(/│ (Step \d of|Goal:)/);
    await s.waitFor(heading(lesson, 1));
    await s.waitFor(/✓ Step 1 done/);
    s.write(KEYS.ctrlC);
    expect(await s.waitExit()).toBe(0);
    expect(s.output).toContain(`Progress saved at step 2 of ${lesson.steps.length} of ${lesson.id}`);

    const again = PtyScreen.start(['learn'], { cols: 120, rows: 30, env: { XDG_STATE_HOME: s.stateHome } });
    await again.waitFor(new RegExp(`▶ Continue: ${esc(lesson.title.slice(0, 30))}.*\\(step 2 of ${lesson.steps.length}\\)`));
    await again.settle();
    again.write(KEYS.enter);
    await again.waitFor(heading(lesson, 1));
    await again.waitFor(/Resumed at step 2/);
    // The conversation starts with a line of mailproto's own saying so (nothing of the replay is shown).
    await again.waitFor(/i {2}step 2 of \d+: the steps before it were replayed quietly/);
    // The sandbox was rebuilt by replaying step 1 quietly: the session is past the greeting.
    await again.waitFor(/SMTP │ .* │ greeted │/);
    await again.settle();
    again.write(F10);
    await again.waitFor(/mailproto learn — lessons/);
    // Back in the menu, on the lesson just left: still in progress, still offered to continue.
    await again.waitFor(new RegExp(`▶ ▸ ${esc(lesson.title.slice(0, 30))}.*step 2 of ${lesson.steps.length}`));
    expect(again.text()).toMatch(new RegExp(`Continue: ${esc(lesson.title.slice(0, 30))}.*\\(step 2 of`));
    await again.settle();
    again.write('q');
    expect(await again.waitExit()).toBe(0);
  });

  it('the status line follows the lesson from SMTP to POP3 to IMAP; F4 skips a step, F5 starts it over', SLOW, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailproto-lessons-'));
    try {
      writeFileSync(join(dir, 'three-protocols.yaml'), THREE_PROTOCOLS);
      const s = PtyScreen.start(['learn', '--dir', dir, 'three-protocols'], { cols: 80, rows: 24 });
      await s.waitFor(/Step 1 of 3 · SMTP hello/);
      await s.waitFor(/SMTP │ .*connected, not greeted/);
      await s.settle();
      // 80 columns: the pane is above the conversation; F6 folds it into one line and opens it again.
      expect(s.lines()[0]).toMatch(/^ Step 1 of 3 · SMTP hello/);
      s.write(F6);
      await s.waitFor((t) => /^ Step 1 of 3 · SMTP hello · goal: a 250 reply to EHLO +\[F6 opens\] *$/m.test(t) && !t.includes('Say EHLO.'));
      await s.settle();
      s.write(F6);
      await s.waitFor(/Say EHLO\./);
      await s.settle();
      s.write(F4);
      await s.waitFor(/Step 2 of 3 · POP3 user/);
      await s.waitFor(/POP3 │ .*authorization/);
      await s.waitFor(/i {2}connecting to the lesson sandbox's pop3 service/);
      await s.waitFor(/S: \+OK /);
      // A command the server refuses here: the pane says so, with the server's explanation.
      s.typeLine('STAT');
      await s.waitFor(/✗ Not yet: -ERR/);
      await s.settle();
      s.write(F5);
      await s.waitFor(/Starting step 2 over/);
      await s.waitFor(/Step 2 of 3 · POP3 user/);
      await s.settle();
      s.write(F4);
      await s.waitFor(/Step 3 of 3 · IMAP capability/);
      await s.waitFor(/IMAP │ .*not authenticated/);
      await s.waitFor(/S: \* OK /);
      s.typeLine('CAPABILITY');
      await s.waitFor(/Lesson complete: Three protocols/);
      await s.waitFor(/Steps: 1 of 3 done yourself, 2 skipped/);
      await s.settle();
      s.write('q');
      expect(await s.waitExit()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SIGTERM in a lesson: the sandbox is stopped, the terminal restored, and the step saved', SLOW, async () => {
    const lesson = firstLesson();
    const s = PtyScreen.start(['learn', lesson.id], { cols: 80, rows: 24 });
    await s.waitFor(/S: 220 /);
    expect(s.output).toContain('\x1b[?1049h');
    s.signal('SIGTERM');
    expect(await s.waitExit()).toBe(0);
    expect(s.output).toContain('\x1b[?1049l');
    expect(s.output).toContain(`Progress saved at step 1 of ${lesson.steps.length} of ${lesson.id}`);
  });

  it('mailproto alone on a terminal opens the lesson menu', SLOW, async () => {
    const s = PtyScreen.start([], { cols: 80, rows: 24 });
    await s.waitFor(/mailproto learn — lessons/);
    await s.waitFor(/↑↓ choose {2}Enter open {2}q quit/);
    await s.settle();
    s.write('q');
    expect(await s.waitExit()).toBe(0);
  });
});
