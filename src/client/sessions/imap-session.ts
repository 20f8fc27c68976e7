/**
 * IMAP client session (RFC 3501): tags, untagged responses grouped under the command in progress,
 * literals both ways (§4.3, RFC 7888 LITERAL+), continuation requests, AUTHENTICATE (§6.2.2,
 * RFC 4959 SASL-IR), STARTTLS (§6.2.1) and IDLE (RFC 2177).
 */
import type { CommandRef } from '../../annotate/context.js';
import { startsWithImapCommand } from '../../annotate/annotate.js';
import { ClientError } from '../errors.js';
import { EXIT } from '../events.js';
import { OctetCounter, trailingLiteral } from '../octet-counter.js';
import { ImapReader } from '../readers/imap-reader.js';
import { plain, saslResponse, secret, type OutgoingLine } from '../redact.js';
import { initialResponse, respond, type SaslName } from '../sasl-client.js';
import { ProtocolSession, type Response } from '../session-base.js';
import { contentLines, contentSize } from './common.js';
import { capabilitiesIn, parseResponseHead, stateAfter, typedCommand, type ImapResponseHead, type ImapState } from './imap-lines.js';

/** What the next input line is. */
type Phase = 'command' | 'literal' | 'rest' | 'sasl' | 'idle';
type Running = CommandRef & { readonly tag: string; readonly sensitive: boolean };

export class ImapSession extends ProtocolSession {
  readonly protocol = 'imap' as const;
  private readonly imap = new ImapReader(this.reader);
  private imapState: ImapState = 'not-authenticated';
  private selected: { name: string; readOnly: boolean } | undefined;
  private phase: Phase = 'command';
  private tags = 0;
  private running: Running | undefined;
  /** A `+` completes the wait (a synchronizing literal, AUTHENTICATE, IDLE). */
  private continuationEnds = false;
  private literal: OctetCounter | undefined;
  private greeted = false;
  private preauth = false;
  /** Line index within the response being read, and its first line once parsed. */
  private index = 0;
  private head: ImapResponseHead | undefined;
  /** The tag mailproto gave its own last command (--starttls, :auth, :send). */
  private lastTag = '';

  protected state(): string {
    return this.imapState;
  }

  protected override extraFacts(): { selected?: { name: string; readOnly: boolean } } {
    return this.imapState === 'selected' && this.selected ? { selected: { ...this.selected } } : {};
  }

  expectsContent(): boolean {
    return this.phase !== 'command';
  }

  protected resetAfterTls(): void {
    this.phase = 'command';
  }

  private nextTag(): string {
    this.tags++;
    return `A${String(this.tags).padStart(3, '0')}`;
  }

  protected readItem(): boolean {
    const item = this.imap.next();
    if (!item) return false;
    if (item.start) this.index = 0;
    const ref = this.running;
    this.recv(item.line, { index: this.index++, inBody: item.literal, ...(ref ? { command: ref, group: ref.tag } : {}) });
    if (item.start && !item.end) this.head = parseResponseHead(item.line.text);
    if (item.end) {
      const head = item.start ? parseResponseHead(item.line.text) : this.head!;
      this.onResponse(head);
    }
    return true;
  }

  private onResponse(head: ImapResponseHead): void {
    const caps = capabilitiesIn(head);
    if (caps) this.capabilities = caps;
    if (!this.greeted) {
      this.greeted = true;
      if (head.kind === 'untagged' && head.word === 'PREAUTH') {
        this.preauth = true;
        this.imapState = 'authenticated';
      }
      this.finishResponse();
      return;
    }
    const run = this.running;
    if (head.kind === 'continuation') {
      if (!run || !this.continuationEnds) return;
      this.phase = run.verb === 'IDLE' ? 'idle' : run.verb === 'AUTHENTICATE' && !this.literal ? 'sasl' : 'literal';
      this.continuationEnds = false;
      this.finishResponse();
      return;
    }
    if (head.kind === 'untagged') {
      if (head.word === 'BYE' && run?.verb === 'LOGOUT') this.closeExpected = true;
      // An untagged BAD answers a line whose tag the server could not read (RFC 3501 §7.1.3).
      if (head.word === 'BAD' && run && this.phase === 'command' && this.awaiting) this.complete(run, 'BAD', '');
      return;
    }
    if (run && head.tag === run.tag) this.complete(run, head.status, head.rest);
  }

