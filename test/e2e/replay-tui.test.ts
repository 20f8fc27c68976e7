/**
 * `mailproto replay FILE` on a terminal: an instructor records a short SMTP session in line mode
 * (with a chapter marker and a note), then plays it to the class step by step, and once on a timer.
 * Read from the screen through a headless terminal emulator.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/cli-process.js';
import { ConnectProcess, runConnect } from '../helpers/connect-cli.js';
import { KEYS, PtyScreen } from '../helpers/pty-screen.js';

const dir = mkdtempSync(join(tmpdir(), 'mailproto-replay-tui-'));
const FILE = join(dir, 'class.jsonl');
const NOTE = 'The envelope comes first: MAIL FROM names the sender.';

beforeAll(async () => {
  ensureBuilt();
  const script = ['EHLO laptop', ':marker Sending', `:note ${NOTE}`, 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'QUIT', ''].join('\n');
  const run = await runConnect(['sandbox:smtp', '--record', FILE, '--title', 'Class demo'], script, { timeoutMs: 60_000 });
  if (run.code !== 0) throw new Error(`the recording failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}, 90_000);
afterEach(() => {
  PtyScreen.killAll();
  ConnectProcess.killAll();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SLOW = { timeout: 60_000 };

describe('replay FILE in the TUI', () => {
  it('--step: the greeting alone first, one exchange per key, the chapter and its note, the progress bar; n jumps to the chapter; q leaves with 0', SLOW, async () => {
    // 50 rows: the EHLO reply with its explanations fits beside the greeting.
    const s = PtyScreen.start(['replay', FILE, '--step'], { cols: 80, rows: 50 });
    let screen = await s.waitFor(/\[STEP\] .* 1\/5 /);
    screen = await s.settle();
    expect(screen).toMatch(/S: 220 sandbox\.test ESMTP/);
    expect(screen).toMatch(/#  220 Service ready/);
    expect(screen).not.toContain('C: EHLO');
    expect(screen).toMatch(/REPLAY │ SMTP │ sandbox:smtp │ Class demo/);
    expect(screen).toMatch(/F1 help +Space\/→ next/);

    s.write(' ');
    screen = await s.waitFor(/\[STEP\] .* 2\/5 /);
    screen = await s.settle();
    expect(screen).toContain('C: EHLO laptop');
    expect(screen).toMatch(/S: 250 HELP/);
    expect(screen).not.toContain('C: MAIL FROM');
    expect(screen).not.toContain('Sending');

    s.write(KEYS.enter);
    screen = await s.waitFor(/\[STEP\] .* 3\/5 .*1\/1 Sending/);
    screen = await s.settle();
    expect(screen).toContain('C: MAIL FROM:<alice@sandbox.test>');
    expect(screen).toMatch(/S: 250 2\.1\.0 /);
    expect(screen).not.toContain('C: RCPT TO');
    // The chapter and the note, highlighted above the conversation and in it.
    expect(screen).toContain('▌ Chapter 1/1: Sending');
    expect(screen).toContain(`▌ note: ${NOTE}`);
    expect(screen).toContain('>  == Sending ==');
    // The bar grows with the steps: 3 of 5 fills more than 2 of 5 did.
    const filled = (text: string): number => /\[STEP\] (█*)/.exec(text)![1]!.length;

    s.write('\x1b[C');
    screen = await s.waitFor(/\[STEP\] .* 4\/5 /);
    screen = await s.settle();
    expect(screen).toContain('C: RCPT TO:<bob@sandbox.test>');
    const at4 = filled(screen);

    // Home: the first screen again; n: the chapter's title and note, before its first exchange.
    s.write('\x1b[H');
    screen = await s.waitFor(/\[STEP\] .* 1\/5 /);
    screen = await s.settle();
    expect(filled(screen)).toBeLessThan(at4);
    expect(screen).not.toContain('C: EHLO');
    s.write('n');
    screen = await s.waitFor(/\[STEP\] .* 2\/5 .*1\/1 Sending/);
    screen = await s.settle();
    expect(screen).toContain('>  == Sending ==');
    expect(screen).toContain(`▌ note: ${NOTE}`);
    expect(screen).not.toContain('C: MAIL FROM');

    screen = await s.pressUntil(' ', /\[END\]/, 5);
    expect(screen).toMatch(/S: 221 /);
    expect(screen).toContain('end of the replay: q leaves');
    s.write('q');
    expect(await s.waitExit()).toBe(0);
    expect(s.output).toContain(`mailproto: the replay of ${FILE} has ended`);
  });

  it('a timed replay with a high --speed reaches the end by itself and waits for q', SLOW, async () => {
    const s = PtyScreen.start(['replay', FILE, '--speed', '50'], { cols: 80, rows: 24 });
    const screen = await s.waitFor(/\[END\] █+ 5\/5 /);
    expect(screen).toMatch(/S: 221 /);
    expect(screen).toContain('end of the replay: q leaves');
    await s.settle();
    expect(s.exitCode).toBeUndefined();
    s.write(KEYS.ctrlC);
    expect(await s.waitExit()).toBe(0);
  });
});

describe('replay FILE in the TUI, ended from outside', () => {
  it('SIGTERM leaves the player and restores the terminal', SLOW, async () => {
    const s = PtyScreen.start(['replay', FILE, '--step'], { cols: 80, rows: 24 });
    await s.waitFor(/\[STEP\]/);
    await s.settle();
    s.signal('SIGTERM');
    expect(await s.waitExit()).toBe(0);
    // The alternate screen is left and the cursor shown again.
    expect(s.output).toContain('\x1b[?1049l');
    expect(s.output).toContain(`mailproto: the replay of ${FILE} has ended`);
  });
});

describe('Ink and React load only for the player', () => {
  const PROBE = join(ROOT, 'test/helpers/import-probe.mjs');
  const probed = (file: string): string[] => (existsSync(file) ? [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))].sort() : []);

  it('printed (stdin and stdout not terminals): neither', SLOW, () => {
    const file = join(dir, 'probe-printed.txt');
    const r = spawnSync(process.execPath, ['--import', PROBE, 'bin/mailproto', 'replay', FILE], { cwd: ROOT, env: { ...process.env, IMPORT_PROBE_FILE: file }, input: '', encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^#  == Sending ==$/m);
    expect(probed(file)).toEqual([]);
  });

  it('the control: on a terminal, both', SLOW, async () => {
    const file = join(dir, 'probe-tty.txt');
    const s = PtyScreen.start(['replay', FILE, '--step'], { env: { IMPORT_PROBE_FILE: file, NODE_OPTIONS: `--import=${PROBE}` } });
    await s.waitFor(/\[STEP\]/);
    await s.settle();
    s.write('q');
    expect(await s.waitExit()).toBe(0);
    expect(probed(file)).toEqual(expect.arrayContaining(['ink', 'react']));
  });
});
