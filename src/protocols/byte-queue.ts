/**
 * Buffered input for the framers: chunks from the socket kept as they came, so that finding a line
 * end or taking a few octets never copies the whole buffer.
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private size = 0;

  /** Octets buffered. */
  get length(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** Offset of the first `byte`, or -1. */
  indexOf(byte: number): number {
    let seen = 0;
    for (const chunk of this.chunks) {
      const i = chunk.indexOf(byte);
      if (i >= 0) return seen + i;
      seen += chunk.length;
    }
    return -1;
  }

  /** The first chunk (for streaming consumers), or undefined when empty. */
  first(): Buffer | undefined {
    return this.chunks[0];
  }

  /** A copy of the first n octets without removing them (fewer when less is buffered). */
  peek(n: number): Buffer {
    const first = this.chunks[0];
    if (!first) return Buffer.alloc(0);
    if (first.length >= n || this.chunks.length === 1) return first.subarray(0, n);
    return Buffer.concat(this.chunks).subarray(0, n);
  }

  /** Removes and returns the first n octets (n ≤ length). */
  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const want = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, want);
      filled += want;
      this.drop(want);
    }
    return out;
  }

  /** Removes the first n octets of the first chunk (n ≤ its length). */
  drop(n: number): void {
    const first = this.chunks[0]!;
    if (n >= first.length) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.size -= n;
  }

  /** Empties the queue; returns how many octets were dropped. */
  clear(): number {
    const n = this.size;
    this.chunks = [];
    this.size = 0;
    return n;
  }
}

const LF = 0x0a;
const CR = 0x0d;

export type LineEvent =
  | { readonly type: 'line'; readonly line: string; readonly tooLong: boolean }
  | { readonly type: 'fatal'; readonly reason: 'line-too-long' };

/**
 * Splits input into lines (CRLF, or a bare LF, which is tolerated in commands). A line over
 * `limit()` octets (CRLF included) is reported as too long and its text dropped; past
 * `maxUnterminated` octets without a line end the peer is not speaking the protocol: fatal.
 * Memory stays bounded by the limit.
 */
export class LineSplitter {
  private discarding = 0;

  constructor(
    private readonly queue: ByteQueue,
    private readonly maxUnterminated: number,
  ) {}

  /** Forgets an over-long line in progress (after STARTTLS the buffer is thrown away). */
  reset(): void {
    this.discarding = 0;
  }

  next(limit: number): LineEvent | undefined {
    if (this.queue.length === 0) return undefined;
    const lfAt = this.queue.indexOf(LF);
    if (lfAt < 0) {
      if (this.discarding > 0 || this.queue.length > limit) {
        this.discarding += this.queue.clear();
        if (this.discarding > this.maxUnterminated) return { type: 'fatal', reason: 'line-too-long' };
      }
      return undefined;
    }
    const raw = this.queue.take(lfAt + 1);
    if (this.discarding > 0) {
      this.discarding = 0;
      return { type: 'line', line: '', tooLong: true };
    }
    let end = raw.length - 1;
    if (end > 0 && raw[end - 1] === CR) end--;
    if (end + 2 > limit) return { type: 'line', line: '', tooLong: true };
    return { type: 'line', line: raw.subarray(0, end).toString('utf8'), tooLong: false };
  }
}
