/**
 * The in-memory index of one mailbox: UIDs, flags, sizes and dates, loaded lazily from the Maildir
 * folder and kept authoritative inside this process (two processes must not share one data
 * directory: neither would see the other's changes). Every method that changes something expects
 * the caller to hold the mailbox's lock, writes the change to disk, and only then updates memory.
 */
import { mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fsyncDir, isErrno } from './durable-fs.js';
import { KeywordMap, readKeywords, writeKeywords } from './keywords.js';
import { fileName, flagsToLetters, lettersToFlags, parseFileName, SYSTEM_FLAG_LETTERS } from './maildir-names.js';
import { cleanTmp, type TmpMessage } from './message-files.js';
import { appendUidEntries, MAX_UID, readUidList, writeUidList, type UidEntry } from './uid-list.js';
import { StoreError, SYSTEM_FLAGS, type Flag, type MailboxStatus, type MessageInfo } from './types.js';

type Sub = 'new' | 'cur';

type Entry = {
  readonly uid: number;
  readonly key: string;
  sub: Sub;
  /** The file name in `sub`, exactly as on disk. */
  name: string;
  flags: readonly Flag[];
  /** Info letters we do not map to flags (e.g. `P`), kept when the name is rewritten. */
  readonly unknown: string;
  readonly size: number;
  readonly internalDate: Date;
  /** Not yet claimed by an IMAP session. Survives a restart only for files still in new/. */
  recent: boolean;
};

export type FlagMode = 'set' | 'add' | 'remove';

/** Creates the folder's `cur new tmp` and an empty uidlist with this UIDVALIDITY. */
export async function initMailboxDir(dir: string, uidValidity: number, opts: { folderMarker: boolean }): Promise<void> {
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(dir, sub), { recursive: true });
  // Maildir++: subfolders carry an empty `maildirfolder` file so delivery agents know they are one.
  if (opts.folderMarker) await writeFile(join(dir, 'maildirfolder'), '');
  await writeUidList(dir, { uidValidity, uidNext: 1, entries: [] });
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function toInfo(e: Entry): MessageInfo {
  return Object.freeze({
    uid: e.uid,
    key: e.key,
    flags: Object.freeze([...e.flags]),
    size: e.size,
    internalDate: new Date(e.internalDate.getTime()),
    recent: e.recent,
  });
}

export class MailboxIndex {
  #dir: string;
  readonly uidValidity: number;
  #uidNext: number;
  readonly #entries: Entry[];
  readonly #byUid: Map<number, Entry>;
  readonly #keywords: KeywordMap;
  #snapshot: readonly MessageInfo[] | undefined;
  /** How many entries are \Recent (not yet claimed). */
  #recent: number;

  private constructor(dir: string, uidValidity: number, uidNext: number, entries: Entry[], keywords: KeywordMap) {
    this.#dir = dir;
    this.uidValidity = uidValidity;
    this.#uidNext = uidNext;
    this.#entries = entries;
    this.#byUid = new Map(entries.map((e) => [e.uid, e]));
    this.#keywords = keywords;
    this.#recent = entries.filter((e) => e.recent).length;
  }

  /**
   * Reads a folder: files are matched to the uidlist by key. Files without a UID (a crash between
   * the rename into new/ and the uidlist append) get fresh UIDs; uidlist lines without a file are
   * dropped; a missing or unreadable uidlist means new UIDs under a new UIDVALIDITY.
   */
  static async load(dir: string, newUidValidity: () => Promise<number>): Promise<MailboxIndex> {
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(dir, sub), { recursive: true });
    await cleanTmp(dir);
    const keywords = await readKeywords(dir);

    const files = new Map<string, { sub: Sub; name: string; letters: string | undefined }>();
    for (const sub of ['new', 'cur'] as const) {
      for (const name of await readdir(join(dir, sub))) {
        if (name.startsWith('.')) continue;
        const { key, letters } = parseFileName(name);
        if (!files.has(key) || sub === 'cur') files.set(key, { sub, name, letters });
      }
    }

    const stored = await readUidList(dir);
    let dirty = typeof stored !== 'object' || !stored.clean;
    const uidValidity = typeof stored === 'object' ? stored.uidValidity : await newUidValidity();
    let uidNext = typeof stored === 'object' ? stored.uidNext : 1;
    const listed = typeof stored === 'object' ? stored.entries : [];

