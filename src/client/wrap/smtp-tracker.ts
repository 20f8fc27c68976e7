/**
 * SMTP seen through a wrapped tool (RFC 5321): replies are paired with typed commands in order
 * (PIPELINING included), EHLO keywords are kept, DATA content and SASL answers are told apart
 * from commands, and AUTH data is marked secret.
 *
 *   Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
 */
import type { CommandRef, SessionFacts } from '../../annotate/context.js';
import { EHLO_KEYWORDS } from '../../annotate/smtp-ehlo-keywords.js';
import { MAX_CAPABILITY_LINES } from '../limits.js';
import { plain, saslResponse, secret, wordsPrefix } from '../redact.js';
import { splitCommand } from '../sessions/common.js';
import { contextOf, pushBounded, type HeardLine, type TrackerSettings, type TypedLine, type WireTracker } from './tracker.js';

const REPLY = /^(\d{3})([ -]|$)/;

/**
 * openssl s_client -starttls smtp reads the EHLO reply itself before TLS, and its last line
 * (`250 CHUNKING`) can show up after the handshake: a final 250 line holding one EHLO keyword
 * answers none of the learner's commands.
 */
function isEhloLeftover(line: string): boolean {
  const m = /^250 (\S+)/.exec(line);
  return m !== null && Object.hasOwn(EHLO_KEYWORDS, m[1]!.toUpperCase());
}

export class SmtpTracker implements WireTracker {
  readonly protocol = 'smtp' as const;
  private state: 'connected' | 'greeted' | 'mail' | 'rcpt' = 'connected';
  /** What the next typed line is. DATA switches at once: the learner types the message after 354. */
  private input: 'command' | 'data' | 'sasl' = 'command';
  /** 354 was heard and the final "." not yet typed. */
  private dataOpen = false;
  private readonly pending: CommandRef[] = [];
  private lastAuth: CommandRef = { verb: 'AUTH', args: '' };
  private capabilities: string[] = [];
  private keywords: string[] = [];
  private index = 0;
  private greeted: boolean;
  /** No reply heard yet since the tool's own STARTTLS (openssl s_client -starttls smtp). */
  private afterToolTls: boolean;

  constructor(private readonly settings: TrackerSettings) {
    this.greeted = settings.greeted;
    this.afterToolTls = settings.greeted;
  }

  facts(): SessionFacts {
    return {
      protocol: 'smtp',
      secure: this.settings.secure,
      loopback: this.settings.loopback,
      state: this.dataOpen ? 'data' : this.state,
      capabilities: [...this.capabilities],
    };
  }

  typed(line: string): TypedLine {
    if (this.input === 'data') {
      if (line !== '.') return { out: plain(line), inData: true };
      this.input = 'command';
      this.dataOpen = false;
      pushBounded(this.pending, { verb: '.', args: '' });
      return { out: plain(line), inData: false };
    }
    if (this.input === 'sasl') {
      // The next 334 asks again; anything else ends the exchange.
      this.input = 'command';
      pushBounded(this.pending, this.lastAuth);
      return { out: saslResponse(line), inData: false, answering: 'sasl' };
    }
    const { verb, args } = splitCommand(line);
    const ref: CommandRef = { verb, args };
    pushBounded(this.pending, ref);
    if (verb === 'DATA') this.input = 'data';
    if (verb === 'AUTH') this.lastAuth = ref;
    // AUTH with an initial response (RFC 4954 §4): the response is a credential.
    const out = verb === 'AUTH' && args.trim().includes(' ') ? secret(line, wordsPrefix(line, 2)) : plain(line);
    return { out, inData: false };
  }

  heard(line: string): HeardLine | undefined {
    const m = REPLY.exec(line);
    if (!m) return undefined;
    const leftover = this.afterToolTls && this.index === 0 && isEhloLeftover(line);
    this.afterToolTls = false;
    const command = leftover ? undefined : this.pending[0];
    if (leftover) return { ctx: contextOf(this.facts(), 0, false, undefined), unsolicited: true, leftover };
    const unsolicited = !command && this.greeted;
    const facts = this.facts();
    // Without a command the annotator takes a line in the `connected` state for the greeting.
    const ctx = contextOf(unsolicited && facts.state === 'connected' ? { ...facts, state: 'greeted' } : facts, this.index, false, command);
    if (this.index > 0 && command?.verb === 'EHLO' && this.keywords.length < MAX_CAPABILITY_LINES) {
      this.keywords.push(line.slice(4).trim().split(/\s+/)[0]!.toUpperCase());
    }
    this.index++;
    if (m[2] === '-') return { ctx, ...(unsolicited ? { unsolicited } : {}) };
    this.index = 0;
    const keywords = this.keywords.filter(Boolean);
    this.keywords = [];
    this.greeted = true;
    if (command) this.pending.shift();
    const upgrade = command ? this.onReply(Number(m[1]), command.verb, keywords) : false;
    return { ctx, ...(unsolicited ? { unsolicited } : {}), ...(upgrade ? { upgrade } : {}) };
  }

  /** State after a complete reply; true when it is the go-ahead for TLS. */
  private onReply(code: number, verb: string, keywords: readonly string[]): boolean {
    const ok = code >= 200 && code < 300;
    switch (verb) {
      case 'EHLO':
        if (code === 250) {
          this.state = 'greeted';
          this.capabilities = [...keywords];
        }
        break;
      case 'HELO':
        if (code === 250) {
          this.state = 'greeted';
          this.capabilities = [];
        }
        break;
      case 'MAIL':
        if (ok) this.state = 'mail';
        break;
      case 'RCPT':
        if (ok) this.state = 'rcpt';
        break;
      case 'DATA':
        if (code === 354) this.dataOpen = this.input === 'data';
        else if (this.input === 'data') this.input = 'command';
        break;
      case '.':
        this.state = 'greeted';
        break;
      case 'RSET':
        if (ok && this.state !== 'connected') this.state = 'greeted';
        break;
      case 'AUTH':
        this.input = code === 334 ? 'sasl' : 'command';
        break;
      case 'STARTTLS':
        if (code === 220) {
          // RFC 3207 §4.2: everything learnt before TLS is forgotten.
          this.state = 'connected';
          this.capabilities = [];
          return true;
        }
        break;
    }
    return false;
  }
}
