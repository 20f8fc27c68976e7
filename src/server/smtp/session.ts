/**
 * One SMTP session: the state machine of RFC 5321 over the framer. Handlers return reply values;
 * this is the one place that writes them, counts errors, enforces timeouts and performs STARTTLS.
 */
import { lookupSmtpCommand, sequenceError, type SmtpState } from '../../protocols/smtp/commands.js';
import { SmtpFramer, type FramerEvent } from '../../protocols/smtp/framer.js';
import { MAX_PIPELINE_BUFFER } from '../../protocols/smtp/limits.js';
import { reply, serializeReply, type SmtpReply } from '../../protocols/smtp/reply.js';
import { PumpedSession } from '../pumped-session.js';
import type { SocketTransport } from '../transport.js';
import type { SmtpContext, SmtpPortKind } from './context.js';
import { bdatRejected, finishData } from './handlers/data.js';
import type { HandlerResult, Outcome, SaslStep } from './handler-types.js';
import { SMTP_HANDLERS } from './registry.js';
import { initialState, type SmtpSessionState } from './session-state.js';

/** Replies that count as the client's mistakes (security.md item 19); failed logins count too, against password guessing. */
const ERROR_CODES = new Set([500, 501, 502, 503, 504, 530, 535, 555]);

/** Parses a fault's reply text, e.g. `452 4.2.2 Mailbox full`. */
export function faultReply(text: string): SmtpReply {
  const m = /^(\d{3})(?:[ -](\d\.\d{1,3}\.\d{1,3}))?(?: (.*))?$/.exec(text.trim());
  if (!m) return reply(451, '4.3.0', text);
  const code = Number(m[1]);
  return { code, enhanced: m[2], lines: [m[3] ?? ''], close: code === 421 };
}

/**
 * An AUTH line as it may be logged or echoed: the mechanism kept, any initial response replaced by
 * `<redacted>` (security.md item 24). Any whitespace counts as a separator here, so a client that
 * uses TAB instead of SP (not valid SMTP, answered 500) does not get its credentials logged either.
 * Undefined for lines that are not AUTH commands.
 */
export function redactAuthLine(line: string): string | undefined {
  const m = /^(AUTH)(?:\s+(\S*)(\s+\S[\s\S]*)?)?\s*$/i.exec(line);
  if (!m) return undefined;
  return `${m[1]}${m[2] ? ` ${m[2]}` : ''}${m[3] ? ' <redacted>' : ''}`;
}

