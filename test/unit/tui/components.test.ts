/**
 * Component frames (ink-testing-library): what each part of the session screen prints.
 * (vitest here only collects *.test.ts, hence createElement instead of JSX.)
 */
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src/client/events.js';
import { ConversationPane } from '../../../src/tui/ConversationPane.js';
import { Conversation } from '../../../src/tui/conversation.js';
import { DataEditor } from '../../../src/tui/DataEditor.js';
import { DetailPane } from '../../../src/tui/DetailPane.js';
import { detailFor } from '../../../src/tui/detail.js';
import { Footer } from '../../../src/tui/Footer.js';
import { HelpOverlay } from '../../../src/tui/HelpOverlay.js';
import { InputLine } from '../../../src/tui/InputLine.js';
import { Layout } from '../../../src/tui/layout.js';
import { StatusLine } from '../../../src/tui/StatusLine.js';
import { makeTheme } from '../../../src/tui/theme.js';

const mono = makeTheme(false);

function lines(events: ClientEvent[], protocol: 'smtp' | 'imap' = 'smtp', width = 80) {
  const c = new Conversation();
  for (const e of events) c.ingest(e, false);
  return new Layout(protocol).build(c, { raw: false, width, blocks: new Map() });
}

const smtpEvents: ClientEvent[] = [
  { type: 'recv', t: 0, text: '220 sandbox.test ESMTP mailproto sandbox' },
  { type: 'annotation', t: 0, text: '220 Service ready: introduce yourself with EHLO.', about: 'recv' },
  { type: 'send', t: 0, text: 'EHLO laptop' },
  { type: 'recv', t: 0, text: '250 sandbox.test greets laptop' },
];

describe('ConversationPane', () => {
  it('prints direction markers that read without colour, and marks the selection', () => {
    const all = lines(smtpEvents);
    const selected = all[3]!.row.key;
    const { lastFrame } = render(h(ConversationPane, { lines: all, width: 80, height: 6, selectedKey: selected, focused: true, theme: mono }));
    expect(lastFrame()).toBe(
      [
        '  S: 220 sandbox.test ESMTP mailproto sandbox',
        '     #  220 Service ready: introduce yourself with EHLO.',
        '  C: EHLO laptop',
        '▶ S: 250 sandbox.test greets laptop',
        '',
        '',
      ].join('\n'),
    );
  });

  it('renders only the lines it is given (the window), each cut to the pane width', () => {
    const long: ClientEvent[] = Array.from({ length: 1000 }, (_, i) => ({ type: 'recv', t: 0, text: `250-line ${i} ${'x'.repeat(100)}` }));
    const all = lines(long, 'smtp', 40);
    const { lastFrame } = render(h(ConversationPane, { lines: all.slice(-3), width: 40, height: 3, selectedKey: undefined, focused: false, theme: mono }));
    const frame = lastFrame()!.split('\n');
    expect(frame).toHaveLength(3);
    expect(frame.every((l) => l.length <= 40)).toBe(true);
    expect(frame[0]).toMatch(/^ {5}x+$/);
  });

  it('shows server text with control characters escaped', () => {
    const all = lines([{ type: 'recv', t: 0, text: '550 \x1b[31mred\x07' }]);
    const { lastFrame } = render(h(ConversationPane, { lines: all, width: 80, height: 1, selectedKey: undefined, focused: false, theme: mono }));
    expect(lastFrame()).toBe('  S: 550 \\x1b[31mred\\x07');
  });
});

describe('DetailPane', () => {
  it('explains the selected reply: annotations, every part with its RFC, what to try now', () => {
    const all = lines([{ type: 'recv', t: 0, text: '550 5.1.1 No such user' }, { type: 'annotation', t: 0, text: 'RCPT refused: bob is not here.', about: 'recv' }]);
    const detail = detailFor(all[0]!.row, { protocol: 'smtp', sandbox: true, facts: { protocol: 'smtp', state: 'mail', secure: false, loopback: true, capabilities: [] } });
    const { lastFrame } = render(h(DetailPane, { lines: detail, width: 60, height: 80, theme: mono }));
    const frame = lastFrame()!;
    expect(frame).toContain('S: 550 5.1.1 No such user');
    expect(frame).toContain('In this session');
    expect(frame).toContain('RCPT refused: bob is not here.');
    expect(frame).toContain('550 reply code');
    expect(frame).toContain('5.1.1 Bad destination mailbox address');
    expect(frame).toMatch(/\(RFC 3463 §3\.2\)/);
    expect(frame).toMatch(/Try now\n\s+RCPT TO:<bob@sandbox\.test>/);
    expect(frame.split('\n').every((l) => l.length <= 60)).toBe(true);
  });
});

