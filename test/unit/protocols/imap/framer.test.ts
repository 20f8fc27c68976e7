import { describe, expect, it } from 'vitest';
import {
  type FramerEvent,
  type FramerOptions,
  ImapCommandFramer,
  findLiteralMarker,
} from '../../../../src/protocols/imap/framer.js';
import {
  MAX_APPEND_OCTETS,
  MAX_LINE_OCTETS,
  MAX_LITERAL_OCTETS,
  MAX_NONSYNC_LITERAL,
} from '../../../../src/protocols/imap/limits.js';
import type { LiteralInfo } from '../../../../src/protocols/imap/literal-policy.js';

/** Events in a comparable form: literal data as text. */
function plain(event: FramerEvent): unknown {
  if (event.type !== 'command') return event;
  return {
    type: 'command',
    tag: event.command.tag,
    command: event.command.command,
    octets: event.command.octets,
    parts: event.command.parts.map((p) =>
      typeof p === 'string' ? p : { literal: p.data.toString('latin1'), nonSync: p.nonSync },
    ),
  };
}

/** Feeds the chunks, draining events after each, entering raw-line mode after IDLE. */
function run(chunks: readonly Buffer[], options: FramerOptions = {}): unknown[] {
  const framer = new ImapCommandFramer(options);
  const events: unknown[] = [];
  for (const chunk of chunks) {
    framer.push(chunk);
    for (const event of framer.events()) {
      events.push(plain(event));
      if (event.type === 'command' && event.command.command === 'IDLE') framer.expectRawLine();
    }
  }
  return events;
}

const STREAM = Buffer.concat([
  Buffer.from('A1 CAPABILITY\r\n'),
  Buffer.from('A2 LOGIN {5}\r\nalice {8+}\r\npass\r\nX\r\n'),
  Buffer.from('A3 SELECT "quoted {5}"\n'),
  Buffer.from('A4 APPEND INBOX (\\Seen) {12}\r\nHi\r\n\xe9t\xe9 {}\r\n\r\n', 'latin1'),
  Buffer.from('A5 IDLE\r\nDONE\r\n'),
  Buffer.from('A6 UID FETCH 1:* (FLAGS)\r\n'),
  Buffer.from('A7 LOGIN {0}\r\n {0+}\r\n\r\n'),
]);

const EXPECTED = [
  { type: 'command', tag: 'A1', command: 'CAPABILITY', octets: 15, parts: ['A1 CAPABILITY'] },
  { type: 'continue', tag: 'A2', command: 'LOGIN', size: 5 },
  {
    type: 'command',
    tag: 'A2',
    command: 'LOGIN',
    octets: 35,
    parts: ['A2 LOGIN ', { literal: 'alice', nonSync: false }, ' ', { literal: 'pass\r\nX\r', nonSync: true }, ''],
  },
  { type: 'command', tag: 'A3', command: 'SELECT', octets: 23, parts: ['A3 SELECT "quoted {5}"'] },
  { type: 'continue', tag: 'A4', command: 'APPEND', size: 12 },
  {
    type: 'command',
    tag: 'A4',
    command: 'APPEND',
    octets: 44,
    parts: ['A4 APPEND INBOX (\\Seen) ', { literal: 'Hi\r\n\xe9t\xe9 {}\r\n', nonSync: false }, ''],
  },
  { type: 'command', tag: 'A5', command: 'IDLE', octets: 9, parts: ['A5 IDLE'] },
  { type: 'line', line: 'DONE' },
  { type: 'command', tag: 'A6', command: 'UID FETCH', octets: 26, parts: ['A6 UID FETCH 1:* (FLAGS)'] },
  { type: 'continue', tag: 'A7', command: 'LOGIN', size: 0 },
  {
    type: 'command',
    tag: 'A7',
    command: 'LOGIN',
    octets: 23,
    parts: ['A7 LOGIN ', { literal: '', nonSync: false }, ' ', { literal: '', nonSync: true }, ''],
  },
];

describe('ImapCommandFramer: chunking', () => {
  it('frames a stream of commands with literals', () => {
    expect(run([STREAM])).toEqual(EXPECTED);
  });

  it.each(Array.from({ length: STREAM.length + 1 }, (_, i) => i))(
    'gives the same events when the stream is split at byte %i',
    (i) => {
      expect(run([STREAM.subarray(0, i), STREAM.subarray(i)])).toEqual(EXPECTED);
    },
  );

  it('gives the same events fed one byte at a time', () => {
    const bytes = Array.from({ length: STREAM.length }, (_, i) => STREAM.subarray(i, i + 1));
    expect(run(bytes)).toEqual(EXPECTED);
  });

  it('does not take {n} inside an unterminated quoted string for a literal', () => {
    expect(run([Buffer.from('a LOGIN "x {5}\r\n')])).toEqual([
      { type: 'command', tag: 'a', command: 'LOGIN', octets: 16, parts: ['a LOGIN "x {5}'] },
    ]);
  });
});

