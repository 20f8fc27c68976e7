/** SEARCH and UID SEARCH (RFC 3501 §6.4.4, §6.4.8). */
import { atom, untagged } from '../../../protocols/imap/response.js';
import { no, ok, type CommandHandler } from '../handler-types.js';
import { loadViews } from '../message-views.js';
import { attempt, badCharsetCode } from '../response-codes.js';
import { BadCharsetError, evaluateSearch, SEARCH_CHARSETS } from '../search/search-eval.js';

export const search: CommandHandler<'SEARCH'> = (session, command) =>
  attempt(async () => {
    const sel = session.selected!;
    // Every message of the view, those expunged elsewhere too, so that `*` and numbers stay put.
    const { views } = await loadViews(session.ctx.store, session.user, sel, sel.all(), { keepGone: true });
    let found;
    try {
      found = await evaluateSearch(command.args.keys, { messages: views, now: new Date() }, command.args.charset);
    } catch (err) {
      if (err instanceof BadCharsetError) return no(err.message, badCharsetCode(SEARCH_CHARSETS));
      throw err;
    }
    const numbers = found.map((v) => (command.uid ? v.uid : v.seq));
    return ok(`${command.uid ? 'UID SEARCH' : 'SEARCH'} completed (${numbers.length} found)`, undefined, [untagged(atom('SEARCH'), ...numbers)]);
  });
