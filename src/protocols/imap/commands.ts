/**
 * The IMAP command catalog, as data: one entry per command with the states it is valid in, its
 * syntax, a one-line summary and its RFC section. The server's dispatcher checks the state once
 * for every command from here; the annotator, `:help` and tab completion read the same entries.
 */

/** RFC 3501 §3 connection states. */
export type ImapState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

export type ImapCommandSpec = {
  /** As typed: `FETCH`, or `UID FETCH` for the UID form. */
  readonly name: string;
  /** States in which the command is valid; in any other state the answer is BAD. */
  readonly states: readonly ImapState[];
  /** Arguments in the style of the RFC: `LOGIN userid password`. */
  readonly syntax: string;
  /** A working example, tag included. */
  readonly example: string;
  readonly summary: string;
  readonly rfc: string;
  /** The capability a server advertises when it offers this command. */
  readonly capability?: string;
  /** The arguments hold a secret: logs and transcripts redact them (conventions.md 6). */
  readonly sensitive?: boolean;
};

const ANY: readonly ImapState[] = ['not-authenticated', 'authenticated', 'selected'];
const NOT_AUTH: readonly ImapState[] = ['not-authenticated'];
const AUTH: readonly ImapState[] = ['authenticated', 'selected'];
const SELECTED: readonly ImapState[] = ['selected'];

