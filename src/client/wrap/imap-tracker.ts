/**
 * IMAP seen through a wrapped tool (RFC 3501): the learner types tags, so tagged completions are
 * paired by tag; untagged data belongs to the newest running command; literals both ways are
 * counted in octets (the server's as the terminal shows them, CRLF per line); `+` opens a literal,
 * a SASL answer or IDLE; LOGIN and AUTHENTICATE data (literals included) is marked secret.
 *
 *   response-tagged = tag SP resp-cond-state CRLF
 *   literal         = "{" number "}" CRLF *CHAR8
 */
import type { SessionFacts } from '../../annotate/context.js';
import { OctetCounter, trailingLiteral } from '../octet-counter.js';
import { plain, saslResponse, secret } from '../redact.js';
import { capabilitiesIn, parseResponseHead, stateAfter, typedCommand, type ImapResponseHead, type ImapState } from '../sessions/imap-lines.js';
import { contextOf, pushBounded, type HeardLine, type TrackerSettings, type TypedLine, type WireTracker } from './tracker.js';

type Running = { readonly tag: string; readonly verb: string; readonly args: string; readonly sensitive: boolean };
type Phase = 'command' | 'literal' | 'rest' | 'sasl' | 'idle';

const SERVER_LITERAL = /~?\{(\d+)\}$/;
const STATUS_WORDS = new Set(['OK', 'NO', 'BAD', 'BYE', 'PREAUTH']);

export class ImapTracker implements WireTracker {
  readonly protocol = 'imap' as const;
  private state: ImapState = 'not-authenticated';
  private selected: { name: string; readOnly: boolean } | undefined;
  private capabilities: string[] = [];
  private greeted: boolean;
  private readonly running: Running[] = [];
  /** The command whose lines are being typed (it may go on after a literal). */
  private current: Running | undefined;
  private phase: Phase = 'command';
  private literal: OctetCounter | undefined;
  /** Server side: octets of literal still to come, the next line continues a response, the line index within it. */
  private serverLiteral = 0;
  private continuing = false;
  private index = 0;
  private head: ImapResponseHead | undefined;

  constructor(private readonly settings: TrackerSettings) {
    this.greeted = settings.greeted;
  }

  facts(): SessionFacts {
    return {
      protocol: 'imap',
      secure: this.settings.secure,
      loopback: this.settings.loopback,
      state: this.state,
      capabilities: [...this.capabilities],
      ...(this.state === 'selected' && this.selected ? { selected: { ...this.selected } } : {}),
    };
  }

  typed(line: string): TypedLine {
    const sensitive = this.current?.sensitive === true;
    switch (this.phase) {
      case 'literal': {
        const feed = this.literal!.feed(line);
        const out = sensitive ? secret(line) : plain(line);
        if (feed.done) {
          this.literal = undefined;
          if (feed.rest === undefined) this.phase = 'rest';
          else this.goOn(feed.rest);
        }
        return { out, inData: true, answering: 'literal' };
      }
      case 'rest':
        this.goOn(line);
        return { out: sensitive ? secret(line) : plain(line), inData: false };
      case 'sasl':
        this.phase = 'command';
        return { out: saslResponse(line), inData: false, answering: 'sasl' };
      case 'idle':
        this.phase = 'command';
        return { out: plain(line), inData: false, answering: 'idle' };
      case 'command':
        break;
    }
    const cmd = typedCommand(line, undefined);
    const run: Running = { tag: cmd.tag, verb: cmd.verb, args: cmd.args, sensitive: cmd.sensitive };
    pushBounded(this.running, run);
    this.current = run;
    this.goOn(line);
    return { out: cmd.out, inData: false };
  }

  /** After typed command text: a literal follows when it ends in `{n}` / `{n+}`. */
  private goOn(text: string): void {
    const lit = trailingLiteral(text);
    this.literal = lit ? new OctetCounter(lit.size) : undefined;
    this.phase = lit ? 'literal' : 'command';
  }

  heard(line: string): HeardLine | undefined {
    if (this.serverLiteral > 0) return this.literalLine(line);
    if (this.continuing) return this.responseLine(line, false);
    const head = parseResponseHead(line);
    const start =
      head.kind === 'continuation' ||
      (head.kind === 'untagged' && line.startsWith('* ')) ||
      (head.kind === 'tagged' && STATUS_WORDS.has(head.status) && (head.status !== 'BYE' || this.running.some((r) => r.tag === head.tag)));
    return start ? this.responseLine(line, true) : undefined;
  }

  /** A line (part) of literal content from the server; where the literal ends inside it, the response goes on. */
  private literalLine(line: string): HeardLine {
    const bytes = Buffer.from(line, 'utf8');
    const ctx = contextOf(this.facts(), this.index++, true, this.owner());
    if (this.serverLiteral >= bytes.length + 2) {
      this.serverLiteral -= bytes.length + 2;
      return { ctx };
    }
    const rest = bytes.subarray(Math.min(this.serverLiteral, bytes.length)).toString('utf8');
    this.serverLiteral = 0;
    const after = this.responseLine(rest, false);
    return { ctx, ...(after.upgrade ? { upgrade: true } : {}) };
  }

  private responseLine(line: string, start: boolean): HeardLine {
    if (start) {
      this.index = 0;
      this.head = parseResponseHead(line);
    }
    const ctx = contextOf(this.facts(), this.index++, false, this.owner());
    const lit = SERVER_LITERAL.exec(line);
    if (lit) {
      this.serverLiteral = Number(lit[1]);
      this.continuing = true;
      return { ctx };
    }
    this.continuing = false;
    const unsolicited = start && this.greeted && this.running.length === 0 && this.head?.kind !== 'untagged';
    const upgrade = this.onResponse(this.head!);
    return { ctx, ...(upgrade ? { upgrade } : {}), ...(unsolicited ? { unsolicited } : {}) };
  }

  /** The command the current response belongs to: by tag, else the newest running one. */
  private owner(): { verb: string; args: string; tag: string } | undefined {
    const head = this.head;
    const run = head?.kind === 'tagged' ? this.running.find((r) => r.tag === head.tag) : head?.kind === 'continuation' ? (this.current ?? this.running.at(-1)) : this.running.at(-1);
    return run ? { verb: run.verb, args: run.args, tag: run.tag } : undefined;
  }

  /** State after a complete response; true for the OK to STARTTLS. */
  private onResponse(head: ImapResponseHead): boolean {
    const caps = capabilitiesIn(head);
    if (caps) this.capabilities = caps;
    if (!this.greeted && head.kind === 'untagged') {
      this.greeted = true;
      if (head.word === 'PREAUTH') this.state = 'authenticated';
      return false;
    }
    if (head.kind === 'continuation') {
      const run = this.current ?? this.running.at(-1);
      if (run?.verb === 'IDLE') this.phase = 'idle';
      else if (run?.verb === 'AUTHENTICATE' && this.phase !== 'literal') this.phase = 'sasl';
      return false;
    }
    if (head.kind === 'untagged') return false;
    const i = this.running.findIndex((r) => r.tag === head.tag);
    if (i < 0) return false;
    const [run] = this.running.splice(i, 1) as [Running];
    if (run === this.current) {
      this.current = undefined;
      this.phase = 'command';
      this.literal = undefined;
    }
    const next = stateAfter(run, head.status, head.rest, { state: this.state, selected: this.selected });
    this.state = next.state;
    this.selected = next.selected;
    if (run.verb === 'STARTTLS' && head.status === 'OK') {
      this.capabilities = [];
      return true;
    }
    return false;
  }
}