  private complete(run: Running, status: string, rest: string): void {
    this.running = undefined;
    this.phase = 'command';
    this.literal = undefined;
    this.continuationEnds = false;
    const next = stateAfter(run, status, rest, { state: this.imapState, selected: this.selected });
    this.imapState = next.state;
    this.selected = next.selected;
    if (run.verb === 'STARTTLS' && status === 'OK') this.requestUpgrade();
    else if (run.verb === 'LOGOUT') this.finishQuit();
    else this.finishResponse();
  }

  /** Writes a line of the running command and arms the wait its end calls for. */
  private async continueCommand(out: OutgoingLine, text: string, inData: boolean): Promise<void> {
    const lit = trailingLiteral(text);
    if (lit) {
      // Even {0} is followed by the rest of the command, after the `+` for a synchronizing literal.
      this.literal = new OctetCounter(lit.size);
      if (lit.nonSync) {
        this.writeLine(out, { inData });
        this.phase = 'literal';
        return;
      }
      this.continuationEnds = true;
      const done = this.expect();
      this.writeLine(out, { inData });
      await done;
      return;
    }
    this.literal = undefined;
    this.phase = 'command';
    this.continuationEnds = this.running?.verb === 'IDLE' || this.running?.verb === 'AUTHENTICATE';
    const done = this.expect();
    this.writeLine(out, { inData });
    await done;
  }

  async send(line: string): Promise<void> {
    this.assertOpen();
    const run = this.running;
    switch (this.phase) {
      case 'literal': {
        const feed = this.literal!.feed(line);
        const out = run?.sensitive ? secret(line) : plain(line);
        if (!feed.done) {
          this.writeLine(out, { inData: true });
          return;
        }
        if (feed.rest === undefined) {
          this.writeLine(out, { inData: true });
          this.literal = undefined;
          this.phase = 'rest';
          return;
        }
        return this.continueCommand(out, feed.rest, true);
      }
      case 'rest':
        return this.continueCommand(run?.sensitive ? secret(line) : plain(line), line, false);
      case 'sasl':
        this.continuationEnds = true;
        this.phase = 'command';
        await this.writeAndWait(saslResponse(line));
        return;
      case 'idle':
        // DONE ends IDLE (RFC 2177 §3); anything else makes the server end it with BAD.
        this.phase = 'command';
        await this.writeAndWait(plain(line));
        return;
      case 'command':
        break;
    }
    const cmd = typedCommand(line, startsWithImapCommand(line) ? this.nextTag() : undefined);
    this.running = { tag: cmd.tag, verb: cmd.verb, args: cmd.args, sensitive: cmd.sensitive };
    await this.continueCommand(cmd.out, cmd.out.text, false);
  }

  /** Runs one whole command line made by mailproto (not typed) and returns its response. */
  private run(out: OutgoingLine, verb: string, args: string, tag: string): Promise<Response> {
    const lit = trailingLiteral(out.text);
    this.running = { tag, verb, args, sensitive: verb === 'LOGIN' || verb === 'AUTHENTICATE' };
    this.continuationEnds = verb === 'AUTHENTICATE' || verb === 'IDLE' || lit !== undefined;
    this.literal = lit ? new OctetCounter(lit.size) : undefined;
    return this.writeAndWait(out);
  }

