/**
 * `mailproto connect sandbox:smtp` on a terminal: a newcomer sends bob a message by typing the
 * commands, and sees each reply, its explanation and the state changing. Read from the screen
 * through a headless terminal emulator, at 80x24.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/cli-process.js';
import { KEYS, PtyScreen } from '../helpers/pty-screen.js';

beforeAll(() => ensureBuilt());
afterEach(() => PtyScreen.killAll());

/** A sandbox starts in each run (a certificate is made): give a loaded machine time. */
const SLOW = { timeout: 60_000 };

/** The status line; at 80 columns it leaves out the server to make room. */
const STATUS = (state: string) => new RegExp(`SMTP │ (sandbox:smtp │ )?${state.replace(/[()]/g, '\\$&')} │ TLS off`);

describe('connect sandbox:smtp in the TUI', () => {
  it('a whole SMTP transaction, typed; Ctrl-C says QUIT and leaves', SLOW, async () => {
    const s = PtyScreen.start(['connect', 'sandbox:smtp'], { cols: 80, rows: 24 });
    let screen = await s.waitFor(/S: 220 sandbox\.test ESMTP/);
    await s.waitFor(STATUS('connected, not greeted'));
    expect(screen).toMatch(/#  220 Service ready/);
    await s.waitFor(/→ try: EHLO localhost/);

    s.typeLine('EHLO laptop');
    screen = await s.waitFor(/S: 250 HELP/);
    await s.waitFor(STATUS('greeted'));
    expect(screen).toContain('#  HELP: The server answers HELP.');

    s.typeLine('MAIL FROM:<alice@sandbox.test>');
    screen = await s.waitFor(STATUS('mail transaction (sender given)'));
    await s.waitFor(/#  250 2\.1\.0 Sender accepted/);
    // The EHLO reply is folded now that it is not the newest.
    await s.waitFor(/\[\+\] \d+ more lines: SIZE, 8BITMIME/);

    s.typeLine('RCPT TO:<bob@sandbox.test>');
    await s.waitFor(STATUS('mail transaction (recipients given)'));
    await s.waitFor(/#  250 2\.1\.5 Recipient accepted/);

    s.typeLine('DATA');
    await s.waitFor(/S: 354 /);
    await s.waitFor(/data>/);
    s.typeLine('Subject: hello bob');
    s.typeLine('');
    s.typeLine('.this line starts with a dot');
    screen = await s.waitFor(/\.\.this line starts with a dot {3}← "\." added: dot-stuffing/);
    expect(screen).toMatch(/── message: 3 lines, \d+ octets as sent, 1 dot-stuffed/);
    s.typeLine('.');
    screen = await s.waitFor(/S: 250 2\.0\.0 .*delivered to bob/);
    await s.waitFor(/#  250 2\.0\.0 Message accepted/);
    await s.waitFor(STATUS('greeted'));

    s.write(KEYS.ctrlC);
    expect(await s.waitExit()).toBe(0);
    // Back on the normal screen: what happened last.
    expect(s.output).toContain('mailproto: the session with sandbox:smtp has ended');
    expect(s.output).toMatch(/last reply: 221 /);
  });

  it('a command in the wrong state is flagged as it is typed; Tab completes; history is kept without passwords', SLOW, async () => {
    const s = PtyScreen.start(['connect', 'sandbox:smtp'], { cols: 100, rows: 30 });
    await s.waitFor(/S: 220 /);
    s.write('DATA');
    await s.waitFor(/! DATA — not accepted now \(connected\); it needs: rcpt/);
    s.write('\x15EH');
    s.write(KEYS.tab);
    await s.waitFor(/smtp> EHLO /);
    s.write(`${KEYS.tab}${KEYS.enter}`);
    await s.waitFor(STATUS('greeted'));
    s.typeLine('AUTH PLAIN AGFsaWNlAHBhc3N3b3Jk');
    await s.waitFor(/S: 235 /);
    await s.waitFor(/user alice/);
    s.write(KEYS.ctrlC);
    await s.waitExit();
    const file = join(s.stateHome, 'mailproto', 'history-smtp');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('EHLO localhost\n');
  });

  it('the raw view shows CR LF; F1 opens the help; NO_COLOR still shows who said what', SLOW, async () => {
    const s = PtyScreen.start(['connect', 'sandbox:smtp'], { cols: 80, rows: 24, env: { NO_COLOR: '1' } });
    await s.waitFor(/S: 220 /);
    expect(s.output).not.toMatch(/\x1b\[3[0-9]m/);
    s.typeLine('NOOP');
    await s.waitFor(/C: NOOP/);
    s.write(KEYS.f2);
    const raw = await s.waitFor(/C: NOOP\\r\\n/);
    expect(raw).toMatch(/S: 220 .*\\r\\n/);
    expect(raw).toMatch(/RAW VIEW │ SMTP/);
    s.write(KEYS.f2);
    s.write(KEYS.f1);
    await s.waitFor(/Help — Esc, q or F1 closes/);
    await s.waitFor(/F2 or Ctrl-O +raw view/);
    s.write('q');
    await s.waitFor((t) => !t.includes('Help — Esc'));
    s.write(KEYS.ctrlC);
    expect(await s.waitExit()).toBe(0);
  });

  it('follows a resize: the detail pane appears when the terminal is wide enough', SLOW, async () => {
    const s = PtyScreen.start(['connect', 'sandbox:smtp'], { cols: 80, rows: 24 });
    await s.waitFor(/S: 220 /);
    expect(s.text()).not.toContain('220 reply code');
    s.resize(120, 30);
    await s.waitFor(/│ 220 reply code/);
    await s.waitFor((t) => t.split('\n')[28]!.startsWith('F1/? help'));
    s.resize(70, 20);
    await s.waitFor((t) => !t.includes('│ 220 reply code') && t.split('\n')[18]!.startsWith('F1/? help'));
    s.write(KEYS.ctrlC);
    await s.waitExit();
  });

  it('SIGTERM from outside: the connection is closed and the terminal restored', SLOW, async () => {
    const s = PtyScreen.start(['connect', 'sandbox:smtp'], { cols: 80, rows: 24 });
    await s.waitFor(/S: 220 /);
    expect(s.output).toContain('\x1b[?1049h');
    s.signal('SIGTERM');
    expect(await s.waitExit()).toBe(0);
    expect(s.output).toContain('\x1b[?1049l');
    expect(s.output).toContain('mailproto: the session with sandbox:smtp has ended');
  });

  it('Ctrl-R records into a new transcript and stops; --record starts with REC on', SLOW, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailproto-rec-'));
    try {
      const s = PtyScreen.start(['connect', 'sandbox:smtp', '--record', 'first.jsonl'], { cols: 100, rows: 30, cwd: dir });
      await s.waitFor(/S: 220 /);
      await s.waitFor(/│ REC first\.jsonl/);
      s.write(KEYS.ctrlR);
      await s.waitFor(/│ rec off/);
      s.typeLine('NOOP');
      await s.waitFor(/C: NOOP/);
      s.write(KEYS.ctrlR);
      await s.waitFor(/│ REC mailproto-smtp-[\d-]+T[\d-]+\.jsonl/);
      await s.waitFor(/recording to .*mailproto-smtp-/);
      s.typeLine('RSET');
      await s.waitFor(/C: RSET[^\n]*\n.*S: 250 /);
      s.write(KEYS.ctrlC);
      expect(await s.waitExit()).toBe(0);
      const first = readFileSync(join(dir, 'first.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string });
      expect(first[0]).toMatchObject({ type: 'header', protocol: 'smtp', target: 'sandbox:smtp' });
      expect(first.some((e) => e.type === 'recv' && e.text?.startsWith('220 '))).toBe(true);
      expect(first.some((e) => e.text === 'NOOP')).toBe(false);
      const second = readdirSync(dir).find((f) => f.startsWith('mailproto-smtp-'))!;
      const events = readFileSync(join(dir, second), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string });
      expect(events.filter((e) => e.type === 'send').map((e) => e.text)).toEqual(['RSET', 'QUIT']);
      expect(s.output).toContain(`transcript: ${join(dir, second)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
