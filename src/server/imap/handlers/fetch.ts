/**
 * FETCH and UID FETCH (RFC 3501 §6.4.5, §6.4.8). Each message's answer is written as soon as it
 * is built, so a FETCH of many large messages holds one message in memory at a time.
 */
import { atom, untagged, untaggedStatus } from '../../../protocols/imap/response.js';
import { SectionError } from '../../../mime/sections.js';
import { buildFetchResponse, withFetchFlags } from '../fetch/fetch-response.js';
import { bad, no, ok, type CommandHandler } from '../handler-types.js';
import { loadViews } from '../message-views.js';
import { attempt } from '../response-codes.js';
import { RECENT } from '../selected-mailbox.js';

const SEEN = '\\Seen';

export const fetch: CommandHandler<'FETCH'> = (session, command) =>
  attempt(async () => {
    const sel = session.selected!;
    const targets = sel.resolve(command.args.sequence, command.uid);
    if ('error' in targets) return bad(targets.error);
    const { store } = session.ctx;
    const { views, gone } = await loadViews(store, session.user, sel, targets);
    for (const view of views) {
      let result;
      try {
        result = await buildFetchResponse(view, command.args.items, { uid: command.uid });
      } catch (err) {
        if (err instanceof SectionError) return bad(`Cannot fetch that section: ${err.message}`);
        throw err;
      }
      let values = result.values;
      // RFC 3501 §6.4.5: BODY[...] without PEEK, RFC822 and RFC822.TEXT set \Seen, and the
      // client learns the new flags in the same response.
      if (result.setsSeen && !sel.readOnly) {
        const [updated] = await store.setFlags(session.user, sel.name, [view.uid], 'add', [SEEN], session.id);
        if (updated) {
          sel.remember([updated]);
          values = withFetchFlags(values, [...updated.flags, ...(sel.isRecent(view.uid) ? [RECENT] : [])]);
        }
      }
      // RFC 3501 §7.1 PARSE: the ENVELOPE or BODYSTRUCTURE that follows shows the message as well
      // as the server could read it; the client hears why it may look odd.
      for (const problem of result.problems) {
        session.untaggedBatched(untaggedStatus('NO', `Message ${view.seq} (UID ${view.uid}): ${problem}`, 'PARSE'));
      }
      session.untaggedBatched(untagged(view.seq, atom('FETCH'), values));
      await session.writable();
    }
    // RFC 2180 §4.1.2: a message expunged elsewhere cannot be fetched; its EXPUNGE comes later
    // (for UID FETCH right after this, for FETCH at the next NOOP).
    if (gone.length > 0 && !command.uid) {
      return no(`${gone.length} of the requested messages were expunged by another session; NOOP to hear about it`, 'EXPUNGEISSUED');
    }
    return ok(`${command.uid ? 'UID FETCH' : 'FETCH'} completed`);
  });
