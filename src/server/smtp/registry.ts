/**
 * The server's half of the command table: a handler per command of the catalog in
 * src/protocols/smtp/commands.ts. The session looks a verb up here after the catalog has checked the
 * state, so no handler repeats a state check.
 */
import type { CommandHandler } from './handler-types.js';
import { auth } from './handlers/auth.js';
import { bdat, data } from './handlers/data.js';
import { mail, rcpt, rset } from './handlers/envelope.js';
import { ehlo, helo } from './handlers/hello.js';
import { help } from './handlers/help.js';
import { expn, noop, quit, starttls, vrfy } from './handlers/info.js';

export const SMTP_HANDLERS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  ['HELO', helo],
  ['EHLO', ehlo],
  ['MAIL', mail],
  ['RCPT', rcpt],
  ['DATA', data],
  ['BDAT', bdat],
  ['RSET', rset],
  ['VRFY', vrfy],
  ['EXPN', expn],
  ['HELP', help],
  ['NOOP', noop],
  ['QUIT', quit],
  ['STARTTLS', starttls],
  ['AUTH', auth],
]);
