/**
 * The folders of one Maildir++ root on disk: which exist, creating, removing and renaming their
 * directories. No locking here; the store holds the user's tree lock around these.
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fsyncDir, isErrno } from './durable-fs.js';
import { initMailboxDir } from './mailbox-index.js';
import { INBOX, mailboxDirName, mailboxNameFromDir } from './mailbox-names.js';
import { StoreError } from './types.js';

/** The mailboxes below the root (INBOX excluded), in no particular order. */
export async function listFolders(maildir: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(maildir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const name = mailboxNameFromDir(entry.name);
    if (name !== undefined) names.push(name);
  }
  return names;
}

export function folderDir(maildir: string, name: string): string {
  return join(maildir, mailboxDirName(name));
}

export async function folderExists(maildir: string, name: string): Promise<boolean> {
  if (name === INBOX) return true;
  try {
    return (await stat(join(maildir, mailboxDirName(name)))).isDirectory();
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return false;
    throw err;
  }
}

/** Creates `.name` with `cur new tmp`; StoreError('ALREADYEXISTS') when it is there. */
export async function createFolder(maildir: string, name: string, uidValidity: number): Promise<void> {
  const dir = join(maildir, mailboxDirName(name));
  try {
    await mkdir(dir);
  } catch (err) {
    if (isErrno(err, 'EEXIST')) throw new StoreError('ALREADYEXISTS', `mailbox ${name} already exists`);
    throw err;
  }
  await initMailboxDir(dir, uidValidity, { folderMarker: true });
  await fsyncDir(maildir);
}

/**
 * Removes a folder: first renamed to a name no listing shows (`..mailproto-deleted-*`, like
 * Dovecot's `..DOVECOT-TRASHED`), so it vanishes at once even if removing the files takes a while.
 */
export async function removeFolder(maildir: string, name: string): Promise<void> {
  const trashed = join(maildir, `..mailproto-deleted-${randomBytes(6).toString('hex')}`);
  await rename(join(maildir, mailboxDirName(name)), trashed);
  await fsyncDir(maildir);
  await rm(trashed, { recursive: true, force: true });
}

export async function renameFolder(maildir: string, from: string, to: string): Promise<void> {
  await rename(join(maildir, mailboxDirName(from)), join(maildir, mailboxDirName(to)));
}
