/**
 * MailStore: the sandbox's Maildir++ store behind SMTP, POP3 and IMAP (design.md "Store").
 *
 * Layout: `DATA/users/NAME/Maildir` is INBOX; mailbox `A.B` is `Maildir/.A.B`. Each folder holds
 * `cur new tmp`, `mailproto-uidlist` (UIDs) and `mailproto-keywords` (keyword letters).
 *
 * Concurrency: every mutation of one mailbox runs under that mailbox's async lock, and changes to a
 * user's set of mailboxes (create, delete, rename, subscriptions) under the user's tree lock, taken
 * before any mailbox lock. The in-memory index of a mailbox is loaded on first use and is
 * authoritative inside this process: two processes must not share one data directory.
 *
 * Events are emitted after the change is on disk, while the lock is still held, so listeners see
 * them in the order the changes happened.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isErrno } from './durable-fs.js';
import { canonicalFlags } from './flags.js';
import { MailboxHierarchy } from './mailbox-hierarchy.js';
import { MailboxIndex, type FlagMode } from './mailbox-index.js';
import { canonicalMailboxName, INBOX, mailboxDirName } from './mailbox-names.js';
import { copyToTmp, writeTmpMessage, type TmpMessage } from './message-files.js';
import { KeyedMutex } from './mutex.js';
import { UidValidityCounter } from './uid-validity.js';
import { isValidUserName } from './user-names.js';
import { createUserMaildir, maildirPath, USERS_DIR } from './user-maildir.js';
import {
  StoreError,
  type Flag,
  type MailboxListEntry,
  type MailboxStatus,
  type MessageInfo,
  type StoreEvent,
} from './types.js';

/** Largest message deliver() accepts (RFC 5321 allows far less to be required; the sandbox is generous). */
export const MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

/** How often read() looks the path up again when the file was renamed under it. */
const READ_ATTEMPTS = 5;

/**
 * Messages up to this size are read synchronously. A small file from the page cache is read in
 * microseconds, while an asynchronous read costs four trips through libuv's thread pool (open,
 * fstat, read, close): a FETCH of a whole mailbox spent five times Dovecot's CPU on them. Dovecot
 * reads its files synchronously too. Bigger messages are read asynchronously, so that one big
 * read never stalls the other sessions.
 */
export const SYNC_READ_MAX_BYTES = 128 * 1024;

/** A message file, read synchronously when small (SYNC_READ_MAX_BYTES). */
async function readMessageFile(path: string, size: number): Promise<Buffer> {
  return size <= SYNC_READ_MAX_BYTES ? readFileSync(path) : readFile(path);
}

export type DeliverOptions = { readonly flags?: readonly Flag[]; readonly internalDate?: Date };
export type CopyResult = { uidValidity: number; pairs: Array<{ from: number; to: number }> };

/** A delivery whose message is complete in tmp/, waiting for its mailbox's next group commit. */
type PendingDelivery = {
  readonly item: { readonly tmp: TmpMessage; readonly flags: readonly Flag[]; readonly internalDate: Date };
  readonly resolve: (info: MessageInfo) => void;
  readonly reject: (err: unknown) => void;
};

export class MailStore {
  /** The data directory (absolute). */
  readonly dir: string;
  readonly #locks = new KeyedMutex();
  /** Deliveries waiting for the next group commit, per mailbox. */
  readonly #pending = new Map<string, PendingDelivery[]>();
  readonly #indexes = new Map<string, MailboxIndex>();
  readonly #listeners = new Set<(e: StoreEvent) => void>();
  readonly #maildrops = new Map<string, string>();
  readonly #uidValidity: UidValidityCounter;
  readonly #tree: MailboxHierarchy;
  readonly #deliveries = new Set<Promise<MessageInfo>>();
  #closed = false;

