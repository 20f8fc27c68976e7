/**
 * SMTP client session (RFC 5321): multi-line replies, DATA with dot-stuffing (§4.5.2), BDAT
 * (RFC 3030), STARTTLS (RFC 3207) and AUTH (RFC 4954).
 *
 *   Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
 */
import { hostname } from 'node:os';
import type { CommandRef } from '../../annotate/context.js';
import { ClientError } from '../errors.js';
import { EXIT } from '../events.js';
import { MAX_CAPABILITY_LINES } from '../limits.js';
import { OctetCounter } from '../octet-counter.js';
import { plain, saslResponse, secret, wordsPrefix, type OutgoingLine } from '../redact.js';
import { initialResponse, respond, type SaslName } from '../sasl-client.js';
import { ProtocolSession, type Response } from '../session-base.js';
import { contentLines, contentSize, splitCommand } from './common.js';

type Mode = 'command' | 'sasl' | 'data' | 'bdat';
type SmtpState = 'connected' | 'greeted' | 'mail' | 'rcpt';

const REPLY = /^(\d{3})([ -]?)/;

/** The name to EHLO with when mailproto greets on its own (--starttls): this host, if it is a plain DNS name. */
export function clientName(): string {
  const name = hostname();
  return /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(name) ? name : 'localhost';
}

/** The code of a response's last line (0 when it is not a reply). */
export function replyCode(r: Response): number {
  const m = REPLY.exec(r.last);
  return m ? Number(m[1]) : 0;
}

export class SmtpSession extends ProtocolSession {
  readonly protocol = 'smtp' as const;
  private smtpState: SmtpState = 'connected';
  private mode: Mode = 'command';
  private current: CommandRef | undefined;
  /** Lines of the reply being read so far. */
  private replyIndex = 0;
  /** EHLO keyword lines of the reply being read (bounded). */
  private keywords: string[] = [];
  private bdat: { counter: OctetCounter; last: boolean } | undefined;
  /** The BDAT being answered has LAST: its 250 ends the transaction. */
  private bdatLast = false;

  protected state(): string {
    return this.mode === 'data' ? 'data' : this.smtpState;
  }

  expectsContent(): boolean {
    return this.mode !== 'command';
  }

  protected resetAfterTls(): void {
    // RFC 3207 §4.2: the client must discard what it knew from the server and EHLO again.
    this.smtpState = 'connected';
    this.mode = 'command';
  }

  protected readItem(): boolean {
    const line = this.reader.nextLine();
    if (!line) return false;
    const m = REPLY.exec(line.text);
    this.recv(line, { index: this.replyIndex, inBody: false, ...(this.current ? { command: this.current, group: this.current.verb } : {}) });
    if (this.replyIndex > 0 && this.current?.verb === 'EHLO' && this.keywords.length < MAX_CAPABILITY_LINES) {
      this.keywords.push(line.text.slice(4).trim().split(/\s+/)[0]!.toUpperCase());
    }
    this.replyIndex++;
    if (m && m[2] === '-') return true;
    this.replyIndex = 0;
    const keywords = this.keywords.filter(Boolean);
    this.keywords = [];
    this.onReply(m ? Number(m[1]) : 0, keywords);
    return true;
  }

  private onReply(code: number, keywords: readonly string[]): void {
    const verb = this.current?.verb;
    const ok = code >= 200 && code < 300;
    switch (verb) {
      case 'EHLO':
        if (code === 250) {
          this.smtpState = 'greeted';
          this.capabilities = [...keywords];
        }
        break;
      case 'HELO':
        if (code === 250) {
          this.smtpState = 'greeted';
          this.capabilities = [];
        }
        break;
      case 'MAIL':
        if (ok) this.smtpState = 'mail';
        break;
      case 'RCPT':
        if (ok) this.smtpState = 'rcpt';
        break;
      case 'DATA':
        if (code === 354) this.mode = 'data';
        break;
      case '.':
        this.smtpState = 'greeted';
        break;
      case 'BDAT':
        if (!ok || this.bdatLast) this.smtpState = 'greeted';
        break;
      case 'RSET':
        if (ok && this.smtpState !== 'connected') this.smtpState = 'greeted';
        break;
      case 'AUTH':
        this.mode = code === 334 ? 'sasl' : 'command';
        break;
      case 'STARTTLS':
        if (code === 220) {
          this.requestUpgrade();
          return;
        }
        break;
      case 'QUIT':
        if (code === 221) {
          this.finishQuit();
          return;
        }
        break;
      default:
        break;
    }
    this.finishResponse();
  }

  /** Sends one command (or SASL response) and waits for the complete reply. */
  private async command(out: OutgoingLine, ref: CommandRef): Promise<Response> {
    this.assertOpen();
    this.current = ref;
    const done = this.expect();
    this.writeLine(out);
    return done;
  }

  async send(line: string): Promise<void> {
    this.assertOpen();
    switch (this.mode) {
      case 'data':
        return this.sendDataLine(line);
      case 'bdat':
        return this.feedBdat(line);
      case 'sasl':
        await this.command(saslResponse(line), this.current ?? { verb: 'AUTH', args: '' });
        return;
      case 'command':
        break;
    }
    const { verb, args } = splitCommand(line);
    const bdat = /^(\d{1,12})(\s+LAST)?\s*$/i.exec(args);
    if (verb === 'BDAT' && bdat && Number(bdat[1]) > 0) {
      this.current = { verb, args };
      this.bdatLast = bdat[2] !== undefined;
      this.writeLine(plain(line));
      this.bdat = { counter: new OctetCounter(Number(bdat[1])), last: this.bdatLast };
      this.mode = 'bdat';
      return;
    }
    if (verb === 'BDAT') this.bdatLast = /\sLAST\s*$/i.test(` ${args}`);
    // AUTH with an initial response (RFC 4954 §4): the response is a credential.
    const out = verb === 'AUTH' && args.trim().includes(' ') ? secret(line, wordsPrefix(line, 2)) : plain(line);
    await this.command(out, { verb, args });
  }

