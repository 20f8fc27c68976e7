/**
 * The SMTP server framer: bytes in, in any chunking; command lines, DATA messages and BDAT chunks
 * out. Pull-based, so that the session decides when to stop reading: after STARTTLS it discards
 * whatever followed in the same segment (security.md items 1 and 2).
 */
import { DataDecoder } from './data-decoder.js';
import { MAX_AUTH_LINE, MAX_COMMAND_LINE, MAX_UNTERMINATED_LINE } from './limits.js';

const LF = 0x0a;

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

/** True when a line is an AUTH command, whose SASL initial response may be long. */
function isAuthLine(head: Buffer): boolean {
  return head.length >= 4 && head.subarray(0, 4).toString('latin1').toUpperCase() === 'AUTH';
}

export class SmtpFramer {
  private queue: Buffer[] = [];
  private queued = 0;
  private mode: Mode = { kind: 'command' };
  /** Octets of an over-long line being thrown away. */
  private discarding = 0;
  /** While a SASL exchange is running every line may be as long as an AUTH line. */
  saslMode = false;

  /** Octets waiting to be framed. */
  get buffered(): number {
    return this.queued;
  }

  /** Adds input from the socket. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.queue.push(chunk);
    this.queued += chunk.length;
  }

  /** Throws away everything buffered (after STARTTLS). Returns how many octets were dropped. */
  discardBuffered(): number {
    const dropped = this.queued;
    this.queue = [];
    this.queued = 0;
    this.discarding = 0;
    return dropped;
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
      case 'command':
        return this.nextLine();
      case 'data':
        return this.nextData(this.mode.decoder);
      case 'chunk':
        return this.nextChunk(this.mode);
    }
  }

  private nextLine(): FramerEvent | undefined {
    if (this.queued === 0) return undefined;
    const limit = this.saslMode || (this.queue[0] !== undefined && isAuthLine(this.headBytes(4))) ? MAX_AUTH_LINE : MAX_COMMAND_LINE;
    // Find LF within the buffered chunks without joining them all.
    let seen = 0;
    let lfAt = -1;
    for (const chunk of this.queue) {
      const idx = chunk.indexOf(LF);
      if (idx >= 0) {
        lfAt = seen + idx;
        break;
      }
      seen += chunk.length;
    }
    if (lfAt < 0) {
      if (this.discarding > 0 || this.queued > limit) {
        // Over-long line: drop what we have and keep counting until its end.
        this.discarding += this.queued;
        this.discardBufferedKeepCount();
        if (this.discarding > MAX_UNTERMINATED_LINE) return { type: 'fatal', reason: 'line-too-long' };
      }
      return undefined;
    }
    const raw = this.take(lfAt + 1);
    if (this.discarding > 0) {
      this.discarding = 0;
      return { type: 'line', line: '', tooLong: true };
    }
    // The limit counts the CRLF (RFC 5321 §4.5.3.1.4). A bare LF line end is tolerated in commands.
    let end = raw.length - 1;
    if (end > 0 && raw[end - 1] === 0x0d) end--;
    const octets = end + 2;
    if (octets > limit) return { type: 'line', line: '', tooLong: true };
    return { type: 'line', line: raw.subarray(0, end).toString('utf8'), tooLong: false };
  }

  private nextData(decoder: DataDecoder): FramerEvent | undefined {
    while (this.queue.length > 0) {
      const chunk = this.queue[0]!;
      const result = decoder.write(chunk);
      this.dropHead(result.consumed);
      if (result.done) {
        this.mode = { kind: 'command' };
        return { type: 'data', body: decoder.body(), size: decoder.size, overflow: decoder.overflow, normalized: decoder.normalizedLineEnds };
      }
    }
    return undefined;
  }

  private nextChunk(mode: Mode & { kind: 'chunk' }): FramerEvent | undefined {
    while (mode.remaining > 0 && this.queue.length > 0) {
      const chunk = this.queue[0]!;
      const n = Math.min(chunk.length, mode.remaining);
      if (mode.keep) mode.parts.push(Buffer.from(chunk.subarray(0, n)));
      this.dropHead(n);
      mode.remaining -= n;
    }
    if (mode.remaining > 0) return undefined;
    this.mode = { kind: 'command' };
    return { type: 'chunk', body: Buffer.concat(mode.parts), size: mode.size };
  }

  private headBytes(n: number): Buffer {
    const first = this.queue[0]!;
    if (first.length >= n || this.queue.length === 1) return first.subarray(0, n);
    return Buffer.concat(this.queue).subarray(0, n);
  }

  private discardBufferedKeepCount(): void {
    this.queue = [];
    this.queued = 0;
  }

  /** Removes and returns the first n buffered octets. */
  private take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.queue[0]!;
      const want = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, want);
      filled += want;
      this.dropHead(want);
    }
    return out;
  }

  /** Drops n octets from the first buffered chunk (n never exceeds its length). */
  private dropHead(n: number): void {
    const first = this.queue[0]!;
    if (n >= first.length) this.queue.shift();
    else this.queue[0] = first.subarray(n);
    this.queued -= n;
  }
}
