/**
 * One IMAP session (RFC 3501 §3): not authenticated, authenticated, selected, logout. The catalog
 * (src/protocols/imap/commands.ts) decides once, for every command, whether it is valid now;
 * handlers return reply values; this is the one place that writes responses. Store events reach
 * the selected mailbox at any time and are told to the client at the moments RFC 3501 §5.2 allows.
 */
import { commandSpecFor, isAllowedInState, stateRefusal, type ImapState } from '../../protocols/imap/commands.js';
import { ImapCommandFramer, type FramedCommand, type FramerEvent } from '../../protocols/imap/framer.js';
import { createLiteralPolicy } from '../../protocols/imap/literal-policy.js';
import { encodeMailboxName } from '../../protocols/imap/mutf7.js';
import { tryParseCommand } from '../../protocols/imap/parser.js';
import {
  continuation,
  serializeResponse,
  serializeResponseParts,
  tagged,
  untaggedStatus,
  type ImapResponse,
} from '../../protocols/imap/response.js';
import { wireText } from '../../protocols/wire-text.js';
import { StoreError, type StoreEvent } from '../../store/types.js';
import { PumpedSession } from '../pumped-session.js';
import type { SocketTransport } from '../transport.js';
import { capabilities } from './capabilities.js';
import { commandLogText, responseLogText } from './command-log.js';
import type { ImapContext } from './context.js';
import { bad, ok, type HandlerResult, type Outcome, type Reply, type SaslStep } from './handler-types.js';
import { MAX_INPUT_BUFFER, MAX_LOGGED_RESPONSE } from './limits.js';
import { collectUpdates } from './mailbox-updates.js';
import { runHandler } from './registry.js';
import { capabilityCode, parseFaultReply } from './response-codes.js';
import type { SelectedMailbox } from './selected-mailbox.js';

/** Commands during which EXPUNGE must not be sent (RFC 3501 §7.4.1); their UID forms may. */
const NO_EXPUNGE_DURING = new Set(['FETCH', 'STORE', 'SEARCH']);

