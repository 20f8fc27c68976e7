/**
 * The selected mailbox as one session sees it (RFC 3501 §2.3.1): message sequence numbers map to
 * UIDs in this session's view, which changes only when the session tells its client. Changes made
 * elsewhere (SMTP delivery, POP3 QUIT, other IMAP sessions) wait here as pending updates until the
 * session may announce them: EXISTS at the end of any command, EXPUNGE only where RFC 3501 §7.4.1
 * allows it (never during FETCH, STORE or SEARCH), and at once while the client IDLEs.
 */
import {
  largestExplicitNumber,
  resolveSequenceSet,
  type SequenceSet,
} from '../../protocols/imap/sequence-set.js';
import type { MessageInfo, StoreEvent } from '../../store/types.js';

export const RECENT = '\\Recent';

export type SeqUid = { readonly seq: number; readonly uid: number };

export class SelectedMailbox {
  /** UIDs in sequence order: message n is view[n - 1]. Ascending, as UIDs are. */
  private view: number[] = [];
  /** In the view, gone from the store, not yet announced with EXPUNGE. */
  private readonly expunged = new Set<number>();
  /** In the store, not yet announced with EXISTS. Ascending. */
  private added: number[] = [];
  /** Flags changed by someone else, not yet announced with FETCH. */
  private readonly flagChanges = new Set<number>();
  /** The latest store data known for each message in the view or pending. */
  private readonly infos = new Map<number, MessageInfo>();
  /** Messages that are \Recent for this session. */
  private readonly recent = new Set<number>();
  /** Events that arrived before init(): replayed against the initial snapshot. */
  private early: StoreEvent[] | undefined = [];

  constructor(
    /** The store's name of the mailbox. */
    readonly name: string,
    /** EXAMINE: nothing may change, not even \Seen or \Recent (RFC 3501 §6.3.2). */
    readonly readOnly: boolean,
    readonly uidValidity: number,
    /** This session's id, the `origin` of its own store changes. */
    private readonly origin: string,
  ) {}

  /** Sets the view from the snapshot taken at SELECT; events that came meanwhile are replayed. */
  init(messages: readonly MessageInfo[], recent: Iterable<number>): void {
    this.view = messages.map((m) => m.uid);
    this.remember(messages);
    for (const uid of recent) this.recent.add(uid);
    const early = this.early ?? [];
    this.early = undefined;
    for (const e of early) this.onEvent(e);
  }

  /** Number of messages in the view (the last EXISTS the client heard). */
  get exists(): number {
    return this.view.length;
  }

  /** Records a store change for this mailbox; returns true when the client has something to hear. */
  onEvent(e: StoreEvent): boolean {
    if (e.type === 'mailboxes' || e.mailbox !== this.name) return false;
    if (this.early) {
      this.early.push(e);
      return false;
    }
    switch (e.type) {
      case 'added': {
        const last = this.added.at(-1) ?? this.view.at(-1) ?? 0;
        if (e.uid <= last) return false;
        this.added.push(e.uid);
        return true;
      }
      case 'expunged': {
        const pending = this.added.indexOf(e.uid);
        if (pending >= 0) {
          this.added.splice(pending, 1);
          this.infos.delete(e.uid);
          return false;
        }
        if (this.indexOf(e.uid) < 0) return false;
        this.expunged.add(e.uid);
        this.flagChanges.delete(e.uid);
        return true;
      }
      case 'flags': {
        const info = this.infos.get(e.uid);
        if (info) this.infos.set(e.uid, { ...info, flags: e.flags });
        if (e.origin === this.origin || this.expunged.has(e.uid) || this.indexOf(e.uid) < 0) return false;
        this.flagChanges.add(e.uid);
        return true;
      }
    }
  }

  /** True when updates wait to be announced. */
  get hasUpdates(): boolean {
    return this.expunged.size > 0 || this.added.length > 0 || this.flagChanges.size > 0;
  }

  /** Keeps the latest store data of the messages this session knows. */
  remember(messages: readonly MessageInfo[]): void {
    for (const m of messages) this.infos.set(m.uid, m);
  }

  info(uid: number): MessageInfo | undefined {
    return this.infos.get(uid);
  }

  /** The message's flags for this session, \Recent included. */
  flagsOf(uid: number): string[] {
    const flags = [...(this.infos.get(uid)?.flags ?? [])];
    if (this.recent.has(uid)) flags.push(RECENT);
    return flags;
  }

