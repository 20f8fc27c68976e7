/**
 * The `wire` step action against a real lesson sandbox (exact bytes, one packet, a TLS upgrade in
 * the middle, the transcript the learner sees), and wrong answers that must not complete steps of
 * the lessons that use state goals as quizzes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LessonRunner } from '../../../src/lessons/runner.js';
import { startLessonSandbox, type LessonSandbox } from '../../../src/lessons/lesson-sandbox.js';
import { Seed } from '../../../src/lessons/schema.js';
import { builtinLesson, watch } from './helpers.js';

const running: LessonRunner[] = [];
const sandboxes: LessonSandbox[] = [];
afterEach(async () => {
  await Promise.all([...running.splice(0).map((r) => r.close()), ...sandboxes.splice(0).map((s) => s.close())]);
});

async function started(id: string, at = 0): Promise<ReturnType<typeof watch>> {
  const w = watch(await builtinLesson(id));
  running.push(w.runner);
  await w.runner.start(at);
  return w;
}

async function sandbox(): Promise<LessonSandbox> {
  const sb = await startLessonSandbox(Seed.parse({}));
  sandboxes.push(sb);
  return sb;
}

describe('the wire action', () => {
  it('sends each item in one write and shows both sides, line ends made visible', async () => {
    const sb = await sandbox();
    const text = await sb.act({ wire: { service: 'smtp', who: 'A test', send: ['EHLO a.example\r\nNOOP\r\n', 'QUIT\r\n'] } });
    const lines = text.split('\n');
    expect(lines[0]).toBe("A test connects to the sandbox's smtp service and sends:");
    expect(lines[1]).toMatch(/^ {2}S: 220 sandbox\.test .*\\r\\n$/);
    expect(lines).toContain('  C: EHLO a.example\\r\\n');
    expect(lines).toContain('  C: NOOP\\r\\n   <- all in one packet');
    expect(lines).toContain('  S: 250 2.0.0 OK\\r\\n');
    expect(lines.at(-1)).toMatch(/^ {2}S: 221 /);
  });

  it('upgrades to TLS where the script says so; bytes pipelined after STARTTLS get no answer', async () => {
    const sb = await sandbox();
    const text = await sb.act({ wire: { service: 'smtp', who: 'A test', send: ['EHLO a.example\r\n', 'STARTTLS\r\nRSET\r\n', { tls: true }, 'NOOP\r\n'] } });
    const lines = text.split('\n');
    const tls = lines.indexOf('  -- TLS handshake: the connection is encrypted from here on --');
    expect(tls).toBeGreaterThan(0);
    expect(lines[tls - 1]).toMatch(/^ {2}S: 220 2\.0\.0 Ready to start TLS/);
    // The first thing said inside TLS answers NOOP; RSET (250 2.0.0 Flushed or the like) never ran.
    expect(lines.slice(tls + 1)).toEqual(['  C: NOOP\\r\\n', '  S: 250 2.0.0 OK\\r\\n']);
  });

  it('reports a TLS handshake the server did not agree to, and stops there', async () => {
    const sb = await sandbox();
    const text = await sb.act({ wire: { service: 'smtp', who: 'A test', send: ['EHLO a.example\r\n', { tls: true }, 'NOOP\r\n'] } });
    expect(text.split('\n').at(-1)).toMatch(/^ {2}\(the TLS handshake failed: .+\)$/);
    expect(text).not.toContain('C: NOOP');
  });

  it('shows a bare LF as \\n, and the sandbox stores one message for a smuggling attempt', async () => {
    const sb = await sandbox();
    const text = await sb.act({
      wire: {
        service: 'smtp',
        who: 'A test',
        send: ['EHLO a.example\r\n', 'MAIL FROM:<m@evil.example>\r\nRCPT TO:<bob@sandbox.test>\r\nDATA\r\n', 'Subject: one\r\n\r\nx\n.\nMAIL FROM:<ceo@sandbox.test>\r\n.\r\n'],
      },
    });
    expect(text).toContain('  C: x\\n');
    expect(text).toContain('  C: .\\n');
    expect(text.match(/S: 250 2\.0\.0 Ok: queued/g)).toHaveLength(1);
    expect(await sb.sandbox.store.messages('bob', 'INBOX')).toHaveLength(1);
  });
});

describe('wrong answers in the new lessons', () => {
  it('smtp-received-trail: flagging the trail with only a delay does not complete the quiz', async () => {
    const { runner, events } = await started('smtp-received-trail', 3);
    expect(runner.step?.id).toBe('find-skew');
    await runner.input('STORE 3 +FLAGS (\\Flagged)');
    expect(runner.stepIndex).toBe(3);
    // Both flagged is not an answer either.
    await runner.input('STORE 2 +FLAGS (\\Flagged)');
    expect(runner.stepIndex).toBe(3);
    expect(events.some((e) => e.type === 'goal')).toBe(false);
    await runner.input('STORE 3 -FLAGS (\\Flagged)');
    expect(runner.stepIndex).toBe(4);
  });

  it('imap-search-store: a SEARCH that finds other messages does not complete the step', async () => {
    const { runner } = await started('imap-search-store', 2);
    expect(runner.step?.id).toBe('from');
    await runner.input('SEARCH FROM bob');
    expect(runner.stepIndex).toBe(2);
    await runner.input('SEARCH SUBJECT Newsletter');
    expect(runner.stepIndex).toBe(3);
  });

  it('security-injection-smuggling: a message without command-like lines does not complete "by-hand"', async () => {
    const { runner, events } = await started('security-injection-smuggling', 1);
    expect(runner.step?.id).toBe('by-hand');
    for (const line of ['MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'DATA', 'Subject: plain', '', 'just text', '.']) await runner.input(line);
    expect(runner.stepIndex).toBe(1);
    await runner.input('RCPT TO:<bob@sandbox.test>');
    expect(runner.stepIndex).toBe(1);
    expect(events.find((e) => e.type === 'mistake')).toMatchObject({ reply: expect.stringMatching(/^503 /), advice: expect.stringMatching(/RCPT needs MAIL/) });
  });

  it('security-injection-smuggling: a lesson resumed at the smuggling step still shows the attacker\'s transcript', async () => {
    const { runner, events } = await started('security-injection-smuggling', 2);
    expect(runner.step?.id).toBe('smuggling');
    const action = events.find((e) => e.type === 'action');
    expect(action?.type === 'action' && action.text).toMatch(/C: Nothing to see here\.\\n\n {2}C: \.\\n\n/);
  });
});
