/**
 * What a tagged OK or NO means for each IMAP command (RFC 3501 §6 and the extensions' RFCs):
 * `A003 OK [READ-WRITE] SELECT completed` says INBOX is now open read-write.
 */
import { findImapCommand } from '../protocols/imap/commands.js';
import { mailboxName } from './imap-mailbox-data.js';
import { quoted } from './note.js';

export type ResultContext = {
  /** The command's arguments as typed. */
  readonly args: string;
  /** The response code's name, if any (`READ-ONLY`). */
  readonly code?: string;
};

type Meaning = (c: ResultContext) => string;

/** The first argument as a mailbox name: quotes removed, modified UTF-7 decoded. */
export function firstMailbox(args: string): string {
  const t = args.trim();
  const q = /^"((?:[^"\\]|\\.)*)"/.exec(t);
  const wire = q ? (q[1] ?? '').replace(/\\(.)/g, '$1') : (t.split(/\s+/)[0] ?? '');
  return mailboxName(wire);
}

const box = (c: ResultContext) => quoted(firstMailbox(c.args) || 'the mailbox');
const fixed = (text: string): Meaning => () => text;

export const IMAP_OK: Readonly<Record<string, Meaning>> = Object.freeze({
  CAPABILITY: fixed('The CAPABILITY line above is the complete list.'),
  NOOP: fixed('Nothing to do; any untagged lines above were news from the server (new mail, flag changes, expunges).'),
  LOGOUT: fixed('Logged out; the server closes the connection now.'),
  ID: fixed('Identification exchanged; the ID line above is the server\'s.'),
  STARTTLS: fixed('Start the TLS handshake now; afterwards ask for CAPABILITY again, the list changes after TLS.'),
  LOGIN: fixed('Logged in: you are in the authenticated state. Next: SELECT INBOX, or LIST "" "*" to see the mailboxes.'),
  AUTHENTICATE: fixed('Logged in: you are in the authenticated state. Next: SELECT INBOX, or LIST "" "*" to see the mailboxes.'),
  SELECT: (c) =>
    c.code === 'READ-ONLY'
      ? `${box(c)} is open, but read-only: you can read, not change. You are in the selected state.`
      : `${box(c)} is open read-write: you are in the selected state and may FETCH, SEARCH, STORE and EXPUNGE.`,
  EXAMINE: (c) => `${box(c)} is open read-only: nothing you do changes it, not even \\Seen. You are in the selected state.`,
  CREATE: (c) => `Mailbox ${box(c)} created.`,
  DELETE: (c) => `Mailbox ${box(c)} deleted, with the messages in it.`,
  RENAME: (c) => `Mailbox ${box(c)} renamed.`,
  SUBSCRIBE: (c) => `${box(c)} is on your subscribed list (LSUB shows it).`,
  UNSUBSCRIBE: (c) => `${box(c)} is off your subscribed list.`,
  LIST: fixed('That is the whole list: one LIST line per matching mailbox above.'),
  LSUB: fixed('That is the whole list of subscribed mailboxes matching the pattern.'),
  STATUS: fixed('The counts are on the STATUS line above.'),
  APPEND: (c) => `The message is stored in ${box(c)}.`,
  ENABLE: fixed('The ENABLED line above lists what is now switched on.'),
  IDLE: fixed('IDLE has ended (after your DONE); send commands again.'),
  NAMESPACE: fixed('The NAMESPACE line above lists the namespaces.'),
  CHECK: fixed('Checkpoint done (NOOP does the same on most servers).'),
  CLOSE: fixed('Mailbox closed; messages flagged \\Deleted were expunged silently. You are back in the authenticated state.'),
  UNSELECT: fixed('Mailbox closed without expunging anything; you are back in the authenticated state.'),
  EXPUNGE: fixed('The messages flagged \\Deleted are gone; each was reported by an EXPUNGE line above.'),
  'UID EXPUNGE': fixed('The \\Deleted messages with those UIDs are gone; each was reported by an EXPUNGE line above.'),
  SEARCH: fixed('The matching message numbers are on the SEARCH line above.'),
  'UID SEARCH': fixed('The matching UIDs are on the SEARCH line above.'),
  FETCH: fixed('All the data asked for is above, one FETCH line per message.'),
  'UID FETCH': fixed('All the data asked for is above, one FETCH line per message.'),
  STORE: fixed('Flags changed; the FETCH lines above show the new flags (none with .SILENT).'),
  'UID STORE': fixed('Flags changed; the FETCH lines above show the new flags (none with .SILENT).'),
  COPY: (c) => `Copied; the originals stay. ${c.code === 'COPYUID' ? 'COPYUID says which UIDs the copies got.' : ''}`,
  'UID COPY': (c) => `Copied; the originals stay. ${c.code === 'COPYUID' ? 'COPYUID says which UIDs the copies got.' : ''}`,
  MOVE: fixed('Moved: the messages are in the target mailbox and gone from this one (the EXPUNGE lines above).'),
  'UID MOVE': fixed('Moved: the messages are in the target mailbox and gone from this one (the EXPUNGE lines above).'),
});

export const IMAP_NO: Readonly<Record<string, string>> = Object.freeze({
  LOGIN: 'You are still not logged in.',
  AUTHENTICATE: 'You are still not logged in.',
  SELECT: 'No mailbox is selected now (a failed SELECT also closes the one before).',
  EXAMINE: 'No mailbox is selected now (a failed EXAMINE also closes the one before).',
  APPEND: 'Nothing was stored.',
  COPY: 'Nothing was copied.',
  MOVE: 'Nothing was moved.',
  CREATE: 'No mailbox was created.',
  DELETE: 'Nothing was deleted.',
  RENAME: 'Nothing was renamed.',
});

/** The RFC section of a command, from the command catalog. */
export function commandRfc(verb: string): string {
  return findImapCommand(verb)?.rfc ?? 'RFC 3501 §6';
}
