/**
 * IMAP subscriptions (RFC 3501 §6.3.6) in the Maildir root file `subscriptions`, one mailbox name
 * per line, as Courier and Dovecot keep them. A subscription may outlive its mailbox: the RFC says a
 * server MUST NOT remove a name from the list on its own just because the mailbox is gone.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno, writeFileAtomic } from './durable-fs.js';

export const SUBSCRIPTIONS_FILE = 'subscriptions';

export async function readSubscriptions(maildir: string): Promise<string[]> {
  try {
    const text = await readFile(join(maildir, SUBSCRIPTIONS_FILE), 'utf8');
    return [...new Set(text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0))];
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
}

export async function writeSubscriptions(maildir: string, names: readonly string[]): Promise<void> {
  await writeFileAtomic(join(maildir, SUBSCRIPTIONS_FILE), names.map((n) => `${n}\n`).join(''));
}
