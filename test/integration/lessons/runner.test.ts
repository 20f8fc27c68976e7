/**
 * The lesson engine against a real sandbox: a wrong command does not complete a step (and gets
 * advice), hints, :skip, :restart, reconnecting, resuming, and the sandbox acting during IDLE.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LessonRunner } from '../../../src/lessons/runner.js';
import type { SessionPort } from '../../../src/tui/session-driver.js';
import { builtinLesson, lessonFromYaml, watch } from './helpers.js';

const running: LessonRunner[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function started(id: string, at = 0): Promise<ReturnType<typeof watch>> {
  const w = watch(await builtinLesson(id));
  running.push(w.runner);
  await w.runner.start(at);
  return w;
}

describe('LessonRunner', () => {
  it('does not complete a step on a wrong command, and advises after a failed one', async () => {
    const { runner, events } = await started('smtp-first-message');
    await runner.input('HELO laptop.example');
    expect(runner.stepIndex).toBe(0);
    await runner.input('EHLO');
    expect(runner.stepIndex).toBe(0);
    const mistake = events.find((e) => e.type === 'mistake');
    expect(mistake).toMatchObject({ type: 'mistake', index: 0, reply: expect.stringMatching(/^501 /), advice: expect.stringMatching(/EHLO needs exactly one word/) });
    expect(mistake?.type === 'mistake' && mistake.explanation.join(' ')).toMatch(/501/);
    expect(events.some((e) => e.type === 'goal')).toBe(false);
    await runner.input('EHLO laptop.example');
    expect(runner.stepIndex).toBe(1);
    expect(events.filter((e) => e.type === 'goal')).toHaveLength(1);
  });

  it('closing the lesson (the learner leaves) does not answer the step that asks for QUIT', async () => {
    const { runner, events } = await started('smtp-first-message');
    const lesson = runner.lesson;
    for (const id of ['greet', 'mail-from', 'rcpt-to', 'data']) for (const line of lesson.solution[id] ?? []) await runner.input(line);
    expect(runner.stepIndex).toBe(4);
    // close() ends the session politely: the QUIT it sends is not the learner's.
    await runner.close();
    expect(runner.complete).toBe(false);
    expect(events.some((e) => e.type === 'complete')).toBe(false);
  });

  it('does not count a state goal that another message meets', async () => {
    const { runner } = await started('smtp-first-message');
    for (const line of ['EHLO x', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>']) await runner.input(line);
    expect(runner.stepIndex).toBe(3);
    for (const line of ['DATA', 'Subject: Goodbye', '', 'text', '.']) await runner.input(line);
    expect(runner.stepIndex).toBe(3);
  });

  it('reveals hints one at a time, then the model answer', async () => {
    const { runner, events } = await started('smtp-first-message');
    for (let i = 0; i < 4; i++) await runner.input(':hint');
    const shown = events.filter((e) => e.type === 'hint' || e.type === 'notice');
    expect(shown.map((e) => (e.type === 'hint' ? `${e.n}/${e.total}${e.solution ? ' answer' : ''}: ${e.text}` : e.text))).toEqual([
      '1/2: The command is EHLO, then a space, then any host name that names your machine.',
      '2/2: Type: EHLO laptop.example',
      '3/2 answer: EHLO laptop.example',
      'No more hints: :skip types the model answer for you.',
    ]);
    expect(runner.stepIndex).toBe(0);
  });

  it(':skip types the model answer and moves on', async () => {
    const { runner, events, wire } = await started('smtp-first-message');
    await runner.input(':skip');
    expect(runner.stepIndex).toBe(1);
    expect(wire()).toContain('C: EHLO laptop.example');
    expect(events.find((e) => e.type === 'goal')).toMatchObject({ index: 0, skipped: false });
  });

  it(':restart starts over with a fresh sandbox', async () => {
    const { runner } = await started('smtp-first-message');
    for (let i = 0; i < 4; i++) await runner.solveStep();
    expect(runner.stepIndex).toBe(4);
    await runner.input(':restart');
    expect(runner.stepIndex).toBe(0);
    for (let i = 0; i < 3; i++) await runner.solveStep();
    // In the old sandbox bob already has the message, and the step would be done on arrival.
    expect(runner.stepIndex).toBe(3);
  });

  it(':restart step starts the current step over: a fresh sandbox with the steps before it replayed', async () => {
    const { runner, events, wire } = await started('smtp-first-message');
    for (let i = 0; i < 3; i++) await runner.solveStep();
    expect(runner.step?.id).toBe('data');
    // The learner throws the transaction away: DATA alone would now be refused.
    await runner.input('RSET');
    events.length = 0;
    await runner.input(':restart step');
    expect(runner.stepIndex).toBe(3);
    expect(events.map((e) => e.type)).toEqual(['notice', 'resumed', 'step']);
    expect(events[0]).toMatchObject({ text: expect.stringMatching(/^Starting step 4 over/) });
    const before = wire().length;
    for (const line of ['DATA', 'Subject: Hello again', '', 'hi', '.']) await runner.input(line);
    // The replay rebuilt MAIL and RCPT quietly: DATA is accepted.
    expect(wire().slice(before)).toEqual(expect.arrayContaining([expect.stringMatching(/^S: 354 /)]));
    expect(runner.step?.id).toBe('quit');
  });

  it('connects again when the learner goes on after the server closed the connection', async () => {
    const lesson = lessonFromYaml(`id: twice
title: Twice
track: smtp
level: beginner
summary: Quit, then greet again.
objectives: [Quit]
connect: smtp
steps:
  - { id: quit, title: Quit, text: QUIT., goal: { reply: 221 } }
  - { id: again, title: Again, text: EHLO., goal: { reply: { code: 250, command: EHLO } } }
solution: { quit: [QUIT], again: [EHLO x] }
`);
    const w = watch(lesson);
    running.push(w.runner);
    await w.runner.start();
    await w.runner.input('QUIT');
    await w.runner.input('EHLO x');
    expect(w.runner.complete).toBe(true);
    expect(w.events.filter((e) => e.type === 'connected').map((e) => e.type === 'connected' && e.again)).toEqual([false, true]);
    expect(w.wire().filter((l) => l.startsWith('S: 220'))).toHaveLength(2);
  });

  it('holds the next line until the sandbox has done its part (mail arriving during IDLE)', async () => {
    const { runner, wire } = await started('imap-idle');
    for (const line of ['LOGIN alice password', 'SELECT INBOX', 'IDLE']) await runner.input(line);
    expect(runner.step?.id).toBe('arrival');
    await runner.input('DONE');
    const lines = wire();
    expect(lines.findIndex((l) => /^S: \* 2 EXISTS/.test(l))).toBeLessThan(lines.indexOf('C: DONE'));
    expect(runner.step?.id).toBe('fetch-new');
  });

  it('resumes at a saved step: earlier steps are replayed quietly to rebuild the sandbox', async () => {
    const { runner, events, session, wire } = await started('pop3-delete', 4);
    expect(events.map((e) => e.type)).toEqual(['resumed', 'step']);
    expect(events[0]).toMatchObject({ index: 4, total: 5 });
    expect(session).toEqual([]);
    await runner.solveStep();
    // Only two messages are left: the replay deleted the spam.
    expect(wire()).toContain('C: STAT');
    expect(wire().some((l) => /^S: \+OK 2 /.test(l))).toBe(true);
    expect(runner.complete).toBe(true);
  });

  it('resumes in the middle of a transaction, with the session where the model answer left it', async () => {
    const { runner, wire } = await started('smtp-first-message', 3);
    for (const line of ['DATA', 'Subject: Hello again', '', 'hi', '.']) await runner.input(line);
    expect(wire()[0]).toBe('C: DATA');
    expect(runner.step?.id).toBe('quit');
  });

  it('offers the TUI a session with the SessionPort shape that survives reconnections', async () => {
    const { runner } = await started('smtp-first-message');
    const port: SessionPort = runner.session;
    expect(port.protocol).toBe('smtp');
    expect(port.ended).toBeUndefined();
    await port.send('EHLO laptop.example');
    expect(runner.stepIndex).toBe(1);
    expect(port.facts().protocol).toBe('smtp');
  });
});
