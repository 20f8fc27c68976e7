/**
 * The POP3 command catalog (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH): syntax, meaning,
 * the states a command is allowed in, and whether its success reply is multi-line. The sandbox
 * dispatches from it, and the client uses `multiline` to know when a response ends.
 */

/** RFC 1939 §3: AUTHORIZATION until login, TRANSACTION after; UPDATE happens inside QUIT. */
export type Pop3State = 'authorization' | 'transaction';

export type Pop3CommandInfo = {
  readonly name: string;
  readonly syntax: string;
  readonly summary: string;
  readonly rfc: string;
  /** States it is allowed in; absent for historic commands. */
  readonly states?: readonly Pop3State[];
  /**
   * Whether a +OK reply is followed by a multi-line body: always, never, or only when called
   * without a message number (LIST, UIDL) — RFC 1939 §5.
   */
  readonly multiline: 'always' | 'never' | 'without-argument';
  /** Which RFC removed it. Present for historic commands. */
  readonly retired?: string;
};

const AUTH: readonly Pop3State[] = ['authorization'];
const TRANS: readonly Pop3State[] = ['transaction'];
const BOTH: readonly Pop3State[] = ['authorization', 'transaction'];

export const POP3_COMMANDS: readonly Pop3CommandInfo[] = [
  { name: 'USER', syntax: 'USER <name>', summary: 'Names the mailbox to log in to; PASS follows.', rfc: 'RFC 1939 §7', states: AUTH, multiline: 'never' },
  { name: 'PASS', syntax: 'PASS <password>', summary: 'Gives the password after USER; on success the maildrop is locked and opened.', rfc: 'RFC 1939 §7', states: AUTH, multiline: 'never' },
  { name: 'APOP', syntax: 'APOP <name> <md5-digest>', summary: 'Logs in without sending the password: MD5 of the greeting\'s timestamp and the shared secret.', rfc: 'RFC 1939 §7', states: AUTH, multiline: 'never' },
  { name: 'AUTH', syntax: 'AUTH [<mechanism> [<initial-response>]]', summary: 'Logs in with a SASL mechanism; the server answers "+ challenge" lines until +OK or -ERR. Without a mechanism it lists them.', rfc: 'RFC 5034 §4', states: AUTH, multiline: 'without-argument' },
  { name: 'STLS', syntax: 'STLS', summary: 'Upgrades the connection to TLS before logging in.', rfc: 'RFC 2595 §4', states: AUTH, multiline: 'never' },
  { name: 'CAPA', syntax: 'CAPA', summary: 'Lists the server\'s capabilities, one per line.', rfc: 'RFC 2449 §5', states: BOTH, multiline: 'always' },
  { name: 'QUIT', syntax: 'QUIT', summary: 'Ends the session; after login, messages marked with DELE are removed now (UPDATE state).', rfc: 'RFC 1939 §6', states: BOTH, multiline: 'never' },
  { name: 'STAT', syntax: 'STAT', summary: 'Counts the messages and their total size in octets.', rfc: 'RFC 1939 §5', states: TRANS, multiline: 'never' },
  { name: 'LIST', syntax: 'LIST [<msg>]', summary: 'The size of every message (multi-line), or of one.', rfc: 'RFC 1939 §5', states: TRANS, multiline: 'without-argument' },
  { name: 'RETR', syntax: 'RETR <msg>', summary: 'Retrieves a whole message (multi-line, byte-stuffed).', rfc: 'RFC 1939 §5', states: TRANS, multiline: 'always' },
  { name: 'DELE', syntax: 'DELE <msg>', summary: 'Marks a message as deleted; it goes at QUIT, and RSET unmarks it.', rfc: 'RFC 1939 §5', states: TRANS, multiline: 'never' },
  { name: 'NOOP', syntax: 'NOOP', summary: 'Does nothing; the server answers +OK.', rfc: 'RFC 1939 §5', states: TRANS, multiline: 'never' },
  { name: 'RSET', syntax: 'RSET', summary: 'Unmarks every message marked with DELE.', rfc: 'RFC 1939 §5', states: TRANS, multiline: 'never' },
  { name: 'TOP', syntax: 'TOP <msg> <n>', summary: 'The headers of a message and its first n body lines.', rfc: 'RFC 1939 §7', states: TRANS, multiline: 'always' },
  { name: 'UIDL', syntax: 'UIDL [<msg>]', summary: 'A unique id per message that stays the same across sessions (multi-line), or of one.', rfc: 'RFC 1939 §7', states: TRANS, multiline: 'without-argument' },
  {
    name: 'LAST',
    syntax: 'LAST',
    summary: 'Returned the highest message number accessed (RFC 1460).',
    rfc: 'RFC 1460 §4',
    multiline: 'never',
    retired: 'LAST was removed from POP3 by RFC 1725 and is not in RFC 1939, the current POP3: use UIDL to remember which messages you have seen (RFC 1939 §7)',
  },
  {
    name: 'RPOP',
    syntax: 'RPOP <user>',
    summary: 'Logged in by trusting the client\'s privileged port (RFC 1081).',
    rfc: 'RFC 1081',
    multiline: 'never',
    retired: 'RPOP was removed from POP3 by RFC 1460 and is not in RFC 1939: it trusted the client host and was insecure',
  },
];

const BY_NAME: ReadonlyMap<string, Pop3CommandInfo> = new Map(POP3_COMMANDS.map((c) => [c.name, c]));

/** Finds a command by name, case-insensitively. */
export function lookupPop3Command(name: string): Pop3CommandInfo | undefined {
  return BY_NAME.get(name.trim().toUpperCase());
}

/** Whether a +OK reply to this command line is multi-line (for clients reading responses). */
export function isMultilineReply(info: Pop3CommandInfo, args: string): boolean {
  if (info.multiline === 'always') return true;
  if (info.multiline === 'never') return false;
  return args.trim() === '';
}

/** The -ERR text for a command sent in the wrong state, saying what to do first. */
export function wrongStateText(info: Pop3CommandInfo, state: Pop3State): string {
  if (state === 'authorization') return `${info.name} needs a login first: USER <name> then PASS <password> (RFC 1939 §4)`;
  return `${info.name} is only valid before login; you are logged in already (RFC 1939 §3)`;
}
