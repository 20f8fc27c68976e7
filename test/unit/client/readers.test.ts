/** Server framing, fed split at every byte boundary (conventions.md 13), and the named limits. */
import { describe, expect, it } from 'vitest';
import { MAX_SERVER_LINE, MAX_SERVER_LITERAL } from '../../../src/client/limits.js';
import { ImapReader, type ImapItem } from '../../../src/client/readers/imap-reader.js';
import { LineReader } from '../../../src/client/readers/line-reader.js';

/** Feeds `input` in two pieces split at `at`, draining after each push. */
function lines(input: Buffer, at: number): Array<{ text: string; eol: string }> {
  const r = new LineReader();
  const out: Array<{ text: string; eol: string }> = [];
  for (const piece of [input.subarray(0, at), input.subarray(at)]) {
    r.push(piece);
    for (let l = r.nextLine(); l; l = r.nextLine()) out.push({ text: l.text, eol: l.eol });
  }
  return out;
}

function imapItems(input: Buffer, at: number): ImapItem[] {
  const r = new LineReader();
  const imap = new ImapReader(r);
  const out: ImapItem[] = [];
  for (const piece of [input.subarray(0, at), input.subarray(at)]) {
    r.push(piece);
    for (let i = imap.next(); i; i = imap.next()) out.push(i);
  }
  return out;
}

describe('LineReader', () => {
  const input = Buffer.from('250-one\r\n250-t\u00e9o\n250 three\r\n', 'utf8');
  it.each(Array.from({ length: input.length + 1 }, (_, i) => i))('split at %i', (at) => {
    expect(lines(input, at)).toEqual([
      { text: '250-one', eol: '\r\n' },
      { text: '250-t\u00e9o', eol: '\n' },
      { text: '250 three', eol: '\r\n' },
    ]);
  });

  it('MAX_SERVER_LINE is 1 MiB; past it without a line end the reader gives up', () => {
    expect(MAX_SERVER_LINE).toBe(1024 * 1024);
    const r = new LineReader(16);
    r.push(Buffer.from('x'.repeat(17)));
    expect(r.nextLine()).toBeUndefined();
    r.push(Buffer.from('xx'));
    expect(() => r.nextLine()).toThrow(expect.objectContaining({ code: 'E_LINE_TOO_LONG', exitCode: 4 }));
    const ok = new LineReader(16);
    ok.push(Buffer.from(`${'y'.repeat(16)}\r\n`));
    expect(ok.nextLine()?.text).toBe('y'.repeat(16));
  });
});

describe('ImapReader', () => {
  const input = Buffer.from('* 1 FETCH (BODY[] {12}\r\nab\r\n\r\ncd\r\nef) \r\n* 2 FETCH (X {0}\r\n)\r\nA1 OK done\r\n');
  it.each(Array.from({ length: input.length + 1 }, (_, i) => i))('literals read exactly, split at %i', (at) => {
    const items = imapItems(input, at).map((i) => [i.line.text, i.start, i.literal, i.end]);
    expect(items).toEqual([
      ['* 1 FETCH (BODY[] {12}', true, false, false],
      ['ab', false, true, false],
      ['', false, true, false],
      ['cd', false, true, false],
      ['ef', false, true, false],
      [') ', false, false, true],
      ['* 2 FETCH (X {0}', true, false, false],
      [')', false, false, true],
      ['A1 OK done', true, false, true],
    ]);
  });

  it('a literal that does not end with CRLF is cut at its size', () => {
    const items = imapItems(Buffer.from('* 1 FETCH (BODY[] {5}\r\nhello)\r\n'), 0);
    expect(items.map((i) => [i.line.text, i.line.eol, i.literal])).toEqual([
      ['* 1 FETCH (BODY[] {5}', '\r\n', false],
      ['hello', '', true],
      [')', '\r\n', false],
    ]);
  });

  it('MAX_SERVER_LITERAL is 64 MiB; a bigger announcement is refused before reading it', () => {
    expect(MAX_SERVER_LITERAL).toBe(64 * 1024 * 1024);
    const r = new LineReader();
    const imap = new ImapReader(r, 100);
    r.push(Buffer.from('* 1 FETCH (BODY[] {101}\r\n'));
    expect(() => imap.next()).toThrow(expect.objectContaining({ code: 'E_LITERAL_TOO_BIG', exitCode: 4 }));
    const huge = new ImapReader(r);
    r.push(Buffer.from('* 1 FETCH (BODY[] {99999999999}\r\n'));
    expect(() => huge.next()).toThrow(/99999999999 octets/);
  });

  it('literal content without line ends is shown in pieces once more than a line limit has arrived', () => {
    const r = new LineReader(30);
    const imap = new ImapReader(r);
    r.push(Buffer.from('* 1 FETCH (BODY[] {100}\r\n'));
    const items: ImapItem[] = [imap.next()!];
    const body = Buffer.from(`${'z'.repeat(100)})\r\n`);
    for (let at = 0; at < body.length; at += 10) {
      r.push(body.subarray(at, at + 10));
      for (let i = imap.next(); i; i = imap.next()) items.push(i);
      // Never more than the line limit (plus one chunk) waits in the buffer.
      expect(r.buffered).toBeLessThanOrEqual(40);
    }
    const pieces = items.filter((i) => i.literal).map((i) => i.line.text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('z'.repeat(100));
    expect(items.at(-1)?.line.text).toBe(')');
  });
});
