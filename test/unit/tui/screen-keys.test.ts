import { describe, expect, it, vi } from 'vitest';
import { decodeInput } from '../../../src/tui/keys.js';
import { handleKey, type ScreenEffects } from '../../../src/tui/screen-keys.js';
import { ScreenModel } from '../../../src/tui/screen-model.js';
import { SessionDriver } from '../../../src/tui/session-driver.js';
import { FakeSession, smtpFake } from '../../helpers/fake-session.js';

function screen(session: FakeSession, columns = 80, rows = 24) {
  const model = new ScreenModel(new SessionDriver(session, session.protocol, async (line) => (line.trim() === ':quit' ? 'quit' : 'continue')), { server: `sandbox:${session.protocol}`, sandbox: true });
  model.resize(columns, rows);
  const effects: ScreenEffects = { exit: vi.fn(), toggleRecording: vi.fn() };
  const results: Array<'quit' | boolean> = [];
  const type = (input: string): void => {
    for (const k of decodeInput(input)) results.push(handleKey(model, k, effects));
  };
  return { model, effects, type, results };
}

/** Lets queued sends and their fake replies run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('session screen keys', () => {
  it('Enter sends the line; lines typed ahead wait for the reply before them', async () => {
    const s = smtpFake();
    const { model, type } = screen(s);
    type('EHLO me\rMAIL FROM:<alice@sandbox.test>\r');
    await settle();
    expect(s.sent).toEqual(['EHLO me', 'MAIL FROM:<alice@sandbox.test>']);
    expect(model.frame().status.state).toBe('mail transaction (sender given)');
    expect(model.history.entries).toEqual(['EHLO me', 'MAIL FROM:<alice@sandbox.test>']);
  });

  it('Up recalls history; Tab completes from the catalog', async () => {
    const s = smtpFake();
    const { model, type } = screen(s);
    type('EHLO me\r');
    await settle();
    type('\x1b[A');
    expect(model.edit.text).toBe('EHLO me');
    type('\x15MA\t');
    expect(model.edit.text).toBe('MAIL ');
    type('\tx');
    expect(model.edit.text).toBe('MAIL FROM:<x');
  });

  it('several candidates: the first Tab shows them, the next ones cycle', () => {
    const s = smtpFake();
    s.state = 'greeted';
    const { model, type } = screen(s);
    type('MAIL FROM:<');
    type('\t');
    expect(model.frame().hint.text).toBe('FROM:<alice@sandbox.test>  FROM:<bob@sandbox.test>');
    type('\t');
    expect(model.edit.text).toBe('MAIL FROM:<alice@sandbox.test>');
    type('\t');
    expect(model.edit.text).toBe('MAIL FROM:<bob@sandbox.test>');
  });

  it('in DATA the input is a message editor: lines are kept, dot-stuffing is shown, "." sends them', async () => {
    const s = smtpFake();
    s.state = 'rcpt';
    const { model, type } = screen(s);
    type('DATA\r');
    await settle();
    expect(model.inEditor()).toBe(true);
    type('Subject: hi\r\r.hidden\rbye\r');
    expect(s.sent).toEqual(['DATA']);
    expect(model.frame().draft).toEqual([
      { typed: 'Subject: hi', stuffed: false },
      { typed: '', stuffed: false },
      { typed: '.hidden', stuffed: true },
      { typed: 'bye', stuffed: false },
    ]);
    expect(model.frame().prompt).toBe('data> ');
    type('\x7f');
    expect(model.edit.text).toBe('bye');
    type('\r.\r');
    await settle();
    expect(s.sent).toEqual(['DATA', 'Subject: hi', '', '.hidden', 'bye', '.']);
    expect(model.inEditor()).toBe(false);
    expect(model.history.entries).toEqual(['DATA']);
  });

  it('Ctrl-D sends the draft too', async () => {
    const s = smtpFake();
    s.state = 'rcpt';
    const { type } = screen(s);
    type('DATA\r');
    await settle();
    type('hello\x04');
    await settle();
    expect(s.sent).toEqual(['DATA', 'hello', '.']);
  });

  it('Esc moves to the conversation: Up selects older replies, Enter folds and unfolds', async () => {
    const s = smtpFake();
    const { model, type } = screen(s, 120, 40);
    type('EHLO me\r');
    await settle();
    type('NOOP\r');
    await settle();
    const selected = () => model.viewport.selectedRow(model.allLines());
    expect(selected()?.text).toBe('502 5.5.2 Command not recognized');
    type('\x1b');
    expect(model.focus).toBe('conversation');
    type('\x1b[A\x1b[A');
    expect(selected()?.text).toBe('250 HELP');
    type('\x1b[A');
    expect(selected()?.kind).toBe('fold');
    expect(model.frame().detail[0]?.text).toMatch(/^\[\+\] 4 more lines/);
    type('\r');
    expect(model.allLines().some((l) => l.text === '250-PIPELINING')).toBe(true);
    type('\r');
    expect(model.allLines().some((l) => l.text === '250-PIPELINING')).toBe(false);
    type('i');
    expect(model.focus).toBe('input');
  });

  it('the detail pane explains the selected reply with src/annotate, and hides itself when narrow', async () => {
    const s = smtpFake();
    const wide = screen(s, 120, 30);
    wide.type('EHLO me\r');
    await settle();
    const detail = wide.model.frame().detail.map((d) => d.text);
    expect(detail[0]).toBe('S: 250 HELP');
    expect(detail).toContain('250 reply code');
    expect(detail).toContain('(RFC 5321 §4.2.2)');
    expect(detail).toContain('Try now');
    expect(wide.model.frame().rightWidth).toBeGreaterThan(0);
    const narrow = screen(smtpFake(), 80, 24);
    expect(narrow.model.frame().rightWidth).toBe(0);
    expect(narrow.model.frame().detail).toEqual([]);
    narrow.type('\x1b');
    narrow.type('d');
    expect(narrow.model.frame().overlay).toBe('detail');
  });

  it('F1 and ? open the help; F2 and Ctrl-O toggle the raw view; Ctrl-R asks to record', () => {
    const { model, type, effects } = screen(smtpFake());
    type('\x1bOP');
    expect(model.overlay).toBe('help');
    type('q');
    expect(model.overlay).toBe('none');
    type('?');
    expect(model.overlay).toBe('help');
    type('\x1b');
    type('\x1bOQ');
    expect(model.raw).toBe(true);
    type('\x0f');
    expect(model.raw).toBe(false);
    type('\x12');
    expect(effects.toggleRecording).toHaveBeenCalledOnce();
    type('NOOP?');
    expect(model.edit.text).toBe('NOOP?');
  });

  it('PgUp scrolls back and stops following; End comes back', async () => {
    const s = smtpFake();
    const { model, type } = screen(s, 80, 12);
    for (let i = 0; i < 10; i++) type('NOOP\r');
    await settle();
    await settle();
    const total = model.allLines().length;
    expect(model.frame().scroll.top).toBe(total - model.convHeight());
    type('\x1b[5~');
    expect(model.frame().scroll.follow).toBe(false);
    expect(model.frame().scroll.top).toBeLessThan(total - model.convHeight());
    type('\x1b');
    type('G');
    expect(model.frame().scroll.follow).toBe(true);
    type('\x1b[5~');
    type('\x1b');
    expect(model.focus).toBe('input');
    type('\x1b[F');
    expect(model.frame().scroll.follow).toBe(true);
  });

  it('Ctrl-C asks to quit; after the session ended Enter leaves', () => {
    const s = smtpFake();
    const { model, type, results, effects } = screen(s);
    type('\x03');
    expect(results).toEqual(['quit']);
    s.end();
    expect(model.frame().hint.text).toMatch(/session has ended/);
    type('\r');
    expect(effects.exit).toHaveBeenCalled();
  });

  it('meta-commands go to the runner and show under the typed line', async () => {
    const s = smtpFake();
    const { model, type } = screen(s);
    type(':b64 hi\r');
    await settle();
    expect(s.sent).toEqual([]);
    expect(model.allLines().map((l) => l.text)).toContain(':b64 hi');
  });
});

describe('keys that arrive together', () => {
  it('Esc followed at once by a letter (read as Alt-letter) is Esc, then the letter', () => {
    const s = smtpFake();
    const { model, type } = screen(s);
    type('\x1b');
    expect(model.focus).toBe('conversation');
    type('\x1bN');
    expect(model.focus).toBe('input');
    expect(model.edit.text).toBe('N');
  });
});
