/**
 * Server-side IMAP command framer: bytes in, in any chunking; whole commands out, each as its
 * lines with the literals cut out as Buffers. Pure: no sockets, no timers.
 *
 * RFC 3501 §9 / RFC 7888 §8, the part of the grammar the framer has to see:
 *
 *   command  = tag SP (command-any / command-auth / ...) CRLF
 *   literal  = "{" number64 ["+"] "}" CRLF *CHAR8
 *                ; "+" marks a non-synchronizing literal (LITERAL+ / LITERAL-)
 *   idle     = "IDLE" CRLF "DONE"                          ; RFC 2177
 *   authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp] *(CRLF base64)
 *
 * A literal is recognised only at the very end of a line, outside a quoted string. Lines may end
 * in CRLF or a bare LF (the CR is optional, as in most servers).
 *
 * Pull interface, so the server can act between events (write `+ Ready`, enter IDLE, pause for
 * STARTTLS) before the framer reads further:
 *
 *   framer.push(chunk);
 *   for (let ev = framer.next(); ev; ev = framer.next()) handle(ev);
 */
import { MAX_APPEND_OCTETS, MAX_LINE_OCTETS, MAX_NONSYNC_LITERAL } from './limits.js';
import { createLiteralPolicy, type LiteralDecision, type LiteralPolicy } from './literal-policy.js';

export type { LiteralDecision, LiteralInfo, LiteralPolicy } from './literal-policy.js';

/** Literal data cut out of a command. */
export type ImapLiteral = {
  readonly type: 'literal';
  readonly data: Buffer;
  readonly nonSync: boolean;
};

/** Line text (UTF-8 decoded, `{n}` marker and CRLF removed) or literal data, in wire order. */
export type CommandPart = string | ImapLiteral;

/** One complete command as it came off the wire. */
export type FramedCommand = {
  readonly tag: string;
  /** Command name, uppercased; `UID FETCH` etc. for UID commands. Best effort, for logging. */
  readonly command: string;
  readonly parts: readonly CommandPart[];
  /** Octets on the wire: lines with their CRLF plus literal data. */
  readonly octets: number;
};

export type FramerErrorCode =
  /** A line over the line limit: answer BAD; the rest of the line is skipped. */
  | 'LINE_TOO_LONG'
  /**
   * `{n+}` over MAX_NONSYNC_LITERAL under LITERAL- (RFC 7888 §4), or refused and over
   * maxDiscardOctets under LITERAL+: answer BAD and close.
   */
  | 'NONSYNC_LITERAL_TOO_BIG'
  /** `{n+}` while no non-synchronizing literals are advertised: answer BAD and close. */
  | 'NONSYNC_LITERAL_NOT_ALLOWED';

export type FramerEvent =
  | { readonly type: 'command'; readonly command: FramedCommand }
  /** A synchronizing literal was accepted: write a continuation (`+ Ready`) now. */
  | { readonly type: 'continue'; readonly tag: string; readonly command: string; readonly size: number }
  /**
   * The literal policy refused a literal. Answer `tag status [code] reason`. The command is
   * dropped; for `{n+}` its data is skipped (never read as commands).
   */
  | {
      readonly type: 'literal-rejected';
      readonly tag: string;
      readonly command: string;
      readonly size: number;
      readonly nonSync: boolean;
      readonly status: 'NO' | 'BAD';
      readonly code: string | undefined;
      readonly reason: string;
    }
  /** A raw line requested with expectRawLine(): IDLE's `DONE`, an AUTHENTICATE response. */
  | { readonly type: 'line'; readonly line: string }
  | {
      readonly type: 'error';
      readonly code: FramerErrorCode;
      /** When true the framer is closed: reply, then close the connection. */
      readonly fatal: boolean;
      readonly tag: string;
      readonly command: string;
      readonly message: string;
    };

export type NonSyncSupport = 'LITERAL+' | 'LITERAL-' | 'none';

export type FramerOptions = {
  /** Which non-synchronizing literals the server advertises (default `LITERAL-`). */
  readonly nonSync?: NonSyncSupport;
  /** Asked before every literal is accepted (default: createLiteralPolicy()). */
  readonly onLiteral?: LiteralPolicy;
  /** Line limit in octets, CRLF not counted (default MAX_LINE_OCTETS). */
  readonly maxLineOctets?: number;
  /**
   * Largest refused `{n+}` literal that is read and skipped so the session can go on (default
   * MAX_APPEND_OCTETS: what an accepted literal may cost, a refused one may cost too). A bigger
   * one is answered and the connection closed, rather than read for as long as the client likes.
   */
  readonly maxDiscardOctets?: number;
};

