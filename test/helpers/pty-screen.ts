/**
 * Runs `node bin/mailproto ARGS...` in a pseudo-terminal (node-pty) and reads the screen the way a
 * person sees it, through a headless terminal emulator (@xterm/headless). Tests wait for content
 * on the screen, never for a fixed time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import * as pty from 'node-pty';
import { ROOT } from './cli-process.js';

const { Terminal } = xterm;

export type PtyOptions = {
  readonly cols?: number;
  readonly rows?: number;
  readonly env?: Record<string, string | undefined>;
  /** Working directory (default: the repository). */
  readonly cwd?: string;
};

/** Keys as a terminal sends them. */
export const KEYS = {
  enter: '\r',
  tab: '\t',
  escape: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  f1: '\x1bOP',
  f2: '\x1bOQ',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlR: '\x12',
  backspace: '\x7f',
} as const;

export class PtyScreen {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly proc: pty.IPty;
  private waiters: Array<() => void> = [];
  /** When the terminal last finished parsing output from the program. */
  private lastOutputAt = Date.now();
  /** Everything the program wrote, for failure messages. */
  output = '';
  /** The exit status as a shell gives it: the exit code, or 128 + N for a process killed by signal N. */
  exitCode: number | undefined;
  private readonly stateDir: string;
  private static running = new Set<PtyScreen>();

  private constructor(args: readonly string[], opts: PtyOptions) {
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 30;
    this.stateDir = mkdtempSync(join(tmpdir(), 'mailproto-pty-'));
    this.term = new Terminal({ cols, rows, allowProposedApi: true });
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, TERM: 'xterm-256color', XDG_STATE_HOME: this.stateDir, ...opts.env })) {
      // Ink prints nothing but the last frame when it thinks it runs on CI.
      if (v !== undefined && k !== 'CI' && k !== 'CONTINUOUS_INTEGRATION') env[k] = v;
    }
    this.proc = pty.spawn(process.execPath, [join(ROOT, 'bin/mailproto'), ...args], { name: 'xterm-256color', cols, rows, cwd: opts.cwd ?? ROOT, env });
    this.proc.onData((d) => {
      this.output += d;
      this.term.write(d, () => {
        this.lastOutputAt = Date.now();
        this.wake();
      });
    });
    this.proc.onExit(({ exitCode, signal }) => {
      // node-pty reports exitCode 0 for a process killed by a signal: a crash must not pass for success.
      this.exitCode = signal ? 128 + signal : exitCode;
      PtyScreen.running.delete(this);
      this.wake();
    });
    PtyScreen.running.add(this);
  }

  static start(args: readonly string[], opts: PtyOptions = {}): PtyScreen {
    return new PtyScreen(args, opts);
  }

  /** For afterEach: kills whatever a failed test left running. */
  static killAll(): void {
    for (const p of PtyScreen.running) p.kill();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** The screen's lines, trailing spaces removed. */
  lines(): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.term.rows; i++) out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return out;
  }

  text(): string {
    return this.lines().join('\n');
  }

  /** The first screen line that matches. */
  line(pattern: RegExp): string | undefined {
    return this.lines().find((l) => pattern.test(l));
  }

  write(data: string): void {
    this.proc.write(data);
  }

  /** Types a line and presses Enter. */
  typeLine(text: string): void {
    this.proc.write(`${text}\r`);
  }

  /** Sends a signal to the program (as `kill` or a closed terminal would). */
  signal(name: 'SIGTERM' | 'SIGHUP' | 'SIGINT'): void {
    this.proc.kill(name);
  }

  resize(cols: number, rows: number): void {
    this.proc.resize(cols, rows);
    this.term.resize(cols, rows);
  }

  /** Waits until the screen satisfies `check` (a pattern or a predicate on the screen text). */
  async waitFor(check: RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const ok = (): boolean => {
      const t = this.text();
      return typeof check === 'function' ? check(t) : check.test(t);
    };
    const deadline = Date.now() + timeoutMs;
    while (!ok()) {
      if (this.exitCode !== undefined) throw new Error(`the program exited (${this.exitCode}) before the screen showed ${String(check)}:\n${this.text()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${String(check)}; the screen:\n${this.text()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.text();
  }

  /**
   * Waits until the program has written nothing for `quietMs` (a frame is drawn in several
   * writes; a screen read in the middle of one is a mix of two frames). Returns the screen.
   */
  async settle(quietMs = 250, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const quietFor = Date.now() - this.lastOutputAt;
      if (quietFor >= quietMs) return this.text();
      if (Date.now() >= deadline) throw new Error(`the screen never settled; the screen:\n${this.text()}`);
      await new Promise<void>((resolve) => setTimeout(resolve, quietMs - quietFor));
    }
  }

  /** Presses `key` until the settled screen satisfies `check`, at most `times` presses. */
  async pressUntil(key: string, check: RegExp, times: number): Promise<string> {
    let screen = await this.settle();
    for (let i = 0; i < times && !check.test(screen); i++) {
      this.write(key);
      await this.waitFor((t) => t !== screen);
      screen = await this.settle();
    }
    if (!check.test(screen)) throw new Error(`${String(check)} not on the screen after ${times} presses; the screen:\n${screen}`);
    return screen;
  }

  /** Waits for the program to end; resolves to its exit status (128 + N when signal N killed it). */
  async waitExit(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.exitCode === undefined) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the program did not exit; the screen:\n${this.text()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.exitCode;
  }

  kill(): void {
    if (this.exitCode === undefined) this.proc.kill('SIGKILL');
    PtyScreen.running.delete(this);
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  /** The state directory given to the program (XDG_STATE_HOME), e.g. to read the history file. */
  get stateHome(): string {
    return this.stateDir;
  }
}
