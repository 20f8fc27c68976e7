/**
 * What IMAP command handlers return: the tagged completion as a value, with the untagged
 * responses that go before it. The session is the one place that writes them (conventions.md 3).
 */
import type { CommandOf, ImapCommandName } from '../../protocols/imap/command-types.js';
import type { ImapResponse, ResponseCode, TaggedStatus } from '../../protocols/imap/response.js';
import type { ImapSession } from './session.js';

/** The tagged completion of a command, without its tag. */
export type Reply = {
  readonly status: TaggedStatus;
  readonly code?: ResponseCode | undefined;
  readonly text: string;
};

export type Outcome = Reply & {
  /** Untagged responses, written in order before the pending mailbox updates and the tagged reply. */
  readonly untagged?: readonly ImapResponse[];
  /**
   * What the session does once the reply is written: upgrade to TLS, close after LOGOUT, or enter
   * IDLE (then the reply waits for DONE and `+ idling` is written instead).
   */
  readonly after?: 'starttls' | 'logout' | 'idle';
  /** A failed login: counts toward the limit of bad commands before login (security.md 19). */
  readonly failedLogin?: boolean;
};

/** The next AUTHENTICATE response line goes here (RFC 3501 §6.2.2). */
export type SaslStep = (line: string) => HandlerResult | Promise<HandlerResult>;

export type SaslChallenge = {
  readonly kind: 'sasl';
  /** Base64 challenge written as `+ challenge`; `''` writes a bare `+ `. */
  readonly challenge: string;
  readonly next: SaslStep;
};

export type HandlerResult = Outcome | SaslChallenge;

export type CommandHandler<N extends ImapCommandName> = (
  session: ImapSession,
  command: CommandOf<N>,
) => HandlerResult | Promise<HandlerResult>;

export function ok(text: string, code?: ResponseCode, untagged?: readonly ImapResponse[]): Outcome {
  return { status: 'OK', code, text, untagged };
}

export function no(text: string, code?: ResponseCode): Outcome {
  return { status: 'NO', code, text };
}

export function bad(text: string, code?: ResponseCode): Outcome {
  return { status: 'BAD', code, text };
}