type State =
  | { readonly kind: 'line' }
  | { readonly kind: 'literal'; remaining: number; readonly chunks: Buffer[]; readonly nonSync: boolean }
  | { readonly kind: 'skip-line' }
  | { readonly kind: 'closed' };

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);
const LINE: State = { kind: 'line' };

/** Frames IMAP commands from a client byte stream. */
export class ImapCommandFramer {
  private readonly nonSync: NonSyncSupport;
  private readonly onLiteral: LiteralPolicy;
  private readonly maxLine: number;
  private readonly maxDiscard: number;

  private buf: Buffer = EMPTY;
  /** Bytes of `buf` already searched for LF without finding one. */
  private scanned = 0;
  private state: State = LINE;
  private paused = false;
  private rawLine = false;

  // The command being assembled.
  private inCommand = false;
  private discarding = false;
  private parts: CommandPart[] = [];
  private octets = 0;
  private tag = '';
  private command = '';

  constructor(options: FramerOptions = {}) {
    this.nonSync = options.nonSync ?? 'LITERAL-';
    this.onLiteral = options.onLiteral ?? createLiteralPolicy();
    this.maxLine = options.maxLineOctets ?? MAX_LINE_OCTETS;
    this.maxDiscard = options.maxDiscardOctets ?? MAX_APPEND_OCTETS;
  }

  /** Octets received and not yet framed; the transport should stop reading when this grows. */
  get buffered(): number {
    return this.buf.length;
  }

  /** True after a fatal error: nothing more will be framed. */
  get closed(): boolean {
    return this.state.kind === 'closed';
  }

  /** True while in the middle of a command (a literal or a continuation line is awaited). */
  get midCommand(): boolean {
    return this.inCommand;
  }

  /** Appends received bytes. Call next() until it returns null afterwards. */
  push(chunk: Buffer): void {
    if (this.state.kind === 'closed' || chunk.length === 0) return;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    if (this.state.kind === 'skip-line') this.skipLine();
  }

  /** The next event, or null when more bytes are needed (or the framer is paused or closed). */
  next(): FramerEvent | null {
    for (;;) {
      if (this.paused) return null;
      const state = this.state;
      switch (state.kind) {
        case 'closed':
          return null;
        case 'skip-line':
          if (!this.skipLine()) return null;
          continue;
        case 'literal':
          if (!this.readLiteral(state)) return null;
          continue;
        case 'line': {
          const event = this.readLine();
          if (event === 'more') return null;
          if (event === 'again') continue;
          return event;
        }
      }
    }
  }

  /** Every event currently available; the server may still act between iterations. */
  *events(): Generator<FramerEvent, void, undefined> {
    for (let ev = this.next(); ev; ev = this.next()) yield ev;
  }

  /** The next line is delivered raw as a `line` event (IDLE's DONE, an AUTHENTICATE response). */
  expectRawLine(): void {
    this.rawLine = true;
  }

  /** Stops framing (next() returns null) until resume(); bytes still accumulate. For STARTTLS. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Removes and returns every unframed byte, and forgets any partial command. */
  takeBuffered(): Buffer {
    const rest = this.buf;
    this.buf = EMPTY;
    this.scanned = 0;
    this.rawLine = false;
    if (this.state.kind !== 'closed') this.state = LINE;
    this.resetCommand();
    return rest;
  }

  /**
   * Drops every unframed byte (security.md 1: what followed STARTTLS in the same segment must
   * never be run, before or after the handshake). Returns how many octets were dropped.
   */
  discardBuffered(): number {
    return this.takeBuffered().length;
  }

