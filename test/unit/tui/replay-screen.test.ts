/**
 * The replay screen as ink-testing-library frames, over steps made by the real playback API from a
 * recorded transcript: the first screen, stepping, a chapter and its note, the progress line, going
 * back, a timed replay that ends by itself, escaping, and q.
 */
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { playbackSteps, type PlaybackStep } from '../../../src/transcript/playback.js';
import { parseTranscript } from '../../../src/transcript/reader.js';
import { ReplayScreen, type ReplayScreenProps } from '../../../src/tui/replay/ReplayScreen.js';
import { replayStatus } from '../../../src/tui/replay/replay-text.js';

const LINES = [
  { type: 'header', version: 1, protocol: 'smtp', target: 'sandbox:smtp', started: '2026-11-22T03:10:25.891Z', title: 'A short send' },
  { type: 'recv', t: 50, text: '220 sandbox.test ESMTP mailproto sandbox' },
  { type: 'send', t: 60, text: 'EHLO laptop' },
  { type: 'recv', t: 62, text: '250-sandbox.test greets laptop' },
  { type: 'recv', t: 62, text: '250 HELP' },
  { type: 'marker', t: 70, label: 'Sending' },
  { type: 'note', t: 70, text: 'The envelope sender comes first \u001b[31mred' },
  { type: 'send', t: 80, text: 'MAIL FROM:<alice@sandbox.test>' },
  { type: 'recv', t: 82, text: '250 2.1.0 Sender <alice@sandbox.test> OK' },
  { type: 'send', t: 90, text: 'QUIT' },
  { type: 'recv', t: 92, text: '221 2.0.0 Bye' },
  { type: 'close', t: 93 },
];

async function steps(): Promise<PlaybackStep[]> {
  return playbackSteps(parseTranscript(`${LINES.map((l) => JSON.stringify(l)).join('\n')}\n`, 'short.jsonl'));
}

type Rendered = ReturnType<typeof render>;
const mounted: Rendered[] = [];
afterEach(() => {
  for (const r of mounted.splice(0)) r.unmount();
});

async function mount(props: Partial<ReplayScreenProps> = {}): Promise<Rendered & { onExit: ReturnType<typeof vi.fn> }> {
  const onExit = vi.fn();
  const r = render(
    h(ReplayScreen, {
      steps: await steps(),
      recording: { protocol: 'smtp', target: 'sandbox:smtp', title: 'A short send', started: '2026-11-22T03:10:25.891Z' },
      mode: 'step',
      size: { columns: 80, rows: 24 },
      color: false,
      onExit,
      ...props,
    }),
  );
  mounted.push(r);
  return Object.assign(r, { onExit });
}

