/**
 * COPY (RFC 3501 §6.4.7) and MOVE (RFC 6851), with UIDPLUS's COPYUID (RFC 4315 §3). MOVE answers
 * `* OK [COPYUID ...]`, then the source messages' EXPUNGEs, then the tagged OK.
 */
import type { CommandOf } from '../../../protocols/imap/command-types.js';
import { untaggedStatus } from '../../../protocols/imap/response.js';
import { bad, no, ok, type CommandHandler, type Outcome } from '../handler-types.js';
import { storeName } from '../mailbox-names.js';
import { attempt, copyUidCode } from '../response-codes.js';
import type { ImapSession } from '../session.js';

async function transfer(session: ImapSession, command: CommandOf<'COPY' | 'MOVE'>): Promise<Outcome> {
  const sel = session.selected!;
  const verb = `${command.uid ? 'UID ' : ''}${command.name}`;
  if (command.name === 'MOVE' && sel.readOnly) {
    return no(`${verb}: the mailbox was opened with EXAMINE (read-only), so nothing can leave it; COPY instead`, 'CANNOT');
  }
  const targets = sel.resolve(command.args.sequence, command.uid);
  if ('error' in targets) return bad(targets.error);
  const resolved = storeName(command.args.mailbox);
  if ('refused' in resolved) return resolved.refused;
  // RFC 2180 §4.4.1: a COPY naming a message expunged elsewhere fails as a whole.
  const gone = targets.filter((t) => sel.isExpunged(t.uid));
  if (gone.length > 0 && !command.uid) {
    return no(`${gone.length} of the messages were expunged by another session; NOOP to hear about it, then retry`, 'EXPUNGEISSUED');
  }
  const uids = targets.filter((t) => !sel.isExpunged(t.uid)).map((t) => t.uid);
  return attempt(
    async () => {
      const { store } = session.ctx;
      // Look the target up first, so that an empty set still answers TRYCREATE for a missing mailbox.
      await store.status(session.user, resolved.name);
      if (uids.length === 0) return ok(`${verb} completed: no messages matched`);
      const result =
        command.name === 'COPY'
          ? await store.copy(session.user, sel.name, uids, resolved.name)
          : await store.move(session.user, sel.name, uids, resolved.name, session.id);
      if (result.pairs.length === 0) return ok(`${verb} completed: no messages matched`);
      const code = copyUidCode(result.uidValidity, result.pairs);
      const summary = `${result.pairs.length} message${result.pairs.length === 1 ? '' : 's'} to ${resolved.name}`;
      if (command.name === 'COPY') return ok(`${verb} completed: copied ${summary}`, code);
      return ok(`${verb} completed: moved ${summary}`, undefined, [untaggedStatus('OK', `Moved ${summary}`, code)]);
    },
    { tryCreate: true },
  );
}

export const copy: CommandHandler<'COPY'> = transfer;
export const move: CommandHandler<'MOVE'> = transfer;
