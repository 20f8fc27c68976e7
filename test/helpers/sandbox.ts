/** Starts a sandbox on free loopback ports with a fresh temporary store, for one test file. */
import { MemoryLog } from '../../src/server/session-log.js';
import { SERVICES, startSandbox, type Sandbox, type SandboxOptions } from '../../src/server/sandbox.js';
import { createTempDataDir } from '../../src/store/temp-dir.js';

export type TestSandbox = Sandbox & { readonly log: MemoryLog; stop(): Promise<void> };

/** Every service on a free port (port 0); no greeting pause unless asked, so tests run fast. */
export async function startTestSandbox(opts: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const temp = await createTempDataDir();
  const log = new MemoryLog();
  const sandbox = await startSandbox({
    dataDir: temp.dir,
    ports: Object.fromEntries(SERVICES.map((s) => [s, 0])),
    greetingPauseMs: 0,
    log,
    ...opts,
  });
  return Object.assign(sandbox, {
    log,
    async stop() {
      await sandbox.close();
      await temp.remove();
    },
  });
}
