import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src/client/events.js';
import { Conversation } from '../../../src/tui/conversation.js';
import { FOLD_AFTER, Layout, type BlockView, type DisplayLine } from '../../../src/tui/layout.js';

type Ev = ClientEvent;
const send = (text: string): Ev => ({ type: 'send', t: 0, text, eol: '\r\n' });
const recv = (text: string, inBody = false): Ev => ({ type: 'recv', t: 0, text, eol: '\r\n', ...(inBody ? { inBody } : {}) });
const note = (text: string, about: 'recv' | 'send' = 'recv'): Ev => ({ type: 'annotation', t: 0, text, about });

function conversation(events: Array<Ev | [Ev, 'content']>): Conversation {
  const c = new Conversation();
  for (const e of events) Array.isArray(e) ? c.ingest(e[0], true) : c.ingest(e, false);
  return c;
}

/** What the pane shows: marker + text of each display line, gutter and indent trimmed. */
function shown(lines: readonly DisplayLine[]): string[] {
  return lines.map((l) => `${' '.repeat(l.row.indent)}${l.first ? { send: 'C: ', recv: 'S: ', note: '#  ', info: 'i  ', warning: '!  ', tls: '#  ', local: '>  ', close: '-- ', fold: '   ', body: '   ' }[l.row.kind] : '   '}${l.text}`);
}

function layout(c: Conversation, protocol: 'smtp' | 'pop3' | 'imap', opts: { raw?: boolean; width?: number; blocks?: Map<number, BlockView> } = {}): string[] {
  return shown(new Layout(protocol).build(c, { raw: opts.raw ?? false, width: opts.width ?? 200, blocks: opts.blocks ?? new Map() }));
}

const EHLO: Ev[] = [send('EHLO me'), recv('250-sandbox.test greets me'), note('250 EHLO accepted'), recv('250-SIZE 10485760'), note('SIZE: the largest message'), recv('250-8BITMIME'), recv('250-PIPELINING'), recv('250-STARTTLS'), recv('250 HELP')];

