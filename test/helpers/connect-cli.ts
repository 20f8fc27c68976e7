/**
 * Runs `node bin/mailproto connect ...` with a script on stdin, as line-mode users do, and
 * collects what it prints. ConnectProcess keeps stdin open for tests that type while they watch
 * (IDLE). Waits for output, never for a fixed time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ROOT } from './cli-process.js';

export type ConnectRun = { readonly stdout: string; readonly stderr: string; readonly code: number | null; readonly lines: readonly string[] };

/** `mailproto connect ARGS...` with `input` on stdin (then EOF); resolves when it exits. */
export async function runConnect(args: readonly string[], input: string, opts: { timeoutMs?: number } = {}): Promise<ConnectRun> {
  const p = ConnectProcess.start(args);
  p.write(input);
  p.end();
  const code = await p.waitExit(opts.timeoutMs ?? 20_000);
  return { stdout: p.stdout, stderr: p.stderr, code, lines: p.lines() };
}

export class ConnectProcess {
  stdout = '';
  stderr = '';
  code: number | null | undefined;
  private readonly child: ChildProcessWithoutNullStreams;
  private waiters: Array<() => void> = [];
  private static running = new Set<ConnectProcess>();

  private constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ['bin/mailproto', 'connect', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    this.child.stdout.on('data', (c: Buffer) => this.push('stdout', c));
    this.child.stderr.on('data', (c: Buffer) => this.push('stderr', c));
    this.child.stdin.on('error', () => undefined);
    this.child.on('close', (code) => {
      this.code = code;
      ConnectProcess.running.delete(this);
      this.wake();
    });
    ConnectProcess.running.add(this);
  }

  static start(args: readonly string[]): ConnectProcess {
    return new ConnectProcess(args);
  }

  /** For afterEach: kills whatever a failed test left running. */
  static killAll(): void {
    for (const p of ConnectProcess.running) p.child.kill('SIGKILL');
  }

  private push(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream] += chunk.toString('utf8');
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  end(): void {
    this.child.stdin.end();
  }

  lines(): string[] {
    const all = this.stdout.split('\n');
    if (all.at(-1) === '') all.pop();
    return all;
  }

  private async until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}\n--- stdout:\n${this.stdout}\n--- stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits until stdout matches. */
  async waitFor(pattern: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const test = (s: string): boolean => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
    await this.until(() => {
      if (test(this.stdout)) return true;
      if (this.code !== undefined) throw new Error(`exited (${this.code}) before ${String(pattern)}\n--- stdout:\n${this.stdout}\n--- stderr:\n${this.stderr}`);
      return false;
    }, String(pattern), timeoutMs);
  }

  async waitExit(timeoutMs = 15_000): Promise<number | null> {
    await this.until(() => this.code !== undefined, 'exit', timeoutMs);
    return this.code!;
  }
}
