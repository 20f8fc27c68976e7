/**
 * A user's set of mailboxes: LIST, CREATE, DELETE, RENAME, SUBSCRIBE (RFC 3501 §6.3) on top of the
 * Maildir++ folders. Every operation holds the user's tree lock; those that touch a mailbox's
 * messages also hold that mailbox's lock (always taken after the tree lock).
 */
import { existsSync } from 'node:fs';
import { fsyncDir } from './durable-fs.js';
import { createFolder, folderDir, folderExists, listFolders, removeFolder, renameFolder } from './folders.js';
import type { MailboxIndex } from './mailbox-index.js';
import { INBOX, isInferior, specialUseOf, superiors } from './mailbox-names.js';
import { readSubscriptions, writeSubscriptions } from './subscriptions.js';
import { StoreError, type MailboxListEntry, type StoreEvent } from './types.js';

/** What the hierarchy needs from the store (locks, indexes, events), passed in to keep one owner of each. */
export type HierarchyHost = {
  maildir(user: string): string;
  newUidValidity(): Promise<number>;
  lockTree<T>(user: string, fn: () => Promise<T>): Promise<T>;
  lockMailboxes<T>(user: string, names: readonly string[], fn: () => Promise<T>): Promise<T>;
  index(user: string, name: string): Promise<MailboxIndex>;
  /** Drops the cached index of a mailbox whose directory vanished. */
  forget(user: string, name: string): void;
  /** Re-files the cached index of a renamed mailbox (keeping in-memory state such as \Recent). */
  moved(user: string, from: string, to: string, dir: string): void;
  /** Moves messages between two mailboxes whose locks the caller holds. */
  move(user: string, from: string, uids: readonly number[], to: string): Promise<unknown>;
  emit(event: StoreEvent): void;
};

/** Names arrive canonical (canonicalMailboxName) from the store. */
export class MailboxHierarchy {
  readonly #host: HierarchyHost;

  constructor(host: HierarchyHost) {
    this.#host = host;
  }

  async list(user: string): Promise<MailboxListEntry[]> {
    const maildir = await this.#userMaildir(user);
    return this.#host.lockTree(user, async () => {
      const subscribed = new Set(await readSubscriptions(maildir));
      const names = (await listFolders(maildir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return [INBOX, ...names].map((name) => ({
        name,
        specialUse: specialUseOf(name),
        subscribed: subscribed.has(name),
        hasChildren: names.some((other) => isInferior(other, name)),
      }));
    });
  }

