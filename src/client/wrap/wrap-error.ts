/** A user-fixable reason `mailproto wrap` could not run the tool: one line, a "try" hint, an exit status. */

export type WrapErrorCode = 'E_NO_TOOL' | 'E_FILE' | 'E_SPAWN';

/** Exit status when the tool is not installed (as shells say 127 for "command not found"). */
export const EXIT_NO_TOOL = 127;

export class WrapError extends Error {
  readonly code: WrapErrorCode;
  readonly tryMessage: string | undefined;
  readonly exitCode: number;

  constructor(code: WrapErrorCode, message: string, opts: { tryMessage?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'WrapError';
    this.code = code;
    this.tryMessage = opts.tryMessage;
    this.exitCode = opts.exitCode ?? 1;
  }
}
