/**
 * The SMTP basic reply codes: what each means for a learner, what to do next, and where it is
 * defined. The server, the annotator, `:explain` and `mailproto explain` all read this table.
 *
 * RFC 5321 §4.2:
 *   Reply-code     = %x32-35 %x30-35 %x30-39
 * First digit: 2 positive completion, 3 positive intermediate, 4 transient negative completion,
 * 5 permanent negative completion. Second digit: 0 syntax, 1 information, 2 connections,
 * 3 and 4 unspecified, 5 mail system (RFC 5321 §4.2.1). A client that meets a code it does not
 * know acts on the first digit alone (RFC 5321 §4.2, §4.3.2), which is what `describeReplyCode`
 * reproduces for codes outside the table.
 */

export type ReplyCodeInfo = {
  /** One short sentence a learner understands. */
  readonly meaning: string;
  /** What to do next. */
  readonly next: string;
  /** Where it is defined, e.g. `RFC 5321 §4.2.2`. */
  readonly rfc: string;
};

const BASE = 'RFC 5321 §4.2.2';

/** Every code of RFC 5321 §4.2.2/§4.2.3 plus those added by RFC 3207, RFC 4954 and RFC 7504. */
export const SMTP_REPLY_CODES: Readonly<Record<number, ReplyCodeInfo>> = Object.freeze({
  211: {
    meaning: 'System status: the server reports on itself, usually in answer to HELP.',
    next: 'Read the text; it is meant for people. Carry on with your next command.',
    rfc: BASE,
  },
  214: {
    meaning: 'Help message: human-readable help, usually the answer to HELP.',
    next: 'Read it; HELP <command> may tell you more about one command.',
    rfc: BASE,
  },
  220: {
    meaning: 'Service ready: the server is listening (after STARTTLS: start the TLS handshake now).',
    next: 'Introduce yourself with EHLO <your-domain>; after a TLS handshake send EHLO again.',
    rfc: `${BASE}, §4.3.1; RFC 3207 §4`,
  },
  221: {
    meaning: 'Goodbye: the server is closing the connection, normally in answer to QUIT.',
    next: 'Nothing more to send on this connection; open a new one to continue.',
    rfc: `${BASE}, §4.1.1.10`,
  },
  235: {
    meaning: 'Authentication succeeded: you are logged in for the rest of this session.',
    next: 'Start a message with MAIL FROM:<your-address>.',
    rfc: 'RFC 4954 §6',
  },
  250: {
    meaning: 'OK: the requested action was completed.',
    next: 'Go on: after MAIL send RCPT TO, after RCPT more RCPT or DATA; after the final "." the message is accepted.',
    rfc: BASE,
  },
  251: {
    meaning: 'User not local: the server accepts the recipient and will forward to the address it names.',
    next: 'Nothing to fix; you may use the address from the reply text next time.',
    rfc: `${BASE}, §3.4`,
  },
  252: {
    meaning: 'Cannot verify the user, but the server will accept mail for it and try to deliver.',
    next: 'VRFY gave no answer; just send the message with MAIL FROM and RCPT TO.',
    rfc: `${BASE}, §3.5.3`,
  },
  334: {
    meaning: 'Authentication challenge: the server waits for your next AUTH line; its text is base64.',
    next: 'Decode the text (:unb64), answer with one base64 line, or send * to cancel the exchange.',
    rfc: 'RFC 4954 §4',
  },
  354: {
    meaning: 'Start mail input: send the message now (header fields, an empty line, the body).',
    next: 'End it with a line holding only "."; a line that starts with "." gets one more "." (dot-stuffing).',
    rfc: `${BASE}, §4.1.1.4, §4.5.2`,
  },
  421: {
    meaning: 'Service not available: the server is closing the connection (shutdown, overload or timeout).',
    next: 'Reconnect later; a mail server retries queued mail by itself.',
    rfc: `${BASE}, §3.8`,
  },
  432: {
    meaning: 'Password transition needed: this mechanism works only after one login with PLAIN.',
    next: 'Authenticate once with AUTH PLAIN over TLS, then use the mechanism you wanted.',
    rfc: 'RFC 4954 §6',
  },
  450: {
    meaning: 'Mailbox unavailable for now: busy, or blocked by a temporary policy such as greylisting.',
    next: 'Send the same command again later, unchanged.',
    rfc: BASE,
  },
  451: {
    meaning: 'Local error in processing: the server hit a temporary problem and aborted the action.',
    next: 'Try again later; if it keeps happening, the server administrator has to look at it.',
    rfc: BASE,
  },
  452: {
    meaning: 'Insufficient system storage: the server is short of space, or has all the recipients it takes.',
    next: 'Try again later; after RCPT, send the remaining recipients in another transaction.',
    rfc: `${BASE}, §4.5.3.1.10`,
  },
  454: {
    meaning: 'Temporary failure: TLS is not available right now, or authentication failed on the server side.',
    next: 'Try again later; never fall back to sending a password without TLS.',
    rfc: 'RFC 3207 §4; RFC 4954 §6',
  },
  455: {
    meaning: 'Server unable to accommodate parameters: it cannot handle a MAIL or RCPT parameter right now.',
    next: 'Try again later, or send the command without that parameter.',
    rfc: `${BASE}, §4.1.1.11`,
  },
  500: {
    meaning: 'Syntax error, command unrecognized: the server did not understand the line (or it was too long).',
    next: 'Check the spelling of the command; HELP lists the commands the server knows.',
    rfc: `${BASE}; RFC 4954 §6`,
  },
  501: {
    meaning: 'Syntax error in parameters or arguments: the command is known, its arguments are wrong.',
    next: 'Check the syntax, e.g. MAIL FROM:<alice@example.org> with the angle brackets and no space after the colon.',
    rfc: `${BASE}, §4.3.2`,
  },
  502: {
    meaning: 'Command not implemented: the server knows the command but does not offer it.',
    next: 'Use another command; the EHLO reply lists what this server offers.',
    rfc: `${BASE}, §4.2.4`,
  },
  503: {
    meaning: 'Bad sequence of commands: this command is not allowed at this point of the session.',
    next: 'Send what has to come first (EHLO, then MAIL FROM, then RCPT TO, then DATA); the text usually says which.',
    rfc: `${BASE}, §4.1.4`,
  },
  504: {
    meaning: 'Command parameter not implemented: the server does not support the parameter you gave.',
    next: 'Choose another parameter; for AUTH, pick a mechanism listed in the EHLO reply.',
    rfc: `${BASE}; RFC 4954 §4`,
  },
  521: {
    meaning: 'This host does not accept mail at all.',
    next: 'Do not retry here; find the mail servers of the domain (its MX records).',
    rfc: 'RFC 7504',
  },
  530: {
    meaning: 'Authentication required (or TLS first): log in, or start TLS, before this command.',
    next: 'Send STARTTLS if it is offered, then EHLO and AUTH, then repeat the command.',
    rfc: 'RFC 4954 §6; RFC 3207 §4',
  },
  534: {
    meaning: 'Authentication mechanism is too weak for this user under the server\'s policy.',
    next: 'Run AUTH again with a stronger mechanism from the EHLO AUTH list.',
    rfc: 'RFC 4954 §6',
  },
  535: {
    meaning: 'Authentication credentials invalid: the user name or the password is wrong.',
    next: 'Check the user name, the password and their base64 encoding, then try AUTH again.',
    rfc: 'RFC 4954 §6',
  },
  538: {
    meaning: 'Encryption required: this authentication mechanism may only be used over TLS.',
    next: 'Send STARTTLS, then EHLO and AUTH again.',
    rfc: 'RFC 4954 §6',
  },
  550: {
    meaning: 'Mailbox unavailable: the action was refused for this mailbox (no such user, no access, or policy).',
    next: 'Check the address; the text and the enhanced code say why. Do not resend unchanged.',
    rfc: BASE,
  },
  551: {
    meaning: 'User not local: the server will not forward; the text names the address to try instead.',
    next: 'Send to the address given in the reply text.',
    rfc: `${BASE}, §3.4`,
  },
  552: {
    meaning: 'Exceeded storage allocation: the message is too big, or the mailbox is over its quota.',
    next: 'Send a smaller message (compare with SIZE in the EHLO reply) or reach the recipient another way.',
    rfc: BASE,
  },
  553: {
    meaning: 'Mailbox name not allowed: the address is not valid syntax, or may not be used.',
    next: 'Fix the address: local-part@domain inside angle brackets.',
    rfc: BASE,
  },
  554: {
    meaning: 'Transaction failed; as the first reply on a connection it means "no SMTP service here".',
    next: 'Do not resend unchanged; read the text, it often names a policy or spam rejection.',
    rfc: BASE,
  },
  555: {
    meaning: 'MAIL FROM or RCPT TO parameters not recognized or not implemented.',
    next: 'Remove the parameter, or use only parameters the EHLO reply advertises.',
    rfc: `${BASE}, §4.1.1.11`,
  },
  556: {
    meaning: 'Domain does not accept mail: the recipient\'s domain says (e.g. with a null MX) that it takes none.',
    next: 'This address cannot receive mail; reach the recipient another way.',
    rfc: 'RFC 7504; RFC 7505',
  },
});

