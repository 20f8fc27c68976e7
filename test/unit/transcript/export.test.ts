/**
 * The exports of a recorded transcript (transcripts/sandbox-smtp-starttls-auth.jsonl, made by
 * `connect --record`): the structure each format promises, and escaping of what a hostile server
 * sends (security.md item 8).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatEvent } from '../../../src/client/line-format.js';
import { exportAsciicast } from '../../../src/transcript/export/asciicast.js';
import type { ExportInput } from '../../../src/transcript/export/common.js';
import { exportHtml } from '../../../src/transcript/export/html.js';
import { codeSpan, escapeMarkdown, exportMarkdown } from '../../../src/transcript/export/markdown.js';
import { exportRfc } from '../../../src/transcript/export/rfc.js';
import { playbackSteps } from '../../../src/transcript/playback.js';
import { parseTranscript, readTranscript } from '../../../src/transcript/reader.js';

const SAMPLE = fileURLToPath(new URL('../../../transcripts/sandbox-smtp-starttls-auth.jsonl', import.meta.url));

let sample: ExportInput;
let hostile: ExportInput;

/** A recording of a server that sends markup, backticks and terminal escapes. */
const HOSTILE = [
  { type: 'header', version: 1, protocol: 'smtp', target: 'smtp://evil.example:25', started: '2026-11-02T09:00:00.000Z', title: 'Evil <script>alert("title")</script>' },
  { type: 'recv', t: 5, text: '220 evil.example <script>alert(1)</script> ``` \x1b]0;owned\x07 [x](javascript:alert(2))' },
  { type: 'marker', t: 6, label: '<img src=x onerror=alert(3)>' },
  { type: 'note', t: 7, text: '# not a heading <b>bold</b>' },
  { type: 'note', t: 7, text: 'a note of two lines\n- not a list <i>' },
  { type: 'send', t: 8, text: 'EHLO me' },
  { type: 'recv', t: 9, text: '250 <iframe src="https://evil.example/"></iframe>' },
  { type: 'close', t: 10 },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

beforeAll(async () => {
  const t = await readTranscript(SAMPLE);
  sample = { transcript: t, steps: await playbackSteps(t) };
  const h = parseTranscript(HOSTILE, 'hostile.jsonl');
  hostile = { transcript: h, steps: await playbackSteps(h) };
});

const wireLines = (input: ExportInput): string[] =>
  input.transcript.events.flatMap((e) => (e.type === 'send' ? [`C: ${e.text}`] : e.type === 'recv' ? [`S: ${e.text}`] : []));
const markers = (input: ExportInput): string[] => input.transcript.events.flatMap((e) => (e.type === 'marker' ? [e.label] : []));
const notes = (input: ExportInput): string[] => input.transcript.events.flatMap((e) => (e.type === 'note' ? [e.text] : []));

describe('the sample used here', () => {
  it('is a real recording with notes, markers, TLS and a redacted AUTH', () => {
    const types = new Set(sample.transcript.events.map((e) => e.type));
    expect([...types].sort()).toEqual(['close', 'marker', 'note', 'recv', 'send', 'tls']);
    expect(wireLines(sample)).toContain('C: AUTH PLAIN <redacted>');
    expect(sample.steps.flatMap((s) => s.events).some((e) => e.type === 'annotation')).toBe(true);
  });
});

describe('markdown', () => {
  /** Splits the page into code blocks (their lines) and text lines outside them, in order. */
  function blocks(md: string): Array<{ code: string[] } | { text: string }> {
    const out: Array<{ code: string[] } | { text: string }> = [];
    let fence: string | undefined;
    let code: string[] = [];
    for (const line of md.split('\n')) {
      if (fence === undefined) {
        const m = /^(`{3,})text$/.exec(line);
        if (m) {
          fence = m[1];
          code = [];
        } else out.push({ text: line });
      } else if (line === fence) {
        out.push({ code });
        fence = undefined;
      } else code.push(line);
    }
    expect(fence).toBeUndefined();
    return out;
  }

  it('has the title, target and date, then every C:/S: line inside code blocks, in order', () => {
    const md = exportMarkdown(sample);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# SMTP: a whole send with STARTTLS and AUTH (sandbox)');
    expect(md).toContain('- Target: `sandbox:smtp` (SMTP)');
    expect(md).toMatch(/- Recorded: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const code = blocks(md).flatMap((b) => ('code' in b ? b.code : []));
    expect(code).toEqual(wireLines(sample));
  });

  it('puts the explanations beneath the block of the reply they explain, and markers as headings, notes as paragraphs', () => {
    const parts = blocks(exportMarkdown(sample));
    // Each explanation item names a line of the code block right above it.
    let lastBlock: string[] = [];
    let items = 0;
    for (const p of parts) {
      if ('code' in p) lastBlock = p.code;
      else if (p.text.startsWith('- `')) {
        const named = /^- `(.*?)`: /.exec(p.text)![1]!;
        expect(lastBlock).toContain(named);
        items++;
      }
    }
    const annotations = sample.steps.flatMap((s) => s.events).filter((e) => e.type === 'annotation').length;
    expect(items).toBe(annotations);
    expect(items).toBeGreaterThan(10);
    const text = parts.flatMap((p) => ('text' in p ? [p.text] : []));
    expect(text.filter((l) => l.startsWith('## ')).map((l) => l.slice(3))).toEqual(markers(sample).map((m) => escapeMarkdown(m)));
    for (const n of notes(sample)) expect(text).toContain(escapeMarkdown(n));
    // The TLS handshake is summarised as a quote.
    expect(text.some((l) => /^> TLS TLSv1\.\d/.test(l))).toBe(true);
  });

  it('keeps hostile server text inside code and escapes the rest', () => {
    const md = exportMarkdown(hostile);
    expect(md).not.toContain('\x1b');
    expect(md).not.toContain('\x07');
    expect(md.split('\n')[0]).toBe('# Evil \\<script\\>alert("title")\\</script\\>');
    expect(md).toContain('## \\<img src=x onerror=alert(3)\\>');
    expect(md).toContain('\\# not a heading \\<b\\>bold\\</b\\>');
    expect(md).toContain('\na note of two lines\n\\- not a list \\<i\\>\n');
    const parts = blocks(md);
    // The server's ``` did not end the block: a longer fence was chosen.
    expect(parts.flatMap((b) => ('code' in b ? b.code : []))).toEqual([
      'S: 220 evil.example <script>alert(1)</script> ``` \\x1b]0;owned\\x07 [x](javascript:alert(2))',
      'C: EHLO me',
      'S: 250 <iframe src="https://evil.example/"></iframe>',
    ]);
    // Outside code, no raw tag survives.
    const outside = parts.flatMap((p) => ('text' in p ? [p.text.replace(/`+[^`]*`+/g, '')] : []));
    expect(outside.join('\n')).not.toMatch(/(^|[^\\])<(script|img|iframe|b)\b/i);
  });

  it.each([
    ['plain', '`plain`'],
    ['a `tick`', '`` a `tick` ``'],
    ['``', '``` `` ```'],
  ])('code spans hold any text: %j', (text, span) => {
    expect(codeSpan(text)).toBe(span);
  });
});

describe('rfc', () => {
  it('is only C:/S: lines as recorded, with the TLS negotiation as RFC 3207 writes it', () => {
    const text = exportRfc(sample);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => !l.startsWith('C & S: '))).toEqual(wireLines(sample));
    expect(lines.filter((l) => l.startsWith('C & S: '))).toEqual([expect.stringMatching(/^C & S: <negotiate a TLS session: TLSv1\.\d, \S+>$/)]);
    expect(lines[lines.indexOf('C: STARTTLS') + 2]).toMatch(/^C & S: /);
    // Credentials stay as recorded.
    expect(lines).toContain('C: AUTH PLAIN <redacted>');
  });

  it('escapes control characters', () => {
    expect(exportRfc(hostile)).toContain('\\x1b]0;owned\\x07');
    expect(exportRfc(hostile)).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});

describe('asciicast v2', () => {
  type Cast = { header: Record<string, unknown>; events: Array<[number, string, string]> };

  /** The asciicast v2 rules (docs.asciinema.org/manual/asciicast/v2): fails the test on any breach. */
  function validate(cast: string): Cast {
    expect(cast.endsWith('\n')).toBe(true);
    const lines = cast.slice(0, -1).split('\n');
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(header).toBeTypeOf('object');
    expect(Array.isArray(header)).toBe(false);
    expect(header.version).toBe(2);
    expect(Number.isInteger(header.width) && (header.width as number) > 0).toBe(true);
    expect(Number.isInteger(header.height) && (header.height as number) > 0).toBe(true);
    if ('timestamp' in header) expect(Number.isInteger(header.timestamp)).toBe(true);
    if ('title' in header) expect(header.title).toBeTypeOf('string');
    if ('env' in header) expect(Object.values(header.env as object).every((v) => typeof v === 'string')).toBe(true);
    let last = 0;
    const events = lines.slice(1).map((line) => {
      const e = JSON.parse(line) as unknown;
      expect(Array.isArray(e)).toBe(true);
      const [time, code, data] = e as [unknown, unknown, unknown];
      expect((e as unknown[]).length).toBe(3);
      expect(typeof time === 'number' && Number.isFinite(time) && time >= 0).toBe(true);
      expect(time as number).toBeGreaterThanOrEqual(last);
      last = time as number;
      expect(['o', 'm']).toContain(code);
      expect(data).toBeTypeOf('string');
      return e as [number, string, string];
    });
    return { header, events };
  }

  const SGR = /\x1b\[[0-9;]*m/g;

  it('is valid asciicast v2 with the recording title and start time', () => {
    const { header, events } = validate(exportAsciicast(sample));
    expect(header.title).toBe(sample.transcript.header.title);
    expect(header.timestamp).toBe(Math.floor(Date.parse(sample.transcript.header.started) / 1000));
    expect(events.length).toBeGreaterThan(50);
  });

  it('shows what line mode prints, line by line with CRLF, at the recorded times', () => {
    const { events } = validate(exportAsciicast(sample));
    const output = events.filter((e) => e[1] === 'o');
    expect(output.every((e) => e[2].endsWith('\r\n'))).toBe(true);
    const shown = output.map((e) => e[2].replace(SGR, '').slice(0, -2));
    const expected = sample.steps.flatMap((s) =>
      s.kind === 'exchange' ? s.events.flatMap((e) => formatEvent(e, { raw: false })) : [s.kind === 'marker' ? `#  == ${s.label} ==` : `#  note: ${s.label}`],
    );
    expect(shown).toEqual(expected);
    const greeting = output.find((e) => e[2].includes('S: 220 '))!;
    const t = sample.transcript.events.find((e) => e.type === 'recv')!.t;
    expect(greeting[0]).toBe(t / 1000);
    const last = sample.transcript.events.at(-1)!.t;
    expect(output.at(-1)![0]).toBeLessThanOrEqual(last / 1000);
  });

  it('has one "m" event (a chapter) per marker, at its time', () => {
    const { events } = validate(exportAsciicast(sample));
    const chapters = events.filter((e) => e[1] === 'm');
    expect(chapters.map((e) => e[2])).toEqual(markers(sample));
    const recorded = sample.transcript.events.flatMap((e) => (e.type === 'marker' ? [e.t / 1000] : []));
    expect(chapters.map((e) => e[0])).toEqual(recorded);
  });

  it('lets no escape sequence of the server through: only its own colours', () => {
    const cast = validate(exportAsciicast(hostile));
    const data = cast.events.map((e) => e[2]).join('');
    expect(data.replace(SGR, '')).not.toMatch(/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
    expect(data).toContain('\\x1b]0;owned\\x07');
    expect(cast.header.title).toBe('Evil <script>alert("title")</script>');
    const shown = cast.events.filter((e) => e[1] === 'o').map((e) => e[2].replace(SGR, ''));
    expect(shown).toContain('#  note: a note of two lines\r\n');
    expect(shown).toContain('#        - not a list <i>\r\n');
  });
});

describe('html', () => {
  it('is one self-contained page: inline CSS, no script, nothing fetched', () => {
    const html = exportHtml(sample);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|@import|url\(/i);
    expect(html.match(/href="([^"]*)"/g)?.every((h) => h.startsWith('href="#')) ?? true).toBe(true);
  });

  it('shows client and server lines in their own classes, explanations as side notes, markers as headings, notes highlighted', () => {
    const html = exportHtml(sample);
    const rows = [...html.matchAll(/<div class="row (send|recv)[^"]*"><pre class="line">([^<]*)<\/pre><aside>(.*?)<\/aside><\/div>/g)];
    const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(rows.map((r) => unescape(r[2]!))).toEqual(wireLines(sample));
    expect(rows.every((r) => (r[2]!.startsWith('C: ') ? r[1] === 'send' : r[1] === 'recv'))).toBe(true);
    const asides = rows.reduce((n, r) => n + (r[3]!.match(/<p>/g)?.length ?? 0), 0);
    expect(asides).toBe(sample.steps.flatMap((s) => s.events).filter((e) => e.type === 'annotation').length);
    expect([...html.matchAll(/<h2 id="chapter-\d+">([^<]*)<\/h2>/g)].map((m) => unescape(m[1]!))).toEqual(markers(sample));
    expect([...html.matchAll(/<p class="note">([^<]*)<\/p>/g)].map((m) => unescape(m[1]!))).toEqual(notes(sample));
    expect(html).toMatch(/\.send \.line[^}]*color: var\(--client\)/);
    expect(html).toMatch(/\.recv \.line[^}]*color: var\(--server\)/);
    expect(html).toContain('<div class="row send redacted"><pre class="line">C: AUTH PLAIN &lt;redacted&gt;</pre>');
  });

  it('makes a <script> from the server inert text', () => {
    const html = exportHtml(hostile);
    expect(html.match(/<script/gi)).toBeNull();
    expect(html).not.toMatch(/<(img|iframe|b)\b/i);
    expect(html).toContain('S: 220 evil.example &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>Evil &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;</title>');
    expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
    expect(html).toContain('<p class="note">a note of two lines<br>- not a list &lt;i&gt;</p>');
    expect(html).not.toContain('\x1b');
    expect(html).toContain('\\x1b]0;owned\\x07');
  });
});
