/**
 * SELECT, EXAMINE (RFC 3501 §6.3.1, §6.3.2), CLOSE (§6.4.2) and UNSELECT (RFC 3691). SELECT
 * claims the mailbox's \Recent messages for this session; EXAMINE changes nothing.
 */
import { atom, untagged, untaggedStatus, type ImapResponse } from '../../../protocols/imap/response.js';
import { SYSTEM_FLAGS, type MessageInfo } from '../../../store/types.js';
import { ok, type CommandHandler, type Outcome } from '../handler-types.js';
import { storeName } from '../mailbox-names.js';
import { attempt, permanentFlagsCode, uidNextCode, uidValidityCode, unseenCode } from '../response-codes.js';
import { SelectedMailbox } from '../selected-mailbox.js';
import type { ImapSession } from '../session.js';
import { PERMANENT_FLAGS } from '../store-flags.js';

const SEEN = '\\Seen';

/** The FLAGS response: system flags, then the keywords in use in this mailbox. */
function definedFlags(messages: readonly MessageInfo[]): string[] {
  const keywords = new Set<string>();
  for (const m of messages) for (const f of m.flags) if (!f.startsWith('\\')) keywords.add(f);
  return [...SYSTEM_FLAGS, ...[...keywords].sort()];
}

async function open(session: ImapSession, wire: string, readOnly: boolean): Promise<Outcome> {
  // RFC 3501 §6.3.1: a SELECT while selected leaves the old mailbox first, even if it fails.
  session.select(undefined);
  const resolved = storeName(wire);
  if ('refused' in resolved) return resolved.refused;
  const name = resolved.name;
  const { store } = session.ctx;
  const user = session.user;
  return attempt(async () => {
    const before = await store.uids(user, name);
    const sel = new SelectedMailbox(name, readOnly, before.uidValidity, session.id);
    // Selected before the snapshot, so that no change made meanwhile is missed (see init()).
    session.select(sel);
    try {
      const messages = await store.messages(user, name);
      const recent = readOnly ? messages.filter((m) => m.recent).map((m) => m.uid) : await store.claimRecent(user, name);
      sel.init(messages, recent);
      const after = await store.uids(user, name);
      const flags = definedFlags(messages);
      const firstUnseen = messages.findIndex((m) => !m.flags.includes(SEEN));
      const responses: ImapResponse[] = [
        untagged(atom('FLAGS'), flags.map(atom)),
        readOnly
          ? untaggedStatus('OK', 'No permanent flags permitted (EXAMINE)', permanentFlagsCode([]))
          : untaggedStatus('OK', 'Flags the client can change permanently', permanentFlagsCode(PERMANENT_FLAGS)),
        untagged(sel.exists, atom('EXISTS')),
        untagged(sel.recentCount(), atom('RECENT')),
      ];
      if (firstUnseen >= 0) responses.push(untaggedStatus('OK', `Message ${firstUnseen + 1} is the first unseen`, unseenCode(firstUnseen + 1)));
      responses.push(
        untaggedStatus('OK', 'UIDs valid', uidValidityCode(after.uidValidity)),
        untaggedStatus('OK', 'Predicted next UID', uidNextCode(after.uidNext)),
      );
      const verb = readOnly ? 'EXAMINE' : 'SELECT';
      return ok(`${verb} completed`, readOnly ? 'READ-ONLY' : 'READ-WRITE', responses);
    } catch (err) {
      session.select(undefined);
      throw err;
    }
  });
}

export const select: CommandHandler<'SELECT'> = (session, command) => open(session, command.args.mailbox, false);

export const examine: CommandHandler<'EXAMINE'> = (session, command) => open(session, command.args.mailbox, true);

/** RFC 3501 §6.4.2: removes \Deleted messages without EXPUNGE responses, then leaves the mailbox. */
export const close: CommandHandler<'CLOSE'> = (session) => {
  const sel = session.selected!;
  return attempt(async () => {
    try {
      if (sel.readOnly) return ok('CLOSE completed (read-only: nothing expunged)');
      const { store } = session.ctx;
      const doomed = (await store.messages(session.user, sel.name)).filter((m) => m.flags.includes('\\Deleted')).map((m) => m.uid);
      const removed = doomed.length > 0 ? await store.expunge(session.user, sel.name, doomed, session.id) : [];
      return ok(`CLOSE completed (${removed.length} message${removed.length === 1 ? '' : 's'} expunged)`);
    } finally {
      session.select(undefined);
    }
  });
};

/** RFC 3691: leaves the mailbox; nothing is expunged. */
export const unselect: CommandHandler<'UNSELECT'> = (session) => {
  session.select(undefined);
  return ok('UNSELECT completed');
};