  isRecent(uid: number): boolean {
    return this.recent.has(uid);
  }

  markRecent(uids: Iterable<number>): void {
    for (const uid of uids) this.recent.add(uid);
  }

  /** True when the message is gone from the store and its EXPUNGE has not been sent yet. */
  isExpunged(uid: number): boolean {
    return this.expunged.has(uid);
  }

  /** Every message in the view. */
  all(): SeqUid[] {
    return this.view.map((uid, i) => ({ seq: i + 1, uid }));
  }

  seqOf(uid: number): number | undefined {
    const i = this.indexOf(uid);
    return i < 0 ? undefined : i + 1;
  }

  /**
   * The messages a sequence set names, in sequence order, or why the set is wrong: a message
   * number past the end is a client error (RFC 9051 §6.4.5 wants BAD); a UID set may name UIDs
   * that do not exist, and `*` is the highest UID in the view (RFC 3501 §6.4.8).
   */
  resolve(set: SequenceSet, byUid: boolean): SeqUid[] | { readonly error: string } {
    if (!byUid) {
      if (this.view.length === 0) return { error: 'the mailbox is empty: there are no message numbers, not even "*"' };
      const largest = largestExplicitNumber(set);
      if (largest > this.view.length) {
        return { error: `there is no message ${largest}: the mailbox has ${this.view.length} message${this.view.length === 1 ? '' : 's'} (use UIDs with UID commands)` };
      }
      return resolveSequenceSet(set, this.view.length).map((seq) => ({ seq, uid: this.view[seq - 1]! }));
    }
    const spans = mergedSpans(set, this.view.at(-1) ?? 0);
    const out: SeqUid[] = [];
    let s = 0;
    for (let i = 0; i < this.view.length && s < spans.length; i++) {
      const uid = this.view[i]!;
      while (s < spans.length && spans[s]![1] < uid) s++;
      if (s < spans.length && spans[s]![0] <= uid) out.push({ seq: i + 1, uid });
    }
    return out;
  }

  /** Removes the expunged messages from the view; returns their sequence numbers, highest first. */
  takeExpunges(): number[] {
    if (this.expunged.size === 0) return [];
    const indexes = [...this.expunged].map((uid) => this.indexOf(uid)).filter((i) => i >= 0).sort((a, b) => b - a);
    for (const i of indexes) {
      const uid = this.view[i]!;
      this.view.splice(i, 1);
      this.infos.delete(uid);
      this.recent.delete(uid);
    }
    this.expunged.clear();
    return indexes.map((i) => i + 1);
  }

  /** The UIDs waiting for EXISTS, ascending. */
  pendingAdds(): readonly number[] {
    return this.added;
  }

  /** Takes the first `count` pending messages into the view (the session then writes EXISTS). */
  applyAdds(count: number): void {
    this.view.push(...this.added.splice(0, count));
  }

  /** Messages whose flags changed elsewhere, with their flags now; clears the list. */
  takeFlagChanges(): Array<SeqUid & { readonly flags: string[] }> {
    const out: Array<SeqUid & { flags: string[] }> = [];
    for (const uid of this.flagChanges) {
      const seq = this.seqOf(uid);
      if (seq !== undefined) out.push({ seq, uid, flags: this.flagsOf(uid) });
    }
    this.flagChanges.clear();
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** The client was just told this message's flags (STORE): no separate FETCH FLAGS for it. */
  flagsReported(uid: number): void {
    this.flagChanges.delete(uid);
  }

  /** Number of \Recent messages in the view. */
  recentCount(): number {
    // Few messages are \Recent for most sessions: look those up rather than walk the whole view
    // (every IDLE session counts after every delivery).
    let n = 0;
    for (const uid of this.recent) if (this.indexOf(uid) >= 0) n++;
    return n;
  }

  private indexOf(uid: number): number {
    let lo = 0;
    let hi = this.view.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.view[mid]!;
      if (v === uid) return mid;
      if (v < uid) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** The set's ranges as sorted, merged [low, high] spans, `*` being `max`. */
function mergedSpans(set: SequenceSet, max: number): Array<[number, number]> {
  const spans = set
    .map(({ start, end }): [number, number] => {
      const a = start === '*' ? max : start;
      const b = end === '*' ? max : end;
      return a <= b ? [a, b] : [b, a];
    })
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1] + 1) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}