  /** Creates the mailbox and any missing superiors (RFC 3501 §6.3.3). */
  async create(user: string, name: string): Promise<void> {
    const maildir = await this.#userMaildir(user);
    if (name === INBOX) throw new StoreError('ALREADYEXISTS', 'INBOX always exists');
    await this.#host.lockTree(user, async () => {
      if (await folderExists(maildir, name)) throw new StoreError('ALREADYEXISTS', `mailbox ${name} already exists`);
      await this.#createWithSuperiors(maildir, name);
      this.#host.emit({ type: 'mailboxes', user });
    });
  }

  /**
   * Deletes a mailbox with its messages; INBOX cannot be deleted. Its inferiors stay (RFC 3501
   * §6.3.4: the name then only holds the hierarchy, which IMAP LIST shows as \Noselect); in
   * Maildir++ they are folders of their own, so only this one's directory goes.
   */
  async delete(user: string, name: string): Promise<void> {
    const maildir = await this.#userMaildir(user);
    if (name === INBOX) throw new StoreError('CANNOT', 'INBOX cannot be deleted');
    await this.#host.lockTree(user, async () => {
      if (!(await folderExists(maildir, name))) throw new StoreError('NONEXISTENT', `mailbox ${name} does not exist`);
      await this.#host.lockMailboxes(user, [name], async () => {
        await removeFolder(maildir, name);
        this.#host.forget(user, name);
      });
      this.#host.emit({ type: 'mailboxes', user });
    });
  }

  /**
   * Renames a mailbox and its inferiors (RFC 3501 §6.3.5). UIDVALIDITY and UIDs go along. Renaming
   * INBOX moves all its messages into a new mailbox and leaves INBOX empty; its inferiors stay.
   */
  async rename(user: string, from: string, to: string): Promise<void> {
    const maildir = await this.#userMaildir(user);
    if (to === INBOX) throw new StoreError('ALREADYEXISTS', 'INBOX always exists');
    await this.#host.lockTree(user, async () => {
      if (!(await folderExists(maildir, from))) throw new StoreError('NONEXISTENT', `mailbox ${from} does not exist`);
      if (await folderExists(maildir, to)) throw new StoreError('ALREADYEXISTS', `mailbox ${to} already exists`);
      if (from === INBOX) {
        await this.#createWithSuperiors(maildir, to);
        await this.#host.lockMailboxes(user, [INBOX, to], async () => {
          const uids = (await this.#host.index(user, INBOX)).messages().map((m) => m.uid);
          await this.#host.move(user, INBOX, uids, to);
        });
        this.#host.emit({ type: 'mailboxes', user });
        return;
      }
      if (isInferior(to, from)) throw new StoreError('CANNOT', `cannot move ${from} into its own child ${to}`);
      const sources = [from, ...(await listFolders(maildir)).filter((n) => isInferior(n, from))];
      const moves = sources.map((n) => ({ from: n, to: to + n.slice(from.length) }));
      for (const m of moves) {
        if (await folderExists(maildir, m.to)) throw new StoreError('ALREADYEXISTS', `mailbox ${m.to} already exists`);
      }
      await this.#host.lockMailboxes(user, [...sources, ...moves.map((m) => m.to)], async () => {
        await this.#createSuperiors(maildir, to);
        for (const m of moves) {
          await renameFolder(maildir, m.from, m.to);
          this.#host.moved(user, m.from, m.to, folderDir(maildir, m.to));
        }
        await fsyncDir(maildir);
      });
      // Subscriptions follow the rename, as in Dovecot.
      const subs = await readSubscriptions(maildir);
      const renamed = subs.map((s) => (s === from || isInferior(s, from) ? to + s.slice(from.length) : s));
      if (renamed.some((s, i) => s !== subs[i])) await writeSubscriptions(maildir, [...new Set(renamed)]);
      this.#host.emit({ type: 'mailboxes', user });
    });
  }

  /** Subscribing needs an existing mailbox (RFC 3501 §6.3.6 allows checking); unsubscribing does not. */
  async subscribe(user: string, name: string, on: boolean): Promise<void> {
    const maildir = await this.#userMaildir(user);
    await this.#host.lockTree(user, async () => {
      const subs = await readSubscriptions(maildir);
      if (on) {
        if (!(await folderExists(maildir, name))) throw new StoreError('NONEXISTENT', `mailbox ${name} does not exist`);
        if (subs.includes(name)) return;
        await writeSubscriptions(maildir, [...subs, name]);
      } else {
        if (!subs.includes(name)) return;
        await writeSubscriptions(maildir, subs.filter((s) => s !== name));
      }
      this.#host.emit({ type: 'mailboxes', user });
    });
  }

  async subscriptions(user: string): Promise<string[]> {
    const maildir = await this.#userMaildir(user);
    return this.#host.lockTree(user, () => readSubscriptions(maildir));
  }

  async #createWithSuperiors(maildir: string, name: string): Promise<void> {
    await this.#createSuperiors(maildir, name);
    await createFolder(maildir, name, await this.#host.newUidValidity());
  }

  async #createSuperiors(maildir: string, name: string): Promise<void> {
    for (const superior of superiors(name)) {
      if (!(await folderExists(maildir, superior))) await createFolder(maildir, superior, await this.#host.newUidValidity());
    }
  }

  /** The user's Maildir root; StoreError('NOUSER') when the user has none. */
  async #userMaildir(user: string): Promise<string> {
    const maildir = this.#host.maildir(user);
    if (!existsSync(maildir)) throw new StoreError('NOUSER', `no such user: ${user}`);
    return maildir;
  }
}
