/**
 * The lesson screens as ink-testing-library frames: the lesson pane (step, text, goal, hints,
 * advice after a failed attempt, the collapsed summary), the lesson menu and the completion
 * screen. (vitest here only collects *.test.ts, hence createElement instead of JSX.)
 */
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LessonEvent } from '../../../src/lessons/events.js';
import { parseLesson } from '../../../src/lessons/load.js';
import type { Lesson } from '../../../src/lessons/schema.js';
import { describeGoal } from '../../../src/tui/goal-text.js';
import { LessonComplete } from '../../../src/tui/LessonComplete.js';
import { LessonMenu, type MenuLesson } from '../../../src/tui/LessonMenu.js';
import { LessonPane } from '../../../src/tui/LessonPane.js';
import { initialView, reduceView, type LessonView } from '../../../src/tui/lesson-view.js';
import { lineText, markdownLines } from '../../../src/tui/markdown.js';
import type { Goal } from '../../../src/lessons/schema.js';
import { makeTheme } from '../../../src/tui/theme.js';

const mono = makeTheme(false);

type Rendered = ReturnType<typeof render>;
const mounted: Rendered[] = [];
afterEach(() => {
  for (const r of mounted.splice(0)) r.unmount();
});
function mount(node: Parameters<typeof render>[0]): Rendered {
  const r = render(node);
  mounted.push(r);
  return r;
}

