/**
 * POP3 seen through a wrapped tool (RFC 1939): a status line per typed command, multi-line bodies
 * for the commands that have one (the catalog's isMultilineReply) up to the lone ".", CAPA kept,
 * SASL answers after `+`, and PASS, APOP digests and AUTH data marked secret.
 *
 *   single-line = ("+OK" / "-ERR") [SP text] CRLF
 *   multi-line  = "+OK" [SP text] CRLF *(line CRLF) "." CRLF
 */
import type { CommandRef, SessionFacts } from '../../annotate/context.js';
import { isMultilineReply, lookupPop3Command } from '../../protocols/pop3/commands.js';
import { MAX_CAPABILITY_LINES } from '../limits.js';
import { plain, saslResponse, secret, wordsPrefix, type OutgoingLine } from '../redact.js';
import { splitCommand } from '../sessions/common.js';
import { contextOf, pushBounded, type HeardLine, type TrackerSettings, type TypedLine, type WireTracker } from './tracker.js';

const STATUS = /^(\+OK\b|-ERR\b|\+ |\+$)/i;

export class Pop3Tracker implements WireTracker {
  readonly protocol = 'pop3' as const;
  private state: 'authorization' | 'transaction' = 'authorization';
  /** A `+` challenge is open: the next typed line is a SASL answer. */
  private sasl = false;
  private readonly pending: CommandRef[] = [];
  private lastAuth: CommandRef = { verb: 'AUTH', args: '' };
  private capabilities: string[] = [];
  private body: { index: number; lines: string[] } | undefined;
  private greeted: boolean;

  constructor(private readonly settings: TrackerSettings) {
    this.greeted = settings.greeted;
  }

  facts(): SessionFacts {
    return { protocol: 'pop3', secure: this.settings.secure, loopback: this.settings.loopback, state: this.state, capabilities: [...this.capabilities] };
  }

  typed(line: string): TypedLine {
    if (this.sasl) {
      this.sasl = false;
      pushBounded(this.pending, this.lastAuth);
      return { out: saslResponse(line), inData: false, answering: 'sasl' };
    }
    const { verb, args } = splitCommand(line);
    const ref: CommandRef = { verb, args };
    if (verb === 'AUTH') this.lastAuth = ref;
    pushBounded(this.pending, ref);
    return { out: classify(line, verb, args), inData: false };
  }

  heard(line: string): HeardLine | undefined {
    const command = this.pending[0];
    if (this.body) {
      const facts = this.facts();
      if (line === '.') {
        const ctx = contextOf(facts, this.body.index, false, command);
        if (command?.verb === 'CAPA') this.capabilities = this.body.lines.map((l) => l.trim().split(/\s+/)[0]!.toUpperCase()).filter(Boolean);
        this.body = undefined;
        this.pending.shift();
        return { ctx };
      }
      if (command?.verb === 'CAPA' && this.body.lines.length < MAX_CAPABILITY_LINES) this.body.lines.push(line);
      return { ctx: contextOf(facts, this.body.index++, true, command) };
    }
    if (!STATUS.test(line)) return undefined;
    const ctx = contextOf(this.facts(), 0, false, command);
    if (!command) {
      const unsolicited = this.greeted;
      this.greeted = true;
      return unsolicited ? { ctx, unsolicited } : { ctx };
    }
    this.greeted = true;
    const ok = /^\+OK\b/i.test(line);
    const info = lookupPop3Command(command.verb);
    if (ok && info && isMultilineReply(info, command.args)) {
      this.body = { index: 1, lines: [] };
      return { ctx };
    }
    this.pending.shift();
    if (command.verb === 'AUTH') this.sasl = line === '+' || line.startsWith('+ ');
    if (ok && (command.verb === 'PASS' || command.verb === 'APOP' || command.verb === 'AUTH')) this.state = 'transaction';
    return ok && command.verb === 'STLS' ? { ctx, upgrade: true } : { ctx };
  }
}

/** Marks credentials: PASS, the APOP digest, an AUTH initial response (RFC 1939 §7, RFC 5034 §4). */
function classify(line: string, verb: string, args: string): OutgoingLine {
  const words = args.trim().split(/\s+/).filter(Boolean).length;
  if (verb === 'PASS') return secret(line, wordsPrefix(line, 1));
  if ((verb === 'APOP' || verb === 'AUTH') && words >= 2) return secret(line, wordsPrefix(line, 2));
  return plain(line);
}