  /** Inside DATA: "." ends the message; any other line is dot-stuffed (RFC 5321 §4.5.2). */
  private async sendDataLine(line: string): Promise<void> {
    if (line === '.') {
      this.mode = 'command';
      await this.command(plain('.'), { verb: '.', args: '' });
      return;
    }
    this.writeLine(plain(line.startsWith('.') ? `.${line}` : line), { inData: true, typed: line });
  }

  /** A typed BDAT chunk: input lines joined with CRLF until the announced size. */
  private async feedBdat(line: string): Promise<void> {
    const feed = this.bdat!.counter.feed(line);
    if (!feed.done) {
      this.writeLine(plain(line), { inData: true, dotStuffing: 'none' });
      return;
    }
    const text = Buffer.from(line, 'utf8').subarray(0, feed.contentOctets).toString('utf8');
    if (feed.rest) this.warn(`BDAT: the chunk is complete; ${JSON.stringify(feed.rest)} was over the announced size and was not sent`);
    this.mode = 'command';
    this.bdat = undefined;
    const done = this.expect();
    this.writeLine(plain(text), { inData: true, eol: feed.contentEol, dotStuffing: 'none' });
    await done;
  }

  async startTls(required: boolean): Promise<void> {
    if (required) {
      const ehlo = await this.command(plain(`EHLO ${clientName()}`), { verb: 'EHLO', args: clientName() });
      if (replyCode(ehlo) !== 250 || !this.capabilities.includes('STARTTLS')) {
        this.abortStartTls('E_STARTTLS_UNAVAILABLE', 'the server does not offer STARTTLS in its EHLO reply');
      }
    }
    const reply = await this.command(plain('STARTTLS'), { verb: 'STARTTLS', args: '' });
    if (replyCode(reply) !== 220 && required) {
      this.abortStartTls('E_STARTTLS_REFUSED', `the server refused STARTTLS (${reply.last})`);
    }
  }

  /** security.md item 7: with --starttls, no TLS means no session (and no credentials on the wire). */
  private abortStartTls(code: 'E_STARTTLS_UNAVAILABLE' | 'E_STARTTLS_REFUSED', message: string): never {
    const err = new ClientError(code, `${message}; stopped before anything else was sent, because --starttls asks for TLS`, {
      exitCode: EXIT.tls,
      tryMessage: 'smtps:// (implicit TLS, port 465) if the server offers it, or leave out --starttls on a network you trust',
    });
    this.fail(err);
    throw err;
  }

  /** `:auth`: AUTH with the mechanism's responses computed (RFC 4954 §4). */
  async authenticate(mech: SaslName, user: string, password: string): Promise<void> {
    const name = mech.toUpperCase();
    const ir = initialResponse(mech, user, password);
    const ref: CommandRef = { verb: 'AUTH', args: name };
    let reply = await this.command(ir ? secret(`AUTH ${name} ${ir}`, `AUTH ${name} `) : plain(`AUTH ${name}`), ref);
    for (let step = 0; replyCode(reply) === 334; step++) {
      const challenge = reply.last.slice(4).trim();
      const answer = step < 3 ? secret(respond(mech, step, challenge, user, password)) : plain('*');
      reply = await this.command(answer, ref);
    }
  }

  /** `:send FILE`: DATA with dot-stuffing, or one BDAT LAST chunk. MAIL and RCPT must be done (checked before the file is read). */
  async sendMessage(load: () => Promise<Buffer>, opts: { readonly bdat?: boolean } = {}): Promise<void> {
    if (this.smtpState !== 'rcpt' || this.mode !== 'command') {
      this.warn(':send needs an open transaction with a recipient: MAIL FROM:<address> and RCPT TO:<address> first');
      return;
    }
    const lines = contentLines(await load());
    if (opts.bdat) {
      const size = contentSize(lines);
      this.bdatLast = true;
      this.current = { verb: 'BDAT', args: `${size} LAST` };
      const done = this.expect();
      this.writeLine(plain(`BDAT ${size} LAST`));
      for (const l of lines) this.writeLine(plain(l.text), { inData: true, eol: l.eol, dotStuffing: 'none' });
      await done;
      return;
    }
    const reply = await this.command(plain('DATA'), { verb: 'DATA', args: '' });
    if (replyCode(reply) !== 354) return;
    for (const l of lines) this.writeLine(plain(l.text.startsWith('.') ? `.${l.text}` : l.text), { inData: true, typed: l.text });
    this.mode = 'command';
    await this.command(plain('.'), { verb: '.', args: '' });
  }

  async quit(): Promise<void> {
    if (this.ended) return;
    try {
      if (this.mode === 'data' || this.mode === 'bdat') {
        this.warn('the message was not finished (no lone "." line); closing without QUIT so that no half message is delivered');
        this.close();
        return;
      }
      if (this.mode === 'sasl') await this.command(plain('*'), this.current ?? { verb: 'AUTH', args: '' });
      await this.command(plain('QUIT'), { verb: 'QUIT', args: '' });
    } catch {
      // The end state says what happened.
    }
    if (!this.ended) this.close();
  }
}
