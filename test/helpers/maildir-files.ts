/** Reads delivered messages straight from a sandbox's Maildir on disk, bypassing the store API. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `DATA/users/NAME/Maildir/new` (design.md "Store"). */
export function newDir(dataDir: string, user: string): string {
  return join(dataDir, 'users', user, 'Maildir', 'new');
}

/** Every file in the user's `new/`, with its raw bytes. */
export async function newMessages(dataDir: string, user: string): Promise<Array<{ file: string; raw: Buffer }>> {
  const dir = newDir(dataDir, user);
  const files = (await readdir(dir)).filter((f) => !f.startsWith('.')).sort();
  return Promise.all(files.map(async (file) => ({ file, raw: await readFile(join(dir, file)) })));
}

/** The one message in `new/` whose bytes contain `marker`; throws (listing what is there) unless exactly one does. */
export async function findNewMessage(dataDir: string, user: string, marker: string): Promise<{ file: string; raw: Buffer; text: string }> {
  const all = await newMessages(dataDir, user);
  const hits = all.filter((m) => m.raw.includes(marker));
  if (hits.length !== 1) {
    throw new Error(`expected exactly one message containing ${JSON.stringify(marker)} in ${newDir(dataDir, user)}, found ${hits.length} of ${all.length}: ${all.map((m) => m.file).join(', ')}`);
  }
  const hit = hits[0]!;
  return { ...hit, text: hit.raw.toString('utf8') };
}

/** The header section (up to the first empty line) of a raw message, unfolded, one field per entry. */
export function headerFields(raw: string): string[] {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  return head.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
}

/** Through the store API: the one INBOX message of `user` whose bytes contain `marker`, with its UID. */
export async function findStored(
  store: { messages(user: string, mailbox: string): Promise<readonly { uid: number }[]>; read(user: string, mailbox: string, uid: number): Promise<Buffer> },
  user: string,
  marker: string,
): Promise<{ uid: number; raw: Buffer; text: string }> {
  const hits: Array<{ uid: number; raw: Buffer }> = [];
  for (const { uid } of await store.messages(user, 'INBOX')) {
    const raw = await store.read(user, 'INBOX', uid);
    if (raw.includes(marker)) hits.push({ uid, raw });
  }
  if (hits.length !== 1) throw new Error(`expected exactly one INBOX message of ${user} containing ${JSON.stringify(marker)}, found ${hits.length}`);
  return { ...hits[0]!, text: hits[0]!.raw.toString('utf8') };
}
