import { quoteInput } from './escape.js';

/** Stable codes for input the annotator cannot explain. */
export type ExplainErrorCode =
  | 'E_EMPTY_INPUT'
  | 'E_MULTIPLE_LINES'
  | 'E_NOT_A_REPLY'
  | 'E_BAD_REPLY_CODE'
  | 'E_BAD_ENHANCED_CODE'
  | 'E_UNKNOWN_PROTOCOL';

/** The example every "try" hint points to. */
export const EXPLAIN_EXAMPLE = 'mailproto explain 550 5.1.1';

/**
 * Input that is not a reply the annotator knows. A user error, not a bug: the CLI turns it into an
 * AbortError; the TUI shows the message.
 */
export class ExplainError extends Error {
  readonly code: ExplainErrorCode;
  /** The offending input. */
  readonly input: string;
  /** What the user can try next. */
  readonly tryMessage: string;

  constructor(code: ExplainErrorCode, message: string, input: string, tryMessage = EXPLAIN_EXAMPLE) {
    super(message);
    this.name = 'ExplainError';
    this.code = code;
    this.input = input;
    this.tryMessage = tryMessage;
  }
}

/** The error for input that matches no explainer at all. */
export function notAReply(input: string): ExplainError {
  return new ExplainError('E_NOT_A_REPLY', `not a reply code I know: ${quoteInput(input)}`, input);
}