/** Waits until the newest frame passes `check` (frames arrive asynchronously). */
async function frameWhere(r: Rendered, check: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = r.lastFrame() ?? '';
    if (check(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`no such frame; the last one:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('ReplayScreen', () => {
  it('--step: the greeting first, then one exchange per key, the chapter and its note highlighted, the progress advancing', async () => {
    const r = await mount();
    let frame = await frameWhere(r, (f) => f.includes('S: 220 sandbox.test'));
    expect(frame).toContain('#  220 Service ready');
    expect(frame).not.toContain('EHLO laptop');
    expect(frame).toMatch(/REPLAY │ SMTP │ sandbox:smtp │ A short send │ recorded 2026-11-22 03:10/);
    expect(frame).toMatch(/\[STEP\] █+░+ 1\/4  0:00\.0\/0:00\.0/);
    expect(frame).toContain('▌ Before the first chapter');
    const lines = frame.split('\n');
    expect(lines).toHaveLength(23);
    expect(lines.at(-1)).toMatch(/^F1 help  Space\/→ next  ← back  n\/p chapter/);

    r.stdin.write(' ');
    frame = await frameWhere(r, (f) => f.includes('C: EHLO laptop'));
    expect(frame).toContain('S: 250 HELP');
    expect(frame).not.toContain('Sending');
    expect(frame).toMatch(/ 2\/4 /);

    r.stdin.write(' ');
    frame = await frameWhere(r, (f) => f.includes('C: MAIL FROM:<alice@sandbox.test>'));
    expect(frame).toContain('▌ Chapter 1/1: Sending');
    // The note: above the conversation and in it; its escape sequence is shown, not obeyed.
    expect(frame).toContain('▌ note: The envelope sender comes first \\x1b[31mred');
    expect(frame).toContain('>  == Sending ==');
    expect(frame).toContain('>  note: The envelope sender comes first \\x1b[31mred');
    expect(frame).not.toContain('\u001b[31m');
    expect(frame).toMatch(/\[STEP\] █+░+ 3\/4  0:00\.0\/0:00\.0  1\/1 Sending/);

    r.stdin.write('\r');
    frame = await frameWhere(r, (f) => f.includes('[END]'));
    expect(frame).toContain('S: 221 2.0.0 Bye');
    expect(frame).toMatch(/\[END\] █+ 4\/4/);
    expect(frame).toContain('■ end of the replay: q leaves');
  });

  it('n jumps to the chapter before its first exchange; ← and Home go back', async () => {
    const r = await mount();
    await frameWhere(r, (f) => f.includes('S: 220'));
    r.stdin.write('n');
    let frame = await frameWhere(r, (f) => f.includes('Chapter 1/1: Sending'));
    expect(frame).toContain('>  == Sending ==');
    expect(frame).toContain('C: EHLO laptop');
    expect(frame).not.toContain('MAIL FROM');
    r.stdin.write('n');
    frame = await frameWhere(r, (f) => f.includes('! no chapter after this one'));
    r.stdin.write('\x1b[C');
    await frameWhere(r, (f) => f.includes('C: MAIL FROM'));
    r.stdin.write('\x1b[D');
    frame = await frameWhere(r, (f) => !f.includes('C: MAIL FROM'));
    // Back one exchange: the screen after EHLO, before the chapter that introduces MAIL.
    expect(frame).toContain('C: EHLO laptop');
    expect(frame).not.toContain('== Sending ==');
    expect(frame).toMatch(/ 2\/4 /);
    r.stdin.write('\x1b[H');
    frame = await frameWhere(r, (f) => !f.includes('EHLO laptop'));
    expect(frame).toContain('S: 220 sandbox.test');
    expect(frame).toMatch(/ 1\/4 /);
  });

  it('a timed replay plays to the end by itself, and Space pauses it', async () => {
    const r = await mount({ mode: 'timed', speed: 64 });
    const frame = await frameWhere(r, (f) => f.includes('[END]'));
    expect(frame).toContain('S: 221 2.0.0 Bye');
    expect(frame).toContain('-- session ended');

    let clock = 0;
    const paused = await mount({ mode: 'timed', now: () => clock });
    await frameWhere(paused, (f) => f.includes('[PLAY 1×]'));
    paused.stdin.write(' ');
    await frameWhere(paused, (f) => f.includes('[PAUSED]') && f.includes('paused: Space plays on'));
    clock = 1_000_000;
    paused.stdin.write('+');
    await frameWhere(paused, (f) => f.includes('! speed 2×'));
    paused.stdin.write('+');
    const after = await frameWhere(paused, (f) => f.includes('! speed 4×'));
    // Paused: however much time passed (and a wake-up had every chance to run), nothing more was shown.
    expect(after).not.toContain('EHLO laptop');
    expect(after).toMatch(/ 1\/4 /);
    // Space plays on: with the clock far ahead, the rest comes at once.
    paused.stdin.write(' ');
    clock += 10_000;
    await frameWhere(paused, (f) => f.includes('[END]') && f.includes('S: 221 2.0.0 Bye'));
  });

  it('q leaves; F1 shows the player keys and q closes the help first', async () => {
    const r = await mount();
    await frameWhere(r, (f) => f.includes('S: 220'));
    r.stdin.write('\x1bOP');
    const help = await frameWhere(r, (f) => f.includes('Player keys'));
    expect(help).toMatch(/n or \]\s+the next chapter/);
    r.stdin.write('q');
    await frameWhere(r, (f) => f.includes('S: 220'));
    expect(r.onExit).not.toHaveBeenCalled();
    r.stdin.write('q');
    await vi.waitFor(() => expect(r.onExit).toHaveBeenCalledTimes(1));
  });

  it('as in connect: F2 shows the wire lines with CR LF; at 100 columns the selected reply is explained beside the conversation', async () => {
    const r = await mount({ size: { columns: 100, rows: 30 } });
    let frame = await frameWhere(r, (f) => f.includes('S: 220 sandbox.test'));
    expect(frame).toMatch(/│ 220 reply code/);
    r.stdin.write(' ');
    await frameWhere(r, (f) => f.includes('C: EHLO laptop'));
    r.stdin.write('\x1bOQ');
    frame = await frameWhere(r, (f) => f.includes('RAW VIEW │ REPLAY'));
    expect(frame).toContain('C: EHLO laptop\\r\\n');
    expect(frame).not.toContain('#  220 Service ready');
    // The raw view stays on after going back (the model is rebuilt for it).
    r.stdin.write('\x1b[D');
    frame = await frameWhere(r, (f) => !f.includes('EHLO laptop'));
    expect(frame).toContain('RAW VIEW │ REPLAY');
    expect(frame).toContain('S: 220 sandbox.test ESMTP mailproto sandbox\\r\\n');
  });
});

describe('replayStatus', () => {
  const info = { protocol: 'imap' as const, target: 'imaps://mail.example.org', title: 'Reading mail \u001b]0;x\u0007', started: '2026-11-22T03:10:25.891Z' };
  it('names the recording; drops the date, then the target, when narrow; escapes the title', () => {
    expect(replayStatus(info, false, 120).trimEnd()).toBe(' REPLAY │ IMAP │ imaps://mail.example.org │ Reading mail \\x1b]0;x\\x07 │ recorded 2026-11-22 03:10');
    expect(replayStatus(info, false, 70).trimEnd()).toBe(' REPLAY │ IMAP │ imaps://mail.example.org │ Reading mail \\x1b]0;x\\x07');
    expect(replayStatus(info, true, 40)).toMatch(/^ RAW VIEW │ REPLAY │ IMAP │ Reading/);
  });
});
