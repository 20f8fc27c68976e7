/**
 * A user's Maildir: `DATA/users/NAME/Maildir`. A new one is built in a staging directory next to
 * it and renamed into place, so a Maildir that exists is always complete: INBOX, the special-use
 * folders, and a subscriptions file naming them.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fsyncDir, isErrno } from './durable-fs.js';
import { initMailboxDir } from './mailbox-index.js';
import { INBOX, mailboxDirName, SPECIAL_USE_MAILBOXES } from './mailbox-names.js';
import { writeSubscriptions } from './subscriptions.js';

export const USERS_DIR = 'users';
export const MAILDIR_DIR = 'Maildir';

export function maildirPath(dataDir: string, user: string): string {
  return join(dataDir, USERS_DIR, user, MAILDIR_DIR);
}

/** Builds a fresh Maildir for `user`; does nothing to one that is already there. */
export async function createUserMaildir(dataDir: string, user: string, newUidValidity: () => Promise<number>): Promise<boolean> {
  const home = join(dataDir, USERS_DIR, user);
  await mkdir(home, { recursive: true });
  const staging = join(home, `${MAILDIR_DIR}.creating-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(staging);
    await initMailboxDir(staging, await newUidValidity(), { folderMarker: false });
    const folders = Object.keys(SPECIAL_USE_MAILBOXES);
    for (const name of folders) {
      await initMailboxDir(join(staging, mailboxDirName(name)), await newUidValidity(), { folderMarker: true });
    }
    await writeSubscriptions(staging, [INBOX, ...folders]);
    await fsyncDir(staging);
    await rename(staging, maildirPath(dataDir, user));
    await fsyncDir(home);
    return true;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    // Renaming a directory onto a non-empty one fails: someone else made the Maildir first.
    if (isErrno(err, 'ENOTEMPTY') || isErrno(err, 'EEXIST')) return false;
    throw err;
  }
}
