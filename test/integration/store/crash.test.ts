/**
 * Crash safety (design.md "Store"): a message whose delivery was acknowledged survives the process
 * being killed, keeps its UID, and no message is ever visible half-written. A child process runs
 * the real store (src/store transpiled to JavaScript) and is killed with SIGKILL mid-delivery.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailStore } from '../../../src/store/store.js';
import { createTempDataDir } from '../../../src/store/temp-dir.js';

const storeSrc = join(dirname(fileURLToPath(import.meta.url)), '../../../src/store');
let build: string;

beforeAll(async () => {
  build = join(tmpdir(), `mailproto-crash-build-${process.pid}-${Date.now()}`);
  await mkdir(build, { recursive: true });
  await writeFile(join(build, 'package.json'), '{"type":"module"}');
  for (const file of (await readdir(storeSrc)).filter((f) => f.endsWith('.ts'))) {
    const source = await readFile(join(storeSrc, file), 'utf8');
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    await writeFile(join(build, file.replace(/\.ts$/, '.js')), js);
  }
});
afterAll(async () => {
  await rm(build, { recursive: true, force: true });
});

/** Size varies so that a torn write would show as a wrong length. */
function body(n: number): Buffer {
  return Buffer.from(`Subject: crash ${n}\r\n\r\n${'x'.repeat(1000 + (n % 7) * 5000)}\r\n`);
}

describe('delivery under SIGKILL', () => {
  it('keeps every acknowledged message with its UID and shows no partial message', async () => {
    const data = await createTempDataDir();
    const script = `
      import { MailStore } from ${JSON.stringify(join(build, 'store.js'))};
      const store = await MailStore.open({ dir: ${JSON.stringify(data.dir)} });
      await store.ensureUser('alice');
      const body = ${body.toString()};
      let n = 0;
      // Several deliveries in flight at all times, each acknowledged on stdout when it resolves.
      const worker = async () => {
        for (;;) {
          const i = n++;
          const info = await store.deliver('alice', 'INBOX', body(i));
          process.stdout.write('ack ' + i + ' ' + info.uid + '\\n');
        }
      };
      for (let w = 0; w < 8; w++) void worker();
    `;
    const acks = new Map<number, number>();
    await new Promise<void>((resolve, reject) => {
      const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const lines = out.split('\n');
        out = lines.pop()!;
        for (const line of lines) {
          const [, n, uid] = line.split(' ');
          acks.set(Number(n), Number(uid));
        }
        if (acks.size >= 150) proc.kill('SIGKILL');
      });
      proc.on('error', reject);
      proc.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited (${code ?? signal}): ${err}`))));
    });

    const store = await MailStore.open({ dir: data.dir });
    try {
      const listed = await store.messages('alice', 'INBOX');
      const byUid = new Map(listed.map((m) => [m.uid, m]));
      expect(acks.size).toBeGreaterThanOrEqual(150);
      for (const [n, uid] of acks) {
        expect(byUid.has(uid), `acknowledged message ${n} (UID ${uid})`).toBe(true);
        expect((await store.read('alice', 'INBOX', uid)).toString('latin1')).toBe(body(n).toString('latin1'));
      }
      // Every visible message is complete (unacknowledged ones may or may not be there).
      for (const m of listed) {
        const raw = await store.read('alice', 'INBOX', m.uid);
        const n = Number(/^Subject: crash (\d+)/.exec(raw.toString())?.[1]);
        expect(raw.toString('latin1')).toBe(body(n).toString('latin1'));
      }
      expect(new Set(listed.map((m) => m.uid)).size).toBe(listed.length);
      const next = await store.deliver('alice', 'INBOX', body(1));
      expect(next.uid).toBeGreaterThan(Math.max(...acks.values()));
    } finally {
      await store.close();
      await data.remove();
    }
  });
});