export const IMAP_COMMANDS: readonly ImapCommandSpec[] = [
  // Any state: RFC 3501 §6.1
  { name: 'CAPABILITY', states: ANY, syntax: 'CAPABILITY', example: 'A1 CAPABILITY', rfc: 'RFC 3501 §6.1.1',
    summary: 'List what this server supports: extensions, login methods, STARTTLS.' },
  { name: 'NOOP', states: ANY, syntax: 'NOOP', example: 'A1 NOOP', rfc: 'RFC 3501 §6.1.2',
    summary: 'Do nothing; a chance for the server to report new mail (EXISTS, EXPUNGE) and to reset idle timers.' },
  { name: 'LOGOUT', states: ANY, syntax: 'LOGOUT', example: 'A1 LOGOUT', rfc: 'RFC 3501 §6.1.3',
    summary: 'End the session: the server says BYE, then OK, then closes the connection.' },
  { name: 'ID', states: ANY, syntax: 'ID ("field" "value" ...) | NIL', example: 'A1 ID ("name" "mailproto")',
    rfc: 'RFC 2971 §3.1', capability: 'ID',
    summary: 'Tell the server which client this is and ask which server it is, for logs and debugging.' },

  // Not authenticated: RFC 3501 §6.2
  { name: 'STARTTLS', states: NOT_AUTH, syntax: 'STARTTLS', example: 'A1 STARTTLS', rfc: 'RFC 3501 §6.2.1',
    capability: 'STARTTLS',
    summary: 'Start TLS on this connection; after the OK the next bytes are the TLS handshake.' },
  { name: 'AUTHENTICATE', states: NOT_AUTH, syntax: 'AUTHENTICATE mechanism [initial-response]',
    example: 'A1 AUTHENTICATE PLAIN AGFsaWNlAHBhc3N3b3Jk', rfc: 'RFC 3501 §6.2.2, RFC 4959', sensitive: true,
    summary: 'Log in with a SASL mechanism (PLAIN, LOGIN, ...); challenges and answers are base64 lines.' },
  { name: 'LOGIN', states: NOT_AUTH, syntax: 'LOGIN userid password', example: 'A1 LOGIN alice password',
    rfc: 'RFC 3501 §6.2.3', sensitive: true,
    summary: 'Log in with a user name and a plain-text password.' },

  // Authenticated: RFC 3501 §6.3
  { name: 'SELECT', states: AUTH, syntax: 'SELECT mailbox', example: 'A1 SELECT INBOX', rfc: 'RFC 3501 §6.3.1',
    summary: 'Open a mailbox read-write; the server reports its size, flags, UIDVALIDITY and UIDNEXT.' },
  { name: 'EXAMINE', states: AUTH, syntax: 'EXAMINE mailbox', example: 'A1 EXAMINE INBOX', rfc: 'RFC 3501 §6.3.2',
    summary: 'Open a mailbox read-only: like SELECT, but nothing (not even \\Seen) changes.' },
  { name: 'CREATE', states: AUTH, syntax: 'CREATE mailbox', example: 'A1 CREATE Archive', rfc: 'RFC 3501 §6.3.3',
    summary: 'Create a mailbox.' },
  { name: 'DELETE', states: AUTH, syntax: 'DELETE mailbox', example: 'A1 DELETE Archive', rfc: 'RFC 3501 §6.3.4',
    summary: 'Delete a mailbox and the messages in it.' },
  { name: 'RENAME', states: AUTH, syntax: 'RENAME mailbox new-name', example: 'A1 RENAME Archive Old',
    rfc: 'RFC 3501 §6.3.5', summary: 'Rename a mailbox; renaming INBOX moves its messages into a new mailbox.' },
  { name: 'SUBSCRIBE', states: AUTH, syntax: 'SUBSCRIBE mailbox', example: 'A1 SUBSCRIBE Archive',
    rfc: 'RFC 3501 §6.3.6', summary: 'Add a mailbox to the subscribed list that LSUB shows.' },
  { name: 'UNSUBSCRIBE', states: AUTH, syntax: 'UNSUBSCRIBE mailbox', example: 'A1 UNSUBSCRIBE Archive',
    rfc: 'RFC 3501 §6.3.7', summary: 'Remove a mailbox from the subscribed list.' },
  { name: 'LIST', states: AUTH, syntax: 'LIST reference pattern', example: 'A1 LIST "" "*"', rfc: 'RFC 3501 §6.3.8',
    summary: 'List mailboxes matching a pattern: * matches anything, % stops at the hierarchy delimiter.' },
  { name: 'LSUB', states: AUTH, syntax: 'LSUB reference pattern', example: 'A1 LSUB "" "*"', rfc: 'RFC 3501 §6.3.9',
    summary: 'Like LIST, but only subscribed mailboxes.' },
  { name: 'STATUS', states: AUTH, syntax: 'STATUS mailbox (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)',
    example: 'A1 STATUS INBOX (MESSAGES UNSEEN)', rfc: 'RFC 3501 §6.3.10',
    summary: 'Counts for a mailbox without selecting it.' },
  { name: 'APPEND', states: AUTH, syntax: 'APPEND mailbox [(flags)] ["date-time"] {size}',
    example: 'A1 APPEND INBOX (\\Seen) {310}', rfc: 'RFC 3501 §6.3.11',
    summary: 'Upload a message into a mailbox; the message is sent as a literal after the server says "+".' },
  { name: 'ENABLE', states: ['authenticated'], syntax: 'ENABLE capability...', example: 'A1 ENABLE UTF8=ACCEPT',
    rfc: 'RFC 5161 §3.1', capability: 'ENABLE',
    summary: 'Switch on extensions that change how the server talks (UTF8=ACCEPT, CONDSTORE).' },
  { name: 'IDLE', states: AUTH, syntax: 'IDLE ... DONE', example: 'A1 IDLE', rfc: 'RFC 2177 §3', capability: 'IDLE',
    summary: 'Wait for the server to push changes (new mail, expunges) as they happen; send DONE to stop.' },
  { name: 'NAMESPACE', states: AUTH, syntax: 'NAMESPACE', example: 'A1 NAMESPACE', rfc: 'RFC 2342 §5',
    capability: 'NAMESPACE', summary: 'Ask for the personal, other users\' and shared mailbox prefixes and delimiters.' },

  // Selected: RFC 3501 §6.4
  { name: 'CHECK', states: SELECTED, syntax: 'CHECK', example: 'A1 CHECK', rfc: 'RFC 3501 §6.4.1',
    summary: 'Ask the server to checkpoint the mailbox (removed in IMAP4rev2; NOOP does the same).' },
  { name: 'CLOSE', states: SELECTED, syntax: 'CLOSE', example: 'A1 CLOSE', rfc: 'RFC 3501 §6.4.2',
    summary: 'Expunge \\Deleted messages silently and leave the mailbox.' },
  { name: 'UNSELECT', states: SELECTED, syntax: 'UNSELECT', example: 'A1 UNSELECT', rfc: 'RFC 3691 §2',
    capability: 'UNSELECT', summary: 'Leave the mailbox without expunging anything.' },
  { name: 'EXPUNGE', states: SELECTED, syntax: 'EXPUNGE', example: 'A1 EXPUNGE', rfc: 'RFC 3501 §6.4.3',
    summary: 'Permanently remove messages flagged \\Deleted; each removal is reported as * n EXPUNGE.' },
  { name: 'SEARCH', states: SELECTED, syntax: 'SEARCH [CHARSET charset] criteria...',
    example: 'A1 SEARCH UNSEEN FROM "bob"', rfc: 'RFC 3501 §6.4.4',
    summary: 'Find messages matching criteria; the answer is * SEARCH with message numbers.' },
  { name: 'FETCH', states: SELECTED, syntax: 'FETCH sequence-set (items...)',
    example: 'A1 FETCH 1:* (FLAGS ENVELOPE)', rfc: 'RFC 3501 §6.4.5',
    summary: 'Read message data: flags, envelope, structure, headers, body parts.' },
  { name: 'STORE', states: SELECTED, syntax: 'STORE sequence-set [+|-]FLAGS[.SILENT] (flags)',
    example: 'A1 STORE 1 +FLAGS (\\Seen)', rfc: 'RFC 3501 §6.4.6',
    summary: 'Set, add or remove flags on messages.' },
  { name: 'COPY', states: SELECTED, syntax: 'COPY sequence-set mailbox', example: 'A1 COPY 1:3 Archive',
    rfc: 'RFC 3501 §6.4.7', summary: 'Copy messages into another mailbox.' },
  { name: 'MOVE', states: SELECTED, syntax: 'MOVE sequence-set mailbox', example: 'A1 MOVE 1:3 Archive',
    rfc: 'RFC 6851 §3', capability: 'MOVE',
    summary: 'Move messages into another mailbox (copy, then expunge, as one step).' },
  { name: 'UID', states: SELECTED, syntax: 'UID (FETCH|SEARCH|STORE|COPY|MOVE|EXPUNGE) ...',
    example: 'A1 UID FETCH 1:* FLAGS', rfc: 'RFC 3501 §6.4.8',
    summary: 'Run FETCH, SEARCH, STORE, COPY, MOVE or EXPUNGE with UIDs instead of message numbers.' },
  { name: 'UID FETCH', states: SELECTED, syntax: 'UID FETCH uid-set (items...)', example: 'A1 UID FETCH 1:* (FLAGS)',
    rfc: 'RFC 3501 §6.4.8', summary: 'FETCH by UID; every answer includes the UID.' },
  { name: 'UID SEARCH', states: SELECTED, syntax: 'UID SEARCH [CHARSET charset] criteria...',
    example: 'A1 UID SEARCH UNSEEN', rfc: 'RFC 3501 §6.4.8', summary: 'SEARCH answering with UIDs.' },
  { name: 'UID STORE', states: SELECTED, syntax: 'UID STORE uid-set [+|-]FLAGS[.SILENT] (flags)',
    example: 'A1 UID STORE 42 +FLAGS (\\Deleted)', rfc: 'RFC 3501 §6.4.8', summary: 'STORE by UID.' },
  { name: 'UID COPY', states: SELECTED, syntax: 'UID COPY uid-set mailbox', example: 'A1 UID COPY 42 Archive',
    rfc: 'RFC 3501 §6.4.8', summary: 'COPY by UID.' },
  { name: 'UID MOVE', states: SELECTED, syntax: 'UID MOVE uid-set mailbox', example: 'A1 UID MOVE 42 Archive',
    rfc: 'RFC 6851 §3', capability: 'MOVE', summary: 'MOVE by UID.' },
  { name: 'UID EXPUNGE', states: SELECTED, syntax: 'UID EXPUNGE uid-set', example: 'A1 UID EXPUNGE 42',
    rfc: 'RFC 4315 §2.1', capability: 'UIDPLUS',
    summary: 'Expunge only those \\Deleted messages whose UIDs are in the set.' },
];

