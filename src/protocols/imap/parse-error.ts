/**
 * The one error the IMAP parser throws. Its message is meant for the learner and goes straight
 * into the BAD reply (`A1 BAD expected a mailbox name after SELECT`), so it says what was expected
 * and what was found, in one line of plain ASCII.
 */
export class ParseError extends Error {
  /** Stable machine-readable code (conventions.md 7). */
  readonly code = 'IMAP_SYNTAX';
  /** The command's tag when it could be read: reply `tag BAD ...`; otherwise `* BAD ...`. */
  readonly tag: string | undefined;
  /** The command name (uppercased, `UID FETCH` for UID commands) when it could be read. */
  readonly command: string | undefined;

  constructor(message: string, options: { tag?: string | undefined; command?: string | undefined } = {}) {
    super(oneLine(message));
    this.name = 'ParseError';
    this.tag = options.tag;
    this.command = options.command;
  }
}

/** Longest message put on the wire; user text quoted in it (a 64 KiB literal) is cut. */
const MAX_MESSAGE = 400;

/** The message goes into a reply line: no control characters, bounded length. */
function oneLine(message: string): string {
  const clean = message.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE - 3)}...` : clean;
}
