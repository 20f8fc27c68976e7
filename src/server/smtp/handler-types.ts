import type { SmtpReply } from '../../protocols/smtp/reply.js';
import type { SmtpSession } from './session.js';

/** What a command handler asks the session to do after writing its reply. */
export type After =
  /** Upgrade to TLS (STARTTLS's 220 has been written). */
  | 'starttls'
  /** Read the message (DATA's 354 has been written). */
  | 'data';

/** A reply, maybe followed by an action. */
export type Outcome = SmtpReply & { readonly after?: After };

/** A SASL exchange in progress: the next client line goes here instead of to a command. */
export type SaslStep = (line: string) => Promise<HandlerResult> | HandlerResult;

/** What a handler returns. */
export type HandlerResult =
  | Outcome
  /** A 334 challenge; the client's answer goes to `next`. */
  | { readonly kind: 'sasl'; readonly challenge: SmtpReply; readonly next: SaslStep }
  /** BDAT: read `size` octets, then `complete` gives the reply. */
  | {
      readonly kind: 'bdat';
      readonly size: number;
      readonly keep: boolean;
      readonly complete: (chunk: Buffer) => Promise<Outcome> | Outcome;
    };

export type CommandHandler = (session: SmtpSession, args: string) => HandlerResult | Promise<HandlerResult>;