describe('conversation pane layout', () => {
  it('shows the newest exchange whole, with every annotation under its line', () => {
    const c = conversation([recv('220 sandbox.test ESMTP'), note('220 Service ready'), ...EHLO]);
    expect(layout(c, 'smtp')).toEqual([
      'S: 220 sandbox.test ESMTP',
      '   #  220 Service ready',
      'C: EHLO me',
      'S: 250-sandbox.test greets me',
      '   #  250 EHLO accepted',
      'S: 250-SIZE 10485760',
      '   #  SIZE: the largest message',
      'S: 250-8BITMIME',
      'S: 250-PIPELINING',
      'S: 250-STARTTLS',
      'S: 250 HELP',
    ]);
  });

  it(`folds an older multi-line reply (more than ${FOLD_AFTER} lines) to its first and last line`, () => {
    const c = conversation([...EHLO, send('MAIL FROM:<a@b>'), recv('250 2.1.0 OK')]);
    expect(layout(c, 'smtp')).toEqual([
      'C: EHLO me',
      'S: 250-sandbox.test greets me',
      '   #  250 EHLO accepted',
      '     [+] 4 more lines: SIZE, 8BITMIME, PIPELINING, STARTTLS (Enter shows them)',
      'S: 250 HELP',
      'C: MAIL FROM:<a@b>',
      'S: 250 2.1.0 OK',
    ]);
  });

  it('a block folded open by the learner keeps a row to fold it again', () => {
    const c = conversation([...EHLO, send('NOOP'), recv('250 OK')]);
    const ehlo = c.blocks[0]!.id;
    const lines = layout(c, 'smtp', { blocks: new Map([[ehlo, { expanded: true }]]) });
    expect(lines).toContain('S: 250-PIPELINING');
    expect(lines).toContain('     [-] 4 more lines: SIZE, 8BITMIME, PIPELINING, STARTTLS (Enter folds)');
  });

  it('groups IMAP untagged responses under their command and folds them by name', () => {
    const select: Ev[] = [send('A002 SELECT INBOX'), recv('* FLAGS (\\Seen)'), recv('* 1 EXISTS'), note('INBOX holds 1 message'), recv('* 0 RECENT'), recv('* OK [UIDVALIDITY 7] UIDs valid'), recv('A002 OK [READ-WRITE] SELECT completed')];
    const newest = layout(conversation(select), 'imap');
    expect(newest).toEqual([
      'C: A002 SELECT INBOX',
      '  S: * FLAGS (\\Seen)',
      '  S: * 1 EXISTS',
      '     #  INBOX holds 1 message',
      '  S: * 0 RECENT',
      '  S: * OK [UIDVALIDITY 7] UIDs valid',
      'S: A002 OK [READ-WRITE] SELECT completed',
    ]);
    const older = layout(conversation([...select, send('A003 NOOP'), recv('A003 OK')]), 'imap');
    expect(older.slice(0, 4)).toEqual([
      'C: A002 SELECT INBOX',
      '  S: * FLAGS (\\Seen)',
      '     [+] 3 untagged response lines: EXISTS, RECENT, OK [UIDVALIDITY] (Enter shows them)',
      'S: A002 OK [READ-WRITE] SELECT completed',
    ]);
  });

  it('collapses message content to a summary line that opens on demand', () => {
    const retr: Ev[] = [send('RETR 1'), recv('+OK 120 octets'), recv('Subject: hello', true), recv('', true), recv('body line', true), recv('.')];
    const c = conversation(retr);
    expect(layout(c, 'pop3')).toEqual(['C: RETR 1', 'S: +OK 120 octets', '     [+] message content: 3 lines, 29 octets, Subject: hello (Enter opens)', 'S: .']);
    const blockId = c.blocks[0]!.id;
    const runId = c.blocks[0]!.entries[1]!.id;
    const open = layout(c, 'pop3', { blocks: new Map([[blockId, { openRuns: new Set([runId]) }]]) });
    expect(open).toEqual(['C: RETR 1', 'S: +OK 120 octets', '     [-] message content: 3 lines, 29 octets, Subject: hello (Enter closes)', '  S: Subject: hello', '  S: ', '  S: body line', 'S: .']);
  });

  it('annotated body lines (CAPA) are reply lines, not content', () => {
    const c = conversation([send('CAPA'), recv('+OK'), recv('TOP', true), note('TOP: headers and n lines'), recv('.')]);
    expect(layout(c, 'pop3')).toEqual(['C: CAPA', 'S: +OK', 'S: TOP', '   #  TOP: headers and n lines', 'S: .']);
  });

  it('keeps DATA lines under the DATA command; the "." is a command of its own', () => {
    const c = conversation([send('DATA'), recv('354 go ahead'), [send('Subject: x'), 'content'], [send('..dot'), 'content'], note('starts with "."', 'send'), send('.'), recv('250 queued')]);
    expect(layout(c, 'smtp')).toEqual(['C: DATA', 'S: 354 go ahead', 'C: Subject: x', 'C: ..dot', '   #  starts with "."', 'C: .', 'S: 250 queued']);
  });

  it('escapes control characters from the server (security.md item 8)', () => {
    const c = conversation([recv('220 evil \x1b]0;owned\x07 \x9b31m')]);
    expect(layout(c, 'smtp')).toEqual(['S: 220 evil \\x1b]0;owned\\x07 \\x9b31m']);
  });

  it('the raw view shows wire lines only, with their line ends', () => {
    const c = conversation([recv('220 hi'), note('220 ready'), send('QUIT'), { type: 'recv', t: 0, text: '221 bye', eol: '\n' }]);
    expect(layout(c, 'smtp', { raw: true })).toEqual(['S: 220 hi\\r\\n', 'C: QUIT\\r\\n', 'S: 221 bye\\n']);
  });

  it('wraps long lines under their marker', () => {
    const c = conversation([recv('250 ' + 'word '.repeat(20).trim())]);
    const lines = new Layout('smtp').build(c, { raw: false, width: 40, blocks: new Map() });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((l) => l.row.key === lines[0]!.row.key)).toBe(true);
    expect(lines.slice(1).every((l) => !l.first)).toBe(true);
  });

  it('lays out again only the blocks that changed', () => {
    const c = conversation([...EHLO, send('NOOP'), recv('250 OK')]);
    const layoutEngine = new Layout('smtp');
    const view = { raw: false, width: 80, blocks: new Map<number, BlockView>() };
    const first = layoutEngine.build(c, view);
    c.ingest(note('250 fine'), false);
    const second = layoutEngine.build(c, view);
    // The EHLO block's lines are the same objects; the NOOP block was redone.
    expect(second[0]).toBe(first[0]);
    expect(second.length).toBe(first.length + 1);
  });

  it('puts meta-command output under the typed meta-command, and the end of the session last', () => {
    const c = new Conversation();
    c.ingest(recv('220 hi'), false);
    c.addLocal(':b64 hello');
    c.ingest({ type: 'info', t: 0, text: 'base64: aGVsbG8=' }, false);
    c.ingest({ type: 'close', t: 0, reason: 'server-closed', message: 'the server closed the connection' }, false);
    expect(layout(c, 'smtp')).toEqual(['S: 220 hi', '>  :b64 hello', 'i  base64: aGVsbG8=', '-- session ended: the server closed the connection']);
  });

  it('shows an instructor note and marker as line mode does', () => {
    const c = new Conversation();
    c.ingest(recv('220 hi'), false);
    c.addLocal(':marker Greeting');
    c.ingest({ type: 'info', t: 0, text: 'Greeting', instructor: 'marker' }, false);
    c.addLocal(':note EHLO comes next');
    c.ingest({ type: 'info', t: 0, text: 'EHLO comes next', instructor: 'note' }, false);
    expect(layout(c, 'smtp')).toEqual(['S: 220 hi', '>  :marker Greeting', 'i  == Greeting ==', '>  :note EHLO comes next', 'i  note: EHLO comes next']);
  });
});
