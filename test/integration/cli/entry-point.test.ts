/**
 * The entry point: a command loads only its own module (so `explain` starts fast and never loads
 * the TUI or the servers), help still lists every command, and output piped into a reader that
 * goes away early (`| head -1`) ends quietly with status 0.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';
import { ensureBuilt, ROOT } from '../../helpers/cli-process.js';

const COMMAND_NAMES = ['sandbox', 'explain', 'mime', 'connect', 'learn', 'lessons', 'wrap', 'replay', 'transcript'];

/** Runs `node bin/mailproto ARGS` with stdout into a pipe the test closes after `keep` bytes (0: before anything is written). */
function runClosingEarly(args: readonly string[], keep: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; got: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/mailproto'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let got = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (keep === 0) child.stdout.destroy();
    child.stdout.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.length >= keep) child.stdout.destroy();
    });
    child.on('close', (code, signal) => resolve({ code, signal, stderr, got }));
  });
}

/** Runs `node bin/mailproto ARGS` and lists the module specifiers it resolved that match `pattern`. */
async function loaded(args: readonly string[], pattern: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mailproto-probe-'));
  const file = join(dir, 'imports');
  try {
    await new Promise<void>((resolve, reject) => {
      const env = { ...process.env, IMPORT_PROBE_FILE: file, IMPORT_PROBE_PATTERN: pattern };
      const child = spawn(process.execPath, ['--import', join(ROOT, 'test/helpers/import-probe.mjs'), join(ROOT, 'bin/mailproto'), ...args], { stdio: 'ignore', env });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
    const text = await readFile(file, 'utf8').catch(() => '');
    return [...new Set(text.split('\n').filter(Boolean))].sort();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The command modules (src/cli/NAME.ts) `mailproto ARGS` loaded, by name. */
async function loadedCommands(args: readonly string[]): Promise<string[]> {
  return (await loaded(args, `^\\./(${COMMAND_NAMES.join('|')})\\.js$`)).map((s) => s.slice(2, -3));
}

describe('the mailproto entry point', () => {
  beforeAll(() => ensureBuilt());

  it('builds a program with only the command asked for, and with every command otherwise', async () => {
    expect((await buildProgram('explain')).commands.map((c) => c.name())).toEqual(['explain']);
    expect((await buildProgram()).commands.map((c) => c.name())).toEqual(COMMAND_NAMES);
    // An unknown name (a typo) gets every command, so commander can suggest the right one.
    expect((await buildProgram('explian')).commands.map((c) => c.name())).toEqual(COMMAND_NAMES);
  });

  it('`explain 550` loads the explain command alone; `--help` loads them all', async () => {
    expect(await loadedCommands(['explain', '550'])).toEqual(['explain']);
    expect(await loadedCommands(['--help'])).toEqual([...COMMAND_NAMES].sort());
  });

  it('libmime (the heaviest library) loads only when an encoded-word needs it', async () => {
    expect(await loaded(['explain', '550'], '^libmime$')).toEqual([]);
    expect(await loaded(['mime', 'decode', '--header', '-'], '^libmime$')).toEqual(['libmime']);
  });

  it('a typo is one line of error with a suggestion, not a crash', async () => {
    const r = await runClosingEarly(['explian', '550'], Number.MAX_SAFE_INTEGER);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'explian'");
    expect(r.stderr).toContain('Did you mean explain?');
  });

  it.each([['--help'], ['explain', '--help'], ['mime', 'encode', '--help'], ['explain', '5.1.1']].map((a) => [a.join(' '), a] as const))('`mailproto %s` into a reader that has gone ends quietly with status 0', async (_name, args) => {
    // The pipe is closed before the program writes, so every write of it meets EPIPE.
    const r = await runClosingEarly(args, 0);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
  });
});