export class SmtpSession extends PumpedSession<FramerEvent> {
  readonly state: SmtpSessionState = initialState();
  protected override readonly framer = new SmtpFramer();
  private sasl: SaslStep | undefined;
  private greeted = false;
  private rejectedAtConnect = false;
  private greetTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly ctx: SmtpContext,
    transport: SocketTransport,
    readonly kind: SmtpPortKind,
  ) {
    super('smtp', transport, ctx.log, MAX_PIPELINE_BUFFER);
  }

  /** Begins the session: the greeting pause, then the 220 greeting (RFC 5321 §4.3.1). */
  start(): void {
    this.attach();
    const pause = this.ctx.config.greetingPauseMs;
    if (pause > 0) this.greetTimer = setTimeout(() => this.greet(), pause);
    else this.greet();
  }

  /** Current state in the catalog's terms. */
  get protocolState(): SmtpState {
    if (this.state.heloName === undefined) return 'connected';
    const tx = this.state.transaction;
    if (!tx) return 'greeted';
    return tx.recipients.length > 0 ? 'rcpt' : 'mail';
  }

  /** True when AUTH may be used now (not on a remote plaintext connection, security.md item 5). */
  authAllowed(): boolean {
    return this.transport.secure || !this.ctx.config.requireTlsForAuth;
  }

  /** Submission (587) requires AUTH before MAIL (RFC 6409 §4.3). */
  mustAuthenticate(): boolean {
    return this.kind === 'submission' && this.state.authUser === undefined;
  }

  resetTransaction(): void {
    this.state.transaction = undefined;
  }

  authSucceeded(user: string): Outcome {
    this.state.authUser = user;
    this.ctx.log.emit({ event: 'auth', protocol: 'smtp', session: this.id, user, ok: true });
    return reply(235, '2.7.0', `Authentication successful: welcome, ${user}`);
  }

  authFailed(r: Outcome): Outcome {
    this.ctx.log.emit({ event: 'auth', protocol: 'smtp', session: this.id, ok: false });
    return r;
  }

  /** The fault reply for this command, when a `--fault` fires. */
  fault(command: string): Outcome | undefined {
    const text = this.fireFault(this.ctx.faults, command);
    return text === undefined ? undefined : faultReply(text);
  }

  private greet(): void {
    this.greetTimer = undefined;
    if (this.ended) return;
    this.greeted = true;
    const fault = this.fault('CONNECT');
    if (fault) {
      this.rejectedAtConnect = fault.code >= 400;
      this.send(fault);
    } else {
      this.send(reply(220, undefined, `${this.ctx.config.domain} ESMTP mailproto sandbox`));
    }
    this.touch();
    void this.pump();
  }

  protected override onData(chunk: Buffer): void {
    if (this.ended) return;
    if (!this.greeted) {
      // security.md item 18: an early talker did not wait for the greeting.
      this.ctx.log.emit({ event: 'reject', protocol: 'smtp', session: this.id, reason: 'early-talker' });
      this.send({ ...reply(421, '4.7.0', `${this.ctx.config.domain} Talked before the greeting: wait for 220 before sending (RFC 5321 §4.3.1)`), close: true });
      return;
    }
    super.onData(chunk);
  }

  protected override onEnd(): void {
    clearTimeout(this.greetTimer);
  }




  protected override idleTimeoutMs(): number {
    return this.ctx.config.idleTimeoutMs;
  }

  protected override onIdleTimeout(): void {
    const ms = this.ctx.config.idleTimeoutMs;
    const span = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
    this.send({ ...reply(421, '4.4.2', `${this.ctx.config.domain} Timeout: no command for ${span}, closing connection`), close: true });
  }

  protected override onInternalError(): void {
    // A bug, not a protocol error: tell the client, keep the server up; the log has the stack.
    this.send({ ...reply(421, '4.3.0', 'Internal error in the sandbox, closing connection'), close: true });
  }

  protected override async handleEvent(event: FramerEvent): Promise<void> {
    switch (event.type) {
      case 'fatal':
        this.send({ ...reply(421, '4.5.0', 'Line too long without CRLF, closing connection (RFC 5321 §4.5.3.1.4)'), close: true });
        return;
      case 'line':
        if (event.tooLong) {
          this.sasl = undefined;
          this.framer.saslMode = false;
          this.logCommand('<line too long>');
          this.send(reply(500, '5.5.2', 'Line too long: command lines are at most 512 octets (RFC 5321 §4.5.3.1.4)'));
          return;
        }
        await this.handleLine(event.line);
        return;
      case 'data': {
        const r = await finishData(this, event.body, event.size, event.overflow);
        this.send(r);
        if (!this.state.esmtp && this.framer.buffered > 0 && !r.close) {
          // security.md item 12: without PIPELINING the client must wait for this reply.
          this.framer.discardBuffered();
          this.send({ ...reply(554, '5.5.0', 'Unauthorized pipelining: commands were sent before the reply to the message (RFC 2920)'), close: true });
        }
        return;
      }
      case 'chunk':
        // Handled by the pending BDAT completion.
        await this.completeChunk?.(event.body);
        return;
    }
  }

  private completeChunk: ((chunk: Buffer) => Promise<void>) | undefined;

  private async handleLine(line: string): Promise<void> {
    if (this.sasl) {
      const step = this.sasl;
      this.sasl = undefined;
      this.framer.saslMode = false;
      this.logCommand('<redacted>', true);
      await this.apply(await step(line));
      return;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]*)(?: (.*))?$/s.exec(line);
    const verb = m?.[1]?.toUpperCase() ?? '';
    const args = m?.[2] ?? '';
    const authShown = redactAuthLine(line);
    this.logCommand(authShown ?? line, authShown?.endsWith('<redacted>') ?? false);
    await this.apply(await this.dispatch(verb, args, line));
  }

  /** Checks the command against the catalog once, for every command, then runs its handler. */
  private async dispatch(verb: string, args: string, line: string): Promise<HandlerResult> {
    if (this.rejectedAtConnect && verb !== 'QUIT') {
      return reply(503, '5.5.1', 'The server refused this session at the greeting; only QUIT is accepted');
    }
    const info = verb === '' ? undefined : lookupSmtpCommand(verb);
    if (!info) {
      const shown = redactAuthLine(line) ?? (line.length > 40 ? `${line.slice(0, 40)}...` : line);
      return reply(500, '5.5.2', `Command unrecognized: "${shown}"; HELP lists the commands`);
    }
    if (info.historic) return reply(502, '5.5.1', `${info.name} is not implemented: ${info.retired ?? 'retired'}`);
    const handler = SMTP_HANDLERS.get(info.name)!;
    const wrongState = sequenceError(info, this.protocolState);
    if (wrongState) return info.name === 'BDAT' ? bdatRejected(args, wrongState) : wrongState;
    const fault = this.fault(info.name);
    if (fault) return info.name === 'BDAT' ? bdatRejected(args, fault) : fault;
    return handler(this, args);
  }

  private async apply(result: HandlerResult): Promise<void> {
    if ('kind' in result) {
      if (result.kind === 'sasl') {
        this.sasl = result.next;
        this.framer.saslMode = true;
        this.send(result.challenge);
        return;
      }
      const { complete } = result;
      this.framer.startChunk(result.size, result.keep);
      this.completeChunk = async (chunk) => {
        this.completeChunk = undefined;
        this.send(await complete(chunk));
      };
      return;
    }
    if (result.after === 'starttls') {
      const dropped = this.framer.discardBuffered();
      if (dropped > 0) {
        // security.md item 1: plaintext sent after STARTTLS could be injected by an attacker.
        this.ctx.log.emit({ event: 'warning', protocol: 'smtp', session: this.id, discarded: dropped, reason: 'bytes after STARTTLS' });
      }
      this.send(result);
      try {
        await this.transport.startTls();
      } catch {
        return;
      }
      // RFC 3207 §4.2: forget everything learned before TLS; the client must EHLO again.
      const bad = this.state.badCommands;
      Object.assign(this.state, initialState(), { badCommands: bad });
      this.ctx.log.emit({ event: 'tls', protocol: 'smtp', session: this.id, ...this.transport.tlsInfo() });
      return;
    }
    this.send(result);
    if (result.after === 'data') this.framer.startData(this.ctx.config.maxMessageSize);
  }

  /** Writes a reply; counts errors; closes after 421, QUIT and too many errors. */
  private send(r: SmtpReply): void {
    if (this.transport.isClosed) return;
    // With more pipelined commands waiting, replies are gathered into one write (RFC 2920 §3.2);
    // the pump sends them when the input runs out, and any plain write sends them first.
    if (this.framer.buffered > 0 && !r.close) this.transport.writeBatched(serializeReply(r));
    else this.transport.write(serializeReply(r));
    this.ctx.log.emit({ event: 'reply', protocol: 'smtp', session: this.id, code: r.code, enhanced: r.enhanced, text: r.lines.join('\n') });
    if (r.close) {
      this.end();
      return;
    }
    if (ERROR_CODES.has(r.code)) {
      this.state.badCommands += 1;
      if (this.state.badCommands >= this.ctx.config.maxBadCommands) {
        this.send({ ...reply(421, '4.7.0', `Too many errors (${this.state.badCommands}), closing connection`), close: true });
      }
    }
  }

  private logCommand(text: string, redacted = false): void {
    this.ctx.log.emit({ event: 'command', protocol: 'smtp', session: this.id, text, ...(redacted ? { redacted: true } : {}) });
  }
}
