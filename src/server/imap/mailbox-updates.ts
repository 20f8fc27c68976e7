/**
 * Turns a selected mailbox's pending updates into untagged responses (RFC 3501 §7.3.1 EXISTS,
 * §7.3.2 RECENT, §7.4.1 EXPUNGE, §7.4.2 FETCH), claiming \Recent for new messages first.
 */
import { atom, untagged, type ImapResponse } from '../../protocols/imap/response.js';
import type { MailStore } from '../../store/store.js';
import { StoreError } from '../../store/types.js';
import type { SelectedMailbox } from './selected-mailbox.js';

/**
 * The responses for what changed since the client last heard. `expunges` is false while
 * answering FETCH, STORE and SEARCH: sequence numbers must not shift under the client then.
 */
export async function collectUpdates(store: MailStore, user: string, sel: SelectedMailbox, expunges: boolean): Promise<ImapResponse[]> {
  const out: ImapResponse[] = [];
  if (expunges) for (const seq of sel.takeExpunges()) out.push(untagged(seq, atom('EXPUNGE')));
  const count = sel.pendingAdds().length;
  if (count > 0) {
    await noteRecent(store, user, sel);
    sel.applyAdds(count);
    out.push(untagged(sel.exists, atom('EXISTS')), untagged(sel.recentCount(), atom('RECENT')));
  }
  for (const change of sel.takeFlagChanges()) {
    out.push(untagged(change.seq, atom('FETCH'), [atom('FLAGS'), change.flags.map(atom)]));
  }
  return out;
}

/**
 * New messages are \Recent for the first session told about them (RFC 3501 §2.3.2): a read-write
 * session claims them; a read-only one only looks (EXAMINE must not take \Recent away).
 */
async function noteRecent(store: MailStore, user: string, sel: SelectedMailbox): Promise<void> {
  try {
    if (!sel.readOnly) {
      sel.markRecent(await store.claimRecent(user, sel.name));
      return;
    }
    const messages = await store.messages(user, sel.name);
    sel.remember(messages);
    sel.markRecent(messages.filter((m) => m.recent).map((m) => m.uid));
  } catch (err) {
    // The mailbox was deleted or renamed meanwhile: the messages are still announced, not recent.
    if (!(err instanceof StoreError)) throw err;
  }
}