describe('findLiteralMarker', () => {
  it.each([
    ['a LOGIN {5}', { start: 8, size: 5, nonSync: false }],
    ['a LOGIN {5+}', { start: 8, size: 5, nonSync: true }],
    ['a LOGIN {007}', { start: 8, size: 7, nonSync: false }],
    ['a LOGIN {99999999999}', { start: 8, size: 99_999_999_999, nonSync: false }],
    ['a LOGIN {99999999999999999999999}', { start: 8, size: Number.POSITIVE_INFINITY, nonSync: false }],
    ['a LOGIN {}', undefined],
    ['a LOGIN {+}', undefined],
    ['a LOGIN {5a}', undefined],
    ['a LOGIN 5}', undefined],
    ['a LOGIN {5} ', undefined],
    ['a LOGIN "{5}', undefined],
    ['a LOGIN "x\\"" {5}', { start: 14, size: 5, nonSync: false }],
  ])('%j', (line, expected) => {
    expect(findLiteralMarker(Buffer.from(line))).toEqual(expected);
  });
});

describe('ImapCommandFramer: literal limits (security.md 16)', () => {
  it('refuses {99999999999} without a continuation and resynchronizes on the next line', () => {
    expect(run([Buffer.from('a LOGIN {99999999999}\r\nb NOOP\r\n')])).toEqual([
      {
        type: 'literal-rejected',
        tag: 'a',
        command: 'LOGIN',
        size: 99_999_999_999,
        nonSync: false,
        status: 'BAD',
        code: 'TOOBIG',
        reason: `literal of 99999999999 octets is over the limit of ${MAX_LITERAL_OCTETS} octets for LOGIN`,
      },
      { type: 'command', tag: 'b', command: 'NOOP', octets: 8, parts: ['b NOOP'] },
    ]);
  });

  it('refuses a literal with more digits than any size', () => {
    const events = run([Buffer.from(`a LOGIN {${'9'.repeat(40)}}\r\n`)]) as FramerEvent[];
    expect(events).toMatchObject([{ type: 'literal-rejected', size: Number.POSITIVE_INFINITY }]);
  });

  it('answers APPEND over the limit with NO [TOOBIG] before "+"', () => {
    const events = run([Buffer.from(`a APPEND INBOX {${MAX_APPEND_OCTETS + 1}}\r\n`)]);
    expect(events).toEqual([
      expect.objectContaining({ type: 'literal-rejected', status: 'NO', code: 'TOOBIG', command: 'APPEND' }),
    ]);
  });

  it('accepts APPEND at the limit and a configured limit', () => {
    expect(run([Buffer.from(`a APPEND INBOX {${MAX_APPEND_OCTETS}}\r\n`)])).toEqual([
      { type: 'continue', tag: 'a', command: 'APPEND', size: MAX_APPEND_OCTETS },
    ]);
  });

  it('asks the server callback with the literal info, and honours its refusal', () => {
    const asked: LiteralInfo[] = [];
    const events = run([Buffer.from('t1 LOGIN {5}\r\nalice {6}\r\n')], {
      onLiteral: (info) => {
        asked.push(info);
        return asked.length === 1 ? 'accept' : { reject: 'no passwords today', status: 'NO' };
      },
    });
    expect(asked).toEqual([
      { tag: 't1', command: 'LOGIN', size: 5, nonSync: false, octets: 14 },
      { tag: 't1', command: 'LOGIN', size: 6, nonSync: false, octets: 14 + 5 + 6 },
    ]);
    expect(events.at(-1)).toEqual({
      type: 'literal-rejected',
      tag: 't1',
      command: 'LOGIN',
      size: 6,
      nonSync: false,
      status: 'NO',
      code: undefined,
      reason: 'no passwords today',
    });
  });

  it(`accepts a non-synchronizing literal of ${MAX_NONSYNC_LITERAL} octets under LITERAL-, without "+"`, () => {
    const data = 'x'.repeat(MAX_NONSYNC_LITERAL);
    const events = run([Buffer.from(`a LOGIN bob {${MAX_NONSYNC_LITERAL}+}\r\n${data}\r\n`)]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'command', parts: ['a LOGIN bob ', { literal: data, nonSync: true }, ''] });
  });

  it(`fails fatally on a non-synchronizing literal of ${MAX_NONSYNC_LITERAL + 1} octets under LITERAL-`, () => {
    const framer = new ImapCommandFramer({ nonSync: 'LITERAL-' });
    framer.push(Buffer.from(`a APPEND INBOX {${MAX_NONSYNC_LITERAL + 1}+}\r\nb LOGOUT\r\n`));
    expect(framer.next()).toEqual({
      type: 'error',
      code: 'NONSYNC_LITERAL_TOO_BIG',
      fatal: true,
      tag: 'a',
      command: 'APPEND',
      message: `non-synchronizing literal over ${MAX_NONSYNC_LITERAL} octets (LITERAL-, RFC 7888); use {n} and wait for "+"`,
    });
    // The literal data must never be read as commands.
    expect(framer.next()).toBeNull();
    framer.push(Buffer.from('c NOOP\r\n'));
    expect(framer.next()).toBeNull();
    expect(framer.closed).toBe(true);
  });

  it('accepts a big non-synchronizing literal under LITERAL+', () => {
    const data = 'y'.repeat(MAX_NONSYNC_LITERAL * 3);
    const events = run([Buffer.from(`a APPEND INBOX {${data.length}+}\r\n${data}\r\n`)], { nonSync: 'LITERAL+' });
    expect(events).toMatchObject([{ type: 'command', parts: ['a APPEND INBOX ', { literal: data }, ''] }]);
  });

  it('fails fatally on any non-synchronizing literal when none are advertised', () => {
    expect(run([Buffer.from('a LOGIN {5+}\r\nalice x\r\n')], { nonSync: 'none' })).toEqual([
      expect.objectContaining({ type: 'error', code: 'NONSYNC_LITERAL_NOT_ALLOWED', fatal: true, tag: 'a' }),
    ]);
  });

  it('skips the data of a refused non-synchronizing literal instead of running it', () => {
    const smuggled = 'x DELETE INBOX\r\n';
    const events = run(
      [Buffer.from(`a LOGIN {${smuggled.length}+}\r\n${smuggled} {3+}\r\nabc\r\nb NOOP\r\n`)],
      { nonSync: 'LITERAL+', onLiteral: () => ({ reject: 'no' }) },
    );
    expect(events).toEqual([
      expect.objectContaining({ type: 'literal-rejected', tag: 'a', nonSync: true }),
      expect.objectContaining({ type: 'command', tag: 'b', parts: ['b NOOP'] }),
    ]);
  });
});