    const stats = new Map<string, { size: number; mtime: Date }>();
    await Promise.all(
      [...files].map(async ([key, f]) => {
        try {
          const st = await stat(join(dir, f.sub, f.name));
          if (st.isFile()) stats.set(key, { size: st.size, mtime: st.mtime });
        } catch (err) {
          if (!isErrno(err, 'ENOENT')) throw err;
        }
      }),
    );

    const entries: Entry[] = [];
    const make = (uid: number, key: string): Entry => {
      const f = files.get(key)!;
      const st = stats.get(key)!;
      const { flags, unknown } = lettersToFlags(f.letters ?? '', keywords);
      return { uid, key, sub: f.sub, name: f.name, flags, unknown, size: st.size, internalDate: st.mtime, recent: f.sub === 'new' };
    };
    const seen = new Set<string>();
    for (const { uid, key } of listed) {
      if (!stats.has(key)) {
        dirty = true;
        continue;
      }
      seen.add(key);
      entries.push(make(uid, key));
    }
    const orphans = [...stats.keys()].filter((k) => !seen.has(k));
    // Oldest first, so late-found messages keep their delivery order.
    orphans.sort((a, b) => stats.get(a)!.mtime.getTime() - stats.get(b)!.mtime.getTime() || (a < b ? -1 : a > b ? 1 : 0));
    for (const key of orphans) {
      entries.push(make(uidNext++, key));
      dirty = true;
    }
    if (dirty) await writeUidList(dir, { uidValidity, uidNext, entries });
    return new MailboxIndex(dir, uidValidity, uidNext, entries, keywords);
  }

  /** The folder directory (changes when the mailbox is renamed). */
  get dir(): string {
    return this.#dir;
  }

  /** Points the index at the folder's new directory after a rename; returns this. */
  relocate(dir: string): this {
    this.#dir = dir;
    return this;
  }

  get uidNext(): number {
    return this.#uidNext;
  }

  /** All messages, ascending UID. The array is shared and frozen; it changes identity on change. */
  messages(): readonly MessageInfo[] {
    this.#snapshot ??= Object.freeze(this.#entries.map(toInfo));
    return this.#snapshot;
  }

  info(uid: number): MessageInfo | undefined {
    const e = this.#byUid.get(uid);
    return e && toInfo(e);
  }

  /** The message's size in octets (no copy of its info, as info() makes). */
  sizeOf(uid: number): number | undefined {
    return this.#byUid.get(uid)?.size;
  }

  /** Where the message's file is now (it moves between new/ and cur/ and changes name with flags). */
  pathOf(uid: number): string | undefined {
    const e = this.#byUid.get(uid);
    // Not path.join: this runs for every message a FETCH or SEARCH reads, and the parts are
    // already clean (an absolute directory, `new`/`cur`, a file name without separators).
    return e && `${this.#dir}${sep}${e.sub}${sep}${e.name}`;
  }

  status(name: string): MailboxStatus {
    let recent = 0;
    let unseen = 0;
    for (const e of this.#entries) {
      if (e.recent) recent++;
      if (!e.flags.includes('\\Seen')) unseen++;
    }
    return { name, uidValidity: this.uidValidity, uidNext: this.#uidNext, messages: this.#entries.length, recent, unseen };
  }

  /** Renames a complete tmp/ file into place and gives it the next UID. `flags` must be canonical. */
  async add(tmp: TmpMessage, flags: readonly Flag[], internalDate: Date): Promise<MessageInfo> {
    const [result] = await this.addBatch([{ tmp, flags, internalDate }]);
    if (result instanceof Error) throw result;
    return result!;
  }

  /**
   * Group commit: renames several complete tmp/ files into place, then makes the renames and the
   * new UIDs durable with one directory fsync and one uidlist append for the whole batch. Each item
   * gets its MessageInfo, or the error that stopped it (its tmp file is left for the caller).
   */
  async addBatch(items: readonly { tmp: TmpMessage; flags: readonly Flag[]; internalDate: Date }[]): Promise<Array<MessageInfo | Error>> {
    // Names first, in order: a new keyword is registered (and persisted) before a file name uses it.
    const planned: Array<{ sub: Sub; name: string; flags: Flag[] } | Error> = [];
    let fresh = 0;
    for (const { tmp, flags } of items) {
      try {
        if (this.#uidNext + fresh > MAX_UID) throw new StoreError('CANNOT', 'UID space of this mailbox is exhausted');
        const stored = await this.#prepareFlags(flags);
        const letters = stored.length > 0 ? flagsToLetters(stored, this.#keywords) : undefined;
        planned.push({ sub: letters === undefined ? 'new' : 'cur', name: fileName(tmp.key, letters), flags: stored });
        fresh++;
      } catch (err) {
        planned.push(toError(err));
      }
    }
    // The renames do not depend on each other, so they run at once: under load the thread pool is
    // busy with other sessions' fsyncs, and one rename after another made the batch (which holds the
    // mailbox lock) wait in that queue once per message.
    const renamed = await Promise.all(
      items.map(async ({ tmp }, i) => {
        const plan = planned[i]!;
        if (plan instanceof Error) return plan;
        try {
          await rename(tmp.path, join(this.dir, plan.sub, plan.name));
          return plan;
        } catch (err) {
          return toError(err);
        }
      }),
    );
    // UIDs in the order of the items, for those that made it.
    const results: Array<MessageInfo | Error> = [];
    const added: Entry[] = [];
    const touched = new Set<Sub>();
    renamed.forEach((r, i) => {
      if (r instanceof Error) {
        results.push(r);
        return;
      }
      const { tmp, internalDate } = items[i]!;
      touched.add(r.sub);
      const entry: Entry = { uid: this.#uidNext + added.length, key: tmp.key, sub: r.sub, name: r.name, flags: r.flags, unknown: '', size: tmp.size, internalDate, recent: true };
      added.push(entry);
      results.push(toInfo(entry));
    });
    if (added.length === 0) return results;
    // The directory fsync (the renames) and the uidlist append may reach the disk in either order:
    // load() repairs either half of a crash (a file without a UID gets a fresh one, a listed key
    // without a file is dropped without reusing its UID), and nothing is acknowledged before both
    // are synced. Issued together they usually share one journal commit instead of waiting for two.
    const synced = await Promise.allSettled([
      ...[...touched].map((sub) => fsyncDir(join(this.dir, sub))),
      appendUidEntries(this.dir, added.map((e) => ({ uid: e.uid, key: e.key }))),
    ]);
    const failed = synced.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    // The UIDs may be in the uidlist even when something failed: they are never handed out again.
    this.#uidNext += added.length;
    if (failed) throw failed.reason;
    for (const entry of added) {
      this.#entries.push(entry);
      this.#byUid.set(entry.uid, entry);
    }
    this.#recent += added.length;
    this.#snapshot = undefined;
    return results;
  }

  /**
   * Changes flags of the listed messages (unknown UIDs are skipped). Returns every matched message
   * and, separately, those whose flags really changed (the ones other sessions must hear about).
   */
  async setFlags(uids: readonly number[], mode: FlagMode, flags: readonly Flag[]): Promise<{ matched: MessageInfo[]; changed: MessageInfo[] }> {
    const given = mode === 'remove' ? flags.map((f) => this.#keywords.find(f) ?? f) : await this.#prepareFlags(flags);
    const matched: MessageInfo[] = [];
    const changed: MessageInfo[] = [];
    const touched = new Set<Sub>();
    for (const e of this.#select(uids)) {
      let next: Flag[];
      if (mode === 'set') next = [...given];
      else if (mode === 'add') next = [...e.flags, ...given.filter((f) => !e.flags.includes(f))];
      else next = e.flags.filter((f) => !given.includes(f));
      next = this.#order(next);
      if (next.length !== e.flags.length || next.some((f, i) => f !== e.flags[i])) {
        const name = fileName(e.key, flagsToLetters(next, this.#keywords, e.unknown));
        await rename(join(this.dir, e.sub, e.name), join(this.dir, 'cur', name));
        touched.add(e.sub).add('cur');
        e.sub = 'cur';
        e.name = name;
        e.flags = next;
        changed.push(toInfo(e));
      }
      matched.push(toInfo(e));
    }
    for (const sub of touched) await fsyncDir(join(this.dir, sub));
    if (changed.length > 0) this.#snapshot = undefined;
    return { matched, changed };
  }

  /** Removes exactly these messages. Files go first, then the uidlist, so a crash cannot resurrect them. */
  async expunge(uids: readonly number[]): Promise<number[]> {
    const doomed = this.#select(uids);
    if (doomed.length === 0) return [];
    for (const e of doomed) {
      try {
        await unlink(join(this.dir, e.sub, e.name));
      } catch (err) {
        if (!isErrno(err, 'ENOENT')) throw err;
      }
    }
    for (const sub of new Set(doomed.map((e) => e.sub))) await fsyncDir(join(this.dir, sub));
    const gone = new Set(doomed.map((e) => e.uid));
    const remaining = this.#entries.filter((e) => !gone.has(e.uid));
    const list: UidEntry[] = remaining.map((e) => ({ uid: e.uid, key: e.key }));
    await writeUidList(this.dir, { uidValidity: this.uidValidity, uidNext: this.#uidNext, entries: list });
    this.#entries.splice(0, this.#entries.length, ...remaining);
    for (const uid of gone) this.#byUid.delete(uid);
    this.#recent -= doomed.filter((e) => e.recent).length;
    this.#snapshot = undefined;
    return [...gone];
  }

  /**
   * Hands the \Recent messages to the caller and clears \Recent: files move from new/ to cur/
   * (the Maildir way of saying "a client has seen this arrive").
   */
  async claimRecent(): Promise<number[]> {
    // Every IDLE session of a class asks after every delivery; only the first finds anything.
    if (this.#recent === 0) return [];
    const claimed: Entry[] = [];
    for (const e of this.#entries) if (e.recent) claimed.push(e);
    // Claimed before the renames, so that a session asking meanwhile (MailStore.claimRecent reads
    // recentCount without the lock) finds nothing to claim at once.
    for (const e of claimed) e.recent = false;
    this.#recent = 0;
    this.#snapshot = undefined;
    const moving = claimed.filter((e) => e.sub === 'new');
    // The renames do not depend on each other. All are settled before anything is reported, so
    // none is still running once the lock is let go. The directories are not fsynced: a rename
    // lost in a crash only makes a message \Recent again (Dovecot does not sync it either), and
    // the fsyncs held up the deliveries waiting for the lock.
    const renamed = await Promise.allSettled(
      moving.map(async (e) => {
        const name = fileName(e.key, flagsToLetters(e.flags, this.#keywords, e.unknown));
        await rename(join(this.dir, 'new', e.name), join(this.dir, 'cur', name));
        e.sub = 'cur';
        e.name = name;
      }),
    );
    const failed = renamed.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      for (const e of claimed) e.recent = true;
      this.#recent += claimed.length;
      this.#snapshot = undefined;
      throw failed.reason;
    }
    return claimed.map((e) => e.uid);
  }

  /** How many messages are \Recent (claimed by no session yet). */
  get recentCount(): number {
    return this.#recent;
  }

  /** Existing entries for these UIDs, ascending, each once. */
  #select(uids: readonly number[]): Entry[] {
    return [...new Set(uids)]
      .sort((a, b) => a - b)
      .map((uid) => this.#byUid.get(uid))
      .filter((e): e is Entry => e !== undefined);
  }

  /** Registers new keywords (persisting the map before any file name uses a new letter). */
  async #prepareFlags(flags: readonly Flag[]): Promise<Flag[]> {
    const keywords = flags.filter((f) => SYSTEM_FLAG_LETTERS[f] === undefined);
    if (this.#keywords.addAll(keywords)) await writeKeywords(this.dir, this.#keywords);
    return this.#order(flags.map((f) => (SYSTEM_FLAG_LETTERS[f] === undefined ? this.#keywords.find(f)! : f)));
  }

  /** System flags in RFC 3501 order, then keywords in letter order; no duplicates. */
  #order(flags: readonly Flag[]): Flag[] {
    const set = new Set(flags);
    const system = SYSTEM_FLAGS.filter((f) => set.has(f));
    const keywords = this.#keywords.list().filter((k) => set.has(k));
    return [...system, ...keywords];
  }
}
