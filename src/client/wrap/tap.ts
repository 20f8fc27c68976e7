/**
 * The heart of `mailproto wrap`: it sees what the learner types and what the wrapped tool prints,
 * passes the tool's output on untouched, and writes `#  ` explanation lines after each protocol
 * line it recognises. The protocol is found from the first server line (`220 ` SMTP, `+OK` POP3,
 * `* OK` IMAP) or from the tool's command line (`-starttls smtp`); typed lines give the annotator
 * its command context and are shown, recorded and redacted like the client's own. The echo of a
 * typed line is told apart from server lines by comparing it with what was typed.
 *
 * No pseudo-terminal here: run-wrap.ts feeds the bytes in, so this is testable in-process.
 */
import type { Annotator } from '../annotator.js';
import type { ClientEvent, ClientProtocol } from '../events.js';
import { formatEvent } from '../line-format.js';
import { redactLine } from '../redact.js';
import { ImapTracker } from './imap-tracker.js';
import { Pop3Tracker } from './pop3-tracker.js';
import { ScreenLines, shownText } from './screen-lines.js';
import { SmtpTracker } from './smtp-tracker.js';
import { tlsToolSuggestion, toolOnLoopback, type WrappedTool } from './tool.js';
import { detectProtocol, type TrackerSettings, type WireTracker } from './tracker.js';
import { echoForm, TypedLines } from './typed-lines.js';

export type WrapTapOptions = {
  readonly tool: WrappedTool;
  readonly annotator: Annotator;
  readonly showSecrets: boolean;
  /** --protocol: no detection. */
  readonly protocol?: ClientProtocol;
  /** Dim the explanation lines (SGR 2): stdout is a terminal and NO_COLOR is not set. */
  readonly dim: boolean;
  /** Line end of the explanation lines (`\r\n` on a terminal in raw mode). */
  readonly eol: string;
  readonly now: () => number;
  /** Every event, for --record (send lines already redacted). */
  readonly emit?: (event: ClientEvent) => void;
};

/** Typed lines remembered for matching their echo (and lines typed before the protocol is known). */
export const MAX_UNMATCHED_ECHOES = 64;

type Echo = { readonly shown: string; notes: string[] };

const LETTERS: Readonly<Record<string, string>> = { Q: 'Q: quit', R: 'R: renegotiate TLS', K: 'K: TLS key update', k: 'k: TLS key update' };

export class WrapTap {
  private readonly typing = new TypedLines();
  private readonly screen = new ScreenLines();
  private tracker: WireTracker | undefined;
  private readonly early: string[] = [];
  private readonly echoes: Echo[] = [];
  private inPem = false;

  constructor(private readonly opts: WrapTapOptions) {
    if (opts.protocol) this.tracker = this.makeTracker(opts.protocol);
  }

  /** The protocol, once known. */
  get protocol(): ClientProtocol | undefined {
    return this.tracker?.protocol;
  }

  /** Advice about the tool's command line, to print before it starts. */
  start(): Buffer {
    return this.render(this.opts.tool.advice.flatMap((text) => this.say({ type: 'info', t: this.opts.now(), text })));
  }

  /** Bytes the learner typed (the caller passes them to the tool too). */
  input(chunk: Buffer): void {
    for (const line of this.typing.push(chunk)) this.onTyped(line);
  }

