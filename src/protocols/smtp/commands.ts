/**
 * The SMTP command catalog as data: syntax, meaning, RFC, the session states a command is allowed
 * in, and its usual replies. The sandbox server dispatches from it (state check once, for every
 * command), the annotator explains from it, and `:help` and tab completion list it.
 *
 * RFC 5321 §4.1.4 (order of commands): a session with mail transactions starts with EHLO; MAIL
 * opens a transaction, then one or more RCPT, then DATA; RSET, a new EHLO or QUIT abort it.
 * NOOP, HELP, EXPN, VRFY and RSET may be used at any time, even before EHLO. Commands out of
 * order get 503 and the server stays in the same state.
 */

/**
 * Where an SMTP session is:
 * - `connected`: greeted by the server, the client has not sent HELO/EHLO yet;
 * - `greeted`: after HELO/EHLO, no mail transaction open;
 * - `mail`: after a successful MAIL FROM;
 * - `rcpt`: after at least one successful RCPT TO.
 */
export type SmtpState = 'connected' | 'greeted' | 'mail' | 'rcpt';

export const SMTP_STATES: readonly SmtpState[] = Object.freeze(['connected', 'greeted', 'mail', 'rcpt']);

export type SmtpCommandReplies = {
  /** Replies that ask for more (354 after DATA, 334 during AUTH). */
  readonly intermediate?: readonly number[];
  readonly success: readonly number[];
  readonly error: readonly number[];
};

export type SmtpCommandInfo = {
  /** Upper-case command verb. */
  readonly name: string;
  /** Syntax as a learner types it; `<...>` is a placeholder, `[...]` optional. */
  readonly syntax: string;
  readonly summary: string;
  readonly rfc: string;
  /** States the command is accepted in. Absent for historic commands, which the sandbox does not implement. */
  readonly states?: readonly SmtpState[];
  /** Usual replies (RFC 5321 §4.3.2 and the extension's RFC). */
  readonly replies?: SmtpCommandReplies;
  /** A command of RFC 821 that later RFCs retired. */
  readonly historic?: boolean;
  /** Which RFC retired it, and why. Present when `historic`. */
  readonly retired?: string;
};

const ANY = SMTP_STATES;
const GREETED: readonly SmtpState[] = Object.freeze(['greeted']);
const IN_TRANSACTION: readonly SmtpState[] = Object.freeze(['mail', 'rcpt']);
const AFTER_RCPT: readonly SmtpState[] = Object.freeze(['rcpt']);