  private constructor(dir: string) {
    this.dir = dir;
    this.#uidValidity = new UidValidityCounter(dir);
    this.#tree = new MailboxHierarchy({
      maildir: (user) => this.#maildir(user),
      newUidValidity: () => this.#uidValidity.next(),
      lockTree: (user, fn) => this.#locks.run([treeKey(user)], fn),
      lockMailboxes: (user, names, fn) => this.#locks.run(names.map((n) => boxKey(user, n)), fn),
      index: (user, name) => this.#index(user, name),
      forget: (user, name) => void this.#indexes.delete(boxKey(user, name)),
      moved: (user, from, to, dir) => {
        const index = this.#indexes.get(boxKey(user, from));
        this.#indexes.delete(boxKey(user, from));
        if (index) this.#indexes.set(boxKey(user, to), index.relocate(dir));
      },
      move: (user, from, uids, to) => this.#copyLocked(user, from, uids, to, true),
      emit: (e) => this.#emit(e),
    });
  }

  /** Opens (creating if needed) the store in `opts.dir`, the DATA directory. */
  static async open(opts: { dir: string }): Promise<MailStore> {
    const dir = resolve(opts.dir);
    await mkdir(join(dir, USERS_DIR), { recursive: true });
    return new MailStore(dir);
  }

  /** Subscribes to change events; returns the unsubscribe function. */
  on(listener: (e: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Path of a user's Maildir root (INBOX). */
  maildir(user: string): string {
    return this.#maildir(user);
  }

  /** Creates the user's Maildir (INBOX, Sent, Drafts, Trash, Junk, all subscribed) unless it exists. */
  async ensureUser(user: string): Promise<void> {
    this.#open();
    if (!isValidUserName(user)) throw new StoreError('CANNOT', `invalid user name ${JSON.stringify(user)}`);
    await this.#locks.run([treeKey(user)], async () => {
      if (existsSync(this.#maildir(user))) return;
      if (await createUserMaildir(this.dir, user, () => this.#uidValidity.next())) this.#emit({ type: 'mailboxes', user });
    });
  }

  /** True when the user's Maildir exists. */
  hasUser(user: string): boolean {
    return isValidUserName(user) && existsSync(maildirPath(this.dir, user));
  }

  /** Stores a message (bytes exactly as given) and returns it with its new UID. */
  async deliver(user: string, mailbox: string, raw: Buffer, opts: DeliverOptions = {}): Promise<MessageInfo> {
    this.#open();
    // Part of a delivery runs outside any lock; close() waits for it through this set.
    const running = this.#deliver(user, mailbox, raw, opts);
    this.#deliveries.add(running);
    try {
      return await running;
    } finally {
      this.#deliveries.delete(running);
    }
  }

  async #deliver(user: string, mailbox: string, raw: Buffer, opts: DeliverOptions): Promise<MessageInfo> {
    const name = canonicalMailboxName(mailbox);
    if (raw.length > MAX_MESSAGE_SIZE) throw new StoreError('TOOBIG', `message is larger than ${MAX_MESSAGE_SIZE} octets`);
    const flags = canonicalFlags(opts.flags ?? []);
    const internalDate = opts.internalDate ?? new Date();
    if (Number.isNaN(internalDate.getTime())) throw new TypeError('deliver: invalid internalDate');
    const dir = await this.#existingDir(user, name);
    // The slow part (write + fsync) runs outside the lock; only the rename and UID are serialized,
    // and deliveries that arrive together share one commit (see #commitBatch).
    const tmp = await writeTmpMessage(dir, raw, internalDate);
    try {
      return await this.#enqueue(user, name, { tmp, flags, internalDate });
    } catch (err) {
      await unlink(tmp.path).catch(() => undefined);
      throw err;
    }
  }

  /** Queues a finished tmp/ file for the next group commit of its mailbox. */
  #enqueue(user: string, name: string, item: PendingDelivery['item']): Promise<MessageInfo> {
    const key = boxKey(user, name);
    return new Promise<MessageInfo>((resolve, reject) => {
      let queue = this.#pending.get(key);
      if (!queue) {
        queue = [];
        this.#pending.set(key, queue);
        // The first delivery of a batch starts the commit; later ones join the queue meanwhile.
        void this.#locks.run([key], () => this.#commitBatch(user, name, key));
      }
      queue.push({ item, resolve, reject });
    });
  }

  /** Group commit: every delivery queued for this mailbox, with one fsync for all of them. */
  async #commitBatch(user: string, name: string, key: string): Promise<void> {
    const batch = this.#pending.get(key) ?? [];
    this.#pending.delete(key);
    try {
      const index = await this.#index(user, name);
      const results = await index.addBatch(batch.map((p) => p.item));
      results.forEach((r, i) => {
        if (r instanceof Error) batch[i]!.reject(r);
        else {
          this.#emit({ type: 'added', user, mailbox: name, uid: r.uid });
          batch[i]!.resolve(r);
        }
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  /** All mailboxes: INBOX first, then the others sorted by name. */
  async list(user: string): Promise<MailboxListEntry[]> {
    this.#open();
    return this.#tree.list(user);
  }

  async create(user: string, name: string): Promise<void> {
    this.#open();
    return this.#tree.create(user, canonicalMailboxName(name));
  }

  async delete(user: string, name: string): Promise<void> {
    this.#open();
    return this.#tree.delete(user, canonicalMailboxName(name));
  }

  async rename(user: string, from: string, to: string): Promise<void> {
    this.#open();
    return this.#tree.rename(user, canonicalMailboxName(from), canonicalMailboxName(to));
  }

  async subscribe(user: string, name: string): Promise<void> {
    this.#open();
    return this.#tree.subscribe(user, canonicalMailboxName(name), true);
  }

  async unsubscribe(user: string, name: string): Promise<void> {
    this.#open();
    return this.#tree.subscribe(user, canonicalMailboxName(name), false);
  }

  /** Subscribed names, including names whose mailbox no longer exists (for LSUB). */
  async subscriptions(user: string): Promise<string[]> {
    this.#open();
    return this.#tree.subscriptions(user);
  }

  async status(user: string, name: string): Promise<MailboxStatus> {
    return this.#withMailbox(user, name, (index, canonical) => index.status(canonical));
  }

  /** UIDVALIDITY and UIDNEXT alone, without counting the messages as status() does. */
  async uids(user: string, name: string): Promise<{ readonly uidValidity: number; readonly uidNext: number }> {
    return this.#withMailbox(user, name, (index) => ({ uidValidity: index.uidValidity, uidNext: index.uidNext }));
  }

  /** Messages in ascending UID order (a frozen snapshot). */
  async messages(user: string, name: string): Promise<readonly MessageInfo[]> {
    return this.#withMailbox(user, name, (index) => index.messages());
  }

  /** The whole raw message. StoreError('NONEXISTENT') for an unknown UID. */
  async read(user: string, name: string, uid: number): Promise<Buffer> {
    this.#open();
    // Fast path: with the index loaded, the path is looked up without waiting for the lock (a
    // FETCH of a whole mailbox reads thousands of files). A rename or expunge under way may make
    // the path stale: the read then fails with ENOENT and the locked lookup below decides.
    const loaded = this.#indexes.get(boxKey(user, canonicalMailboxName(name)));
    const fast = loaded?.pathOf(uid);
    if (fast !== undefined) {
      try {
        return await readMessageFile(fast, loaded!.sizeOf(uid) ?? Infinity);
      } catch (err) {
        if (!isErrno(err, 'ENOENT')) throw err;
      }
    }
    // The path is looked up under the lock and the file read outside it, so that reads run side by
    // side (FETCH reads ahead) and none holds up a delivery. A flag change may rename the file in
    // between: the open then fails with ENOENT and the path is looked up again.
    for (let attempt = 1; ; attempt++) {
      const { path, size } = await this.#withMailbox(user, name, (index, canonical) => {
        const found = index.pathOf(uid);
        if (found === undefined) throw new StoreError('NONEXISTENT', `no message with UID ${uid} in ${canonical}`);
        return { path: found, size: index.sizeOf(uid) ?? Infinity };
      });
      try {
        return await readMessageFile(path, size);
      } catch (err) {
        if (!isErrno(err, 'ENOENT') || attempt >= READ_ATTEMPTS) throw err;
      }
    }
  }

  /** Changes flags; returns every matched message. 'flags' events go out for those that changed. */
  async setFlags(user: string, name: string, uids: readonly number[], mode: FlagMode, flags: readonly Flag[], origin?: string): Promise<MessageInfo[]> {
    const canonical = canonicalFlags(flags);
    return this.#withMailbox(user, name, async (index, mailbox) => {
      const { matched, changed } = await index.setFlags(uids, mode, canonical);
      for (const m of changed) this.#emit({ type: 'flags', user, mailbox, uid: m.uid, flags: m.flags, origin });
      return matched;
    });
  }

  /** Removes exactly these messages (whatever their flags); returns the removed UIDs ascending. */
  async expunge(user: string, name: string, uids: readonly number[], origin?: string): Promise<number[]> {
    return this.#withMailbox(user, name, async (index, mailbox) => {
      const removed = await index.expunge(uids);
      for (const uid of removed) this.#emit({ type: 'expunged', user, mailbox, uid, origin });
      return removed;
    });
  }

  /** Copies messages with their flags and internal date (RFC 3501 §6.4.7); the copies are \Recent. */
  async copy(user: string, from: string, uids: readonly number[], to: string): Promise<CopyResult> {
    this.#open();
    const [source, target] = [canonicalMailboxName(from), canonicalMailboxName(to)];
    return this.#locks.run([boxKey(user, source), boxKey(user, target)], () => this.#copyLocked(user, source, uids, target, false));
  }

  /** Copies, then expunges the originals (RFC 6851 MOVE); emits 'added' and 'expunged'. */
  async move(user: string, from: string, uids: readonly number[], to: string, origin?: string): Promise<CopyResult> {
    this.#open();
    const [source, target] = [canonicalMailboxName(from), canonicalMailboxName(to)];
    return this.#locks.run([boxKey(user, source), boxKey(user, target)], () => this.#copyLocked(user, source, uids, target, true, origin));
  }

  /** Clears \Recent (moving new/ to cur/) and returns the UIDs that were recent. */
  async claimRecent(user: string, name: string): Promise<number[]> {
    // After a delivery every IDLE session of the mailbox asks; all but the first find nothing, and
    // they need not wait for the lock (held by deliveries and by the first claim) to learn that.
    this.#open();
    const loaded = this.#indexes.get(boxKey(user, canonicalMailboxName(name)));
    if (loaded !== undefined && loaded.recentCount === 0) return [];
    return this.#withMailbox(user, name, (index) => index.claimRecent());
  }

  /**
   * POP3's exclusive maildrop lock (RFC 1939 §8), held in this process. Throws StoreError('INUSE')
   * while another holder has it; the returned function releases it.
   */
  lockMaildrop(user: string, holder: string): () => void {
    this.#open();
    const current = this.#maildrops.get(user);
    if (current !== undefined) throw new StoreError('INUSE', `maildrop of ${user} is locked by another session`);
    this.#maildrops.set(user, holder);
    return () => {
      if (this.#maildrops.get(user) === holder) this.#maildrops.delete(user);
    };
  }

  /** Waits for running operations, then forgets everything. Further calls throw. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#deliveries]);
    await this.#locks.idle();
    this.#indexes.clear();
    this.#listeners.clear();
    this.#maildrops.clear();
  }

  async #copyLocked(user: string, source: string, uids: readonly number[], target: string, removeSource: boolean, origin?: string): Promise<CopyResult> {
    const from = await this.#index(user, source);
    const to = await this.#index(user, target);
    const pairs: Array<{ from: number; to: number }> = [];
    for (const uid of [...new Set(uids)].sort((a, b) => a - b)) {
      const info = from.info(uid);
      const path = from.pathOf(uid);
      if (!info || !path) continue;
      const tmp = await copyToTmp(to.dir, path, info.size, info.internalDate);
      const copied = await to.add(tmp, info.flags, info.internalDate);
      this.#emit({ type: 'added', user, mailbox: target, uid: copied.uid });
      pairs.push({ from: uid, to: copied.uid });
    }
    if (removeSource) {
      for (const uid of await from.expunge(pairs.map((p) => p.from))) this.#emit({ type: 'expunged', user, mailbox: source, uid, origin });
    }
    return { uidValidity: to.uidValidity, pairs };
  }

  async #withMailbox<T>(user: string, name: string, fn: (index: MailboxIndex, canonical: string) => Promise<T> | T): Promise<T> {
    this.#open();
    const canonical = canonicalMailboxName(name);
    return this.#locks.run([boxKey(user, canonical)], async () => fn(await this.#index(user, canonical), canonical));
  }

  /** The mailbox's index, loaded on first use. The caller holds the mailbox lock. */
  async #index(user: string, name: string): Promise<MailboxIndex> {
    const cached = this.#indexes.get(boxKey(user, name));
    if (cached) return cached;
    const index = await MailboxIndex.load(await this.#existingDir(user, name), () => this.#uidValidity.next());
    this.#indexes.set(boxKey(user, name), index);
    return index;
  }

  /** The folder's directory; StoreError NOUSER / NONEXISTENT when it is not there. */
  async #existingDir(user: string, name: string): Promise<string> {
    const root = this.#maildir(user);
    const dir = join(root, mailboxDirName(name));
    try {
      if ((await stat(dir)).isDirectory()) return dir;
    } catch (err) {
      if (!isErrno(err, 'ENOENT') && !isErrno(err, 'ENOTDIR')) throw err;
    }
    if (name === INBOX || !existsSync(root)) throw new StoreError('NOUSER', `no such user: ${user}`);
    throw new StoreError('NONEXISTENT', `mailbox ${name} does not exist`);
  }

  #maildir(user: string): string {
    if (!isValidUserName(user)) throw new StoreError('NOUSER', `no such user: ${JSON.stringify(user)}`);
    return maildirPath(this.dir, user);
  }

  #emit(event: StoreEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        // A throwing listener is a bug in the listener; the change is already on disk, so finish
        // the operation and let the bug surface on its own.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  #open(): void {
    if (this.#closed) throw new Error('MailStore is closed');
  }
}

/** Lock names: a user's tree lock sorts before all of the user's mailbox locks. */
function treeKey(user: string): string {
  return `${user}\u0000`;
}

function boxKey(user: string, mailbox: string): string {
  return `${user}\u0000\u0001${mailbox}`;
}

