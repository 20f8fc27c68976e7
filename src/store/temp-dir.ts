/**
 * Throw-away data directories for `--temp`, `mailproto learn` and tests: created under the OS
 * temporary directory and removed when done, also when the process is interrupted.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEMP_DIR_PREFIX = 'mailproto-';

export type TempDataDir = { readonly dir: string; remove(): Promise<void> };

/** A fresh empty directory `$TMPDIR/mailproto-XXXXXX`. */
export async function createTempDataDir(): Promise<TempDataDir> {
  const dir = await mkdtemp(join(tmpdir(), TEMP_DIR_PREFIX));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const doomed = new Set<string>();
let installed = false;

function removeAllSync(): void {
  for (const dir of doomed) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Exiting anyway; a leftover temp dir is the OS's to clean.
    }
  }
  doomed.clear();
}

/**
 * When the process receives this signal and nobody else listens for it, Node's default would kill
 * the process without running 'exit' handlers. So: clean up, then re-raise the signal with the
 * default behaviour so the exit status still says "killed by SIGINT". When the application has its
 * own handler, it decides how to exit and the 'exit' handler cleans up.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  removeAllSync();
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

/**
 * Removes `dir` when the process exits (normally, by process.exit, or by SIGINT/SIGTERM). Returns a
 * function that cancels this (use it after removing the directory yourself).
 */
export function removeOnExit(dir: string): () => void {
  doomed.add(dir);
  if (!installed) {
    installed = true;
    process.on('exit', removeAllSync);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return () => {
    doomed.delete(dir);
  };
}