const USABLE_TAG = /^[^\x00-\x20\x7f-\uffff(){%*"\\+]+$/;

export class ImapSession extends PumpedSession<FramerEvent> {
  /** The logged-in user (canonical name), once authenticated. */
  private loggedIn: string | undefined;
  private mailbox: SelectedMailbox | undefined;
  protected override readonly framer: ImapCommandFramer;
  /** An AUTHENTICATE exchange waiting for the client's next line. */
  private sasl: { readonly tag: string; readonly step: SaslStep } | undefined;
  /** IDLE in progress: its tag, and the reply that DONE completes. */
  private idling: { readonly tag: string; readonly reply: Outcome } | undefined;
  private bad = 0;
  private unlisten: (() => void) | undefined;
  /** Update flushes while IDLE run one after another on this chain. */
  private updates: Promise<void> = Promise.resolve();
  private flushQueued = false;
  /** Mailboxes were created, deleted or renamed since the selected one was last checked to exist. */
  private recheckSelected = false;

  constructor(
    readonly ctx: ImapContext,
    transport: SocketTransport,
  ) {
    super('imap', transport, ctx.log, MAX_INPUT_BUFFER);
    const policy = createLiteralPolicy({ maxAppendOctets: ctx.config.maxAppendOctets });
    this.framer = new ImapCommandFramer({
      nonSync: ctx.config.nonSync,
      // A refused {n+} literal is skipped up to MAX_APPEND_OCTETS (the framer's default), even
      // when this sandbox's APPEND limit is lower: a client slightly over the limit goes on.
      // Nobody uploads a message before logging in: refused before "+", so it costs no memory.
      onLiteral: (info) =>
        info.command === 'APPEND' && this.loggedIn === undefined
          ? { status: 'BAD', reject: 'APPEND needs you to be logged in: LOGIN or AUTHENTICATE first' }
          : policy(info),
    });
  }

  start(): void {
    this.attach();
    const fault = this.fireFault(this.ctx.faults, 'CONNECT');
    if (fault !== undefined) {
      // `imap:CONNECT:BYE [UNAVAILABLE] text` (or NO/BAD) refuses the connection; OK greets.
      const reply = parseFaultReply(fault.replace(/^BYE\b/i, 'NO'));
      this.send(untaggedStatus(reply.status === 'OK' ? 'OK' : 'BYE', reply.text, reply.code));
      if (reply.status !== 'OK') return this.end();
    } else {
      this.send(untaggedStatus('OK', `${this.ctx.config.domain} IMAP4rev1 mailproto sandbox ready`, capabilityCode(this.capabilities())));
    }
    this.touch();
  }

  get protocolState(): ImapState {
    if (this.ended) return 'logout';
    if (this.loggedIn === undefined) return 'not-authenticated';
    return this.mailbox ? 'selected' : 'authenticated';
  }

  /** The logged-in user; only called by handlers of authenticated commands. */
  get user(): string {
    return this.loggedIn!;
  }

  /** The selected mailbox, if any. */
  get selected(): SelectedMailbox | undefined {
    return this.mailbox;
  }

  capabilities(): string[] {
    return capabilities({ config: this.ctx.config, secure: this.transport.secure, authenticated: this.loggedIn !== undefined });
  }

  /** Enters the authenticated state; the reply carries the new capabilities (RFC 3501 §6.2.3). */
  loginSucceeded(user: string, how: string): Outcome {
    this.loggedIn = user;
    this.unlisten = this.ctx.store.on((e) => this.onStoreEvent(e));
    this.log.emit({ event: 'auth', protocol: 'imap', session: this.id, user, ok: true, method: how });
    return ok(`${how} completed: logged in as ${user}`, capabilityCode(this.capabilities()));
  }

  loginFailed(how: string): Outcome {
    this.log.emit({ event: 'auth', protocol: 'imap', session: this.id, ok: false, method: how });
    return { status: 'NO', code: 'AUTHENTICATIONFAILED', text: 'Authentication failed: wrong user name or password', failedLogin: true };
  }

  /** Makes `mailbox` the selected one (SELECT, EXAMINE), or leaves the selected state. */
  select(mailbox: SelectedMailbox | undefined): void {
    this.mailbox = mailbox;
  }

  /** Writes one untagged response now: FETCH streams its answers rather than holding them all. */
  untagged(response: ImapResponse): void {
    this.send(response);
  }

  /**
   * One response of a long answer (FETCH): batched into fewer, larger writes. The tagged
   * completion, or writable(), sends what is held back.
   */
  untaggedBatched(response: ImapResponse): void {
    this.sendAll([response], { batched: true });
  }

  /** Waits while too much output is queued for a slow reader (long FETCH answers). */
  writable(): Promise<void> {
    return this.transport.writable();
  }




  protected override idleTimeoutMs(): number {
    return this.ctx.config.idleTimeoutMs;
  }

  protected override onIdleTimeout(): void {
    this.bye('Autologout: idle for too long');
  }

  protected override onInternalError(): void {
    // RFC 5530 §3 SERVERBUG: the server broke one of its own invariants, not the client's fault.
    this.bye('Internal error in the sandbox, closing connection', 'SERVERBUG');
  }

  protected override onEnd(): void {
    this.unlisten?.();
    this.unlisten = undefined;
    this.mailbox = undefined;
    this.idling = undefined;
  }

  protected override async handleEvent(event: FramerEvent): Promise<void> {
    switch (event.type) {
      case 'command':
        return this.onCommand(event.command);
      case 'continue':
        this.send(continuation('Ready for literal data'));
        return;
      case 'literal-rejected':
        this.logCommand(`${event.tag} ${event.command} {${Number.isFinite(event.size) ? event.size : '...'}${event.nonSync ? '+' : ''}}`);
        this.complete(event.tag, { status: event.status, code: event.code, text: event.reason });
        return;
      case 'line':
        return this.onLine(event.line);
      case 'error': {
        // A line too long in the middle of AUTHENTICATE or IDLE ends that exchange, under its tag.
        const pending = this.sasl?.tag ?? this.idling?.tag;
        this.sasl = undefined;
        this.idling = undefined;
        this.logCommand(`${pending ?? event.tag} ${event.command} <${event.code}>`.trim());
        this.complete(pending ?? event.tag, bad(event.message, event.code === 'LINE_TOO_LONG' ? 'TOOBIG' : 'CLIENTBUG'));
        if (event.fatal) this.bye('Closing the connection: its input can no longer be read as commands');
        return;
      }
    }
  }

  private async onCommand(framed: FramedCommand): Promise<void> {
    const logged = commandLogText(framed);
    this.logCommand(logged.text, logged.redacted);
    const parsed = tryParseCommand(framed);
    if (!parsed.ok) {
      const empty = framed.parts.length === 1 && framed.parts[0] === '';
      this.complete(parsed.error.tag ?? '', bad(parsed.error.message), { countsAsBad: !empty });
      return;
    }
    const command = parsed.command;
    const spec = commandSpecFor(command);
    const state = this.protocolState;
    if (!spec || !isAllowedInState(spec, state)) {
      this.complete(command.tag, bad(spec ? stateRefusal(spec, state) : `unknown command ${command.name}`));
      return;
    }
    const expunges = command.uid || !NO_EXPUNGE_DURING.has(command.name);
    const fault = this.fireFault(this.ctx.faults, command.name);
    const result = fault !== undefined ? parseFaultReply(fault) : await runHandler(this, command);
    await this.apply(command.tag, result, expunges);
  }

  /** An AUTHENTICATE response or IDLE's DONE (the framer was told to expect a raw line). */
  private async onLine(line: string): Promise<void> {
    if (this.sasl) {
      const { tag, step } = this.sasl;
      this.sasl = undefined;
      this.logCommand('<redacted>', true);
      if (line === '*') return this.complete(tag, bad('AUTHENTICATE cancelled by the client ("*")'));
      return this.apply(tag, await step(line), true);
    }
    if (this.idling) {
      const { tag, reply } = this.idling;
      this.idling = undefined;
      this.logCommand(line);
      await this.updates;
      await this.flushUpdates(true);
      if (line.toUpperCase() !== 'DONE') return this.complete(tag, bad('Expected DONE to end IDLE (RFC 2177 §3); IDLE ended'));
      return this.complete(tag, reply);
    }
  }

  private async apply(tag: string, result: HandlerResult, expunges: boolean): Promise<void> {
    if ('kind' in result) {
      this.sasl = { tag, step: result.next };
      this.framer.expectRawLine();
      this.send(continuation(result.challenge));
      return;
    }
    for (const response of result.untagged ?? []) this.send(response);
    if (result.after === 'idle') {
      this.idling = { tag, reply: result };
      this.framer.expectRawLine();
      this.stopIdleTimer();
      this.send(continuation('idling'));
      this.scheduleFlush();
      return;
    }
    if (result.after !== 'logout') await this.flushUpdates(expunges);
    this.complete(tag, result);
    if (result.after === 'logout') return this.end();
    if (result.after === 'starttls') await this.startTls();
  }

  /** Writes the tagged completion; enforces the limit of bad commands before login. */
  private complete(tag: string, reply: Reply & { readonly failedLogin?: boolean }, opts: { countsAsBad?: boolean } = {}): void {
    const usable = USABLE_TAG.test(tag);
    this.send(usable ? tagged(tag, reply.status, reply.text, reply.code) : untaggedStatus(reply.status, reply.text, reply.code));
    if (this.loggedIn !== undefined) return;
    if ((reply.status === 'BAD' && opts.countsAsBad !== false) || reply.failedLogin) this.bad += 1;
    if (this.bad >= this.ctx.config.maxBadBeforeLogin) this.bye(`Too many invalid commands (${this.bad}) before login, closing connection`);
  }

  private async startTls(): Promise<void> {
    // security.md 1: what followed STARTTLS in the same segment is never run, before or after TLS.
    const dropped = this.framer.discardBuffered();
    if (dropped > 0) this.log.emit({ event: 'warning', protocol: 'imap', session: this.id, discarded: dropped, reason: 'bytes after STARTTLS' });
    try {
      await this.transport.startTls();
    } catch {
      return;
    }
    this.log.emit({ event: 'tls', protocol: 'imap', session: this.id, ...this.transport.tlsInfo() });
  }

  private onStoreEvent(e: StoreEvent): void {
    if (e.user !== this.loggedIn || !this.mailbox) return;
    if (e.type === 'mailboxes') {
      this.recheckSelected = true;
      if (this.idling) this.scheduleFlush();
      return;
    }
    if (this.mailbox.onEvent(e) && this.idling) this.scheduleFlush();
  }

  /**
   * RFC 2180 §3: another session deleted or renamed the selected mailbox (or deleted it and made a
   * new one of that name, with a new UIDVALIDITY). This session's message numbers and UIDs mean
   * nothing any more, so it ends with `* BYE [ALERT]`, as Dovecot disconnects such sessions.
   */
  private async selectedMailboxGone(sel: SelectedMailbox): Promise<boolean> {
    try {
      return (await this.ctx.store.uids(this.loggedIn!, sel.name)).uidValidity !== sel.uidValidity;
    } catch (err) {
      if (err instanceof StoreError && err.code === 'NONEXISTENT') return true;
      throw err;
    }
  }

  /** While IDLE, tells the client about changes as they happen (RFC 2177 §3). */
  private scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.updates = this.updates
      .then(async () => {
        this.flushQueued = false;
        if (this.idling && !this.ended) await this.flushUpdates(true);
      })
      .catch((err: unknown) => {
        this.log.emit({ event: 'warning', protocol: 'imap', session: this.id, error: String((err as Error)?.stack ?? err) });
        this.onInternalError();
      });
  }

  private async flushUpdates(expunges: boolean): Promise<void> {
    const sel = this.mailbox;
    if (!sel || this.loggedIn === undefined) return;
    if (this.recheckSelected) {
      this.recheckSelected = false;
      if (await this.selectedMailboxGone(sel)) {
        this.bye(`Mailbox ${encodeMailboxName(sel.name)} was deleted or renamed by another session; log in again and SELECT a mailbox (RFC 2180 section 3)`, 'ALERT');
        return;
      }
    }
    if (!sel.hasUpdates) return;
    // One write for all of them: after a delivery every IDLE session of a class writes EXISTS and
    // RECENT at the same moment, and a system call per response doubled the cost of that fan-out.
    this.sendAll(await collectUpdates(this.ctx.store, this.loggedIn, sel, expunges));
  }

  private bye(text: string, code?: string): void {
    this.send(untaggedStatus('BYE', text, code));
    this.end();
  }

  private send(response: ImapResponse): void {
    this.sendAll([response]);
  }

  /** Writes responses with one write, in order; each is logged. */
  private sendAll(responses: readonly ImapResponse[], opts: { readonly batched?: boolean } = {}): void {
    if (this.transport.isClosed || responses.length === 0) return;
    // Human text on the wire is ASCII (RFC 3501 §9 TEXT-CHAR): "§" becomes "section".
    const ascii = (response: ImapResponse): ImapResponse => ('text' in response ? { ...response, text: wireText(response.text) } : response);
    if (opts.batched) {
      // Pieces into the corked socket: the literal data is not copied once more.
      for (const response of responses) {
        const parts = serializeResponseParts(ascii(response));
        for (const part of parts) this.transport.writeBatched(part);
        this.log.emit({ event: 'reply', protocol: 'imap', session: this.id, text: responseLogText(logHead(parts)) });
      }
      return;
    }
    const wires = responses.map((response) => serializeResponse(ascii(response)));
    this.transport.write(wires.length === 1 ? wires[0]! : Buffer.concat(wires));
    for (const wire of wires) this.log.emit({ event: 'reply', protocol: 'imap', session: this.id, text: responseLogText(wire) });
  }

  private logCommand(text: string, redacted = false): void {
    this.log.emit({ event: 'command', protocol: 'imap', session: this.id, text, ...(redacted ? { redacted: true } : {}) });
  }
}

/** The first bytes of a response given in pieces, as much as the log keeps (without copying the rest). */
function logHead(parts: readonly Buffer[]): Buffer {
  const head: Buffer[] = [];
  let left = MAX_LOGGED_RESPONSE + 2;
  for (const part of parts) {
    if (left <= 0) break;
    const piece = part.subarray(0, left);
    head.push(piece);
    left -= piece.length;
  }
  return Buffer.concat(head);
}