/** Reply-code = %x32-35 %x30-35 %x30-39 (RFC 5321 §4.2). */
export function isValidReplyCode(code: number): boolean {
  if (!Number.isInteger(code) || code < 200 || code > 559) return false;
  return Math.floor(code / 10) % 10 <= 5;
}

export type ReplyDigitInfo = {
  readonly digit: number;
  readonly name: string;
  readonly meaning: string;
};

/** First digit: whether the reply is good, bad or incomplete (RFC 5321 §4.2.1). */
export const REPLY_SEVERITIES: Readonly<Record<number, ReplyDigitInfo & { readonly next: string }>> = Object.freeze({
  2: {
    digit: 2,
    name: 'Positive completion',
    meaning: 'the action succeeded and a new command may follow',
    next: 'Carry on with the next command.',
  },
  3: {
    digit: 3,
    name: 'Positive intermediate',
    meaning: 'accepted so far; the server waits for more from you (message data, an AUTH response)',
    next: 'Send what the server is waiting for.',
  },
  4: {
    digit: 4,
    name: 'Transient negative completion',
    meaning: 'it failed this time, but the same command may succeed later',
    next: 'Try the same command again later, unchanged.',
  },
  5: {
    digit: 5,
    name: 'Permanent negative completion',
    meaning: 'it failed, and repeating the exact same command will fail again',
    next: 'Change something (address, syntax, credentials) before trying again.',
  },
});

