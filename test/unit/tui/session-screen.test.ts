/**
 * The whole session screen over a scripted session, as ink-testing-library frames.
 */
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionScreen, type SessionScreenProps } from '../../../src/tui/SessionScreen.js';
import { FakeSession, smtpFake } from '../../helpers/fake-session.js';

type Rendered = ReturnType<typeof render>;
const mounted: Rendered[] = [];
afterEach(() => {
  for (const r of mounted.splice(0)) r.unmount();
});

function mount(session: FakeSession, props: Partial<SessionScreenProps> = {}): Rendered & { onExit: ReturnType<typeof vi.fn> } {
  const onExit = vi.fn();
  const r = render(h(SessionScreen, { session, protocol: session.protocol, server: `sandbox:${session.protocol}`, sandbox: true, size: { columns: 80, rows: 24 }, color: false, onExit, ...props }));
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

describe('SessionScreen', () => {
  it('shows the greeting, then the exchange typed, with annotations and the status changing', async () => {
    const s = smtpFake();
    const r = mount(s);
    s.serverSays(['220 sandbox.test ESMTP'], ['220 Service ready: introduce yourself with EHLO.']);
    let frame = await frameWhere(r, (f) => f.includes('220 sandbox.test'));
    expect(frame).toContain('connected, not greeted');
    expect(frame).toContain('→ try: EHLO localhost');
    r.stdin.write('EHLO me');
    frame = await frameWhere(r, (f) => f.includes('smtp> EHLO me'));
    expect(frame).toMatch(/ EHLO <domain or \[address-literal\]> — /);
    r.stdin.write('\r');
    frame = await frameWhere(r, (f) => f.includes('250 HELP'));
    expect(frame).toContain('  C: EHLO me');
    expect(frame).toContain('     #  250 EHLO accepted');
    expect(frame).toMatch(/SMTP │ sandbox:smtp │ greeted │ TLS off │ user - │ rec off/);
    const lines = frame.split('\n');
    expect(lines).toHaveLength(23);
    expect(lines[lines.length - 1]).toMatch(/^F1\/\? help/);
  });

  it('80 columns: no detail pane; 100 columns: the selected reply explained beside the conversation', async () => {
    const narrow = mount(smtpFake());
    narrow.rerender(h(SessionScreen, { session: smtpFake(), protocol: 'smtp', server: 'x', size: { columns: 80, rows: 24 }, color: false, onExit: () => undefined }));
    const s = smtpFake();
    const wide = mount(s, { size: { columns: 100, rows: 30 } });
    s.serverSays(['220 sandbox.test ESMTP'], ['220 Service ready.']);
    const frame = await frameWhere(wide, (f) => f.includes('220 reply code'));
    expect(frame.split('\n')[0]).toMatch(/^▶ S: 220 sandbox\.test ESMTP +│ S: 220 sandbox\.test ESMTP$/);
    expect(frame).toMatch(/│ In this session/);
    expect(narrow.lastFrame()).not.toContain('│ In this session');
  });

  it('the DATA editor shows the message with dot-stuffing before it is sent', async () => {
    const s = smtpFake();
    s.state = 'rcpt';
    const r = mount(s);
    r.stdin.write('DATA\r');
    await frameWhere(r, (f) => f.includes('mail transaction (message data)'));
    r.stdin.write('Subject: hi\r');
    r.stdin.write('.leading dot\r');
    const frame = await frameWhere(r, (f) => f.includes('..leading dot'));
    expect(frame).toContain('   2 ..leading dot   ← "." added: dot-stuffing');
    expect(frame).toContain('mail transaction (message data)');
    expect(s.sent).toEqual(['DATA']);
    r.stdin.write('.\r');
    await frameWhere(r, (f) => f.includes('250 2.0.0 Ok: queued'));
    expect(s.sent).toEqual(['DATA', 'Subject: hi', '.leading dot', '.']);
  });

  it('F1 opens the help over the conversation; Esc closes it', async () => {
    const r = mount(smtpFake());
    r.stdin.write('\x1bOP');
    await frameWhere(r, (f) => f.includes('Help — Esc, q or F1 closes'));
    r.stdin.write('\x1b');
    await frameWhere(r, (f) => !f.includes('Help — Esc'));
  });

  it('Ctrl-C ends the session politely, then leaves', async () => {
    const s = smtpFake();
    const r = mount(s);
    r.stdin.write('\x03');
    await vi.waitFor(() => expect(r.onExit).toHaveBeenCalled());
    expect(s.quitCalls).toBe(1);
    expect(s.sent).toEqual(['QUIT']);
  });

  it('a caller may put its own pane on the right (lessons)', async () => {
    const r = mount(smtpFake(), { size: { columns: 100, rows: 24 }, side: { render: ({ width, height }) => h(Text, null, `Lesson 1: say EHLO ${width}x${height}`), width: 30 } });
    const frame = await frameWhere(r, (f) => f.includes('Lesson 1'));
    expect(frame.split('\n')[0]).toMatch(/│Lesson 1: say EHLO 30x19$/);
  });

  it('a caller may put a pane above the conversation, and keys of its own in front of the screen\'s', async () => {
    const s = smtpFake();
    const seen: string[] = [];
    const r = mount(s, {
      top: { render: ({ width }) => h(Text, null, `Step 1 of 5 (${width} wide)`), height: 3 },
      keys: {
        footer: [['F3', 'hint']],
        help: [['F3', 'the next hint']],
        handle: (key, screen) => {
          if (key.name !== 'f3') return false;
          seen.push(String(screen.content));
          screen.submit(':hint');
          return true;
        },
      },
      runMeta: async (line) => {
        seen.push(line);
        return 'continue';
      },
    });
    s.serverSays(['220 sandbox.test ESMTP'], []);
    let frame = await frameWhere(r, (f) => f.includes('220 sandbox.test'));
    const lines = frame.split('\n');
    expect(lines[0]).toBe('Step 1 of 5 (80 wide)');
    expect(lines[3]).toContain('S: 220 sandbox.test ESMTP');
    expect(lines).toHaveLength(23);
    expect(lines[lines.length - 1]).toMatch(/^F1\/\? help  F3 hint  Tab complete/);
    r.stdin.write('\x1bOR');
    await vi.waitFor(() => expect(seen).toEqual(['false', ':hint']));
    frame = await frameWhere(r, (f) => f.includes('>  :hint'));
    r.stdin.write('\x1bOP');
    frame = await frameWhere(r, (f) => f.includes('Lesson keys'));
    expect(frame).toMatch(/F3 +the next hint/);
  });

  it('follows a resize', async () => {
    const s = smtpFake();
    const r = mount(s, { size: { columns: 60, rows: 12 } });
    await frameWhere(r, (f) => f.split('\n').length === 11);
    r.rerender(h(SessionScreen, { session: s, protocol: 'smtp', server: 'sandbox:smtp', sandbox: true, size: { columns: 90, rows: 20 }, color: false, onExit: () => undefined }));
    await frameWhere(r, (f) => f.split('\n').length === 19);
  });
});