  private readLine(): FramerEvent | 'more' | 'again' {
    const lf = this.buf.indexOf(LF, this.scanned);
    if (lf < 0) {
      this.scanned = this.buf.length;
      // maxLine octets of text plus a CR may still be followed by a valid LF.
      if (this.buf.length > this.maxLine + 1) return this.lineTooLong(this.buf, true);
      return 'more';
    }
    const end = lf > 0 && this.buf[lf - 1] === CR ? lf - 1 : lf;
    const line = this.buf.subarray(0, end);
    this.buf = this.buf.subarray(lf + 1);
    this.scanned = 0;
    if (end > this.maxLine) return this.lineTooLong(line, false);

    if (this.rawLine && !this.inCommand) {
      this.rawLine = false;
      return { type: 'line', line: line.toString('utf8') };
    }
    if (!this.inCommand) {
      this.inCommand = true;
      [this.tag, this.command] = identify(line);
    }
    this.octets += lf + 1;

    const marker = findLiteralMarker(line);
    if (!this.discarding) {
      this.parts.push(line.subarray(0, marker ? marker.start : line.length).toString('utf8'));
    }
    if (!marker) {
      if (this.discarding) {
        this.resetCommand();
        return 'again';
      }
      const command: FramedCommand = {
        tag: this.tag,
        command: this.command,
        parts: this.parts,
        octets: this.octets,
      };
      this.resetCommand();
      return { type: 'command', command };
    }
    return this.startLiteral(marker.size, marker.nonSync);
  }

  private startLiteral(size: number, nonSync: boolean): FramerEvent | 'again' {
    if (nonSync) {
      const refusal = this.nonSyncRefusal(size);
      if (refusal) {
        this.state = { kind: 'closed' };
        this.buf = EMPTY;
        const event: FramerEvent = {
          type: 'error',
          fatal: true,
          tag: this.tag,
          command: this.command,
          ...refusal,
        };
        this.resetCommand();
        return event;
      }
    }
    if (this.discarding) {
      if (nonSync) {
        this.state = { kind: 'literal', remaining: size, chunks: [], nonSync };
      } else {
        // The client waits for a `+` that will never come; it already has its tagged answer.
        this.resetCommand();
      }
      return 'again';
    }
    let decision: LiteralDecision = this.onLiteral({
      tag: this.tag,
      command: this.command,
      size,
      nonSync,
      octets: this.octets,
    });
    if (decision === 'accept' && !Number.isSafeInteger(size)) {
      decision = { reject: 'literal size is not a number this server can read' };
    }
    if (decision === 'accept') {
      this.octets += size;
      this.state = { kind: 'literal', remaining: size, chunks: [], nonSync };
      if (nonSync) return 'again';
      return { type: 'continue', tag: this.tag, command: this.command, size };
    }
    if (nonSync && size > this.maxDiscard) {
      // Refused, and too big to skip: answer under the tag and close.
      this.state = { kind: 'closed' };
      this.buf = EMPTY;
      const fatal: FramerEvent = {
        type: 'error',
        fatal: true,
        tag: this.tag,
        command: this.command,
        code: 'NONSYNC_LITERAL_TOO_BIG',
        message: `${decision.reject}; a refused {n+} literal over ${this.maxDiscard} octets is not read`,
      };
      this.resetCommand();
      return fatal;
    }
    const event: FramerEvent = {
      type: 'literal-rejected',
      tag: this.tag,
      command: this.command,
      size,
      nonSync,
      status: decision.status ?? 'BAD',
      code: decision.code,
      reason: decision.reject,
    };
    if (nonSync) {
      // The data is already on its way: skip it and the rest of the command.
      this.discarding = true;
      this.parts = [];
      this.state = { kind: 'literal', remaining: size, chunks: [], nonSync };
    } else {
      this.resetCommand();
    }
    return event;
  }

  private nonSyncRefusal(size: number): { code: FramerErrorCode; message: string } | undefined {
    if (this.nonSync === 'none') {
      return {
        code: 'NONSYNC_LITERAL_NOT_ALLOWED',
        message: 'non-synchronizing literals {n+} are not supported by this server; use {n} and wait for "+"',
      };
    }
    const limit = this.nonSync === 'LITERAL-' ? MAX_NONSYNC_LITERAL : Number.MAX_SAFE_INTEGER;
    if (size > limit) {
      return {
        code: 'NONSYNC_LITERAL_TOO_BIG',
        message:
          this.nonSync === 'LITERAL-'
            ? `non-synchronizing literal over ${MAX_NONSYNC_LITERAL} octets (LITERAL-, RFC 7888); use {n} and wait for "+"`
            : 'non-synchronizing literal size is not a number this server can read',
      };
    }
    return undefined;
  }

