/**
 * Teaching faults: `--fault "smtp:RCPT:452 4.2.2 Mailbox full"`, optionally `@0.3` for a
 * probability. A fault replaces the server's reply to one command; each protocol turns the reply
 * text into its own reply value. Lessons use the same mechanism.
 */
import { checkSmtpFault } from './smtp/fault-spec.js';
import { checkPop3Fault } from './pop3/fault-spec.js';
import { checkImapFault } from './imap/fault-spec.js';

export type FaultProtocol = 'smtp' | 'pop3' | 'imap';
const PROTOCOLS: readonly FaultProtocol[] = ['smtp', 'pop3', 'imap'];

export type Fault = {
  readonly protocol: FaultProtocol;
  /** Upper-cased command name; for SMTP also `CONNECT` (the greeting) and `EOD` (end of data). */
  readonly command: string;
  /** The reply as it goes on the wire, e.g. `452 4.2.2 Mailbox full`. */
  readonly reply: string;
  /** 0 < probability ≤ 1. */
  readonly probability: number;
};

export class FaultSpecError extends Error {}

/** Parses one `--fault` value. Throws FaultSpecError with a message that says what was expected. */
export function parseFault(spec: string): Fault {
  const m = /^([a-z0-9]+):([A-Za-z][A-Za-z0-9-]*):(.+?)(?:@(\d*\.?\d+))?$/.exec(spec.trim());
  if (!m) {
    throw new FaultSpecError(`bad fault "${spec}": expected PROTOCOL:COMMAND:REPLY[@PROBABILITY], e.g. "smtp:RCPT:452 4.2.2 Mailbox full@0.5"`);
  }
  const protocol = m[1]!.toLowerCase();
  if (!PROTOCOLS.includes(protocol as FaultProtocol)) {
    throw new FaultSpecError(`bad fault "${spec}": protocol must be one of ${PROTOCOLS.join(', ')}`);
  }
  const probability = m[4] === undefined ? 1 : Number(m[4]);
  if (!(probability > 0 && probability <= 1)) {
    throw new FaultSpecError(`bad fault "${spec}": probability must be above 0 and at most 1`);
  }
  const command = m[2]!.toUpperCase();
  const reply = m[3]!.trim();
  const problem = protocol === 'smtp' ? checkSmtpFault(command, reply) : protocol === 'pop3' ? checkPop3Fault(command, reply) : checkImapFault(command, reply);
  if (problem) throw new FaultSpecError(`bad fault "${spec}": ${problem}`);
  return { protocol: protocol as FaultProtocol, command, reply, probability };
}

/** The faults in force, consulted by the sessions. `random` is injectable so that tests can decide. */
export class FaultSet {
  private readonly faults: Fault[];

  constructor(faults: readonly Fault[] = [], private readonly random: () => number = Math.random) {
    this.faults = [...faults];
  }

  /** Adds a fault at run time (lessons do this). Returns a function that removes it again. */
  add(fault: Fault): () => void {
    this.faults.push(fault);
    return () => {
      const i = this.faults.indexOf(fault);
      if (i >= 0) this.faults.splice(i, 1);
    };
  }

  /** The reply text to use instead of the normal one, or undefined when no fault fires. */
  fire(protocol: FaultProtocol, command: string): string | undefined {
    const name = command.toUpperCase();
    for (const f of this.faults) {
      if (f.protocol === protocol && f.command === name && (f.probability >= 1 || this.random() < f.probability)) return f.reply;
    }
    return undefined;
  }
}
