/**
 * POP3 client session (RFC 1939): a status line, and for some commands a multi-line body ending
 * in a lone "." (which of them: the catalog's `isMultilineReply`); STLS (RFC 2595), CAPA
 * (RFC 2449) and AUTH (RFC 5034).
 *
 *   single-line = ("+OK" / "-ERR") [SP text] CRLF
 *   multi-line  = "+OK" [SP text] CRLF *(line CRLF) "." CRLF
 */
import type { CommandRef } from '../../annotate/context.js';
import { isMultilineReply, lookupPop3Command } from '../../protocols/pop3/commands.js';
import { ClientError } from '../errors.js';
import { EXIT } from '../events.js';
import { MAX_CAPABILITY_LINES } from '../limits.js';
import { plain, saslResponse, secret, wordsPrefix, type OutgoingLine } from '../redact.js';
import { initialResponse, respond, type SaslName } from '../sasl-client.js';
import { ProtocolSession, type Response } from '../session-base.js';
import { splitCommand } from './common.js';

/** The status of a response: its first line. */
function status(r: Response): 'ok' | 'err' | 'continue' | 'other' {
  const first = r.first;
  if (/^\+OK\b/i.test(first)) return 'ok';
  if (/^-ERR\b/i.test(first)) return 'err';
  if (first === '+' || first.startsWith('+ ')) return 'continue';
  return 'other';
}

export class Pop3Session extends ProtocolSession {
  readonly protocol = 'pop3' as const;
  private pop3State: 'authorization' | 'transaction' = 'authorization';
  private sasl = false;
  private current: CommandRef | undefined;
  /** Inside a multi-line body: the index of the next line. */
  private body: { index: number; lines: string[] } | undefined;

  protected state(): string {
    return this.pop3State;
  }

  expectsContent(): boolean {
    return this.sasl;
  }

  protected resetAfterTls(): void {
    this.sasl = false;
  }

  protected readItem(): boolean {
    const line = this.reader.nextLine();
    if (!line) return false;
    const group = this.current ? { command: this.current, group: this.current.verb } : {};
    if (this.body) {
      if (line.text === '.') {
        this.recv(line, { index: this.body.index, inBody: false, ...group });
        const lines = this.body.lines;
        this.body = undefined;
        if (this.current?.verb === 'CAPA') this.capabilities = lines.map((l) => l.trim().split(/\s+/)[0]!.toUpperCase()).filter(Boolean);
        this.finishResponse();
      } else {
        this.recv(line, { index: this.body.index++, inBody: true, ...group });
        if (this.current?.verb === 'CAPA' && this.body.lines.length < MAX_CAPABILITY_LINES) this.body.lines.push(line.text);
      }
      return true;
    }
    this.recv(line, { index: 0, inBody: false, ...group });
    const kind = status({ first: line.text, last: line.text });
    const cmd = this.current;
    if (!cmd) {
      this.finishResponse();
      return true;
    }
    const info = lookupPop3Command(cmd.verb);
    if (kind === 'ok' && info && isMultilineReply(info, cmd.args) && !this.sasl) {
      this.body = { index: 1, lines: [] };
      return true;
    }
    this.onStatus(cmd, kind);
    return true;
  }

  private onStatus(cmd: CommandRef, kind: ReturnType<typeof status>): void {
    if (cmd.verb === 'AUTH') this.sasl = kind === 'continue';
    if (kind === 'ok') {
      switch (cmd.verb) {
        case 'PASS':
        case 'APOP':
        case 'AUTH':
          this.pop3State = 'transaction';
          break;
        case 'STLS':
          this.requestUpgrade();
          return;
        case 'QUIT':
          this.finishQuit();
          return;
      }
    }
    this.finishResponse();
  }

  private async command(out: OutgoingLine, ref: CommandRef): Promise<Response> {
    this.assertOpen();
    this.current = ref;
    const done = this.expect();
    this.writeLine(out);
    return done;
  }

  async send(line: string): Promise<void> {
    this.assertOpen();
    if (this.sasl) {
      await this.command(saslResponse(line), this.current ?? { verb: 'AUTH', args: '' });
      return;
    }
    const { verb, args } = splitCommand(line);
    await this.command(classify(line, verb, args), { verb, args });
  }

  async startTls(required: boolean): Promise<void> {
    if (required) {
      const capa = await this.command(plain('CAPA'), { verb: 'CAPA', args: '' });
      if (status(capa) !== 'ok' || !this.capabilities.includes('STLS')) {
        this.abortStartTls('E_STARTTLS_UNAVAILABLE', 'the server does not offer STLS in its CAPA list');
      }
    }
    const reply = await this.command(plain('STLS'), { verb: 'STLS', args: '' });
    if (status(reply) !== 'ok' && required) this.abortStartTls('E_STARTTLS_REFUSED', `the server refused STLS (${reply.first})`);
  }

  private abortStartTls(code: 'E_STARTTLS_UNAVAILABLE' | 'E_STARTTLS_REFUSED', message: string): never {
    const err = new ClientError(code, `${message}; stopped before anything else was sent, because --starttls asks for TLS`, {
      exitCode: EXIT.tls,
      tryMessage: 'pop3s:// (implicit TLS, port 995) if the server offers it, or leave out --starttls on a network you trust',
    });
    this.fail(err);
    throw err;
  }

  /** `:auth`: AUTH (RFC 5034) with an initial response for PLAIN, `+` challenges answered for the others. */
  async authenticate(mech: SaslName, user: string, password: string): Promise<void> {
    const name = mech.toUpperCase();
    const ir = initialResponse(mech, user, password);
    const ref: CommandRef = { verb: 'AUTH', args: name };
    let reply = await this.command(ir ? secret(`AUTH ${name} ${ir}`, `AUTH ${name} `) : plain(`AUTH ${name}`), ref);
    for (let step = 0; status(reply) === 'continue'; step++) {
      const challenge = reply.first.slice(2).trim();
      reply = await this.command(step < 3 ? secret(respond(mech, step, challenge, user, password)) : plain('*'), ref);
    }
  }

  async quit(): Promise<void> {
    if (this.ended) return;
    try {
      if (this.sasl) await this.command(plain('*'), this.current ?? { verb: 'AUTH', args: '' });
      await this.command(plain('QUIT'), { verb: 'QUIT', args: '' });
    } catch {
      // The end state says what happened.
    }
    if (!this.ended) this.close();
  }
}

/** Marks credentials: PASS, the APOP digest, an AUTH initial response (RFC 1939 §7, RFC 5034 §4). */
function classify(line: string, verb: string, args: string): OutgoingLine {
  const words = args.trim().split(/\s+/).filter(Boolean).length;
  if (verb === 'PASS') return secret(line, wordsPrefix(line, 1));
  if (verb === 'APOP' && words >= 2) return secret(line, wordsPrefix(line, 2));
  if (verb === 'AUTH' && words >= 2) return secret(line, wordsPrefix(line, 2));
  return plain(line);
}