/** Second digit: the category of the reply (RFC 5321 §4.2.1). */
export const REPLY_CATEGORIES: Readonly<Record<number, ReplyDigitInfo>> = Object.freeze({
  0: { digit: 0, name: 'Syntax', meaning: 'about syntax, or a command that is unknown, superfluous or not implemented' },
  1: { digit: 1, name: 'Information', meaning: 'an answer to a request for information such as status or help' },
  2: { digit: 2, name: 'Connections', meaning: 'about the transmission channel (the connection)' },
  3: { digit: 3, name: 'Unspecified', meaning: 'a category RFC 5321 leaves unspecified (extensions such as AUTH use it)' },
  4: { digit: 4, name: 'Unspecified', meaning: 'a category RFC 5321 leaves unspecified' },
  5: { digit: 5, name: 'Mail system', meaning: 'about the receiving mail system and the requested mail action' },
});

/**
 * Describes a reply code by its digits alone, the way RFC 5321 §4.2 asks clients to read codes
 * they do not know. Returns undefined when the code is not a valid SMTP reply code.
 */
export function describeReplyCode(code: number): ReplyCodeInfo | undefined {
  if (!isValidReplyCode(code)) return undefined;
  const severity = REPLY_SEVERITIES[Math.floor(code / 100)];
  const category = REPLY_CATEGORIES[Math.floor(code / 10) % 10];
  if (!severity || !category) return undefined;
  return {
    meaning: `${severity.name}: ${severity.meaning}; category ${category.name.toLowerCase()}: ${category.meaning}.`,
    next: severity.next,
    rfc: 'RFC 5321 §4.2.1',
  };
}

/** The table entry for a code, or its description by digits when the table has none. */
export function explainReplyCode(code: number): (ReplyCodeInfo & { readonly known: boolean }) | undefined {
  const known = SMTP_REPLY_CODES[code];
  if (known) return { ...known, known: true };
  const described = describeReplyCode(code);
  return described ? { ...described, known: false } : undefined;
}
