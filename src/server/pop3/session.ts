/**
 * One POP3 session (RFC 1939): AUTHORIZATION, then TRANSACTION with the maildrop locked, then UPDATE
 * at QUIT. Handlers return reply values; this is the one place that writes them.
 */
import { isMultilineReply, lookupPop3Command, wrongStateText, type Pop3State } from '../../protocols/pop3/commands.js';
import { MAX_AUTH_LINE, MAX_COMMAND_LINE, MAX_PIPELINE_BUFFER, MAX_UNTERMINATED_LINE } from '../../protocols/pop3/limits.js';
import { err, ok, parseReplyText, serializeReply, statusLine, type Pop3Reply } from '../../protocols/pop3/reply.js';
import type { LineEvent } from '../../protocols/byte-queue.js';
import { LineFramer } from '../../protocols/line-framer.js';
import { StoreError } from '../../store/types.js';
import { PumpedSession } from '../pumped-session.js';
import type { SocketTransport } from '../transport.js';
import type { Pop3Context } from './context.js';
import type { HandlerResult, Outcome, SaslStep } from './handler-types.js';
import { loginDelayLeft, loginDelaySeconds, noteLogin } from './login-delay.js';
import { isFileSystemError } from '../fs-errors.js';
import { Maildrop } from './maildrop.js';
import { POP3_HANDLERS } from './registry.js';

/**
 * A command line as it may be logged: PASS's password, and what follows APOP's name or AUTH's
 * mechanism, replaced by `<redacted>` (security.md item 24). Any whitespace counts as a separator
 * here, so a client that uses TAB instead of SP (not valid POP3, answered -ERR) does not get its
 * credentials logged either. Undefined for lines that carry no secret.
 */
export function redactPop3Line(line: string): string | undefined {
  const [first = '', second, ...rest] = line.trimStart().split(/\s+/);
  const verb = first.toUpperCase();
  if (verb === 'PASS' && second !== undefined) return 'PASS <redacted>';
  if ((verb === 'APOP' || verb === 'AUTH') && rest.length > 0) return `${verb} ${second} <redacted>`;
  return undefined;
}

export class Pop3Session extends PumpedSession<LineEvent> {
  /** The name given by USER, waiting for PASS. */
  pendingUser: string | undefined;
  /** The APOP timestamp in the greeting (RFC 1939 §7). */
  readonly apopTimestamp: string;
  private maildrop: Maildrop | undefined;
  private sasl: SaslStep | undefined;
  private bad = 0;
  protected override readonly framer = new LineFramer(() => (this.sasl ? MAX_AUTH_LINE : MAX_COMMAND_LINE), MAX_UNTERMINATED_LINE);

  constructor(
    readonly ctx: Pop3Context,
    transport: SocketTransport,
  ) {
    super('pop3', transport, ctx.log, MAX_PIPELINE_BUFFER);
    this.apopTimestamp = `<${process.pid}.${Date.now()}.${this.id}@${ctx.config.domain}>`;
  }

  start(): void {
    this.attach();
    const fault = this.fault('CONNECT');
    this.send(fault ?? ok(`${this.ctx.config.domain} POP3 mailproto sandbox ready ${this.apopTimestamp}`));
    if (fault && !fault.ok) this.end();
    this.touch();
  }

  get protocolState(): Pop3State {
    return this.maildrop ? 'transaction' : 'authorization';
  }

  /** The locked maildrop; only called by TRANSACTION handlers. */
  drop(): Maildrop {
    return this.maildrop!;
  }

  /** security.md item 5: on a remote sandbox, passwords only travel inside TLS. */
  plaintextRefused(): boolean {
    return this.ctx.config.requireTlsForAuth && !this.transport.secure;
  }

