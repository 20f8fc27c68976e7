/**
 * A POP3 maildrop: the snapshot of a user's INBOX taken at login (RFC 1939 §4: messages are
 * numbered from 1 for the whole session), held under an exclusive lock until the session ends.
 * DELE only marks; the marked messages are expunged in the UPDATE state, at QUIT.
 */
import type { MailStore } from '../../store/store.js';
import { SYSTEM_FLAGS } from '../../store/types.js';

export type DropEntry = {
  readonly number: number;
  readonly uid: number;
  readonly size: number;
  deleted: boolean;
  retrieved: boolean;
};

const SEEN = SYSTEM_FLAGS[0];

export class Maildrop {
  private constructor(
    private readonly store: MailStore,
    readonly user: string,
    readonly uidValidity: number,
    readonly entries: readonly DropEntry[],
    private readonly unlock: () => void,
  ) {}

  /** Locks the maildrop and takes the snapshot. Throws StoreError('INUSE') when another session holds it. */
  static async open(store: MailStore, user: string, holder: string): Promise<Maildrop> {
    const unlock = store.lockMaildrop(user, holder);
    try {
      const [messages, status] = await Promise.all([store.messages(user, 'INBOX'), store.status(user, 'INBOX')]);
      const entries = messages.map((m, i) => ({ number: i + 1, uid: m.uid, size: m.size, deleted: false, retrieved: false }));
      return new Maildrop(store, user, status.uidValidity, entries, unlock);
    } catch (err) {
      unlock();
      throw err;
    }
  }

  /** The messages not marked as deleted. */
  live(): DropEntry[] {
    return this.entries.filter((e) => !e.deleted);
  }

  /** Count and octets of the live messages (STAT, RSET, the login reply). */
  totals(): { count: number; octets: number } {
    const live = this.live();
    return { count: live.length, octets: live.reduce((n, e) => n + e.size, 0) };
  }

  /** A message by number, or the reason it cannot be used. */
  get(number: number): DropEntry | string {
    const entry = this.entries[number - 1];
    if (!entry) return `no such message, only ${this.entries.length} message${this.entries.length === 1 ? '' : 's'} in maildrop`;
    if (entry.deleted) return `message ${number} already deleted`;
    return entry;
  }

  read(entry: DropEntry): Promise<Buffer> {
    return this.store.read(this.user, 'INBOX', entry.uid);
  }

  /** A UIDL value: printable, at most 70 characters, the same in every session (RFC 1939 §7). */
  uidl(entry: DropEntry): string {
    const hex = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');
    return `${hex(entry.uid)}${hex(this.uidValidity)}`;
  }

  /** UPDATE state: expunges the marked messages, marks retrieved ones \Seen, releases the lock. */
  async commit(origin: string): Promise<number> {
    try {
      const retrieved = this.entries.filter((e) => e.retrieved && !e.deleted).map((e) => e.uid);
      if (retrieved.length > 0) await this.store.setFlags(this.user, 'INBOX', retrieved, 'add', [SEEN], origin);
      const doomed = this.entries.filter((e) => e.deleted).map((e) => e.uid);
      if (doomed.length === 0) return 0;
      const removed = await this.store.expunge(this.user, 'INBOX', doomed, origin);
      return removed.length;
    } finally {
      this.unlock();
    }
  }

  /** Leaves without UPDATE (connection lost, RFC 1939 §6): nothing is deleted. */
  release(): void {
    this.unlock();
  }
}
