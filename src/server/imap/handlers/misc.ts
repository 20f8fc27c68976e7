/**
 * CAPABILITY, NOOP, LOGOUT (RFC 3501 §6.1), CHECK (§6.4.1), ID (RFC 2971), ENABLE (RFC 5161)
 * and NAMESPACE (RFC 2342).
 */
import { atom, untagged, untaggedStatus } from '../../../protocols/imap/response.js';
import { HIERARCHY_DELIMITER } from '../../../store/mailbox-names.js';
import { ok, type CommandHandler } from '../handler-types.js';

export const capability: CommandHandler<'CAPABILITY'> = (session) =>
  ok('CAPABILITY completed', undefined, [untagged(atom('CAPABILITY'), ...session.capabilities().map(atom))]);

/** Pending EXISTS, EXPUNGE and flag changes go out before the OK: that is what NOOP is for. */
export const noop: CommandHandler<'NOOP'> = () => ok('NOOP completed');

/** RFC 3501 §6.4.1: a checkpoint; the store is always on disk, so it is a NOOP with a name. */
export const check: CommandHandler<'CHECK'> = () => ok('CHECK completed (everything is already on disk)');

export const logout: CommandHandler<'LOGOUT'> = (session) => ({
  ...ok('LOGOUT completed'),
  untagged: [untaggedStatus('BYE', `${session.ctx.config.domain} IMAP4rev1 server logging out`)],
  after: 'logout',
});

/** RFC 2971 §3.3: the server answers with its own fields, whatever the client sent. */
export const id: CommandHandler<'ID'> = (session, command) => {
  if (command.args.params && command.args.params.length > 0) {
    session.ctx.log.emit({ event: 'command', protocol: 'imap', session: session.id, clientId: Object.fromEntries(command.args.params) });
  }
  return ok('ID completed', undefined, [
    untagged(atom('ID'), ['name', 'mailproto sandbox', 'vendor', 'mailproto', 'support-url', 'https://www.rfc-editor.org/rfc/rfc3501']),
  ]);
};

/**
 * RFC 5161 §3.1: ENABLE answers with the extensions it turned on. This server has none that
 * change how it talks (no UTF8=ACCEPT, no CONDSTORE), so the list is always empty.
 */
export const enable: CommandHandler<'ENABLE'> = () => ok('ENABLE completed: none of these change anything here', undefined, [untagged(atom('ENABLED'))]);

/** RFC 2342 §5: one personal namespace with no prefix; no other users' or shared mailboxes. */
export const namespace: CommandHandler<'NAMESPACE'> = () =>
  ok('NAMESPACE completed', undefined, [untagged(atom('NAMESPACE'), [['', HIERARCHY_DELIMITER]], null, null)]);
