/**
 * A user-fixable error: shown as one line plus a "try ..." hint, no stack trace.
 * Everything that is not an AbortError is a bug and is shown with its stack.
 */
export class AbortError extends Error {
  /** Stable machine-readable code, e.g. `E_BAD_TARGET`. */
  readonly code: string;
  /** What the user can try next. */
  readonly tryMessage: string | undefined;
  /** Process exit status. */
  readonly exitCode: number;

  constructor(code: string, message: string, options: { tryMessage?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'AbortError';
    this.code = code;
    this.tryMessage = options.tryMessage;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Formats an AbortError as the single line users see on stderr. */
export function formatAbort(err: AbortError): string {
  return `mailproto: ${err.message}${err.tryMessage ? `. Try: ${err.tryMessage}` : ''}`;
}
