/**
 * Untagged IMAP data (RFC 3501 §7.2-§7.4): mailbox size and changes, message data, capability
 * lists and the mailbox data of LIST, STATUS, SEARCH, FLAGS, NAMESPACE, ID and ENABLED.
 */
import type { ServerLineContext } from './context.js';
import { describeImapCapability } from './imap-capabilities.js';
import { firstMailbox } from './imap-command-results.js';
import { fetchNotes } from './imap-fetch.js';
import { describeFlags } from './imap-flags.js';
import type { ImapServerLine } from './imap-line.js';
import { enabledNote, idNote, listNote, namespaceNote, statusNote } from './imap-mailbox-data.js';
import { count, note, quoted, sentence } from './note.js';

type Data = Extract<ImapServerLine, { kind: 'data' }>;

/** The mailbox a SELECT/EXAMINE is opening, or the one selected. */
function currentMailbox(ctx: ServerLineContext): string {
  const verb = ctx.command?.verb.toUpperCase();
  if ((verb === 'SELECT' || verb === 'EXAMINE') && ctx.command) return quoted(firstMailbox(ctx.command.args) || 'the mailbox');
  return ctx.facts.selected ? quoted(ctx.facts.selected.name) : 'the mailbox';
}

export function annotateImapData(d: Data, ctx: ServerLineContext): string[] {
  const verb = ctx.command?.verb.toUpperCase();
  const opening = verb === 'SELECT' || verb === 'EXAMINE';
  if (d.number !== undefined) {
    const n = d.number;
    switch (d.name) {
      case 'EXISTS':
        if (!ctx.command) return [note(`${sentence(currentMailbox(ctx))} holds ${count(n, 'message')} (sent after SELECT, and again whenever the number changes)`, 'RFC 3501 §7.3.1')];
        return [
          opening
            ? note(`${sentence(currentMailbox(ctx))} holds ${count(n, 'message')}, numbered 1 to ${n}`, 'RFC 3501 §7.3.1')
            : note(`${sentence(currentMailbox(ctx))} now holds ${count(n, 'message')}: the count changed (new mail arrived, most likely)`, 'RFC 3501 §7.3.1'),
        ];
      case 'RECENT':
        return [note(`${count(n, 'message')} ${n === 1 ? 'is' : 'are'} \\Recent: new since the last session that opened this mailbox`, 'RFC 3501 §7.3.2')];
      case 'EXPUNGE':
        return [note(`Message ${n} was removed; every later message number moves down by one`, 'RFC 3501 §7.4.1')];
      case 'FETCH':
        return fetchNotes(n, d.rest, verb);
      default:
        return [note(`* ${n} ${d.name}: message data this tool does not explain`, 'RFC 3501 §7.4')];
    }
  }
  switch (d.name) {
    case 'CAPABILITY':
      return capabilityNotes(d.rest);
    case 'LIST':
    case 'LSUB':
      return [listNote(d.name, d.rest)];
    case 'STATUS':
      return [statusNote(d.rest)];
    case 'SEARCH':
      return [searchNote(d.rest, verb === 'UID SEARCH')];
    case 'FLAGS': {
      const flags = d.rest.replace(/^\s*\(|\)\s*$/g, '').trim().split(/\s+/).filter(Boolean);
      return [note(`The flags used in this mailbox: ${flags.length > 0 ? describeFlags(flags) : 'none'}`, 'RFC 3501 §7.2.6')];
    }
    case 'NAMESPACE':
      return [namespaceNote(d.rest)];
    case 'ID':
      return [idNote(d.rest)];
    case 'ENABLED':
      return [enabledNote(d.rest)];
    default:
      return [note(`* ${d.name}: an untagged response this tool does not explain`, 'RFC 3501 §7')];
  }
}

/** One note per capability (RFC 3501 §7.2.1). */
export function capabilityNotes(rest: string): string[] {
  return rest
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((cap) => {
      const { text, rfc } = describeImapCapability(cap);
      return note(text, rfc);
    });
}

/** `* SEARCH 2 5`: "Messages 2, 5 match" (UIDs for UID SEARCH). */
function searchNote(rest: string, uid: boolean): string {
  const numbers = rest.trim().split(/\s+/).filter((w) => /^\d+$/.test(w));
  if (numbers.length === 0) return note('No message matches', 'RFC 3501 §7.2.5');
  const one = numbers.length === 1;
  const noun = uid ? (one ? 'UID' : 'UIDs') : one ? 'Message' : 'Messages';
  const shown = numbers.length > 20 ? `${numbers.slice(0, 20).join(', ')} ...` : numbers.join(', ');
  return note(`${noun} ${shown} ${one ? 'matches' : 'match'} (${count(numbers.length, 'hit')})`, 'RFC 3501 §7.2.5');
}
