/**
 * UIDVALIDITY allocation. A mailbox gets its UIDVALIDITY when it is created; a mailbox deleted and
 * created again under the same name must get a different one (RFC 3501 §2.3.1.1), or clients would
 * trust cached UIDs that now mean other messages. Seconds since the epoch would repeat within one
 * second, so the store keeps the last value handed out in one store-wide file and hands out
 * max(now, last + 1).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno, writeFileAtomic } from './durable-fs.js';
import { Mutex } from './mutex.js';
import { MAX_UID } from './uid-list.js';

export const UIDVALIDITY_FILE = 'mailproto-uidvalidity';

export class UidValidityCounter {
  readonly #path: string;
  readonly #mutex = new Mutex();

  constructor(dataDir: string) {
    this.#path = join(dataDir, UIDVALIDITY_FILE);
  }

  /** The next UIDVALIDITY, persisted before it is returned. */
  next(now = new Date()): Promise<number> {
    return this.#mutex.run(async () => {
      const last = await this.#read();
      const value = Math.max(Math.floor(now.getTime() / 1000), last + 1);
      if (value > MAX_UID) throw new Error('UIDVALIDITY space exhausted');
      await writeFileAtomic(this.#path, `${value}\n`);
      return value;
    });
  }

  async #read(): Promise<number> {
    try {
      const value = Number((await readFile(this.#path, 'utf8')).trim());
      return Number.isSafeInteger(value) && value > 0 ? value : 0;
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return 0;
      throw err;
    }
  }
}
