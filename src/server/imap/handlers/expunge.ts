/**
 * EXPUNGE (RFC 3501 §6.4.3) and UID EXPUNGE (RFC 4315 §2.1). The store's events put the removed
 * messages in the session's pending updates; the session writes `* n EXPUNGE` for each before OK.
 */
import { no, ok, bad, type CommandHandler } from '../handler-types.js';
import { attempt } from '../response-codes.js';

const DELETED = '\\Deleted';

export const expunge: CommandHandler<'EXPUNGE'> = (session, command) =>
  attempt(async () => {
    const sel = session.selected!;
    const verb = command.uid ? 'UID EXPUNGE' : 'EXPUNGE';
    if (sel.readOnly) return no(`${verb}: the mailbox was opened with EXAMINE (read-only); SELECT it to expunge`, 'CANNOT');
    const { store } = session.ctx;
    const messages = await store.messages(session.user, sel.name);
    sel.remember(messages);
    let doomed = messages.filter((m) => m.flags.includes(DELETED)).map((m) => m.uid);
    if (command.args.sequence) {
      const named = sel.resolve(command.args.sequence, true);
      if ('error' in named) return bad(named.error);
      const wanted = new Set(named.map((t) => t.uid));
      doomed = doomed.filter((uid) => wanted.has(uid));
    }
    const removed = doomed.length > 0 ? await store.expunge(session.user, sel.name, doomed, session.id) : [];
    return ok(`${verb} completed (${removed.length} message${removed.length === 1 ? '' : 's'} removed)`);
  });
