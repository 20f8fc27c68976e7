/**
 * IMAP server framing (RFC 3501 §4.3, §7.5): a response is a line, and a line that ends in a
 * literal `{n}` (or `~{n}`, RFC 3516) is followed by exactly n octets and then the rest of the
 * response on further lines. Literal content is shown as lines but counted in octets.
 *
 *   literal  = "{" number "}" CRLF *CHAR8
 */
import { ClientError } from '../errors.js';
import { EXIT } from '../events.js';
import { MAX_SERVER_LITERAL } from '../limits.js';
import { LineReader, type ServerLine } from './line-reader.js';

export type ImapItem = {
  readonly line: ServerLine;
  /** The first line of a response (tagged, untagged or continuation). */
  readonly start: boolean;
  /** Literal content (message text, usually). */
  readonly literal: boolean;
  /** The response is complete after this line. */
  readonly end: boolean;
};

const LITERAL_AT_END = /~?\{(\d+)\}$/;

export function literalTooBig(announced: string, limit: number): ClientError {
  return new ClientError('E_LITERAL_TOO_BIG', `the server announced a literal of ${announced} octets, over the client's limit of ${limit}; the session was ended to keep memory bounded`, {
    exitCode: EXIT.serverClosed,
  });
}

export class ImapReader {
  private literalLeft = 0;
  /** The next line continues the current response (it follows a literal). */
  private continuing = false;

  constructor(
    private readonly lines: LineReader,
    private readonly maxLiteral = MAX_SERVER_LITERAL,
  ) {}

  /**
   * The next item, or undefined when more input is needed.
   * @throws ClientError for a literal over MAX_SERVER_LITERAL or a line over MAX_SERVER_LINE.
   */
  next(): ImapItem | undefined {
    if (this.literalLeft > 0) {
      const piece = this.lines.nextLiteralPiece(this.literalLeft);
      if (!piece) return undefined;
      this.literalLeft -= piece.octets;
      return { line: piece, start: false, literal: true, end: false };
    }
    const line = this.lines.nextLine();
    if (!line) return undefined;
    const start = !this.continuing;
    const m = LITERAL_AT_END.exec(line.text);
    if (m) {
      const size = Number(m[1]);
      if (!Number.isSafeInteger(size) || size > this.maxLiteral) throw literalTooBig(m[1]!, this.maxLiteral);
      this.literalLeft = size;
      this.continuing = true;
      return { line, start, literal: false, end: false };
    }
    this.continuing = false;
    return { line, start, literal: false, end: true };
  }

  /** Inside a response (a literal or its continuation is still to come). */
  get midResponse(): boolean {
    return this.continuing;
  }
}
