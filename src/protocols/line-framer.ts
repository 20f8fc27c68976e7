/**
 * A framer for protocols whose client side is plain command lines (POP3; IMAP's IDLE "DONE").
 * Pull-based like the SMTP framer, so that STARTTLS/STLS can discard what followed.
 */
import { ByteQueue, LineSplitter, type LineEvent } from './byte-queue.js';

export class LineFramer {
  private readonly queue = new ByteQueue();
  private readonly lines: LineSplitter;

  /**
   * @param limit line limit in octets, CRLF included; a function so that it can depend on state
   *   (SASL responses may be longer than commands)
   * @param maxUnterminated octets without a line end before the peer is dropped
   */
  constructor(
    private readonly limit: () => number,
    maxUnterminated: number,
  ) {
    this.lines = new LineSplitter(this.queue, maxUnterminated);
  }

  get buffered(): number {
    return this.queue.length;
  }

  push(chunk: Buffer): void {
    this.queue.push(chunk);
  }

  next(): LineEvent | undefined {
    return this.lines.next(this.limit());
  }

  discardBuffered(): number {
    this.lines.reset();
    return this.queue.clear();
  }
}