  async startTls(required: boolean): Promise<void> {
    if (required) {
      if (this.preauth) {
        this.abortStartTls('E_STARTTLS_REFUSED', 'the server greeted with PREAUTH: the session is logged in already, in plaintext, and STARTTLS is no longer allowed (RFC 3501 §6.2.1)');
      }
      if (this.capabilities.length === 0) await this.run(plain(`${this.tagNow()} CAPABILITY`), 'CAPABILITY', '', this.lastTag);
      if (!this.capabilities.includes('STARTTLS')) this.abortStartTls('E_STARTTLS_UNAVAILABLE', 'the server does not offer STARTTLS in its CAPABILITY');
    }
    const reply = await this.run(plain(`${this.tagNow()} STARTTLS`), 'STARTTLS', '', this.lastTag);
    const last = parseResponseHead(reply.last);
    if (required && !(last.kind === 'tagged' && last.status === 'OK')) {
      this.abortStartTls('E_STARTTLS_REFUSED', `the server refused STARTTLS (${reply.last})`);
    }
  }

  private tagNow(): string {
    this.lastTag = this.nextTag();
    return this.lastTag;
  }

  private abortStartTls(code: 'E_STARTTLS_UNAVAILABLE' | 'E_STARTTLS_REFUSED', message: string): never {
    const err = new ClientError(code, `${message}; stopped before anything else was sent, because --starttls asks for TLS`, {
      exitCode: EXIT.tls,
      tryMessage: 'imaps:// (implicit TLS, port 993) if the server offers it, or leave out --starttls on a network you trust',
    });
    this.fail(err);
    throw err;
  }

  /** `:auth`: AUTHENTICATE, with the initial response on the command line when the server has SASL-IR (RFC 4959). */
  async authenticate(mech: SaslName, user: string, password: string): Promise<void> {
    const name = mech.toUpperCase();
    const tag = this.tagNow();
    const ir = this.capabilities.includes('SASL-IR') ? initialResponse(mech, user, password) : undefined;
    const first = ir ? secret(`${tag} AUTHENTICATE ${name} ${ir}`, `${tag} AUTHENTICATE ${name} `) : plain(`${tag} AUTHENTICATE ${name}`);
    let reply = await this.run(first, 'AUTHENTICATE', name, tag);
    for (let step = 0; parseResponseHead(reply.last).kind === 'continuation'; step++) {
      const challenge = reply.last.slice(2).trim();
      this.phase = 'command';
      this.continuationEnds = true;
      reply = await this.writeAndWait(step < 3 ? secret(respond(mech, step, challenge, user, password)) : plain('*'));
    }
  }

  /** Writes a line and waits for what completes the current wait. */
  private writeAndWait(out: OutgoingLine): Promise<Response> {
    const done = this.expect();
    this.writeLine(out);
    return done;
  }

  /** `:send FILE`: APPEND INBOX with the file as a synchronizing literal. */
  async sendMessage(load: () => Promise<Buffer>): Promise<void> {
    if (this.imapState !== 'authenticated' && this.imapState !== 'selected') {
      this.warn(':send needs you to be logged in: LOGIN or :auth first');
      return;
    }
    const lines = contentLines(await load());
    const size = contentSize(lines);
    const tag = this.tagNow();
    const reply = await this.run(plain(`${tag} APPEND INBOX {${size}}`), 'APPEND', `INBOX {${size}}`, tag);
    if (parseResponseHead(reply.last).kind !== 'continuation') return;
    this.phase = 'command';
    this.literal = undefined;
    const last = lines.at(-1);
    for (const l of lines.slice(0, -1)) this.writeLine(plain(l.text), { inData: true, eol: l.eol });
    // The command's own CRLF follows the literal; when the file ends without one it shares the last line.
    if (last && last.eol === '') {
      await this.writeAndWait(plain(last.text));
      return;
    }
    if (last) this.writeLine(plain(last.text), { inData: true, eol: last.eol });
    await this.writeAndWait(plain(''));
  }

  async quit(): Promise<void> {
    if (this.ended) return;
    try {
      if (this.phase === 'idle') await this.send('DONE');
      else if (this.phase === 'sasl') await this.send('*');
      else if (this.phase !== 'command') {
        this.warn('a literal was not finished; closing without LOGOUT');
        this.close();
        return;
      }
      if (this.imapState !== 'logout') await this.send('LOGOUT');
    } catch {
      // The end state says what happened.
    }
    if (!this.ended) this.close();
  }
}
