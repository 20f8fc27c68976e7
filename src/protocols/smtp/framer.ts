/**
 * The SMTP server framer: bytes in, in any chunking; command lines, DATA messages and BDAT chunks
 * out. Pull-based, so that the session decides when to stop reading: after STARTTLS it discards
 * whatever followed in the same segment (security.md items 1 and 2).
 */
import { ByteQueue, LineSplitter } from '../byte-queue.js';
import { DataDecoder } from './data-decoder.js';
import { MAX_AUTH_LINE, MAX_COMMAND_LINE, MAX_UNTERMINATED_LINE } from './limits.js';

export type FramerEvent =
  /** A command line without its line end. `tooLong`: it was over the limit and was discarded. */
  | { readonly type: 'line'; readonly line: string; readonly tooLong: boolean }
  /** The end of DATA. */
  | { readonly type: 'data'; readonly body: Buffer; readonly size: number; readonly overflow: boolean; readonly normalized: number }
  /** A whole BDAT chunk. `body` is empty when the chunk was only consumed. */
  | { readonly type: 'chunk'; readonly body: Buffer; readonly size: number }
  /** The peer sent more than MAX_UNTERMINATED_LINE octets without a line end. */
  | { readonly type: 'fatal'; readonly reason: 'line-too-long' };

type Mode =
  | { readonly kind: 'command' }
  | { readonly kind: 'data'; readonly decoder: DataDecoder }
  | { kind: 'chunk'; remaining: number; readonly keep: boolean; readonly parts: Buffer[]; readonly size: number };

/** True when a line is an AUTH command, whose SASL initial response may be long (RFC 4954 §4). */
function isAuthLine(head: Buffer): boolean {
  return head.length >= 4 && head.toString('latin1', 0, 4).toUpperCase() === 'AUTH';
}

export class SmtpFramer {
  private readonly queue = new ByteQueue();
  private readonly lines = new LineSplitter(this.queue, MAX_UNTERMINATED_LINE);
  private mode: Mode = { kind: 'command' };
  /** While a SASL exchange is running every line may be as long as an AUTH line. */
  saslMode = false;

  /** Octets waiting to be framed. */
  get buffered(): number {
    return this.queue.length;
  }

  /** Adds input from the socket. */
  push(chunk: Buffer): void {
    this.queue.push(chunk);
  }

  /** Throws away everything buffered (after STARTTLS). Returns how many octets were dropped. */
  discardBuffered(): number {
    this.lines.reset();
    return this.queue.clear();
  }

  /** Switches to DATA mode, after the server has written 354. */
  startData(maxSize: number): void {
    this.mode = { kind: 'data', decoder: new DataDecoder(maxSize) };
  }

  /** Reads a BDAT chunk of `size` octets; when `keep` is false they are consumed and dropped. */
  startChunk(size: number, keep: boolean): void {
    this.mode = { kind: 'chunk', remaining: size, keep, parts: [], size };
  }

  /** The next complete event, or undefined when more input is needed. */
  next(): FramerEvent | undefined {
    switch (this.mode.kind) {
      case 'command': {
        const limit = this.saslMode || isAuthLine(this.queue.peek(4)) ? MAX_AUTH_LINE : MAX_COMMAND_LINE;
        return this.lines.next(limit);
      }
      case 'data':
        return this.nextData(this.mode.decoder);
      case 'chunk':
        return this.nextChunk(this.mode);
    }
  }

  private nextData(decoder: DataDecoder): FramerEvent | undefined {
    for (let chunk = this.queue.first(); chunk; chunk = this.queue.first()) {
      const result = decoder.write(chunk);
      this.queue.drop(result.consumed);
      if (result.done) {
        this.mode = { kind: 'command' };
        return { type: 'data', body: decoder.body(), size: decoder.size, overflow: decoder.overflow, normalized: decoder.normalizedLineEnds };
      }
    }
    return undefined;
  }

  private nextChunk(mode: Mode & { kind: 'chunk' }): FramerEvent | undefined {
    for (let chunk = this.queue.first(); chunk && mode.remaining > 0; chunk = this.queue.first()) {
      const n = Math.min(chunk.length, mode.remaining);
      if (mode.keep) mode.parts.push(Buffer.from(chunk.subarray(0, n)));
      this.queue.drop(n);
      mode.remaining -= n;
    }
    if (mode.remaining > 0) return undefined;
    this.mode = { kind: 'command' };
    return { type: 'chunk', body: Buffer.concat(mode.parts), size: mode.size };
  }
}
