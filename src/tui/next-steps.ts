/**
 * "What to try next" for each protocol state: the commands a newcomer would type now, with a
 * word on why. Shown in the hint line when the input is empty and at the end of the detail pane.
 * For sandbox targets the examples use the sandbox's accounts (design.md: alice and bob,
 * password "password", domain sandbox.test).
 */
import type { SessionFacts } from '../annotate/context.js';

export type NextStep = { readonly command: string; readonly why: string };

export type NextStepOptions = {
  /** The target is the built-in sandbox: examples can name its users. */
  readonly sandbox: boolean;
  /** Messages known to be there (IMAP EXISTS, POP3 STAT). */
  readonly messages?: number;
};

const SANDBOX_DOMAIN = 'sandbox.test';

/** Suggestions for the session's current state, best first. */
export function nextSteps(facts: SessionFacts | undefined, opts: NextStepOptions): NextStep[] {
  if (!facts) return [];
  const user = opts.sandbox ? 'alice' : 'USER';
  const pass = opts.sandbox ? 'password' : 'PASSWORD';
  const from = opts.sandbox ? `alice@${SANDBOX_DOMAIN}` : 'you@example.org';
  const to = opts.sandbox ? `bob@${SANDBOX_DOMAIN}` : 'someone@example.org';
  const tls = !facts.secure && facts.capabilities.some((c) => c === 'STARTTLS' || c === 'STLS');
  const secure: NextStep[] = tls ? [{ command: ':starttls', why: 'encrypt the connection first' }] : [];
  const some = opts.messages === undefined || opts.messages > 0;
  switch (facts.protocol) {
    case 'smtp':
      switch (facts.state) {
        case 'connected':
          return [{ command: 'EHLO localhost', why: 'introduce yourself; the reply lists the extensions' }];
        case 'greeted':
          return [{ command: `MAIL FROM:<${from}>`, why: 'start a message: who sends it' }, ...secure, { command: 'QUIT', why: 'end the session' }];
        case 'mail':
          return [{ command: `RCPT TO:<${to}>`, why: 'who receives it (one RCPT per recipient)' }, { command: 'RSET', why: 'abandon this message' }];
        case 'rcpt':
          return [{ command: 'DATA', why: 'then type the message; a line with only "." sends it' }, { command: `RCPT TO:<${from}>`, why: 'add another recipient' }];
        case 'data':
          return [
            { command: 'Subject: hello', why: 'header lines first, then an empty line, then the body' },
            { command: '.', why: 'a line with only "." ends the message and sends it' },
          ];
        default:
          return [];
      }
    case 'pop3':
      if (facts.state === 'authorization') return [{ command: `USER ${user}`, why: 'name the mailbox, then PASS' }, { command: `PASS ${pass}`, why: 'the password (after USER)' }, ...secure];
      return [
        { command: 'STAT', why: 'how many messages, how many octets' },
        { command: 'LIST', why: 'the size of each message' },
        ...(some ? [{ command: 'RETR 1', why: 'download message 1' }] : []),
        { command: 'QUIT', why: 'end (messages marked with DELE go now)' },
      ];
    case 'imap':
      switch (facts.state) {
        case 'not-authenticated':
          return [{ command: `LOGIN ${user} ${pass}`, why: 'log in (the tag is added for you)' }, ...secure];
        case 'authenticated':
          return [{ command: 'SELECT INBOX', why: 'open the inbox' }, { command: 'LIST "" "*"', why: 'see every mailbox' }];
        case 'selected':
          return some
            ? [
                { command: 'FETCH 1 (FLAGS ENVELOPE)', why: 'who sent message 1, its subject, its flags' },
                { command: 'FETCH 1 BODY[]', why: 'the whole message' },
                { command: 'SEARCH UNSEEN', why: 'which messages are unread' },
                { command: 'LOGOUT', why: 'end the session' },
              ]
            : [{ command: 'NOOP', why: 'ask for news (new mail shows up as * N EXISTS)' }, { command: 'LOGOUT', why: 'end the session' }];
        default:
          return [];
      }
  }
}
