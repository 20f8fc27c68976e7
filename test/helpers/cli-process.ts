/**
 * Runs `node bin/mailproto ...` as a user would, and waits for what it prints (never for a fixed
 * time). The CLI runs from dist/, so the first use builds it when it is missing.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds dist/ when dist/cli/main.js is missing (tsc emits even when another file has a type error). */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist/cli/main.js'))) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore', timeout: 120_000 });
  } catch {
    // The check below decides.
  }
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('npm run build did not produce dist/cli/main.js');
}

type Pattern = string | RegExp | ((text: string) => boolean);

function matches(text: string, p: Pattern): boolean {
  if (typeof p === 'string') return text.includes(p);
  if (p instanceof RegExp) return p.test(text);
  return p(text);
}

/** A running `mailproto` process with its output so far. */
export class CliProcess {
  stdout = '';
  stderr = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly child: ChildProcessWithoutNullStreams;
  private waiters: Array<() => void> = [];
  private static running = new Set<CliProcess>();

  private constructor(args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['bin/mailproto', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    this.child.stdout.on('data', (c: Buffer) => this.push('stdout', c));
    this.child.stderr.on('data', (c: Buffer) => this.push('stderr', c));
    this.child.on('close', (code, signal) => {
      this.exit = { code, signal };
      CliProcess.running.delete(this);
      this.wake();
    });
    CliProcess.running.add(this);
  }

  /** Starts `node bin/mailproto ARGS...`. */
  static start(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
    return new CliProcess(args, env);
  }

  /**
   * Stops every process started here that is still running (for afterEach): SIGTERM first so that
   * a `--temp` sandbox removes its directory, SIGKILL when it does not end within 5 s.
   */
  static async killAll(): Promise<void> {
    await Promise.all(
      [...CliProcess.running].map(async (p) => {
        p.child.kill('SIGTERM');
        if (await p.waitExit(5000).then(() => true, () => false)) return;
        p.child.kill('SIGKILL');
        await p.waitExit(5000).catch(() => undefined);
      }),
    );
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

  /** Waits until the stream's text matches; throws with everything printed when the process exits first or time runs out. */
  async waitFor(pattern: Pattern, opts: { stream?: 'stdout' | 'stderr'; timeoutMs?: number } = {}): Promise<string> {
    const stream = opts.stream ?? 'stdout';
    await this.until(() => {
      if (matches(this[stream], pattern)) return true;
      if (this.exit) throw new Error(`process exited (${JSON.stringify(this.exit)}) before ${String(pattern)} on ${stream}\n--- stdout:\n${this.stdout}\n--- stderr:\n${this.stderr}`);
      return false;
    }, `${String(pattern)} on ${stream}`, opts.timeoutMs ?? 15_000);
    return this[stream];
  }

  /** Complete stdout lines so far. */
  lines(): string[] {
    const all = this.stdout.split('\n');
    all.pop();
    return all;
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  /** Waits for the process to end. */
  async waitExit(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    await this.until(() => this.exit !== undefined, 'exit', timeoutMs);
    return this.exit!;
  }
}
