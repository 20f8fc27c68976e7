/**
 * Runs `node bin/mailproto wrap -- CMD ARGS...` in a pseudo-terminal (node-pty), as a learner at a
 * terminal does, and reads what the terminal is sent: the raw bytes, and a plain reading with
 * escape sequences and carriage returns stripped. Waits for output, never for a fixed time.
 */
import * as pty from 'node-pty';
import { ensureBuilt, ROOT } from './cli-process.js';
import { requireTool } from './require-tool.js';

/** CSI, OSC (to BEL or ST) and two-character escape sequences. */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Terminal output as plain text: escape sequences removed, CR removed (CRLF → LF), backspaces applied per line. */
export function plainText(raw: string): string {
  return raw
    .replace(ANSI, '')
    .split('\n')
    .map((line) => {
      let out = '';
      for (const ch of line.replace(/\r/g, '')) out = ch === '\b' ? out.slice(0, -1) : out + ch;
      return out;
    })
    .join('\n');
}

/**
 * `nc` from Debian's netcat-openbsd (the one with -C for CRLF line ends). The wrap tests fail,
 * not skip, without it: CI must install it.
 */
export function requireNetcat(): string {
  try {
    return requireTool('nc');
  } catch {
    throw new Error('required tool "nc" is not installed: the wrap tests run `nc -C`; install it with: apt-get install netcat-openbsd (CI: add netcat-openbsd to the Debian packages .ci/run installs)');
  }
}

export class WrapPty {
  /** Everything written to the terminal, as it came. */
  raw = '';
  exitCode: number | undefined;
  private readonly proc: pty.IPty;
  private waiters: Array<() => void> = [];
  private static running = new Set<WrapPty>();

  private constructor(args: readonly string[], env: Record<string, string | undefined>) {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, TERM: 'xterm-256color', ...env })) if (v !== undefined) merged[k] = v;
    this.proc = pty.spawn(process.execPath, ['bin/mailproto', 'wrap', ...args], { name: 'xterm-256color', cols: 200, rows: 50, cwd: ROOT, env: merged });
    this.proc.onData((d) => {
      this.raw += d;
      this.wake();
    });
    this.proc.onExit(({ exitCode }) => {
      this.exitCode = exitCode;
      WrapPty.running.delete(this);
      this.wake();
    });
    WrapPty.running.add(this);
  }

  /** Starts `mailproto wrap ARGS...` (ARGS include `--` and the tool). */
  static start(args: readonly string[], env: Record<string, string | undefined> = {}): WrapPty {
    ensureBuilt();
    return new WrapPty(args, env);
  }

  /** For afterEach: whatever a failed test left running. */
  static killAll(): void {
    for (const p of WrapPty.running) p.proc.kill('SIGKILL');
  }

  /** The screen output as plain text (no escape sequences, LF line ends). */
  text(): string {
    return plainText(this.raw);
  }

  lines(): string[] {
    return this.text().split('\n');
  }

  /** Types keys, as a terminal sends them (Enter is `\r`). */
  type(keys: string): void {
    this.proc.write(keys);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Waits until the plain text matches; throws with the output so far when time runs out or the program exits first. */
  async waitFor(pattern: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const test = (): boolean => (typeof pattern === 'string' ? this.text().includes(pattern) : pattern.test(this.text()));
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (this.exitCode !== undefined) throw new Error(`exited (${this.exitCode}) before ${String(pattern)}\n--- output:\n${this.text()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${String(pattern)}\n--- output:\n${this.text()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitExit(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.exitCode === undefined) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for exit\n--- output:\n${this.text()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.exitCode;
  }
}
