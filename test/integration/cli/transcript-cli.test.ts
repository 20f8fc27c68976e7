/**
 * `mailproto transcript export|redact` as an instructor runs them: a session recorded with
 * `connect --record --show-secrets --title` (notes and markers typed in the script), then exported
 * to every format and redacted. Runs the built CLI (dist/).
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, ROOT } from '../../helpers/cli-process.js';
import { runConnect } from '../../helpers/connect-cli.js';

let dir: string;
let open: string;
let live: string;

type Run = { code: number | null; stdout: string; stderr: string };

async function cli(args: readonly string[]): Promise<Run> {
  const p = CliProcess.start(args, { NO_COLOR: '1' });
  const { code } = await p.waitExit(60_000);
  return { code, stdout: p.stdout, stderr: p.stderr };
}

const SCRIPT = [':marker Log in', ':note USER and PASS: the password goes in the clear.', 'USER alice', 'PASS password', ':marker Read', 'STAT', 'RETR 1', 'QUIT', ''].join('\n');

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-transcript-cli-'));
  open = join(dir, 'open.jsonl');
  live = join(dir, 'live.jsonl');
  const a = await runConnect(['sandbox:pop3', '--record', open, '--show-secrets', '--title', 'POP3 <in class>'], SCRIPT, { timeoutMs: 60_000 });
  expect(a.code, a.stderr).toBe(0);
  const b = await runConnect(['sandbox:pop3', '--record', live, '--title', 'POP3 <in class>'], SCRIPT, { timeoutMs: 60_000 });
  expect(b.code, b.stderr).toBe(0);
}, 120_000);
afterEach(() => CliProcess.killAll());
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sends = (text: string): string[] =>
  text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string; redacted?: boolean }).filter((e) => e.type === 'send').map((e) => `${e.text}${e.redacted ? ' (redacted)' : ''}`);

describe('mailproto transcript export', () => {
  it('--to markdown prints course notes with the title, markers, notes and explanations', async () => {
    const run = await cli(['transcript', 'export', open, '--to', 'markdown']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const md = run.stdout;
    expect(md.split('\n')[0]).toBe('# POP3 \\<in class\\>');
    expect(md).toContain('## Log in\n');
    expect(md).toContain('## Read\n');
    expect(md).toContain('USER and PASS: the password goes in the clear.');
    expect(md).toMatch(/```text\nC: USER alice\nS: \+OK [^\n]*\n```/);
    expect(md).toContain('C: PASS password');
    expect(md).toMatch(/^- `S: \+OK [^`]*`: .*RFC 1939/m);
  });

  it('--to rfc -o FILE writes plain C:/S: lines', async () => {
    const out = join(dir, 'session.txt');
    const run = await cli(['transcript', 'export', live, '--to', 'rfc', '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines.every((l) => /^[CS]: /.test(l))).toBe(true);
    expect(lines).toContain('C: PASS <redacted>');
    expect(lines.at(-2)).toBe('C: QUIT');
  });

  it('--to asciicast writes a v2 header and events; --to html a page', async () => {
    const cast = await cli(['transcript', 'export', open, '--to', 'asciicast']);
    expect(cast.code, cast.stderr).toBe(0);
    const [header, ...events] = cast.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(header).toMatchObject({ version: 2, title: 'POP3 <in class>' });
    expect(events.filter((e) => (e as unknown[])[1] === 'm').map((e) => (e as unknown[])[2])).toEqual(['Log in', 'Read']);
    const html = await cli(['transcript', 'export', open, '--to', 'html']);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toContain('<title>POP3 &lt;in class&gt;</title>');
  });

  it('--no-annotate leaves the explanations out', async () => {
    const run = await cli(['transcript', 'export', open, '--to', 'markdown', '--no-annotate']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/^- `/m);
    expect(run.stdout).toContain('C: RETR 1');
  });

  it('refuses an unknown format and a damaged file, naming the line', async () => {
    const bad = await cli(['transcript', 'export', open, '--to', 'pdf']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/argument 'pdf' is invalid.*markdown, rfc, asciicast, html/);
    const damaged = join(dir, 'damaged.jsonl');
    const text = await readFile(open, 'utf8');
    await writeFile(damaged, text.split('\n').slice(0, 4).join('\n') + '\n{"type":"recv","t":');
    const run = await cli(['transcript', 'export', damaged, '--to', 'rfc']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^mailproto: ${damaged.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5: not valid JSON`));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const missing = await cli(['transcript', 'export', join(dir, 'nope.jsonl'), '--to', 'rfc']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
  });
});

describe('mailproto transcript redact', () => {
  it('-o OUT writes the transcript redacted exactly as the live client records it, and says how many lines', async () => {
    const out = join(dir, 'redacted.jsonl');
    const run = await cli(['transcript', 'redact', open, '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^redacted 1 line of .*open\.jsonl \(line \d+\) -> .*redacted\.jsonl\n$/);
    const redacted = await readFile(out, 'utf8');
    expect(sends(redacted)).toEqual(sends(await readFile(live, 'utf8')));
    expect(sends(redacted)).toContain('PASS <redacted> (redacted)');
    expect((await stat(out)).mode & 0o777).toBe(0o600);
  });

  it('to stdout: the transcript on stdout, the summary on stderr', async () => {
    const run = await cli(['transcript', 'redact', open]);
    expect(run.code, run.stderr).toBe(0);
    expect(sends(run.stdout)).toEqual(sends(await readFile(live, 'utf8')));
    expect(run.stderr).toMatch(/^redacted 1 line of /);
  });

  it('--in-place replaces the file and keeps its mode; a second run finds nothing to redact and exits 0', async () => {
    const file = join(dir, 'in-place.jsonl');
    await writeFile(file, await readFile(open));
    await chmod(file, 0o640);
    const run = await cli(['transcript', 'redact', file, '--in-place']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/redacted 1 line .*, in place\n$/);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readFile(file, 'utf8')).not.toContain('PASS password');
    const again = await cli(['transcript', 'redact', file, '--in-place']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^nothing to redact in .*in-place\.jsonl: no credentials in its \d+ client lines\n$/);
  });

  it('refuses -o together with --in-place', async () => {
    const run = await cli(['transcript', 'redact', open, '--in-place', '-o', join(dir, 'x.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--in-place and -o');
  });
});

describe('the sample library', () => {
  it('transcripts/record.mjs records a sample again from its command file: same title, client lines, notes and markers', async () => {
    const out = join(dir, 'rerecorded');
    await mkdir(out);
    const name = 'sandbox-pop3-retrieve-delete';
    const run = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = execFile(process.execPath, ['transcripts/record.mjs', '--out', out, name], { cwd: ROOT, timeout: 60_000 }, (err, _stdout, stderr) =>
        done({ code: err ? (child.exitCode ?? 1) : 0, stderr }),
      );
    });
    expect(run.code, run.stderr).toBe(0);
    /** What the recording says apart from the server's words and the times. */
    const shape = (text: string): string[] =>
      text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).flatMap((e) =>
        e.type === 'header' ? [`title ${String(e.title)} ${String(e.target)}`] : e.type === 'send' ? [`C: ${String(e.text)}`] : e.type === 'note' ? [`note ${String(e.text)}`] : e.type === 'marker' ? [`marker ${String(e.label)}`] : e.type === 'recv' ? [`S: ${String(e.text).slice(0, 3)}`] : [],
      );
    const again = shape(await readFile(join(out, `${name}.jsonl`), 'utf8'));
    expect(again).toEqual(shape(await readFile(join(ROOT, 'transcripts', `${name}.jsonl`), 'utf8')));
    expect(again.filter((l) => l.startsWith('marker '))).toHaveLength(6);
  }, 90_000);

  it('every transcript in transcripts/ has a title of its own and exports as course notes with chapters', async () => {
    const files = (await readdir(join(ROOT, 'transcripts'))).filter((f) => f.endsWith('.jsonl'));
    expect(files.sort()).toEqual([
      'dovecot-imap-session.jsonl',
      'dovecot-pop3-session.jsonl',
      'postfix-smtp-session.jsonl',
      'sandbox-imap-fetch-search-store-idle.jsonl',
      'sandbox-pop3-retrieve-delete.jsonl',
      'sandbox-smtp-mime-multipart.jsonl',
      'sandbox-smtp-starttls-auth.jsonl',
    ]);
    for (const f of files) {
      const header = JSON.parse((await readFile(join(ROOT, 'transcripts', f), 'utf8')).split('\n')[0]!) as { title: string };
      expect(header.title, f).not.toMatch(/^mailproto connect/);
      const run = await cli(['transcript', 'export', join('transcripts', f), '--to', 'markdown']);
      expect(run.code, `${f}: ${run.stderr}`).toBe(0);
      expect(run.stdout, f).toMatch(/^## /m);
    }
  }, 120_000);
});
