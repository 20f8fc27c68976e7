import { describe, expect, it } from 'vitest';
import { SmtpFramer, type FramerEvent } from '../../../../src/protocols/smtp/framer.js';
import { MAX_AUTH_LINE, MAX_COMMAND_LINE, MAX_UNTERMINATED_LINE } from '../../../../src/protocols/smtp/limits.js';

/** Drains every event; `onEvent` may switch modes like the session does. */
function drain(framer: SmtpFramer, onEvent: (e: FramerEvent) => void = () => {}): FramerEvent[] {
  const out: FramerEvent[] = [];
  for (let e = framer.next(); e; e = framer.next()) {
    out.push(e);
    onEvent(e);
  }
  return out;
}

/** A session-like driver: DATA switches to data mode, BDAT n reads a chunk. */
function run(input: Buffer, cuts: number[]): FramerEvent[] {
  const framer = new SmtpFramer();
  const events: FramerEvent[] = [];
  let offset = 0;
  for (const end of [...cuts, input.length]) {
    framer.push(input.subarray(offset, end));
    offset = end;
    events.push(
      ...drain(framer, (e) => {
        if (e.type === 'line' && e.line === 'DATA') framer.startData(1 << 20);
        const m = e.type === 'line' ? /^BDAT (\d+)/.exec(e.line) : null;
        if (m) framer.startChunk(Number(m[1]), true);
      }),
    );
  }
  return events;
}

function summary(events: FramerEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'line':
        return e.tooLong ? 'line:<too long>' : `line:${e.line}`;
      case 'data':
        return `data:${e.body.toString()}`;
      case 'chunk':
        return `chunk:${e.body.toString()}`;
      case 'fatal':
        return `fatal:${e.reason}`;
    }
  });
}

describe('SmtpFramer', () => {
  const session = Buffer.from('EHLO a\r\nMAIL FROM:<a@b>\r\nDATA\r\nhi\r\n..x\r\n.\r\nBDAT 5\r\nab\r\ncNOOP\nQUIT\r\n');
  const expected = ['line:EHLO a', 'line:MAIL FROM:<a@b>', 'line:DATA', 'data:hi\r\n.x\r\n', 'line:BDAT 5', 'chunk:ab\r\nc', 'line:NOOP', 'line:QUIT'];

  it('frames a whole session', () => {
    expect(summary(run(session, []))).toEqual(expected);
  });

  it('gives the same events for input split at every byte boundary', () => {
    for (let i = 1; i < session.length; i++) expect(summary(run(session, [i]))).toEqual(expected);
  });

  it('gives the same events for input fed one byte at a time', () => {
    expect(summary(run(session, Array.from({ length: session.length - 1 }, (_, i) => i + 1)))).toEqual(expected);
  });

  it.each([
    ['exactly the limit', MAX_COMMAND_LINE - 2, false],
    ['one octet over', MAX_COMMAND_LINE - 1, true],
    ['4 KiB', 4096, true],
  ])('a command line of %s is %s', (_name, length, tooLong) => {
    const framer = new SmtpFramer();
    framer.push(Buffer.from(`NOOP ${'x'.repeat(length - 5)}\r\nRSET\r\n`));
    const events = drain(framer);
    expect(events[0]).toMatchObject({ type: 'line', tooLong });
    expect(events[1]).toEqual({ type: 'line', line: 'RSET', tooLong: false });
  });

  it('allows AUTH lines up to the RFC 4954 limit', () => {
    const framer = new SmtpFramer();
    const blob = 'A'.repeat(MAX_AUTH_LINE - 20);
    framer.push(Buffer.from(`AUTH PLAIN ${blob}\r\n`));
    expect(drain(framer)).toEqual([{ type: 'line', line: `AUTH PLAIN ${blob}`, tooLong: false }]);
  });

  it('discards an endless line and reports it as fatal, holding bounded memory', () => {
    const framer = new SmtpFramer();
    const chunk = Buffer.alloc(16 * 1024, 0x41);
    let fatal = false;
    for (let sent = 0; sent < 10 * 1024 * 1024 && !fatal; sent += chunk.length) {
      framer.push(chunk);
      fatal = drain(framer).some((e) => e.type === 'fatal');
      expect(framer.buffered).toBeLessThanOrEqual(MAX_AUTH_LINE + chunk.length);
    }
    expect(fatal).toBe(true);
  });

  it('an over-long line that ends before the fatal limit becomes one too-long line', () => {
    const framer = new SmtpFramer();
    framer.push(Buffer.alloc(MAX_UNTERMINATED_LINE / 2, 0x41));
    expect(drain(framer)).toEqual([]);
    framer.push(Buffer.from('\r\nNOOP\r\n'));
    expect(summary(drain(framer))).toEqual(['line:<too long>', 'line:NOOP']);
  });

  it('discardBuffered drops what followed STARTTLS in the same segment', () => {
    const framer = new SmtpFramer();
    framer.push(Buffer.from('STARTTLS\r\nRSET\r\nNOOP'));
    expect(framer.next()).toEqual({ type: 'line', line: 'STARTTLS', tooLong: false });
    expect(framer.discardBuffered()).toBe('RSET\r\nNOOP'.length);
    framer.push(Buffer.from('EHLO x\r\n'));
    expect(drain(framer)).toEqual([{ type: 'line', line: 'EHLO x', tooLong: false }]);
  });
});
