/**
 * Writing message files into a mailbox's `tmp/`. A message is written, its mtime set to the
 * INTERNALDATE (as Dovecot does), fsynced, and only then renamed into `new/` or `cur/` by the
 * mailbox index: nobody ever sees a half-written message, and an acknowledged one survives a crash.
 */
import { closeSync, constants, fsync, futimesSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { copyFile, open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from './durable-fs.js';
import { newMessageKey } from './maildir-names.js';

/** A complete, fsynced message file in `tmp/`, ready to be renamed into place. */
export type TmpMessage = { readonly path: string; readonly key: string; readonly size: number };

/** Maildir rule: files left in tmp/ by a crashed writer are removed after 36 hours. */
export const TMP_MAX_AGE_MS = 36 * 60 * 60 * 1000;

/** How many fresh keys to try when a key already exists in tmp/ (another writer, same microsecond). */
const KEY_ATTEMPTS = 10;

async function createUnique(mailboxDir: string, size: number): Promise<{ handle: FileHandle; path: string; key: string }> {
  for (let attempt = 1; ; attempt++) {
    const key = newMessageKey(size);
    const path = join(mailboxDir, 'tmp', key);
    try {
      return { handle: await open(path, 'wx', 0o600), path, key };
    } catch (err) {
      if (!isErrno(err, 'EEXIST') || attempt >= KEY_ATTEMPTS) throw err;
    }
  }
}

async function finish(handle: FileHandle, path: string, internalDate: Date, fill: (h: FileHandle) => Promise<void>): Promise<void> {
  try {
    await fill(handle);
    await handle.utimes(internalDate, internalDate);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw err;
  }
  await handle.close();
}

/**
 * Messages up to this size are created, written, dated and closed with synchronous calls (page
 * cache work of microseconds), and only the fsync goes to libuv's thread pool: five thread-pool
 * trips per message (open, write, futimes, fsync, close) were the largest CPU cost of SMTP
 * ingest on a busy machine. Bigger messages are written asynchronously, so that one big write
 * never stalls the other sessions.
 */
export const SYNC_WRITE_MAX_BYTES = 128 * 1024;

function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
}

/** writeTmpMessage for a small message: see SYNC_WRITE_MAX_BYTES. */
async function writeSmallTmpMessage(mailboxDir: string, raw: Buffer, internalDate: Date): Promise<TmpMessage> {
  let fd: number | undefined;
  let path = '';
  let key = '';
  for (let attempt = 1; fd === undefined; attempt++) {
    key = newMessageKey(raw.length);
    path = join(mailboxDir, 'tmp', key);
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      if (!isErrno(err, 'EEXIST') || attempt >= KEY_ATTEMPTS) throw err;
    }
  }
  try {
    for (let done = 0; done < raw.length; ) done += writeSync(fd, raw, done, raw.length - done);
    futimesSync(fd, internalDate, internalDate);
    await fsyncFd(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to clean.
    }
    throw err;
  }
  closeSync(fd);
  return { path, key, size: raw.length };
}

/** Writes `raw` exactly as given into `tmp/` with mtime = internalDate, fsynced. */
export async function writeTmpMessage(mailboxDir: string, raw: Buffer, internalDate: Date): Promise<TmpMessage> {
  if (raw.length <= SYNC_WRITE_MAX_BYTES) return writeSmallTmpMessage(mailboxDir, raw, internalDate);
  const { handle, path, key } = await createUnique(mailboxDir, raw.length);
  await finish(handle, path, internalDate, async (h) => {
    await h.writeFile(raw);
  });
  return { path, key, size: raw.length };
}

/**
 * Copies an existing message file into `tmp/` (a reflink where the file system can), with the same
 * internal date. Used by COPY/MOVE; a copy gets its own key, as in Dovecot.
 */
export async function copyToTmp(mailboxDir: string, source: string, size: number, internalDate: Date): Promise<TmpMessage> {
  const { handle, path, key } = await createUnique(mailboxDir, size);
  await handle.close();
  try {
    await copyFile(source, path, constants.COPYFILE_FICLONE);
  } catch (err) {
    await unlink(path).catch(() => undefined);
    throw err;
  }
  const reopened = await open(path, 'r+');
  await finish(reopened, path, internalDate, async () => undefined);
  return { path, key, size };
}

/**
 * Removes crash leftovers from `tmp/`. Age is judged by ctime: a writer sets the mtime to the
 * (possibly old) internal date, but ctime is always the time of the last write.
 */
export async function cleanTmp(mailboxDir: string, now = Date.now()): Promise<number> {
  const tmp = join(mailboxDir, 'tmp');
  let removed = 0;
  for (const name of await readdir(tmp)) {
    const path = join(tmp, name);
    try {
      const st = await stat(path);
      if (st.isFile() && now - st.ctimeMs > TMP_MAX_AGE_MS) {
        await unlink(path);
        removed++;
      }
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) throw err;
    }
  }
  return removed;
}
