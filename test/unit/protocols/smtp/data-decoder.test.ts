import { describe, expect, it } from 'vitest';
import { DataDecoder, normalizeLineEnds } from '../../../../src/protocols/smtp/data-decoder.js';

/** Feeds the input in pieces cut at the given offsets. */
function decode(input: Buffer, cuts: number[] = [], max = 1 << 20): { body: string; consumed: number; done: boolean; overflow: boolean } {
  const d = new DataDecoder(max);
  let offset = 0;
  let consumed = 0;
  let done = false;
  for (const end of [...cuts, input.length]) {
    if (done) break;
    const r = d.write(input.subarray(offset, end));
    consumed += r.consumed;
    done = r.done;
    offset = end;
  }
  return { body: d.body().toString('latin1'), consumed, done, overflow: d.overflow };
}

describe('DataDecoder', () => {
  it.each([
    ['simple message', 'Subject: x\r\n\r\nhello\r\n.\r\n', 'Subject: x\r\n\r\nhello\r\n'],
    ['empty message', '.\r\n', ''],
    ['dot-stuffed line', 'a\r\n..b\r\n.\r\n', 'a\r\n.b\r\n'],
    ['a line of two dots', '..\r\n.\r\n', '.\r\n'],
    ['bare LF normalized', 'a\nb\n\r\n.\r\n', 'a\r\nb\r\n\r\n'],
    ['bare CR normalized', 'a\rb\r\n.\r\n', 'a\r\nb\r\n'],
  ])('%s', (_name, input, expected) => {
    const r = decode(Buffer.from(input, 'latin1'));
    expect(r.done).toBe(true);
    expect(r.body).toBe(expected);
  });

  // security.md item 10: none of these ends the message.
  it.each(['\n.\n', '\r.\r', '\r.\n', '\n.\r', '\n.\r\n', '\r\n.\n', '\r.\r\n', '\r\n.\r', '\r\n\x00.\r\n'])(
    'end-of-data variant %j is content, not the end',
    (variant) => {
      const smuggled = 'MAIL FROM:<evil@x>\r\nRCPT TO:<bob@sandbox.test>\r\nDATA\r\nevil\r\n';
      const input = Buffer.from(`body${variant}${smuggled}.\r\nQUIT\r\n`, 'latin1');
      const r = decode(input);
      expect(r.done).toBe(true);
      expect(r.body).toContain('MAIL FROM:<evil@x>');
      // The decoder stops right after the real end-of-data line; QUIT belongs to the command stream.
      expect(input.subarray(r.consumed).toString()).toBe('QUIT\r\n');
      // Only CRLF line ends are stored (security.md item 11).
      expect(r.body).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
      // The same wherever the packets are cut: a variant split across two reads ends nothing either.
      for (let i = 1; i < input.length; i++) expect(decode(input, [i]), `cut at ${i}`).toEqual(r);
    },
  );

  it('gives the same result for every split point', () => {
    const input = Buffer.from('a\r\n..b\r\nc\rd\ne\r\n.x\r\n.\r\nRSET\r\n', 'latin1');
    const whole = decode(input);
    for (let i = 1; i < input.length; i++) {
      for (const j of [i + 1, i + 3]) {
        const cuts = j < input.length ? [i, j] : [i];
        expect(decode(input, cuts)).toEqual(whole);
      }
    }
    expect(whole.body).toBe('a\r\n.b\r\nc\r\nd\r\ne\r\nx\r\n');
  });

  it('keeps reading past the size limit but stores nothing more', () => {
    const r = decode(Buffer.from(`${'x'.repeat(50)}\r\n.\r\n`), [], 10);
    expect(r.done).toBe(true);
    expect(r.overflow).toBe(true);
    expect(r.body.length).toBeLessThanOrEqual(10);
  });

  it('waits for more input when the terminator is incomplete', () => {
    const d = new DataDecoder(1000);
    expect(d.write(Buffer.from('a\r\n.\r')).done).toBe(false);
    expect(d.write(Buffer.from('\n')).done).toBe(true);
    expect(d.body().toString()).toBe('a\r\n');
  });
});

describe('normalizeLineEnds', () => {
  it.each([
    ['a\r\nb', 'a\r\nb'],
    ['a\nb\n', 'a\r\nb\r\n'],
    ['a\rb', 'a\r\nb'],
    ['\r\r\n\n', '\r\n\r\n\r\n'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeLineEnds(Buffer.from(input)).toString()).toBe(expected);
  });
});
