/** Hints come one at a time, then the model answer; line mode prints lesson events readably. */
import { describe, expect, it } from 'vitest';
import { nextHint } from '../../../src/lessons/hints.js';
import { formatLessonEvent } from '../../../src/lessons/learn-line-mode.js';
import type { Step } from '../../../src/lessons/schema.js';

const step: Step = {
  id: 'greet',
  title: 'Say **hello**',
  text: 'Type **EHLO**.\n\n    EHLO laptop\n',
  goal: { reply: 250 },
  on_enter: [],
  after: [],
  hints: ['It starts with E.', 'EHLO laptop'],
  advice: 'EHLO needs a host name.',
  success: 'Greeted.',
};

describe('nextHint', () => {
  it('reveals the hints in order, then the model answer, then points to :skip', () => {
    expect(nextHint(step, ['EHLO laptop.example'], 0)).toEqual({ kind: 'hint', n: 1, total: 2, text: 'It starts with E.', solution: false });
    expect(nextHint(step, ['EHLO laptop.example'], 1)).toMatchObject({ n: 2, text: 'EHLO laptop' });
    expect(nextHint(step, ['EHLO laptop.example'], 2)).toEqual({ kind: 'hint', n: 3, total: 2, text: 'EHLO laptop.example', solution: true });
    expect(nextHint(step, ['EHLO laptop.example'], 3)).toEqual({ kind: 'none', text: 'No more hints: :skip types the model answer for you.' });
  });

  it('has no model answer to show for a step the sandbox completes', () => {
    expect(nextHint({ ...step, hints: [] }, [], 0)).toMatchObject({ kind: 'none', text: expect.stringMatching(/up to the sandbox/) });
  });
});

describe('formatLessonEvent', () => {
  it('shows a step with its title and text, bold markers removed', () => {
    expect(formatLessonEvent({ type: 'step', index: 0, total: 5, step })).toEqual(['', '== Step 1 of 5: Say **hello** ==', 'Type EHLO.', '', '    EHLO laptop', '']);
  });

  it('says when a step is done, with what happened', () => {
    expect(formatLessonEvent({ type: 'goal', index: 0, total: 5, step, skipped: false })).toEqual(['✓ step done', '  Greeted.']);
  });

  it('gives the step\'s advice after a failed attempt (the reply itself is on screen already)', () => {
    expect(formatLessonEvent({ type: 'mistake', index: 0, reply: '501 5.5.4 Syntax', explanation: ['501 ...'], advice: step.advice! })).toEqual(['!  EHLO needs a host name.', '!  (:hint for a hint)']);
  });

  it('shows an action on its own line, and a wire transcript line by line, indented', () => {
    expect(formatLessonEvent({ type: 'action', text: "the sandbox delivered a message to alice's INBOX" })).toEqual(["*  the sandbox delivered a message to alice's INBOX"]);
    expect(formatLessonEvent({ type: 'action', text: 'A script connects:\n  C: EHLO a\\r\n  S: 250 \x1b[2J' })).toEqual(['*  A script connects:', '     C: EHLO a\\r', '     S: 250 \\x1b[2J']);
  });

  it('escapes control characters from lesson text', () => {
    expect(formatLessonEvent({ type: 'notice', text: 'bad \x1b[31m text' })).toEqual(['*  bad \\x1b[31m text']);
  });
});
