/**
 * Commands that do not render start without Ink or React (issue 5, "Startup"): `--version`,
 * `--help`, `explain` and line mode. A module resolve hook (test/helpers/import-probe.mjs) writes
 * down every ink/react specifier the program resolves; the TUI itself is the control that shows
 * the probe sees them when they are loaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/cli-process.js';
import { KEYS, PtyScreen } from '../helpers/pty-screen.js';

const dir = mkdtempSync(join(tmpdir(), 'mailproto-probe-'));
let n = 0;
const PROBE = join(ROOT, 'test/helpers/import-probe.mjs');

beforeAll(() => ensureBuilt());
afterEach(() => PtyScreen.killAll());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function probed(file: string): string[] {
  return existsSync(file) ? [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))].sort() : [];
}

/** Runs `node --import probe bin/mailproto ARGS` and returns the ink/react modules it resolved. */
function run(args: string[], input?: string): { status: number | null; stdout: string; loaded: string[] } {
  const file = join(dir, `probe-${n++}.txt`);
  const r = spawnSync(process.execPath, ['--import', PROBE, 'bin/mailproto', ...args], {
    cwd: ROOT,
    env: { ...process.env, IMPORT_PROBE_FILE: file },
    input: input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, loaded: probed(file) };
}

describe('no Ink or React for commands that do not render', () => {
  it.each([
    ['--version', ['--version'], /^\d+\.\d+\.\d+/],
    ['--help', ['--help'], /Usage: mailproto/],
    ['connect --help', ['connect', '--help'], /Usage: mailproto connect/],
    ['explain', ['explain', '550 5.1.1'], /550/],
  ])('%s', { timeout: 60_000 }, (_name, args, output) => {
    const r = run(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(output);
    expect(r.loaded).toEqual([]);
  });

  it('line mode (stdin not a terminal)', { timeout: 60_000 }, () => {
    const r = run(['connect', 'sandbox:smtp'], 'EHLO me\nQUIT\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^S: 250 /m);
    expect(r.loaded).toEqual([]);
  });

  it('learn in line mode (stdin not a terminal)', { timeout: 60_000 }, () => {
    const state = mkdtempSync(join(dir, 'state-'));
    const file = join(dir, `probe-${n++}.txt`);
    const r = spawnSync(process.execPath, ['--import', PROBE, 'bin/mailproto', 'learn', 'smtp-first-message'], {
      cwd: ROOT,
      env: { ...process.env, IMPORT_PROBE_FILE: file, XDG_STATE_HOME: state },
      input: 'EHLO laptop.example\n:quit\n',
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^== Step 1 of \d+: /m);
    expect(r.stdout).toMatch(/^S: 250 /m);
    expect(probed(file)).toEqual([]);
  });

  it('the control: on a terminal, learn loads them', { timeout: 60_000 }, async () => {
    const file = join(dir, 'probe-learn-tty.txt');
    const s = PtyScreen.start(['learn'], { env: { IMPORT_PROBE_FILE: file, NODE_OPTIONS: `--import=${PROBE}` } });
    await s.waitFor(/mailproto learn — lessons/);
    await s.settle();
    s.write('q');
    await s.waitExit();
    expect(probed(file)).toEqual(expect.arrayContaining(['ink', 'react']));
  });

  it('the control: on a terminal, connect loads them (so the probe does see imports)', { timeout: 60_000 }, async () => {
    const file = join(dir, 'probe-tty.txt');
    const s = PtyScreen.start(['connect', 'sandbox:smtp'], { env: { IMPORT_PROBE_FILE: file, NODE_OPTIONS: `--import=${PROBE}` } });
    await s.waitFor(/S: 220 /);
    s.write(KEYS.ctrlC);
    await s.waitExit();
    expect(probed(file)).toEqual(expect.arrayContaining(['ink', 'react']));
  });
});