describe('ImapCommandFramer: a refused {n+} literal costs at most maxDiscardOctets', () => {
  const refuse = (): { reject: string; code: string } => ({ reject: 'message too big', code: 'TOOBIG' });

  it('skips a refused literal of exactly maxDiscardOctets and goes on', () => {
    const events = run([Buffer.from(`a APPEND INBOX {10+}\r\n0123456789\r\nb NOOP\r\n`)], {
      nonSync: 'LITERAL+',
      maxDiscardOctets: 10,
      onLiteral: refuse,
    });
    expect(events).toEqual([
      expect.objectContaining({ type: 'literal-rejected', tag: 'a', code: 'TOOBIG' }),
      expect.objectContaining({ type: 'command', tag: 'b' }),
    ]);
  });

  it('closes on a refused literal one octet bigger, reading none of it', () => {
    const framer = new ImapCommandFramer({ nonSync: 'LITERAL+', maxDiscardOctets: 10, onLiteral: refuse });
    framer.push(Buffer.from(`a APPEND INBOX {11+}\r\nb LOGOUT\r\n`));
    expect(framer.next()).toEqual({
      type: 'error',
      code: 'NONSYNC_LITERAL_TOO_BIG',
      fatal: true,
      tag: 'a',
      command: 'APPEND',
      message: 'message too big; a refused {n+} literal over 10 octets is not read',
    });
    expect(framer.next()).toBeNull();
    expect(framer.closed).toBe(true);
  });

  it(`defaults to MAX_APPEND_OCTETS (${MAX_APPEND_OCTETS})`, () => {
    const framer = new ImapCommandFramer({ nonSync: 'LITERAL+', onLiteral: refuse });
    framer.push(Buffer.from(`a APPEND INBOX {${MAX_APPEND_OCTETS + 1}+}\r\n`));
    expect(framer.next()).toMatchObject({ type: 'error', fatal: true });
    const skipping = new ImapCommandFramer({ nonSync: 'LITERAL+', onLiteral: refuse });
    skipping.push(Buffer.from(`a APPEND INBOX {${MAX_APPEND_OCTETS}+}\r\n`));
    expect(skipping.next()).toMatchObject({ type: 'literal-rejected' });
    expect(skipping.closed).toBe(false);
  });
});