  async loginSucceeded(user: string): Promise<Outcome> {
    const wait = loginDelayLeft(this.ctx, user);
    if (wait > 0) {
      this.log.emit({ event: 'auth', protocol: 'pop3', session: this.id, user, ok: true, delayed: true });
      const every = loginDelaySeconds(this.ctx);
      return err(`${user} logged in less than ${every} s ago: this server allows one login every ${every} s (LOGIN-DELAY in CAPA); try again in ${Math.ceil(wait / 1000)} s (RFC 2449 §8.1.1)`, 'LOGIN-DELAY');
    }
    try {
      this.maildrop = await Maildrop.open(this.ctx.store, user, this.id);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'INUSE') {
        this.log.emit({ event: 'auth', protocol: 'pop3', session: this.id, user, ok: true, locked: true });
        return err(`${user}'s maildrop is locked by another POP3 session; try again when it has ended (RFC 2449 §8.1.2)`, 'IN-USE');
      }
      // The maildrop's directory cannot be read (removed, replaced by a file, no permission): retrying
      // will not help until someone repairs it (RFC 3206 §4).
      if (isFileSystemError(e)) {
        this.log.emit({ event: 'warning', protocol: 'pop3', session: this.id, user, error: String(e) });
        return err(`${user}'s maildrop cannot be opened (${e.code}); the sandbox's data directory needs repair (RFC 3206 §4)`, 'SYS/PERM');
      }
      throw e;
    }
    noteLogin(this.ctx, user);
    this.log.emit({ event: 'auth', protocol: 'pop3', session: this.id, user, ok: true });
    const { count, octets } = this.maildrop.totals();
    return ok(`Logged in as ${user}: maildrop has ${count} message${count === 1 ? '' : 's'} (${octets} octets)`);
  }

  loginFailed(): Outcome {
    this.log.emit({ event: 'auth', protocol: 'pop3', session: this.id, ok: false });
    this.countBad();
    return err('Authentication failed: wrong user name or password (RFC 3206 §4)', 'AUTH');
  }

  /** UPDATE state (RFC 1939 §6). Returns how many messages were removed, undefined when that failed. */
  async update(): Promise<number | undefined> {
    const drop = this.maildrop;
    this.maildrop = undefined;
    if (!drop) return 0;
    try {
      return await drop.commit(this.id);
    } catch {
      return undefined;
    }
  }

  private fault(command: string): Pop3Reply | undefined {
    const text = this.fireFault(this.ctx.faults, command);
    return text === undefined ? undefined : parseReplyText(text);
  }




  protected override idleTimeoutMs(): number {
    return this.ctx.config.idleTimeoutMs;
  }

  protected override onIdleTimeout(): void {
    this.send({ ...err('Disconnected for inactivity', 'SYS/TEMP'), close: true });
  }

  protected override onInternalError(): void {
    this.send({ ...err('Internal error in the sandbox, closing connection', 'SYS/TEMP'), close: true });
  }

  protected override onEnd(): void {
    // Connection lost without QUIT: no UPDATE, nothing is deleted (RFC 1939 §6).
    this.maildrop?.release();
    this.maildrop = undefined;
  }

  protected override async handleEvent(event: LineEvent): Promise<void> {
    if (event.type === 'fatal') {
      this.send({ ...err('Line too long without CRLF, closing connection'), close: true });
      return;
    }
    if (event.tooLong) {
      this.sasl = undefined;
      this.logCommand('<line too long>');
      this.countBad();
      this.send(err(`Line too long: commands are at most ${MAX_COMMAND_LINE} octets (RFC 2449 §4)`));
      return;
    }
    if (this.sasl) {
      const step = this.sasl;
      this.sasl = undefined;
      this.logCommand('<redacted>', true);
      await this.apply(await step(event.line));
      return;
    }
    await this.apply(await this.dispatch(event.line));
  }

  /** Checks the command against the catalog once, for every command, then runs its handler. */
  private async dispatch(line: string): Promise<HandlerResult> {
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const args = space < 0 ? '' : line.slice(space + 1);
    const shown = redactPop3Line(line);
    this.logCommand(shown ?? line, shown !== undefined);
    const info = lookupPop3Command(verb);
    if (!info) {
      this.countBad();
      // Echo only up to the first blank: `PASS<TAB>secret` must not come back in the reply.
      const word = verb.split(/\s/, 1)[0]!.slice(0, 20);
      if (/\s/.test(verb)) return err(`Unknown command "${word}" followed by a TAB or other blank: separate arguments with one space (RFC 1939 §3)`);
      return err(`Unknown command "${verb.slice(0, 20)}"; CAPA lists what this server offers`);
    }
    if (info.retired) {
      this.countBad();
      return err(info.retired);
    }
    if (!info.states!.includes(this.protocolState)) {
      this.countBad();
      return err(wrongStateText(info, this.protocolState));
    }
    const fault = this.fault(info.name);
    // A +OK fault for a multi-line command still needs its (empty) body, or clients wait forever.
    if (fault) return fault.ok && isMultilineReply(info, args) ? { ...fault, body: [] } : fault;
    return POP3_HANDLERS.get(info.name)!(this, args);
  }

  private async apply(result: HandlerResult): Promise<void> {
    if ('kind' in result) {
      this.sasl = result.next;
      this.transport.write(`+ ${result.challenge}\r\n`);
      this.log.emit({ event: 'reply', protocol: 'pop3', session: this.id, text: `+ ${result.challenge}` });
      return;
    }
    this.send(result);
    if (result.after === 'stls') {
      const dropped = this.framer.discardBuffered();
      if (dropped > 0) this.log.emit({ event: 'warning', protocol: 'pop3', session: this.id, discarded: dropped, reason: 'bytes after STLS' });
      this.pendingUser = undefined;
      try {
        await this.transport.startTls();
      } catch {
        return;
      }
      this.log.emit({ event: 'tls', protocol: 'pop3', session: this.id, ...this.transport.tlsInfo() });
    }
  }

  private countBad(): void {
    this.bad += 1;
  }

  private send(r: Pop3Reply): void {
    if (this.transport.isClosed) return;
    this.transport.write(serializeReply(r));
    this.log.emit({ event: 'reply', protocol: 'pop3', session: this.id, text: statusLine(r) });
    if (r.close) {
      this.end();
      return;
    }
    const limit = this.maildrop ? this.ctx.config.maxBadAfterLogin : this.ctx.config.maxBadBeforeLogin;
    if (!r.ok && this.bad >= limit) {
      this.send({ ...err(`Too many bad commands (${this.bad}), closing connection`), close: true });
    }
  }

  private logCommand(text: string, redacted = false): void {
    this.log.emit({ event: 'command', protocol: 'pop3', session: this.id, text, ...(redacted ? { redacted: true } : {}) });
  }
}
