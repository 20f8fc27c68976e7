import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTempDataDir, TEMP_DIR_PREFIX } from '../../../src/store/temp-dir.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('createTempDataDir', () => {
  it('creates an empty directory under os.tmpdir() and removes it with its contents', async () => {
    const tmp = await createTempDataDir();
    expect(dirname(tmp.dir)).toBe(tmpdir());
    expect(basename(tmp.dir).startsWith(TEMP_DIR_PREFIX)).toBe(true);
    expect((await stat(tmp.dir)).isDirectory()).toBe(true);
    await mkdir(join(tmp.dir, 'users', 'alice'), { recursive: true });
    await writeFile(join(tmp.dir, 'users', 'alice', 'x'), 'y');
    await tmp.remove();
    expect(existsSync(tmp.dir)).toBe(false);
    await tmp.remove(); // again: no error
  });

  it('gives every call its own directory', async () => {
    const [a, b] = await Promise.all([createTempDataDir(), createTempDataDir()]);
    expect(a.dir).not.toBe(b.dir);
    await Promise.all([a.remove(), b.remove()]);
  });
});

/**
 * removeOnExit acts at process exit, so it runs in a child process. The child loads the real
 * temp-dir.ts, transpiled to JavaScript here (it imports only node: modules).
 */
describe('removeOnExit', () => {
  let module: string;
  let workDir: string;
  beforeAll(async () => {
    workDir = join(tmpdir(), `mailproto-test-${process.pid}-${Date.now()}`);
    await mkdir(workDir, { recursive: true });
    const source = await readFile(join(here, '../../../src/store/temp-dir.ts'), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    module = join(workDir, 'temp-dir.mjs');
    await writeFile(module, js);
    return () => rm(workDir, { recursive: true, force: true });
  });

  /** Runs a child that makes a temp dir, registers it, prints it, then does `then`. */
  function child(then: string, signal?: NodeJS.Signals): Promise<{ dir: string; code: number | null; signal: NodeJS.Signals | null }> {
    const script = `
      import { createTempDataDir, removeOnExit } from ${JSON.stringify(module)};
      import { writeFileSync } from 'node:fs';
      const { dir } = await createTempDataDir();
      writeFileSync(dir + '/marker', 'x');
      removeOnExit(dir);
      console.log(dir);
      ${then}
    `;
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (signal && out.includes('\n')) proc.kill(signal);
      });
      proc.on('error', reject);
      proc.on('exit', (code, sig) => resolve({ dir: out.trim(), code, signal: sig }));
    });
  }

  it('removes the directory when the process ends normally', async () => {
    const r = await child('');
    expect(r.code).toBe(0);
    expect(r.dir.startsWith(join(tmpdir(), TEMP_DIR_PREFIX))).toBe(true);
    expect(existsSync(r.dir)).toBe(false);
  });

  it('removes it on process.exit(3)', async () => {
    const r = await child('process.exit(3);');
    expect(r.code).toBe(3);
    expect(existsSync(r.dir)).toBe(false);
  });

  it.each([['SIGTERM'], ['SIGINT']] as const)('removes it on %s and still dies of the signal', async (sig) => {
    const r = await child('setInterval(() => {}, 1000);', sig);
    expect(r.signal).toBe(sig);
    expect(r.dir).not.toBe('');
    expect(existsSync(r.dir)).toBe(false);
  });

  it("leaves exiting to the application's own SIGINT handler, and still cleans up", async () => {
    const r = await child("process.on('SIGINT', () => { setTimeout(() => process.exit(0), 10); }); setInterval(() => {}, 1000);", 'SIGINT');
    expect(r.code).toBe(0);
    expect(existsSync(r.dir)).toBe(false);
  });

  it('keeps a directory whose removal was cancelled', async () => {
    const r = await child('');
    expect(existsSync(r.dir)).toBe(false);
    const kept = await new Promise<string>((resolve, reject) => {
      const script = `
        import { createTempDataDir, removeOnExit } from ${JSON.stringify(module)};
        const { dir } = await createTempDataDir();
        const cancel = removeOnExit(dir);
        cancel();
        console.log(dir);
      `;
      const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
      proc.on('error', reject);
      proc.on('exit', () => resolve(out.trim()));
    });
    expect(existsSync(kept)).toBe(true);
    await rm(kept, { recursive: true, force: true });
  });
});
