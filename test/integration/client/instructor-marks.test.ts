/**
 * Instructor notes and chapters while recording: `:note TEXT`, `:marker LABEL` and `--title` in
 * line mode, as the sample transcripts in transcripts/ are made.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLineMode } from '../../../src/client/line-mode.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sandbox: TestSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-marks-'));
});
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function run(script: string, extra: { record?: string; title?: string } = {}): Promise<string[]> {
  const out: string[] = [];
  const result = await runLineMode({
    target: `smtp://127.0.0.1:${sandbox.ports.smtp}`,
    annotate: false,
    timeoutSeconds: 10,
    input: Readable.from([script]),
    output: (l) => out.push(l),
    ...extra,
  });
  expect(result.exitCode).toBe(0);
  return out;
}

const readJsonl = async (file: string): Promise<Array<Record<string, unknown>>> =>
  (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe(':note, :marker and --title', () => {
  it('are shown as # lines, send nothing, and are recorded as note and marker events in order', async () => {
    const file = join(dir, 'marks.jsonl');
    const out = await run(':marker Greeting\n:note Say who you are first.\nEHLO me\n:marker The end\nQUIT\n', { record: file, title: 'SMTP: hello and goodbye' });
    expect(out).toContain('#  == Greeting ==');
    expect(out).toContain('#  note: Say who you are first.');
    expect(out.filter((l) => l.startsWith('C: '))).toEqual(['C: EHLO me', 'C: QUIT']);
    const lines = await readJsonl(file);
    expect(lines[0]).toMatchObject({ type: 'header', title: 'SMTP: hello and goodbye', protocol: 'smtp' });
    const kinds = lines.slice(1).filter((e) => e.type !== 'recv').map((e) => (e.type === 'send' ? `send ${String(e.text)}` : e.type === 'marker' ? `marker ${String(e.label)}` : e.type === 'note' ? `note ${String(e.text)}` : String(e.type)));
    expect(kinds).toEqual(['marker Greeting', 'note Say who you are first.', 'send EHLO me', 'marker The end', 'send QUIT', 'close']);
    const times = lines.slice(1).map((e) => e.t as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('without text they say how to use them and record nothing', async () => {
    const file = join(dir, 'empty.jsonl');
    const out = await run(':note\n:marker   \nQUIT\n', { record: file });
    expect(out).toContain('#  warning: usage: :note TEXT');
    expect(out).toContain('#  warning: usage: :marker LABEL');
    const lines = await readJsonl(file);
    expect(lines[0]).toMatchObject({ title: `mailproto connect smtp://127.0.0.1:${sandbox.ports.smtp}` });
    expect(lines.filter((e) => e.type === 'note' || e.type === 'marker')).toEqual([
      expect.objectContaining({ type: 'note', text: 'warning: usage: :note TEXT' }),
      expect.objectContaining({ type: 'note', text: 'warning: usage: :marker LABEL' }),
    ]);
  });

  it('--title names the recordings started later with :record too', async () => {
    const file = join(dir, 'later.jsonl');
    await run(`EHLO me\n:record ${file}\n:note recorded from here\nQUIT\n`, { title: 'Started late' });
    const lines = await readJsonl(file);
    expect(lines[0]).toMatchObject({ type: 'header', title: 'Started late' });
    expect(lines.find((e) => e.type === 'note')).toMatchObject({ text: 'recorded from here' });
  });
});
