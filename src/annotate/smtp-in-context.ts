/**
 * What an SMTP reply means after the command it answers: 250 after MAIL opens a transaction,
 * after RCPT adds a recipient, after the final "." accepts the message (RFC 5321 §4.1.1, §4.3.2).
 * Keys are `VERB code` or `VERB Nxx` (a whole class); `GREETING` is the line sent on connect,
 * `*` any command or none. The first key found wins: `RCPT 550`, then `* 503`, then `RCPT 5xx`.
 */

export type SmtpInContext = {
  /** What happened, in words; for failures the code's or enhanced code's meaning follows. */
  readonly meaning: string;
  readonly rfc: string;
};

const S = 'RFC 5321';

export const SMTP_IN_CONTEXT: Readonly<Record<string, SmtpInContext>> = Object.freeze({
  'GREETING 220': { meaning: 'Service ready: the server is listening. Introduce yourself with EHLO <your-domain>.', rfc: `${S} §4.2, §4.3.1` },
  'GREETING 554': { meaning: 'No SMTP service here: the server refuses this connection and will answer every command with 503.', rfc: `${S} §3.1, §4.3.1` },
  'GREETING 4xx': { meaning: 'The server cannot take you now and is closing the connection.', rfc: `${S} §3.1, §4.3.1` },
  'HELO 250': { meaning: 'Hello accepted. HELO is the old greeting and lists no extensions (EHLO does). Next: MAIL FROM:<you@example.org>.', rfc: `${S} §4.1.1.1` },
  'EHLO 5xx': { meaning: 'Greeting refused.', rfc: `${S} §4.1.1.1` },
  'HELO 5xx': { meaning: 'Greeting refused.', rfc: `${S} §4.1.1.1` },
  'MAIL 250': { meaning: 'Sender accepted: the mail transaction is open. Next: RCPT TO:<recipient>, once per recipient.', rfc: `${S} §3.3, §4.1.1.2` },
  'MAIL 4xx': { meaning: 'Sender not accepted for now: no transaction was opened.', rfc: `${S} §4.1.1.2` },
  'MAIL 5xx': { meaning: 'Sender refused: no transaction was opened.', rfc: `${S} §4.1.1.2` },
  'RCPT 250': { meaning: 'Recipient accepted. Add more with RCPT TO:<address>, or send DATA to give the message.', rfc: `${S} §3.3, §4.1.1.3` },
  'RCPT 251': { meaning: 'Recipient accepted; the server will forward to the address it names. Next: more RCPT TO, or DATA.', rfc: `${S} §3.4, §4.1.1.3` },
  'RCPT 4xx': { meaning: 'Recipient not accepted for now; the recipients accepted so far stay.', rfc: `${S} §4.1.1.3` },
  'RCPT 5xx': { meaning: 'Recipient refused: this address will not get the message; the recipients accepted so far stay.', rfc: `${S} §4.1.1.3` },
  'DATA 354': {
    meaning: 'Send the message now: header fields, an empty line, the body. End with a line holding only "."; mailproto doubles a leading "." on other lines for you.',
    rfc: `${S} §4.1.1.4, §4.5.2`,
  },
  'DATA 250': { meaning: 'Message accepted: the server has taken over the responsibility of delivering it. Start another with MAIL FROM, or QUIT.', rfc: `${S} §4.1.1.4, §6.1` },
  'DATA 4xx': { meaning: 'The message was not accepted this time; nothing was stored.', rfc: `${S} §4.1.1.4` },
  'DATA 5xx': { meaning: 'The message was refused; it will not be delivered.', rfc: `${S} §4.1.1.4` },
  'BDAT 250': { meaning: 'Chunk received; after the chunk marked LAST this reply means the whole message was accepted.', rfc: 'RFC 3030 §2' },
  'BDAT 5xx': { meaning: 'BDAT refused: the chunk and the message so far are discarded.', rfc: 'RFC 3030 §2' },
  'RSET 250': { meaning: 'Transaction reset: the sender and the recipients are forgotten; start again with MAIL FROM.', rfc: `${S} §4.1.1.5` },
  'NOOP 250': { meaning: 'Nothing done, as asked: the connection is alive.', rfc: `${S} §4.1.1.9` },
  'VRFY 250': { meaning: 'The user exists; the text names the mailbox.', rfc: `${S} §3.5.3, §4.1.1.6` },
  'VRFY 251': { meaning: 'The user is not local; the text names where mail for it goes.', rfc: `${S} §3.5.3, §4.1.1.6` },
  'VRFY 252': { meaning: 'The server will not say whether the user exists, but would accept mail for it.', rfc: `${S} §3.5.3` },
  'VRFY 5xx': { meaning: 'VRFY found no such user, or is refused here.', rfc: `${S} §3.5.3, §4.1.1.6` },
  'EXPN 250': { meaning: 'The members of the mailing list follow, one per line.', rfc: `${S} §3.5.2, §4.1.1.7` },
  'EXPN 5xx': { meaning: 'EXPN found no such list, or is refused here.', rfc: `${S} §3.5.2, §4.1.1.7` },
  'HELP 214': { meaning: 'Help for people: read it, then carry on.', rfc: `${S} §4.1.1.8` },
  'QUIT 221': { meaning: 'Goodbye: the server closes the connection now.', rfc: `${S} §4.1.1.10` },
  'STARTTLS 220': {
    meaning: 'Go ahead with TLS: the TLS handshake starts now. Afterwards send EHLO again; the server forgets what was said before TLS.',
    rfc: 'RFC 3207 §4, §4.2',
  },
  'STARTTLS 4xx': { meaning: 'TLS is not available right now; do not send a password without it.', rfc: 'RFC 3207 §4' },
  'STARTTLS 5xx': { meaning: 'STARTTLS refused.', rfc: 'RFC 3207 §4' },
  'AUTH 235': { meaning: 'Logged in: you are authenticated for the rest of this session. Next: MAIL FROM:<your-address>.', rfc: 'RFC 4954 §4, §6' },
  'AUTH 4xx': { meaning: 'Login failed for now (a temporary problem on the server side).', rfc: 'RFC 4954 §6' },
  'AUTH 5xx': { meaning: 'Login failed.', rfc: 'RFC 4954 §4, §6' },
  '* 421': { meaning: 'The server is closing the connection.', rfc: `${S} §3.8, §4.2.2` },
  '* 503': { meaning: 'Wrong order: this command is not allowed at this point of the session.', rfc: `${S} §4.1.4` },
  '* 500': { meaning: 'The server did not understand the command.', rfc: `${S} §4.2.2, §4.2.4` },
});

/** The entry for a reply to `verb` (`GREETING` for the line sent on connect). */
export function smtpInContext(verb: string, code: number): SmtpInContext | undefined {
  const cls = `${Math.floor(code / 100)}xx`;
  return SMTP_IN_CONTEXT[`${verb} ${code}`] ?? SMTP_IN_CONTEXT[`* ${code}`] ?? SMTP_IN_CONTEXT[`${verb} ${cls}`];
}
