/** The server's half of the POP3 command table: a handler per catalog entry (src/protocols/pop3/commands.ts). */
import type { CommandHandler } from './handler-types.js';
import { apop, auth, pass, user } from './handlers/login.js';
import { capa, quit, stls } from './handlers/session-commands.js';
import { dele, list, noop, retr, rset, stat, top, uidl } from './handlers/transaction.js';

export const POP3_HANDLERS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  ['USER', user],
  ['PASS', pass],
  ['APOP', apop],
  ['AUTH', auth],
  ['STLS', stls],
  ['CAPA', capa],
  ['QUIT', quit],
  ['STAT', stat],
  ['LIST', list],
  ['RETR', retr],
  ['DELE', dele],
  ['NOOP', noop],
  ['RSET', rset],
  ['TOP', top],
  ['UIDL', uidl],
]);