  /** Bytes the tool printed → the bytes to show: the same, with explanation lines after protocol lines. */
  output(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    for (const piece of this.screen.push(chunk)) {
      out.push(piece.bytes);
      if (piece.eol && piece.line !== undefined) out.push(this.render(this.onLine(piece.line)));
    }
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** The tool has ended: explanations still owed, and the close event. */
  end(): Buffer {
    const notes = this.echoes.flatMap((e) => e.notes);
    this.echoes.length = 0;
    this.opts.emit?.({ type: 'close', t: this.opts.now(), reason: 'quit' });
    return this.render(notes);
  }

  private makeTracker(protocol: ClientProtocol): WireTracker {
    const { tool } = this.opts;
    const settings: TrackerSettings = { secure: tool.secure, loopback: toolOnLoopback(tool), greeted: tool.starttls === protocol };
    return protocol === 'smtp' ? new SmtpTracker(settings) : protocol === 'pop3' ? new Pop3Tracker(settings) : new ImapTracker(settings);
  }

  private onTyped(line: string): void {
    const echo: Echo = { shown: echoForm(line).trimEnd(), notes: [] };
    this.echoes.push(echo);
    if (this.echoes.length > MAX_UNMATCHED_ECHOES) this.echoes.shift();
    const letter = LETTERS[line[0] ?? ''];
    if (this.opts.tool.commandLetters && letter) {
      const text = `openssl s_client took this line as its own command (${letter}) and did not send it to the server; start it with -quiet or -nocommands, or type the command in lower case`;
      echo.notes.push(...this.say({ type: 'warning', t: this.opts.now(), text }));
      return;
    }
    if (!this.tracker) {
      this.early.push(line);
      if (this.early.length > MAX_UNMATCHED_ECHOES) this.early.shift();
      return;
    }
    echo.notes.push(...this.typedLine(this.tracker, line));
  }

  /** A line the tool sends: a `send` event (redacted) and the annotator's check of it. */
  private typedLine(tracker: WireTracker, line: string): string[] {
    const facts = tracker.facts();
    const typed = tracker.typed(line);
    const shown = redactLine(typed.out, this.opts.showSecrets);
    this.opts.emit?.({ type: 'send', t: this.opts.now(), text: shown.text, ...(shown.redacted ? { redacted: true } : {}), eol: '\r\n' });
    const checked = shown.redacted ? shown.text : line;
    const ctx = { facts, inData: typed.inData, dotStuffing: 'learner' as const, ...(typed.answering ? { answering: typed.answering } : {}) };
    return this.annotate('send', () => this.opts.annotator.client(checked, ctx));
  }

  /** One complete line of the tool's output → the explanation lines to write after it. */
  private onLine(raw: string): string[] {
    const seen = shownText(raw).trimEnd();
    // A certificate openssl prints is never a protocol line.
    if (this.inPem || seen.startsWith('-----BEGIN ')) {
      this.inPem = !seen.startsWith('-----END ');
      return [];
    }
    const matched = this.echoes.findIndex((e) => e.shown === seen);
    if (matched >= 0) return this.echoes.splice(0, matched + 1).flatMap((e) => e.notes);
    const notes: string[] = [];
    if (!this.tracker) {
      const protocol = detectProtocol(raw, this.opts.tool.hint);
      if (!protocol) return [];
      const tracker = (this.tracker = this.makeTracker(protocol));
      for (const line of this.early.splice(0)) notes.push(...this.typedLine(tracker, line));
    }
    const heard = this.tracker.heard(raw);
    if (!heard) return notes;
    // Explanations of typed lines whose echo never came (echo off) are not held back longer.
    for (const e of this.echoes) notes.push(...e.notes.splice(0));
    this.opts.emit?.({ type: 'recv', t: this.opts.now(), text: raw, ...(heard.ctx.inBody ? { inBody: true } : {}), ...(heard.ctx.command ? { command: heard.ctx.command.tag ?? heard.ctx.command.verb } : {}) });
    if (heard.unsolicited) notes.push(...this.say({ type: 'info', t: this.opts.now(), text: this.unsolicitedText(heard.leftover === true) }));
    if (!heard.leftover) notes.push(...this.annotate('recv', () => this.opts.annotator.server(raw, heard.ctx)));
    if (heard.upgrade && !this.opts.tool.secure) {
      const text = `the server now waits for a TLS handshake, which ${this.opts.tool.kind === 'other' ? 'this tool' : this.opts.tool.kind} cannot make: nothing typed from here on makes sense to it. End the tool and try: ${tlsToolSuggestion(this.opts.tool, this.tracker.protocol)}`;
      notes.push(...this.say({ type: 'warning', t: this.opts.now(), text }));
    }
    return notes;
  }

  private unsolicitedText(leftover: boolean): string {
    const { tool } = this.opts;
    if (leftover) return `this line answers no command typed here: it is left over from the EHLO that ${tool.kind} sent itself before STARTTLS`;
    const why = tool.starttls ? ` (${tool.kind} spoke ${tool.starttls.toUpperCase()} itself before TLS: the greeting and STARTTLS)` : '';
    return `this line answers no command typed here${why}`;
  }

  private annotate(about: 'recv' | 'send', compute: () => readonly string[]): string[] {
    let texts: readonly string[];
    try {
      texts = compute();
    } catch (err) {
      return this.say({ type: 'warning', t: this.opts.now(), text: `the annotator failed on this line: ${(err as Error).message}` });
    }
    return texts.flatMap((text) => this.say({ type: 'annotation', t: this.opts.now(), text, about }));
  }

  /** Emits an event and returns its `#  ` lines (control characters escaped by formatEvent). */
  private say(event: ClientEvent): string[] {
    this.opts.emit?.(event);
    return formatEvent(event, { raw: false });
  }

  private render(lines: readonly string[]): Buffer {
    if (lines.length === 0) return Buffer.alloc(0);
    const { dim, eol } = this.opts;
    return Buffer.from(lines.map((l) => (dim ? `\x1b[2m${l}\x1b[22m${eol}` : `${l}${eol}`)).join(''), 'utf8');
  }
}
