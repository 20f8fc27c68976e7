/** The transcript reader: what a damaged, cut or newer recording is told, with its line number. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSCRIPT_VERSION } from '../../../src/transcript/format.js';
import { parseTranscript, readTranscript, TranscriptError } from '../../../src/transcript/reader.js';

const header = JSON.stringify({ type: 'header', version: 1, protocol: 'smtp', target: 'sandbox:smtp', started: '2026-11-22T03:00:00.000Z', title: 't' });
const ok = [
  header,
  '{"type":"recv","t":5,"text":"220 sandbox.test ESMTP"}',
  '{"type":"send","t":9,"text":"EHLO me"}',
  '{"type":"recv","t":9,"text":"250 sandbox.test"}',
  '{"type":"note","t":12,"text":"EHLO opens the session"}',
  '{"type":"marker","t":12,"label":"Envelope"}',
  '{"type":"send","t":20,"text":"AUTH PLAIN <redacted>","redacted":true}',
  '{"type":"tls","t":21,"version":"TLSv1.3","cipher":"TLS_AES_256_GCM_SHA384","subject":"CN=x","fingerprint256":"AB"}',
  '{"type":"close","t":30}',
];

function fails(text: string): TranscriptError {
  try {
    parseTranscript(text, 'class.jsonl');
  } catch (err) {
    if (err instanceof TranscriptError) return err;
    throw err;
  }
  throw new Error('expected a TranscriptError');
}

describe('parseTranscript', () => {
  it('reads the header and every event type, with the file line of each event', () => {
    const t = parseTranscript(ok.join('\n') + '\n', 'class.jsonl');
    expect(t.header).toMatchObject({ protocol: 'smtp', target: 'sandbox:smtp', version: TRANSCRIPT_VERSION });
    expect(t.events.map((e) => e.type)).toEqual(['recv', 'send', 'recv', 'note', 'marker', 'send', 'tls', 'close']);
    expect(t.lines).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(t.events[5]).toEqual({ type: 'send', t: 20, text: 'AUTH PLAIN <redacted>', redacted: true });
  });

  it('skips blank lines and CRLF line ends, and accepts a last line without a newline', () => {
    const t = parseTranscript([header, '', ok[1], ok[2]].join('\r\n'));
    expect(t.events).toHaveLength(2);
    expect(t.lines).toEqual([3, 4]);
  });

  it('damaged JSON on line 3: names file:3', () => {
    const lines = [...ok];
    lines[2] = '{"type":"send","t":9,"text":"EHLO me"';
    const err = fails(lines.join('\n') + '\n');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/^class\.jsonl:3: not valid JSON/);
    expect(err.message).not.toMatch(/cut off/);
  });

  it('a half-written last line is reported by its line number as cut off', () => {
    const err = fails(`${ok.slice(0, 4).join('\n')}\n{"type":"send","t":22,"te`);
    expect(err.line).toBe(5);
    expect(err.message).toMatch(/^class\.jsonl:5: not valid JSON \(the last line looks cut off/);
  });

  it.each([
    ['an unknown type', '{"type":"beep","t":10}', /unknown event type "beep"; known: send, recv, tls, note, marker, close/],
    ['no type', '{"t":10,"text":"x"}', /no "type" field/],
    ['a missing field', '{"type":"send","t":10}', /bad "send" event: missing field "text"/],
    ['t of the wrong type', '{"type":"recv","t":"soon","text":"x"}', /bad "recv" event: field "t"/],
    ['an array', '[1,2]', /expected a JSON object/],
    ['a second header', header, /a second header/],
  ])('%s on line 3 is refused with the line number', (_what, bad, message) => {
    const err = fails([ok[0], ok[1], bad, ok[3]].join('\n'));
    expect(err.line).toBe(3);
    expect(err.message.startsWith('class.jsonl:3: ')).toBe(true);
    expect(err.message).toMatch(message);
  });

  it('t going backwards names both lines', () => {
    const err = fails([ok[0], ok[1], ok[2], '{"type":"recv","t":4,"text":"250 x"}'].join('\n'));
    expect(err.line).toBe(4);
    expect(err.message).toBe('class.jsonl:4: "t" goes backwards: 4 ms after 9 ms on line 3');
  });

  it('no header: the first line must be one', () => {
    const err = fails(ok.slice(1).join('\n'));
    expect(err.line).toBe(1);
    expect(err.message).toMatch(/^class\.jsonl:1: the first line must be the header/);
    expect(fails('').message).toMatch(/^class\.jsonl: empty: no header line/);
  });

  it('a newer format version is refused politely, with what to do', () => {
    const newer = JSON.stringify({ type: 'header', version: TRANSCRIPT_VERSION + 1, protocol: 'smtp', target: 'x', started: '', title: '', extra: 1 });
    const err = fails(`${newer}\n{"type":"future","t":1}\n`);
    expect(err.code).toBe('E_TRANSCRIPT_VERSION');
    expect(err.message).toBe(`class.jsonl was written by a newer mailproto (transcript format ${TRANSCRIPT_VERSION + 1}; this version reads ${TRANSCRIPT_VERSION})`);
    expect(err.tryMessage).toBe('npm install -g mailproto@latest');
  });

  it('a bad header field is named', () => {
    const err = fails(JSON.stringify({ type: 'header', version: 1, protocol: 'nntp', target: 'x', started: '', title: '' }));
    expect(err.message).toMatch(/^class\.jsonl:1: bad header: field "protocol"/);
  });
});

describe('readTranscript', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailproto-reader-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file; a truncated file is reported at its last line', async () => {
    const file = join(dir, 'cut.jsonl');
    const full = ok.join('\n') + '\n';
    await writeFile(file, full);
    expect((await readTranscript(file)).events).toHaveLength(8);
    await writeFile(file, full.slice(0, full.length - 8));
    await expect(readTranscript(file)).rejects.toMatchObject({ line: 9, message: expect.stringMatching(new RegExp(`^${file}:9: not valid JSON \\(the last line looks cut off`)) });
  });

  it('a missing file says so, without a line number', async () => {
    const file = join(dir, 'nope.jsonl');
    await expect(readTranscript(file)).rejects.toMatchObject({ line: 0, code: 'E_TRANSCRIPT_FILE', message: `${file}: cannot read the transcript: no such file` });
  });
});