async function frameWhere(r: Rendered, check: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = r.lastFrame() ?? '';
    if (check(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`no such frame; the last one:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const LESSON_YAML = `
id: hello-smtp
title: Say hello to SMTP
track: smtp
level: beginner
minutes: 5
summary: Greet the server.
objectives:
  - Introduce yourself with EHLO
  - Leave with QUIT
connect: smtp
steps:
  - id: ehlo
    title: Say hello
    text: |
      The server's first line, the **greeting**, starts with \`220\`.
      Introduce yourself:

          EHLO laptop.example

      Look for:
      - a \`250-\` line per extension
      - a last \`250 \` line
    goal:
      reply: { code: 250, command: EHLO }
    hints:
      - The command is EHLO, then a host name.
      - "Type: EHLO laptop.example"
    advice: EHLO needs one word after it.
    success: The server greeted you back.
  - id: quit
    title: Say goodbye
    text: Type QUIT.
    goal:
      reply: { code: 221 }
solution:
  ehlo: [EHLO laptop.example]
  quit: [QUIT]
outro: |
  You said **hello** and goodbye.
`;

function lesson(): Lesson {
  const { lesson: loaded, problems } = parseLesson(LESSON_YAML, 'hello-smtp.yaml');
  expect(problems).toEqual([]);
  return loaded!.lesson;
}

function viewAfter(l: Lesson, events: LessonEvent[]): LessonView {
  return events.reduce(reduceView, initialView(l));
}

const stepEvent = (l: Lesson, index: number): LessonEvent => ({ type: 'step', index, total: l.steps.length, step: l.steps[index]! });

describe('markdownLines', () => {
  it('reflows paragraphs, keeps code blocks, hangs list items, drops the ** and backticks', () => {
    const lines = markdownLines(lesson().steps[0]!.text, 40).map(lineText);
    expect(lines).toEqual([
      "The server's first line, the greeting,",
      'starts with 220. Introduce yourself:',
      '',
      '  EHLO laptop.example',
      '',
      'Look for:',
      '• a 250- line per extension',
      '• a last 250  line',
    ]);
  });

  it('marks code as a client line and bold as bold, so colour can show them', () => {
    const [first] = markdownLines('Send `EHLO` to the **server**.', 80);
    expect(first).toEqual(expect.arrayContaining([{ text: 'EHLO', role: 'client' }, { text: 'server', bold: true }]));
  });
});

describe('describeGoal', () => {
  it.each<[Goal, string]>([
    [{ reply: 250 }, 'a 250 reply'],
    [{ reply: { code: '5xx', command: 'rcpt', text: 'no such' } }, 'a 5xx reply to RCPT matching /no such/'],
    [{ reply: '+' }, 'a "+" continuation'],
    [{ send: '^LOGIN ' }, 'you send a line matching /^LOGIN /'],
    [{ recv: '^\\* \\d+ EXISTS' }, 'the server sends a line matching /^\\* \\d+ EXISTS/'],
    [{ message: { user: 'bob', mailbox: 'INBOX', subject: 'hello', flags: ['\\Seen'] } }, "bob's INBOX holds a message with subject /hello/, flags \\Seen"],
    [{ no_message: { user: 'alice', mailbox: 'Junk', from: 'spam' } }, "alice's Junk no longer holds a message with From /spam/"],
    [{ folder: { user: 'alice', name: 'Projects' } }, "alice's mailbox Projects exists"],
    [{ all: [{ reply: 221 }, { no_folder: { user: 'bob', name: 'Old' } }] }, "a 221 reply; and bob's mailbox Old is gone"],
    [{ any: [{ reply: 'OK' }, { reply: 'NO' }] }, 'one of: an OK reply; or a NO reply'],
  ])('%j → %s', (goal, words) => {
    expect(describeGoal(goal)).toBe(words);
  });
});

describe('LessonPane', () => {
  it('shows the step number, its title, the goal and the text', () => {
    const l = lesson();
    const r = mount(h(LessonPane, { view: viewAfter(l, [stepEvent(l, 0)]), width: 50, height: 14, scroll: 0, theme: mono, toggleKey: 'F6' }));
    const frame = r.lastFrame()!.split('\n');
    expect(frame[0]).toBe(' Step 1 of 2 · Say hello [F6]');
    expect(frame[1]).toBe(' Goal: a 250 reply to EHLO');
    expect(frame).toContain('   EHLO laptop.example');
    expect(frame).toContain(' • a 250- line per extension');
  });

  it('reveals hints one by one, and shows a failed attempt with its explanation and the advice', () => {
    const l = lesson();
    const view = viewAfter(l, [
      stepEvent(l, 0),
      { type: 'hint', index: 0, n: 1, total: 2, text: 'The command is EHLO, then a host name.' },
      { type: 'mistake', index: 0, reply: '501 5.5.4 Syntax: EHLO hostname', explanation: ['501 Syntax error in parameters.'], advice: 'EHLO needs one word after it.' },
    ]);
    expect(view.hints).toHaveLength(1);
    const r = mount(h(LessonPane, { view, width: 60, height: 40, scroll: 0, theme: mono }));
    const frame = r.lastFrame()!;
    expect(frame).toContain('? Hint 1 of 2: The command is EHLO, then a host name.');
    expect(frame).not.toContain('Type: EHLO laptop.example');
    expect(frame).toContain('✗ Not yet: 501 5.5.4 Syntax: EHLO hostname');
    expect(frame).toContain('  # 501 Syntax error in parameters.');
    expect(frame).toContain('  ! EHLO needs one word after it.');
  });

  it('scrolls a long step: the heading stays and says how much is above and below', () => {
    const l = lesson();
    const view = viewAfter(l, [stepEvent(l, 0), { type: 'hint', index: 0, n: 1, total: 2, text: 'The command is EHLO, then a host name.' }]);
    const r = mount(h(LessonPane, { view, width: 40, height: 5, scroll: 1000, theme: mono }));
    const frame = r.lastFrame()!.split('\n');
    expect(frame).toHaveLength(5);
    expect(frame[0]).toMatch(/^ Step 1 of 2 · Say hello \[↑\d+ S-↑↓\]$/);
    expect(frame[4]).toContain('then a host name.');
  });

  it('after a step is done: the next step, with what was achieved on top', () => {
    const l = lesson();
    const view = viewAfter(l, [stepEvent(l, 0), { type: 'goal', index: 0, total: 2, step: l.steps[0]!, skipped: false }, stepEvent(l, 1)]);
    const r = mount(h(LessonPane, { view, width: 60, height: 10, scroll: 0, theme: mono }));
    const frame = r.lastFrame()!;
    expect(frame).toContain('Step 2 of 2 · Say goodbye');
    expect(frame).toContain('Goal: a 221 reply');
    expect(frame).toContain('✓ Step 1 done: The server greeted you back.');
  });

  it('collapses to one summary line on a narrow terminal', () => {
    const l = lesson();
    const r = mount(h(LessonPane, { view: viewAfter(l, [stepEvent(l, 0)]), width: 80, height: 1, scroll: 0, theme: mono, collapsed: true, toggleKey: 'F6' }));
    const frame = r.lastFrame()!;
    expect(frame.split('\n')).toHaveLength(1);
    expect(frame).toMatch(/^ Step 1 of 2 · Say hello · goal: a 250 reply to EHLO +\[F6 opens\]$/);
  });
});

const MENU: MenuLesson[] = [
  { id: 'smtp-first', title: 'Your first message', track: 'smtp', level: 'beginner', summary: 'Send bob a message.', steps: 5, done: true },
  { id: 'smtp-codes', title: 'Reply codes', track: 'smtp', level: 'beginner', summary: 'What 2xx to 5xx mean.', steps: 4, done: false, step: 2 },
  { id: 'pop3-read', title: 'Read mail with POP3', track: 'pop3', level: 'beginner', minutes: 8, summary: 'Log in and RETR.', steps: 6, done: false },
  { id: 'imap-first', title: 'IMAP: a first session', track: 'imap', level: 'intermediate', summary: 'Tags and LOGIN.', steps: 5, done: false },
];

describe('LessonMenu', () => {
  it('groups lessons by track with level and progress, and offers to continue the lesson in progress', async () => {
    const r = mount(h(LessonMenu, { lessons: MENU, current: 'smtp-codes', columns: 70, rows: 20, theme: mono, onOpen: () => undefined, onQuit: () => undefined }));
    const frame = await frameWhere(r, (f) => f.includes('Reply codes'));
    const lines = frame.split('\n');
    expect(lines[0]).toMatch(/^mailproto learn — lessons +1 of 4 done$/);
    expect(lines).toContain('▶ Continue: Reply codes (step 3 of 4)');
    expect(frame).toMatch(/^SMTP$/m);
    expect(frame).toMatch(/^ {2}✓ Your first message +beginner +done$/m);
    expect(frame).toMatch(/^ {2}▸ Reply codes +beginner +step 3 of 4$/m);
    expect(frame).toMatch(/^POP3\n {4}Read mail with POP3 +beginner$/m);
    expect(frame).toMatch(/^IMAP\n {4}IMAP: a first session +intermediate$/m);
    expect(frame).toContain('What 2xx to 5xx mean. (smtp-codes · beginner · 4 steps)');
    expect(lines[lines.length - 1]).toMatch(/^↑↓ choose {2}Enter open {2}q quit/);
  });

  it('arrow keys choose and Enter opens; without a lesson in progress the first not done is selected; q leaves', async () => {
    const onOpen = vi.fn();
    const onQuit = vi.fn();
    const lessons = MENU.map((l) => ({ ...l, step: undefined }) as MenuLesson);
    const r = mount(h(LessonMenu, { lessons, columns: 70, rows: 20, theme: mono, onOpen, onQuit }));
    await frameWhere(r, (f) => /^▶ {3}Reply codes/m.test(f));
    r.stdin.write('\x1b[B');
    await frameWhere(r, (f) => /^▶ {3}Read mail with POP3/m.test(f));
    r.stdin.write('\x1b[A');
    r.stdin.write('\x1b[A');
    await frameWhere(r, (f) => /^▶ ✓ Your first message/m.test(f));
    r.stdin.write('\r');
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledWith('smtp-first'));
    r.stdin.write('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalled());
  });

  it('scrolls a long list to keep the selection in view', async () => {
    const many: MenuLesson[] = Array.from({ length: 30 }, (_, i) => ({ id: `l${i}`, title: `Lesson number ${i}`, track: 'smtp', level: 'beginner', summary: `Lesson ${i}.`, steps: 3, done: false }));
    const r = mount(h(LessonMenu, { lessons: many, columns: 60, rows: 16, theme: mono, onOpen: () => undefined, onQuit: () => undefined }));
    await frameWhere(r, (f) => f.includes('▶   Lesson number 0'));
    r.stdin.write('\x1b[F');
    const frame = await frameWhere(r, (f) => f.includes('▶   Lesson number 29'));
    expect(frame).not.toContain('Lesson number 0 ');
    expect(frame.split('\n')).toHaveLength(15);
  });
});

describe('LessonComplete', () => {
  it('sums up what was learned and how it went, and leads on', async () => {
    const l = lesson();
    const view = viewAfter(l, [
      stepEvent(l, 0),
      { type: 'hint', index: 0, n: 1, total: 2, text: 'The command is EHLO.' },
      { type: 'mistake', index: 0, reply: '501 no', explanation: [] },
      { type: 'goal', index: 0, total: 2, step: l.steps[0]!, skipped: false },
      stepEvent(l, 1),
      { type: 'goal', index: 1, total: 2, step: l.steps[1]!, skipped: true },
      { type: 'complete', lesson: l },
    ]);
    const onNext = vi.fn();
    const onMenu = vi.fn();
    const onQuit = vi.fn();
    const r = mount(h(LessonComplete, { view, next: { id: 'smtp-codes', title: 'Reply codes' }, columns: 80, rows: 24, theme: mono, onNext, onMenu, onQuit }));
    const frame = await frameWhere(r, (f) => f.includes('Lesson complete'));
    expect(frame).toContain('✓ Lesson complete: Say hello to SMTP');
    expect(frame).toMatch(/What you learned\n +✓ Introduce yourself with EHLO\n +✓ Leave with QUIT/);
    expect(frame).toContain('Steps: 1 of 2 done yourself, 1 skipped · hints used: 1 · failed attempts: 1');
    expect(frame).toContain('You said hello and goodbye.');
    expect(frame).toContain('Next lesson: Reply codes (smtp-codes)');
    expect(frame.split('\n').at(-1)).toBe('Enter/n next lesson  m menu  q quit');
    r.stdin.write('m');
    await vi.waitFor(() => expect(onMenu).toHaveBeenCalled());
    r.stdin.write('\r');
    await vi.waitFor(() => expect(onNext).toHaveBeenCalled());
    r.stdin.write('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalled());
  });
});
