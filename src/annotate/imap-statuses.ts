/**
 * IMAP status responses and untagged response kinds as tables, for `mailproto explain`
 * (RFC 3501 §7, RFC 9051 §7 and the extensions that add responses).
 */
import type { ImapStatus } from './imap-line.js';

export type ImapEntry = { readonly label: string; readonly meaning: string; readonly next?: string; readonly rfc: string };

export const TAGGED_STATUS: Readonly<Record<'OK' | 'NO' | 'BAD', ImapEntry>> = Object.freeze({
  OK: { label: 'OK (tagged): success', meaning: 'The command with this tag completed successfully; the untagged lines before it were its answer.', rfc: 'RFC 3501 §7.1.1' },
  NO: { label: 'NO (tagged): failure', meaning: 'The command was understood but failed (an operational error: no such mailbox, wrong password ...). Nothing changed.', next: 'Read the response code or the text for the reason.', rfc: 'RFC 3501 §7.1.2' },
  BAD: { label: 'BAD (tagged): protocol error', meaning: 'The server did not accept the command: unknown, wrong arguments, or not allowed in the current state.', next: 'Check the command\'s syntax and whether you are logged in / have a mailbox selected.', rfc: 'RFC 3501 §7.1.3' },
});

export const UNTAGGED_STATUS: Readonly<Record<ImapStatus, ImapEntry>> = Object.freeze({
  OK: { label: '* OK: information', meaning: 'Information from the server. As the first line of a connection it is the greeting: you are not logged in yet. With a response code it carries data (UIDVALIDITY, PERMANENTFLAGS ...).', rfc: 'RFC 3501 §7.1.1' },
  NO: { label: '* NO: warning', meaning: 'A warning; the command in progress may still succeed.', rfc: 'RFC 3501 §7.1.2' },
  BAD: { label: '* BAD: protocol error', meaning: 'A protocol error the server cannot tie to a command, e.g. a line whose tag it could not read.', rfc: 'RFC 3501 §7.1.3' },
  PREAUTH: { label: '* PREAUTH: already logged in', meaning: 'The greeting of a connection that is logged in already (the authenticated state), identified by other means.', next: 'Do not LOGIN; SELECT a mailbox.', rfc: 'RFC 3501 §7.1.4' },
  BYE: { label: '* BYE: closing', meaning: 'The server is about to close the connection: after LOGOUT, at shutdown, or after a timeout.', next: 'After LOGOUT wait for the tagged OK; otherwise reconnect.', rfc: 'RFC 3501 §7.1.5' },
});

export const CONTINUATION: ImapEntry = {
  label: '+ continuation request',
  meaning: 'The server waits for more from you: the data of a literal you announced with {n}, the next AUTHENTICATE response (the text is a base64 challenge), or, after IDLE, nothing until you send DONE.',
  rfc: 'RFC 3501 §7.5',
};

export const UNTAGGED_KINDS: Readonly<Record<string, ImapEntry>> = Object.freeze({
  EXISTS: { label: 'EXISTS: mailbox size', meaning: 'The number of messages in the mailbox; sent by SELECT/EXAMINE and whenever the number changes.', rfc: 'RFC 3501 §7.3.1' },
  RECENT: { label: 'RECENT: new messages', meaning: 'How many messages have the \\Recent flag (new since the last session that opened the mailbox).', rfc: 'RFC 3501 §7.3.2' },
  EXPUNGE: { label: 'EXPUNGE: a message removed', meaning: 'The message with this number was removed; every later number goes down by one at once.', rfc: 'RFC 3501 §7.4.1' },
  FETCH: { label: 'FETCH: message data', meaning: 'Data about one message: what FETCH asked for, or flags that changed.', rfc: 'RFC 3501 §7.4.2' },
  CAPABILITY: { label: 'CAPABILITY: what the server supports', meaning: 'The server\'s capabilities, one word each.', rfc: 'RFC 3501 §7.2.1' },
  LIST: { label: 'LIST: one mailbox', meaning: 'One mailbox matching the LIST pattern: its attributes, the hierarchy delimiter and its name.', rfc: 'RFC 3501 §7.2.2' },
  LSUB: { label: 'LSUB: one subscribed mailbox', meaning: 'One subscribed mailbox matching the LSUB pattern.', rfc: 'RFC 3501 §7.2.3' },
  STATUS: { label: 'STATUS: mailbox counts', meaning: 'Counts for a mailbox, without selecting it.', rfc: 'RFC 3501 §7.2.4' },
  SEARCH: { label: 'SEARCH: the matches', meaning: 'The numbers (or UIDs, for UID SEARCH) of the messages that match.', rfc: 'RFC 3501 §7.2.5' },
  FLAGS: { label: 'FLAGS: the flags in use', meaning: 'The flags that apply to this mailbox (PERMANENTFLAGS says which you may change for good).', rfc: 'RFC 3501 §7.2.6' },
  NAMESPACE: { label: 'NAMESPACE: mailbox prefixes', meaning: 'The personal, other users\' and shared namespaces: prefixes and delimiters.', rfc: 'RFC 2342 §5' },
  ID: { label: 'ID: the server identifies itself', meaning: 'Name, version, vendor ... of the server software, for logs and debugging.', rfc: 'RFC 2971 §3.2' },
  ENABLED: { label: 'ENABLED: extensions switched on', meaning: 'The extensions ENABLE switched on.', rfc: 'RFC 5161 §3.2' },
  ESEARCH: { label: 'ESEARCH: extended search results', meaning: 'Search results as MIN, MAX, COUNT or ALL.', rfc: 'RFC 4731' },
});
