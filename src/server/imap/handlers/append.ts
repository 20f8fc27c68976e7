/** APPEND (RFC 3501 §6.3.11) with UIDPLUS's APPENDUID (RFC 4315 §3). */
import { no, ok, type CommandHandler } from '../handler-types.js';
import { storeName } from '../mailbox-names.js';
import { appendUidCode, attempt } from '../response-codes.js';
import { checkFlags, normalizeFlags } from '../store-flags.js';

export const append: CommandHandler<'APPEND'> = (session, command) => {
  const { mailbox, flags, internalDate, message } = command.args;
  const resolved = storeName(mailbox);
  if ('refused' in resolved) return resolved.refused;
  const problem = checkFlags(flags);
  if (problem) return no(problem, 'CANNOT');
  if (message.length === 0) return no('An empty message cannot be appended', 'CANNOT');
  if (message.length > session.ctx.config.maxAppendOctets) {
    return no(`The message is over this server's APPEND limit of ${session.ctx.config.maxAppendOctets} octets`, 'TOOBIG');
  }
  return attempt(
    async () => {
      const { store } = session.ctx;
      const info = await store.deliver(session.user, resolved.name, message, {
        flags: normalizeFlags(flags),
        ...(internalDate ? { internalDate: internalDate.date } : {}),
      });
      const { uidValidity } = await store.uids(session.user, resolved.name);
      return ok(`APPEND completed: ${message.length} octets stored in ${resolved.name} as UID ${info.uid}`, appendUidCode(uidValidity, info.uid));
    },
    { tryCreate: true },
  );
};
