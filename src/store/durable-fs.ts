/**
 * Small file-system helpers for crash safety: what is acknowledged must be on disk, and a file that
 * readers see is never half-written. Every "atomic" write is write-to-temporary, fsync, rename, fsync
 * of the directory (the rename itself lives in the directory's data).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** True when `err` is a Node system error with this `code` (ENOENT, EEXIST, ...). */
export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

/**
 * Flushes a directory's entries (creations, renames, unlinks) to disk. Windows cannot open a
 * directory for fsync; there the rename is as durable as NTFS makes it.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` so that a reader (or a restart after a crash) sees either the old or
 * the new content, never a mix. The temporary file sits in the same directory, so rename is atomic.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dir);
}

/** Appends `text` to `path` (created if missing) and waits until it is on disk. */
export async function appendDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'a', 0o644);
  try {
    await handle.appendFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
