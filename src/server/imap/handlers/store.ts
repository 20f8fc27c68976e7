/** STORE and UID STORE (RFC 3501 §6.4.6, §6.4.8): FLAGS, +FLAGS, -FLAGS, each with .SILENT. */
import { atom, untagged, type ImapValue } from '../../../protocols/imap/response.js';
import { bad, no, ok, type CommandHandler } from '../handler-types.js';
import { attempt } from '../response-codes.js';
import { checkFlags, normalizeFlags } from '../store-flags.js';

export const store: CommandHandler<'STORE'> = (session, command) =>
  attempt(async () => {
    const sel = session.selected!;
    const verb = command.uid ? 'UID STORE' : 'STORE';
    if (sel.readOnly) return no(`${verb}: the mailbox was opened with EXAMINE (read-only); SELECT it to change flags`, 'CANNOT');
    const targets = sel.resolve(command.args.sequence, command.uid);
    if ('error' in targets) return bad(targets.error);
    const problem = checkFlags(command.args.flags);
    if (problem) return no(problem, 'CANNOT');
    const live = targets.filter((t) => !sel.isExpunged(t.uid));
    const updated =
      live.length === 0
        ? []
        : await session.ctx.store.setFlags(session.user, sel.name, live.map((t) => t.uid), command.args.operation, normalizeFlags(command.args.flags), session.id);
    sel.remember(updated);
    if (!command.args.silent) {
      for (const m of updated) {
        const seq = sel.seqOf(m.uid);
        if (seq === undefined) continue;
        const values: ImapValue[] = [atom('FLAGS'), sel.flagsOf(m.uid).map(atom)];
        if (command.uid) values.push(atom('UID'), m.uid);
        session.untagged(untagged(seq, atom('FETCH'), values));
        sel.flagsReported(m.uid);
      }
    }
    const gone = targets.length - updated.length;
    if (gone > 0 && !command.uid) {
      return no(`${gone} of the messages were expunged by another session and keep no flags; NOOP to hear about it`, 'EXPUNGEISSUED');
    }
    return ok(`${verb} completed`);
  });