describe('ImapCommandFramer: line limit (security.md 17)', () => {
  it(`accepts a line of exactly ${MAX_LINE_OCTETS} octets`, () => {
    const line = `a NOOP ${'x'.repeat(MAX_LINE_OCTETS - 7)}`;
    expect(run([Buffer.from(`${line}\r\n`)])).toMatchObject([{ type: 'command', parts: [line] }]);
  });

  it('answers a longer complete line with an error and goes on with the next command', () => {
    const line = `a NOOP ${'x'.repeat(MAX_LINE_OCTETS)}`;
    expect(run([Buffer.from(`${line}\r\nb NOOP\r\n`)])).toEqual([
      {
        type: 'error',
        code: 'LINE_TOO_LONG',
        fatal: false,
        tag: 'a',
        command: 'NOOP',
        message: `command line too long (the limit is ${MAX_LINE_OCTETS} octets per line)`,
      },
      expect.objectContaining({ type: 'command', tag: 'b' }),
    ]);
  });

  it('keeps memory bounded while 10 MiB arrive without a line end', () => {
    const framer = new ImapCommandFramer();
    const events: FramerEvent[] = [];
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    framer.push(Buffer.from('a LOGIN '));
    let most = 0;
    for (let i = 0; i < 160; i++) {
      framer.push(chunk);
      events.push(...framer.events());
      most = Math.max(most, framer.buffered);
    }
    expect(most).toBeLessThanOrEqual(MAX_LINE_OCTETS + 1);
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'LINE_TOO_LONG', tag: 'a', fatal: false })]);
    framer.push(Buffer.from('AAAA\r\nb NOOP\r\n'));
    expect([...framer.events()].map((e) => e.type === 'command' && e.command.tag)).toEqual(['b']);
  });

  it('applies the limit to a continuation line after a literal and drops the command', () => {
    const long = 'z'.repeat(MAX_LINE_OCTETS + 10);
    expect(run([Buffer.from(`a LOGIN {3+}\r\nbob ${long}\r\nb NOOP\r\n`)])).toEqual([
      expect.objectContaining({ type: 'error', code: 'LINE_TOO_LONG', tag: 'a', command: 'LOGIN' }),
      expect.objectContaining({ type: 'command', tag: 'b' }),
    ]);
  });
});

describe('ImapCommandFramer: IDLE, AUTHENTICATE and STARTTLS', () => {
  it('delivers one raw line after expectRawLine(), then commands again', () => {
    const framer = new ImapCommandFramer();
    framer.push(Buffer.from('a AUTHENTICATE PLAIN\r\nAGFsaWNlAHBhc3N3b3Jk\r\nb NOOP\r\n'));
    expect(framer.next()).toMatchObject({ type: 'command', command: { tag: 'a', command: 'AUTHENTICATE' } });
    framer.expectRawLine();
    expect(framer.next()).toEqual({ type: 'line', line: 'AGFsaWNlAHBhc3N3b3Jk' });
    expect(framer.next()).toMatchObject({ type: 'command', command: { tag: 'b' } });
  });

  it('pauses after STARTTLS and discards what the client sent after it (security.md 1)', () => {
    const framer = new ImapCommandFramer();
    framer.push(Buffer.from('a STARTTLS\r\nb NOOP\r\n'));
    expect(framer.next()).toMatchObject({ type: 'command', command: { tag: 'a', command: 'STARTTLS' } });
    framer.pause();
    expect(framer.next()).toBeNull();
    expect(framer.discardBuffered()).toBe('b NOOP\r\n'.length);
    framer.resume();
    expect(framer.next()).toBeNull();
    framer.push(Buffer.from('c CAPABILITY\r\n'));
    expect(framer.next()).toMatchObject({ type: 'command', command: { tag: 'c', parts: ['c CAPABILITY'] } });
  });

  it('forgets a partial line on discard: "NOOP" then "c NOOP" is not "NOOPc NOOP" (security.md 2)', () => {
    const framer = new ImapCommandFramer();
    framer.push(Buffer.from('a STARTTLS\r\nNOOP'));
    expect(framer.next()).toMatchObject({ type: 'command' });
    framer.pause();
    framer.push(Buffer.from(' more'));
    expect(framer.takeBuffered().toString()).toBe('NOOP more');
    framer.resume();
    framer.push(Buffer.from('c NOOP\r\n'));
    expect(framer.next()).toMatchObject({ type: 'command', command: { parts: ['c NOOP'] } });
  });

  it('reports being mid-command while a literal is outstanding', () => {
    const framer = new ImapCommandFramer();
    framer.push(Buffer.from('a LOGIN {3}\r\n'));
    expect(framer.next()).toMatchObject({ type: 'continue' });
    expect(framer.midCommand).toBe(true);
    framer.push(Buffer.from('bob pw\r\n'));
    expect(framer.next()).toMatchObject({ type: 'command' });
    expect(framer.midCommand).toBe(false);
  });
});