export const SMTP_COMMANDS: readonly SmtpCommandInfo[] = Object.freeze([
  {
    name: 'HELO',
    syntax: 'HELO <domain>',
    summary: 'Old-style greeting: names the client, but asks for no extensions. Prefer EHLO.',
    rfc: 'RFC 5321 §4.1.1.1, Appendix F.3',
    states: ANY,
    replies: { success: [250], error: [504, 550, 502] },
  },
  {
    name: 'EHLO',
    syntax: 'EHLO <domain or [address-literal]>',
    summary: 'Greets the server, names the client and asks which extensions the server offers.',
    rfc: 'RFC 5321 §4.1.1.1',
    states: ANY,
    replies: { success: [250], error: [504, 550, 502] },
  },
  {
    name: 'MAIL',
    syntax: 'MAIL FROM:<reverse-path> [parameters]',
    summary: 'Opens a mail transaction and gives the sender (bounce) address; <> is the null sender.',
    rfc: 'RFC 5321 §4.1.1.2',
    states: GREETED,
    replies: { success: [250], error: [552, 451, 452, 550, 553, 503, 455, 555] },
  },
  {
    name: 'RCPT',
    syntax: 'RCPT TO:<forward-path> [parameters]',
    summary: 'Adds one recipient to the open transaction; repeat it for each recipient.',
    rfc: 'RFC 5321 §4.1.1.3',
    states: IN_TRANSACTION,
    replies: { success: [250, 251], error: [550, 551, 552, 553, 450, 451, 452, 503, 455, 555] },
  },
  {
    name: 'DATA',
    syntax: 'DATA',
    summary: 'Asks to send the message; after 354 send it and end with a line holding only ".".',
    rfc: 'RFC 5321 §4.1.1.4',
    states: AFTER_RCPT,
    replies: { intermediate: [354], success: [250], error: [552, 554, 451, 452, 450, 550, 503] },
  },
  {
    name: 'BDAT',
    syntax: 'BDAT <chunk-size> [LAST]',
    summary: 'Sends the message in chunks of exactly chunk-size octets (CHUNKING); LAST marks the final chunk.',
    rfc: 'RFC 3030 §2',
    states: AFTER_RCPT,
  },
  {
    name: 'RSET',
    syntax: 'RSET',
    summary: 'Aborts the open mail transaction; the session and the EHLO stay.',
    rfc: 'RFC 5321 §4.1.1.5',
    states: ANY,
    replies: { success: [250], error: [] },
  },
  {
    name: 'VRFY',
    syntax: 'VRFY <string>',
    summary: 'Asks whether a user name or mailbox exists (often disabled against address harvesting).',
    rfc: 'RFC 5321 §4.1.1.6',
    states: ANY,
    replies: { success: [250, 251, 252], error: [550, 551, 553, 502, 504] },
  },
  {
    name: 'EXPN',
    syntax: 'EXPN <string>',
    summary: 'Asks for the members of a mailing list (usually disabled).',
    rfc: 'RFC 5321 §4.1.1.7',
    states: ANY,
    replies: { success: [250, 252], error: [550, 500, 502, 504] },
  },
  {
    name: 'HELP',
    syntax: 'HELP [<command>]',
    summary: 'Asks for help, optionally about one command.',
    rfc: 'RFC 5321 §4.1.1.8',
    states: ANY,
    replies: { success: [211, 214], error: [502, 504] },
  },
  {
    name: 'NOOP',
    syntax: 'NOOP [<string>]',
    summary: 'Does nothing; the server answers 250 OK (keeps a connection alive, or tests it).',
    rfc: 'RFC 5321 §4.1.1.9',
    states: ANY,
    replies: { success: [250], error: [] },
  },
  {
    name: 'QUIT',
    syntax: 'QUIT',
    summary: 'Ends the session; the server answers 221 and closes the connection.',
    rfc: 'RFC 5321 §4.1.1.10',
    states: ANY,
    replies: { success: [221], error: [] },
  },
  {
    name: 'STARTTLS',
    syntax: 'STARTTLS',
    summary: 'Upgrades the connection to TLS; after the handshake the client sends EHLO again.',
    rfc: 'RFC 3207 §4',
    states: GREETED,
    replies: { success: [220], error: [501, 454] },
  },
  {
    name: 'AUTH',
    syntax: 'AUTH <mechanism> [<initial-response>]',
    summary: 'Logs in with a SASL mechanism (PLAIN, LOGIN, ...); 334 challenges until 235 or an error.',
    rfc: 'RFC 4954 §4',
    states: GREETED,
    replies: { intermediate: [334], success: [235], error: [432, 454, 500, 501, 503, 504, 530, 534, 535, 538] },
  },
  {
    name: 'SEND',
    syntax: 'SEND FROM:<reverse-path>',
    summary: 'Delivers the message to the user\'s terminal instead of the mailbox.',
    rfc: 'RFC 821 §4.1.1',
    historic: true,
    retired: 'Retired by RFC 5321 Appendix F.6: rarely implemented; clients SHOULD NOT offer SEND, SAML or SOML.',
  },
  {
    name: 'SOML',
    syntax: 'SOML FROM:<reverse-path>',
    summary: 'Send Or MaiL: to the user\'s terminal if they are logged in, otherwise to the mailbox.',
    rfc: 'RFC 821 §4.1.1',
    historic: true,
    retired: 'Retired by RFC 5321 Appendix F.6: rarely implemented; clients SHOULD NOT offer SEND, SAML or SOML.',
  },
  {
    name: 'SAML',
    syntax: 'SAML FROM:<reverse-path>',
    summary: 'Send And MaiL: to the user\'s terminal and to the mailbox.',
    rfc: 'RFC 821 §4.1.1',
    historic: true,
    retired: 'Retired by RFC 5321 Appendix F.6: rarely implemented; clients SHOULD NOT offer SEND, SAML or SOML.',
  },
  {
    name: 'TURN',
    syntax: 'TURN',
    summary: 'Swaps the client and server roles on the same connection.',
    rfc: 'RFC 821 §4.1.1',
    historic: true,
    retired: 'Deprecated by RFC 5321 Appendix F.1: without strong authentication it lets anyone divert mail.',
  },
] satisfies SmtpCommandInfo[]);

const BY_NAME: ReadonlyMap<string, SmtpCommandInfo> = new Map(SMTP_COMMANDS.map((c) => [c.name, c]));

/** Finds a command by name, case-insensitively (`rcpt`, `Rcpt`, `RCPT`). */
export function lookupSmtpCommand(name: string): SmtpCommandInfo | undefined {
  return BY_NAME.get(name.trim().toUpperCase());
}

/** Whether the command may be sent in this state. Historic commands are allowed in none. */
export function isCommandAllowed(command: SmtpCommandInfo, state: SmtpState): boolean {
  return command.states?.includes(state) ?? false;
}

/** A 503 reply value; structurally a one-line SMTP reply (`{ code, enhanced, lines }`). */
export type SequenceErrorReply = {
  readonly code: 503;
  readonly enhanced: '5.5.1';
  readonly lines: readonly [string];
};

/**
 * The 503 reply for a command sent out of order, saying what was expected first; undefined when
 * the command is allowed in this state or is historic (the server answers those with 502).
 * 5.5.1 "Invalid command" is the enhanced code RFC 3463 §3.6 gives to out-of-sequence commands.
 */
export function sequenceError(command: SmtpCommandInfo, state: SmtpState): SequenceErrorReply | undefined {
  if (!command.states || command.states.includes(state)) return undefined;
  const text = sequenceErrorText(command.name, state);
  return { code: 503, enhanced: '5.5.1', lines: [text] };
}

function sequenceErrorText(name: string, state: SmtpState): string {
  if (state === 'connected') {
    return `EHLO first: introduce yourself with EHLO <your-domain> before ${name}`;
  }
  switch (name) {
    case 'MAIL':
      return 'Nested MAIL: a transaction is already open; finish it with DATA or abort it with RSET';
    case 'RCPT':
      return 'MAIL first: send MAIL FROM:<address> before RCPT';
    case 'DATA':
    case 'BDAT':
      return state === 'greeted'
        ? `MAIL first: send MAIL FROM:<address> and RCPT TO:<address> before ${name}`
        : `RCPT first: send RCPT TO:<address> before ${name}`;
    default:
      // STARTTLS and AUTH: not inside a mail transaction (RFC 4954 §4).
      return `Not inside a mail transaction: finish it with DATA or abort it with RSET before ${name}`;
  }
}
