/** CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE and STATUS (RFC 3501 §6.3.3-§6.3.7, §6.3.10). */
import { atom, untagged, type ImapValue } from '../../../protocols/imap/response.js';
import { HIERARCHY_DELIMITER, INBOX, isInferior } from '../../../store/mailbox-names.js';
import { no, ok, type CommandHandler, type Outcome } from '../handler-types.js';
import { storeName, wireName } from '../mailbox-names.js';
import { attempt } from '../response-codes.js';
import type { ImapSession } from '../session.js';

/** Resolves the wire name, then runs `body` with the store's name. */
async function withName(wire: string, body: (name: string) => Promise<Outcome>): Promise<Outcome> {
  const resolved = storeName(wire);
  if ('refused' in resolved) return resolved.refused;
  return attempt(() => body(resolved.name));
}

/** Deleting or renaming the mailbox this session has open would leave it reading nothing. */
function inUse(session: ImapSession, name: string): Outcome | undefined {
  const open = session.selected?.name;
  if (open === undefined || name === INBOX || (open !== name && !isInferior(open, name))) return undefined;
  return no(`${name} is selected in this session: CLOSE or UNSELECT it first`, 'INUSE');
}

export const create: CommandHandler<'CREATE'> = (session, command) => {
  // RFC 3501 §6.3.3: a trailing delimiter declares the name a parent; the mailbox is created the same.
  const wire = command.args.mailbox.endsWith(HIERARCHY_DELIMITER) ? command.args.mailbox.slice(0, -1) : command.args.mailbox;
  return withName(wire, async (name) => {
    await session.ctx.store.create(session.user, name);
    return ok(`CREATE completed: ${name} created`);
  });
};

export const deleteMailbox: CommandHandler<'DELETE'> = (session, command) =>
  withName(command.args.mailbox, async (name) => {
    const refused = inUse(session, name);
    if (refused) return refused;
    await session.ctx.store.delete(session.user, name);
    return ok(`DELETE completed: ${name} and its messages are gone`);
  });

export const rename: CommandHandler<'RENAME'> = (session, command) =>
  withName(command.args.mailbox, (from) =>
    withName(command.args.newName, async (to) => {
      const refused = inUse(session, from);
      if (refused) return refused;
      await session.ctx.store.rename(session.user, from, to);
      return ok(from === INBOX ? `RENAME completed: INBOX's messages moved to ${to}, INBOX is empty` : `RENAME completed: ${from} is now ${to}`);
    }),
  );

export const subscribe: CommandHandler<'SUBSCRIBE'> = (session, command) =>
  withName(command.args.mailbox, async (name) => {
    await session.ctx.store.subscribe(session.user, name);
    return ok(`SUBSCRIBE completed: LSUB now lists ${name}`);
  });

export const unsubscribe: CommandHandler<'UNSUBSCRIBE'> = (session, command) =>
  withName(command.args.mailbox, async (name) => {
    await session.ctx.store.unsubscribe(session.user, name);
    return ok(`UNSUBSCRIBE completed`);
  });

/** RFC 3501 §6.3.10: counts without selecting; RECENT counts messages no session has claimed. */
export const status: CommandHandler<'STATUS'> = (session, command) =>
  withName(command.args.mailbox, async (name) => {
    const s = await session.ctx.store.status(session.user, name);
    const values: Record<(typeof command.args.items)[number], number> = {
      MESSAGES: s.messages,
      RECENT: s.recent,
      UIDNEXT: s.uidNext,
      UIDVALIDITY: s.uidValidity,
      UNSEEN: s.unseen,
    };
    const items: ImapValue[] = command.args.items.flatMap((item) => [atom(item), values[item]]);
    return ok('STATUS completed', undefined, [untagged(atom('STATUS'), wireName(name), items)]);
  });
