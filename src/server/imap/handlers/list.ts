/**
 * LIST and LSUB (RFC 3501 §6.3.8, §6.3.9) with CHILDREN (RFC 3348) and SPECIAL-USE (RFC 6154)
 * attributes. Patterns are matched against the wire (modified UTF-7) names.
 */
import { atom, untagged, type ImapResponse } from '../../../protocols/imap/response.js';
import { HIERARCHY_DELIMITER, superiors } from '../../../store/mailbox-names.js';
import type { MailboxListEntry } from '../../../store/types.js';
import { ok, type CommandHandler } from '../handler-types.js';
import { listPattern, matchesPattern, matchingSuperiors } from '../list-pattern.js';
import { wireName } from '../mailbox-names.js';
import { attempt } from '../response-codes.js';

function entry(kind: 'LIST' | 'LSUB', attributes: readonly string[], wire: string): ImapResponse {
  return untagged(atom(kind), attributes.map(atom), HIERARCHY_DELIMITER, wire);
}

type Listed = MailboxListEntry & { readonly noselect?: boolean };

/**
 * The mailboxes, and the names above them that are not mailboxes themselves: a parent deleted
 * while it had children (RFC 3501 §6.3.4) still holds the hierarchy, and LIST shows it as
 * \Noselect, as in the RFC's DELETE example. INBOX first, then in name order, as the store lists.
 */
function withImpliedSuperiors(boxes: readonly MailboxListEntry[]): Listed[] {
  const existing = new Set(boxes.map((b) => b.name));
  const implied = new Set<string>();
  for (const box of boxes) for (const name of superiors(box.name)) if (!existing.has(name)) implied.add(name);
  if (implied.size === 0) return [...boxes];
  const extra: Listed[] = [...implied].map((name) => ({ name, specialUse: undefined, subscribed: false, hasChildren: true, noselect: true }));
  const [inbox, ...rest] = boxes;
  return [inbox!, ...[...rest, ...extra].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))];
}

export const list: CommandHandler<'LIST'> = (session, command) =>
  attempt(async () => {
    const { reference, pattern } = command.args;
    // RFC 3501 §6.3.8: an empty pattern asks for the delimiter and the root of the reference.
    if (pattern === '') {
      const root = reference.split(HIERARCHY_DELIMITER)[0] ?? '';
      return ok('LIST completed: the hierarchy delimiter is "."', undefined, [entry('LIST', ['\\Noselect'], root)]);
    }
    const full = listPattern(reference, pattern);
    const responses: ImapResponse[] = [];
    for (const box of withImpliedSuperiors(await session.ctx.store.list(session.user))) {
      const wire = wireName(box.name);
      if (!matchesPattern(wire, full)) continue;
      const attributes = box.noselect ? ['\\Noselect', '\\HasChildren'] : [box.hasChildren ? '\\HasChildren' : '\\HasNoChildren'];
      if (box.specialUse) attributes.push(box.specialUse);
      responses.push(entry('LIST', attributes, wire));
    }
    return ok(`LIST completed (${responses.length} matching)`, undefined, responses);
  });

/** Subscribed names that match; a level above one, matched by a final `%`, comes as \Noselect. */
export const lsub: CommandHandler<'LSUB'> = (session, command) =>
  attempt(async () => {
    const full = listPattern(command.args.reference, command.args.pattern);
    const { store } = session.ctx;
    const existing = new Set((await store.list(session.user)).map((b) => b.name));
    const subscribed = (await store.subscriptions(session.user)).map((name) => ({ name, wire: wireName(name) }));
    const found = new Map<string, string[]>();
    for (const { name, wire } of subscribed) {
      if (matchesPattern(wire, full)) found.set(wire, existing.has(name) ? [] : ['\\Noselect']);
    }
    for (const { wire } of subscribed) {
      for (const level of matchingSuperiors(wire, full)) if (!found.has(level)) found.set(level, ['\\Noselect']);
    }
    const responses = [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([wire, attrs]) => entry('LSUB', attrs, wire));
    return ok(`LSUB completed (${responses.length} matching)`, undefined, responses);
  });
