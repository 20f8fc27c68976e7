/**
 * The server's half of the IMAP command table: one handler per parsed command name. The catalog
 * (src/protocols/imap/commands.ts) holds states, syntax and RFC sections; the session checks the
 * state from there before a handler runs (conventions.md 2, 10).
 */
import type { ImapCommand, ImapCommandName } from '../../protocols/imap/command-types.js';
import type { CommandHandler, HandlerResult } from './handler-types.js';
import { append } from './handlers/append.js';
import { authenticate, login, starttls } from './handlers/auth.js';
import { copy, move } from './handlers/copy-move.js';
import { expunge } from './handlers/expunge.js';
import { fetch } from './handlers/fetch.js';
import { idle } from './handlers/idle.js';
import { list, lsub } from './handlers/list.js';
import { create, deleteMailbox, rename, status, subscribe, unsubscribe } from './handlers/mailboxes.js';
import { capability, check, enable, id, logout, namespace, noop } from './handlers/misc.js';
import { search } from './handlers/search.js';
import { close, examine, select, unselect } from './handlers/select.js';
import { store } from './handlers/store.js';
import type { ImapSession } from './session.js';

type HandlerTable = { readonly [N in ImapCommandName]: CommandHandler<N> };

export const IMAP_HANDLERS: HandlerTable = {
  CAPABILITY: capability,
  NOOP: noop,
  LOGOUT: logout,
  ID: id,
  STARTTLS: starttls,
  AUTHENTICATE: authenticate,
  LOGIN: login,
  SELECT: select,
  EXAMINE: examine,
  CREATE: create,
  DELETE: deleteMailbox,
  RENAME: rename,
  SUBSCRIBE: subscribe,
  UNSUBSCRIBE: unsubscribe,
  LIST: list,
  LSUB: lsub,
  STATUS: status,
  APPEND: append,
  ENABLE: enable,
  IDLE: idle,
  NAMESPACE: namespace,
  CHECK: check,
  CLOSE: close,
  UNSELECT: unselect,
  EXPUNGE: expunge,
  SEARCH: search,
  FETCH: fetch,
  STORE: store,
  COPY: copy,
  MOVE: move,
};

/** Runs the handler of a parsed command whose state the session has already checked. */
export function runHandler(session: ImapSession, command: ImapCommand): HandlerResult | Promise<HandlerResult> {
  const handler = IMAP_HANDLERS[command.name] as CommandHandler<ImapCommandName>;
  return handler(session, command as never);
}
