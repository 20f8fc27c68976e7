/**
 * Server bytes → lines, for every protocol. Pull-based, so that the session can stop reading in
 * the middle of a segment (after the server's yes to STARTTLS, whatever followed is dropped:
 * security.md item 6). Memory is bounded by MAX_SERVER_LINE (security.md item 9).
 */
import { ByteQueue } from '../../protocols/byte-queue.js';
import { ClientError } from '../errors.js';
import { EXIT } from '../events.js';
import { MAX_SERVER_LINE } from '../limits.js';
import { decodeServerText } from '../server-text.js';

const LF = 0x0a;
const CR = 0x0d;

/** One line as it came: text without the line end, and the line end (`\r\n`, a bare `\n`, or none). */
export type ServerLine = { readonly text: string; readonly eol: string; readonly octets: number };

export function lineTooLong(limit: number): ClientError {
  return new ClientError('E_LINE_TOO_LONG', `the server sent a line longer than ${limit} octets without a line end; the session was ended to keep memory bounded`, {
    exitCode: EXIT.serverClosed,
  });
}

function splitEol(raw: Buffer): ServerLine {
  let end = raw.length;
  let eol = '';
  if (end > 0 && raw[end - 1] === LF) {
    end--;
    eol = '\n';
    if (end > 0 && raw[end - 1] === CR) {
      end--;
      eol = '\r\n';
    }
  }
  return { text: decodeServerText(raw.subarray(0, end)), eol, octets: raw.length };
}

export class LineReader {
  private readonly queue = new ByteQueue();

  constructor(private readonly maxLine = MAX_SERVER_LINE) {}

  push(chunk: Buffer): void {
    this.queue.push(chunk);
  }

  get buffered(): number {
    return this.queue.length;
  }

  /**
   * The next complete line, or undefined when more input is needed.
   * @throws ClientError E_LINE_TOO_LONG (exit 4) past MAX_SERVER_LINE octets without a line end.
   */
  nextLine(): ServerLine | undefined {
    const lf = this.queue.indexOf(LF);
    if (lf < 0) {
      if (this.queue.length > this.maxLine + 1) throw lineTooLong(this.maxLine);
      return undefined;
    }
    if (lf > this.maxLine + 1) throw lineTooLong(this.maxLine);
    return splitEol(this.queue.take(lf + 1));
  }

  /**
   * Up to `max` octets of literal content, cut at a line end when there is one: a literal is
   * shown as lines. Undefined when more input is needed. A piece longer than MAX_SERVER_LINE
   * without a line end is returned as it is (without eol), so memory stays bounded.
   */
  nextLiteralPiece(max: number): ServerLine | undefined {
    if (this.queue.length === 0 || max === 0) return undefined;
    const lf = this.queue.indexOf(LF);
    if (lf >= 0 && lf < max) return splitEol(this.queue.take(lf + 1));
    const available = Math.min(max, this.queue.length);
    if (available === max || available > this.maxLine) return splitEol(this.queue.take(available));
    return undefined;
  }

  /** Drops everything buffered; returns the bytes dropped (for the STARTTLS warning). */
  discard(): Buffer {
    const n = this.queue.length;
    return n === 0 ? Buffer.alloc(0) : this.queue.take(n);
  }
}
