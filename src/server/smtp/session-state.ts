import type { SmtpPath } from '../../protocols/smtp/paths.js';

/** A recipient accepted by RCPT, resolved against the sandbox. */
export type Recipient =
  /** Local users (one for a mailbox, several for a list such as class@). */
  | { readonly kind: 'local'; readonly address: string; readonly users: readonly string[] }
  /** Outside the sandbox domain: kept in the sandbox, never relayed. */
  | { readonly kind: 'held'; readonly address: string };

/** The mail transaction between MAIL and the end of DATA/BDAT LAST (RFC 5321 §3.3). */
export type Transaction = {
  readonly from: SmtpPath;
  readonly params: ReadonlyMap<string, string | undefined>;
  readonly recipients: Recipient[];
  /** BDAT chunks received so far (RFC 3030). */
  bdat?: { readonly parts: Buffer[]; size: number; overflow: boolean };
};

export type SmtpSessionState = {
  /** The client's HELO/EHLO name; undefined until it has introduced itself (again after STARTTLS). */
  heloName: string | undefined;
  /** True after EHLO (extensions in force), false after HELO. */
  esmtp: boolean;
  authUser: string | undefined;
  transaction: Transaction | undefined;
  badCommands: number;
};

export function initialState(): SmtpSessionState {
  return { heloName: undefined, esmtp: false, authUser: undefined, transaction: undefined, badCommands: 0 };
}