  /** Moves literal bytes out of the buffer; true once the literal is complete. */
  private readLiteral(state: State & { kind: 'literal' }): boolean {
    if (state.remaining > 0) {
      if (this.buf.length === 0) return false;
      const take = Math.min(state.remaining, this.buf.length);
      if (!this.discarding) state.chunks.push(this.buf.subarray(0, take));
      this.buf = this.buf.subarray(take);
      state.remaining -= take;
      if (state.remaining > 0) return false;
    }
    if (!this.discarding) {
      this.parts.push({ type: 'literal', data: Buffer.concat(state.chunks), nonSync: state.nonSync });
    }
    this.state = LINE;
    this.scanned = 0;
    return true;
  }

  private lineTooLong(start: Buffer, unfinished: boolean): FramerEvent {
    const [tag, command] = this.inCommand ? [this.tag, this.command] : identify(start);
    this.resetCommand();
    this.rawLine = false;
    if (unfinished) {
      this.buf = EMPTY;
      this.scanned = 0;
      this.state = { kind: 'skip-line' };
    }
    return {
      type: 'error',
      code: 'LINE_TOO_LONG',
      fatal: false,
      tag,
      command,
      message: `command line too long (the limit is ${this.maxLine} octets per line)`,
    };
  }

  /** Discards up to and including the next LF; true when it was found. */
  private skipLine(): boolean {
    const lf = this.buf.indexOf(LF);
    if (lf < 0) {
      this.buf = EMPTY;
      return false;
    }
    this.buf = this.buf.subarray(lf + 1);
    this.state = LINE;
    this.scanned = 0;
    return true;
  }

  private resetCommand(): void {
    this.inCommand = false;
    this.discarding = false;
    this.parts = [];
    this.octets = 0;
    this.tag = '';
    this.command = '';
  }
}

/** Tag and command name from the start of a command's first line, for events and logs. */
function identify(line: Buffer): [tag: string, command: string] {
  const head = line.subarray(0, 96).toString('latin1');
  const m = /^([^ \x00-\x1f\x7f-\xff(){%*"\\+]+) ([A-Za-z]+)(?: ([A-Za-z]+))?/.exec(head);
  if (!m) {
    const tag = /^([^ \x00-\x1f\x7f-\xff(){%*"\\+]+)(?: |$)/.exec(head)?.[1] ?? '';
    return [tag, ''];
  }
  const name = m[2]!.toUpperCase();
  if (name === 'UID' && m[3]) return [m[1]!, `UID ${m[3].toUpperCase()}`];
  return [m[1]!, name];
}

/** Digits we read in `{n}`; more than this means a size no server would accept. */
const MAX_SIZE_DIGITS = 15;

/**
 * `{n}` or `{n+}` at the very end of the line and outside a quoted string, or undefined.
 * `start` is the offset of `{`.
 */
export function findLiteralMarker(
  line: Buffer,
): { readonly start: number; readonly size: number; readonly nonSync: boolean } | undefined {
  let i = line.length - 1;
  if (i < 2 || line[i] !== 0x7d /* } */) return undefined;
  i -= 1;
  const nonSync = line[i] === 0x2b; /* + */
  if (nonSync) i -= 1;
  const digitsEnd = i + 1;
  while (i >= 0 && line[i]! >= 0x30 && line[i]! <= 0x39) i -= 1;
  if (i < 0 || i + 1 === digitsEnd || line[i] !== 0x7b /* { */) return undefined;
  const start = i;
  if (insideQuotes(line, start)) return undefined;
  const digits = line.subarray(start + 1, digitsEnd).toString('latin1').replace(/^0+(?=\d)/, '');
  const size = digits.length > MAX_SIZE_DIGITS ? Number.POSITIVE_INFINITY : Number(digits);
  return { start, size, nonSync };
}

/** Whether offset `end` of the line lies inside a quoted string (RFC 3501 quoted, `\` escapes). */
function insideQuotes(line: Buffer, end: number): boolean {
  let quoted = false;
  for (let i = 0; i < end; i++) {
    const c = line[i];
    if (quoted && c === 0x5c /* \ */) i += 1;
    else if (c === 0x22 /* " */) quoted = !quoted;
  }
  return quoted;
}