describe('StatusLine, InputLine, Footer, DataEditor, HelpOverlay', () => {
  it('the status line names protocol, server, state, TLS, user and recording', () => {
    const { lastFrame } = render(
      h(StatusLine, { status: { protocol: 'imap', server: 'sandbox:imap', state: 'selected INBOX (read-write)', tls: false, user: 'alice', busy: false, raw: false }, width: 100, theme: mono }),
    );
    expect(lastFrame()!.trimEnd()).toBe(' IMAP │ sandbox:imap │ selected INBOX (read-write) │ TLS off │ user alice │ rec off');
  });

  it('the input line shows the prompt, the text and the syntax hint above it', () => {
    const { lastFrame } = render(
      h(InputLine, { prompt: 'smtp> ', input: { text: 'MAIL FROM:<', cursor: 11 }, hint: { text: 'MAIL FROM:<reverse-path> [parameters]', tone: 'hint' }, width: 60, focused: true, theme: mono }),
    );
    // The cursor is an inverted space at the end (a plain space without colour support, which Ink trims).
    expect(lastFrame()).toBe('  MAIL FROM:<reverse-path> [parameters]\nsmtp> MAIL FROM:<');
  });

  it('a hint that warns is marked with "!" (readable without colour)', () => {
    const { lastFrame } = render(h(InputLine, { prompt: 'smtp> ', input: { text: 'DATA', cursor: 4 }, hint: { text: 'DATA — not accepted now', tone: 'error' }, width: 60, focused: true, theme: mono }));
    expect(lastFrame()!.split('\n')[0]).toBe('! DATA — not accepted now');
  });

  it('a long input scrolls to keep the cursor in view', () => {
    const text = `NOOP ${'z'.repeat(100)}`;
    const { lastFrame } = render(h(InputLine, { prompt: 'smtp> ', input: { text, cursor: text.length }, hint: { text: '', tone: 'hint' }, width: 40, focused: true, theme: mono }));
    const input = lastFrame()!.split('\n')[1]!;
    expect(input.startsWith('smtp> z')).toBe(true);
    expect(input.length).toBeLessThanOrEqual(40);
  });

  it('the footer lists the keys for where the focus is', () => {
    expect(render(h(Footer, { focus: 'input', editor: false, scrolled: false, theme: mono })).lastFrame()).toContain('F1/? help');
    expect(render(h(Footer, { focus: 'conversation', editor: false, scrolled: true, theme: mono })).lastFrame()).toMatch(/^End\/G newest {2}↑↓\/jk select/);
    expect(render(h(Footer, { focus: 'input', editor: true, scrolled: false, theme: mono })).lastFrame()).toContain('^D send');
  });

  it('the DATA editor shows each line as it will be sent, dot-stuffing included', () => {
    const draft = [
      { typed: 'Subject: hi', stuffed: false },
      { typed: '', stuffed: false },
      { typed: '.dot', stuffed: true },
    ];
    const { lastFrame } = render(h(DataEditor, { draft: draft, rows: 6, width: 100, theme: mono }));
    const frame = lastFrame()!.split('\n');
    expect(frame[0]).toMatch(/^── message: 3 lines, 22 octets as sent, 1 dot-stuffed · "\." alone or Ctrl-D sends/);
    expect(frame.slice(1)).toEqual([
      '   1 Subject: hi',
      '   2',
      '   3 ..dot   ← "." added: dot-stuffing',
    ]);
  });

  it('the help lists the keys and the protocol commands from the catalog', () => {
    const frame = render(h(HelpOverlay, { protocol: 'pop3', width: 90, height: 60, scroll: 0, theme: mono })).lastFrame()!;
    expect(frame).toMatch(/^ Help — Esc, q or F1 closes/);
    expect(frame).toContain('Ctrl-R');
    expect(frame).toContain('RETR <msg>');
    expect(frame).toContain(':auth plain|login|cram-md5');
  });
});
