/**
 * Decodes the DATA stream of RFC 5321 §4.1.1.4 and §4.5.2: removes dot-stuffing and finds the end
 * of data.
 *
 * Policy on line ends (security.md items 10 and 11), the same as Postfix's
 * `smtpd_forbid_bare_newline = normalize`:
 *  - only CRLF "." CRLF, where the CRLF before the dot is a real CRLF (or the start of the data),
 *    ends the message. `\n.\n`, `\r.\r`, `\r\n.\n` and every other variant is message content, so
 *    SMTP smuggling cannot split one message into two;
 *  - a bare CR or a bare LF is a line end and is stored as CRLF, so stored messages contain only
 *    CRLF line ends (RFC 5321 §2.3.8 forbids bare CR and LF on the wire).
 */

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');
const DOT_BYTE = Buffer.from('.');

type LineState = 'start' | 'dot' | 'mid';

export type DecodeResult = {
  /** Octets of the input consumed; the rest belongs to the command stream. */
  readonly consumed: number;
  /** True once the end-of-data line has been seen. */
  readonly done: boolean;
};

/** Streaming DATA decoder. Feed chunks with `write`; read the message with `body()` when done. */
export class DataDecoder {
  private readonly parts: Buffer[] = [];
  private state: LineState = 'start';
  private pendingCR = false;
  private prevLineCRLF = true;
  private stored = 0;
  private total = 0;
  private bareLineEnds = 0;
  private finished = false;

  /** @param maxSize octets kept; past it the message is still read to its end but not kept. */
  constructor(private readonly maxSize: number) {}

  /** Size of the decoded message so far, including any part past the limit. */
  get size(): number {
    return this.total;
  }

  /** True when the message was larger than maxSize (the caller answers 552). */
  get overflow(): boolean {
    return this.total > this.maxSize;
  }

  /** How many bare CR or LF line ends were normalized to CRLF. */
  get normalizedLineEnds(): number {
    return this.bareLineEnds;
  }

  /** The decoded message, CRLF line ends, dot-stuffing removed. */
  body(): Buffer {
    return Buffer.concat(this.parts, this.stored);
  }

  /** Consumes input up to and including the end-of-data line. */
  write(input: Buffer): DecodeResult {
    if (this.finished) return { consumed: 0, done: true };
    let i = 0;
    const n = input.length;
    while (i < n) {
      if (this.pendingCR) {
        this.pendingCR = false;
        if (input[i] === LF) {
          i++;
          if (this.endLine(true)) return this.finish(i);
          continue;
        }
        this.bareLineEnds++;
        if (this.endLine(false)) return this.finish(i);
        continue;
      }
      const b = input[i]!;
      if (b === CR) {
        this.pendingCR = true;
        i++;
        continue;
      }
      if (b === LF) {
        this.bareLineEnds++;
        i++;
        if (this.endLine(false)) return this.finish(i);
        continue;
      }
      if (this.state === 'start' && b === DOT) {
        this.state = 'dot';
        i++;
        continue;
      }
      // A line that starts with a dot and goes on: the dot was stuffing (RFC 5321 §4.5.2).
      this.state = 'mid';
      let end = i;
      while (end < n && input[end] !== CR && input[end] !== LF) end++;
      this.emit(input.subarray(i, end));
      i = end;
    }
    return { consumed: n, done: false };
  }

  /** Ends the current line; returns true when it was the end-of-data line. */
  private endLine(crlf: boolean): boolean {
    if (this.state === 'dot') {
      if (crlf && this.prevLineCRLF) return true;
      // "." alone but not between two real CRLFs: content, kept as a line holding one dot.
      this.emit(DOT_BYTE);
    }
    this.emit(CRLF);
    this.prevLineCRLF = crlf;
    this.state = 'start';
    return false;
  }

  private finish(consumed: number): DecodeResult {
    this.finished = true;
    return { consumed, done: true };
  }

  private emit(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.total += bytes.length;
    if (this.total > this.maxSize) return;
    // Copy: the input buffer belongs to the socket and may be reused.
    this.parts.push(Buffer.from(bytes));
    this.stored += bytes.length;
  }
}

/**
 * Normalizes line ends of a BDAT message (RFC 3030 content is taken as is, but the store keeps
 * only CRLF line ends): bare CR and bare LF become CRLF.
 */
export function normalizeLineEnds(input: Buffer): Buffer {
  let bare = false;
  for (let i = 0; i < input.length; i++) {
    const b = input[i];
    if (b === LF && (i === 0 || input[i - 1] !== CR)) bare = true;
    else if (b === CR && input[i + 1] !== LF) bare = true;
    if (bare) break;
  }
  if (!bare) return input;
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    if (b === CR) {
      out.push(CR, LF);
      if (input[i + 1] === LF) i++;
    } else if (b === LF) {
      out.push(CR, LF);
    } else {
      out.push(b);
    }
  }
  return Buffer.from(out);
}