const BY_NAME = new Map(IMAP_COMMANDS.map((spec) => [spec.name, spec]));

/** The entry for `FETCH`, `uid fetch`, ... (case-insensitive, spaces collapsed). */
export function findImapCommand(name: string): ImapCommandSpec | undefined {
  return BY_NAME.get(name.trim().replace(/\s+/g, ' ').toUpperCase());
}

/** The entry for a parsed command (`{ name: 'FETCH', uid: true }` -> UID FETCH). */
export function commandSpecFor(command: { readonly name: string; readonly uid: boolean }): ImapCommandSpec | undefined {
  return findImapCommand(command.uid ? `UID ${command.name}` : command.name);
}

/** Whether the command may be used in the given state. */
export function isAllowedInState(spec: ImapCommandSpec, state: ImapState): boolean {
  return spec.states.includes(state);
}

/** Why a command is refused in a state, for the BAD reply: "SELECT needs you to be logged in ...". */
export function stateRefusal(spec: ImapCommandSpec, state: ImapState): string {
  const selectedOnly = spec.states.length === 1 && spec.states[0] === 'selected';
  if (state === 'logout') return `${spec.name}: the session is ending`;
  if (state === 'not-authenticated') {
    return selectedOnly
      ? `${spec.name} needs a selected mailbox: log in, then SELECT one`
      : `${spec.name} needs you to be logged in: LOGIN or AUTHENTICATE first`;
  }
  if (selectedOnly) return `${spec.name} needs a selected mailbox: SELECT or EXAMINE one first`;
  if (spec.states.length === 1 && spec.states[0] === 'not-authenticated') {
    return `${spec.name} is only valid before login, and you are logged in`;
  }
  if (spec.states.length === 1 && spec.states[0] === 'authenticated') {
    return `${spec.name} is only valid after login and before SELECT`;
  }
  return `${spec.name} is not valid in the ${state} state`;
}
