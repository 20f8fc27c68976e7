/**
 * A passive protocol tracker: it watches the lines a wrapped tool carries (what the learner typed,
 * what the server answered) and keeps what the annotator needs to explain them, as the client's
 * own sessions do (src/client/sessions) but without sending anything: the command each reply
 * answers, the protocol state, capabilities, and which typed lines are credentials.
 */
import type { CommandRef, ServerLineContext, SessionFacts } from '../../annotate/context.js';
import type { ClientProtocol } from '../events.js';
import type { OutgoingLine } from '../redact.js';

/** What the tracker makes of a typed line. */
export type TypedLine = {
  /** The line, with its secret part marked (redactLine shows it). */
  readonly out: OutgoingLine;
  /** Message content (SMTP DATA, an IMAP literal), not a command. */
  readonly inData: boolean;
  /** The line answers a continuation instead of starting a command. */
  readonly answering?: 'sasl' | 'literal' | 'idle';
};

/** A protocol line heard from the server. */
export type HeardLine = {
  readonly ctx: ServerLineContext;
  /** The server said yes to STARTTLS/STLS. */
  readonly upgrade?: boolean;
  /** The line answers no command typed here (not the greeting either). */
  readonly unsolicited?: boolean;
  /** Left over from the tool's own exchange before TLS (openssl s_client -starttls): not explained. */
  readonly leftover?: boolean;
};

export interface WireTracker {
  readonly protocol: ClientProtocol;
  facts(): SessionFacts;
  /** A line the learner typed, which the tool sends. */
  typed(line: string): TypedLine;
  /** A complete line of the tool's output: undefined when it is not a protocol line (the tool's own output). */
  heard(line: string): HeardLine | undefined;
}

export type TrackerSettings = {
  readonly secure: boolean;
  readonly loopback: boolean;
  /** The tool read the greeting itself (`openssl s_client -starttls`): none is coming. */
  readonly greeted: boolean;
};

/** Bound on commands typed and not answered yet (a learner who types ahead, or a silent server). */
export const MAX_PENDING_COMMANDS = 256;

/** Appends, dropping the oldest past MAX_PENDING_COMMANDS. */
export function pushBounded<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_PENDING_COMMANDS) list.shift();
}

export function contextOf(facts: SessionFacts, index: number, inBody: boolean, command: CommandRef | undefined): ServerLineContext {
  return { facts, index, inBody, ...(command ? { command } : {}) };
}

const GREETING: ReadonlyArray<[RegExp, ClientProtocol]> = [
  [/^220[ -]/, 'smtp'],
  [/^\+OK\b/, 'pop3'],
  [/^\* (OK|PREAUTH|BYE)\b/i, 'imap'],
];

/** Any reply of a protocol the command line already suggests (after `-starttls` no greeting shows). */
const ANY_REPLY: Readonly<Record<ClientProtocol, RegExp>> = {
  smtp: /^\d{3}([ -]|$)/,
  pop3: /^(\+OK|-ERR)\b/,
  imap: /^(\* \S|\+ |\+$|\S+ (OK|NO|BAD)\b)/i,
};

/**
 * The protocol a line of output shows: a greeting (`220 ` SMTP, `+OK` POP3, `* OK` IMAP), or any
 * reply of the hinted protocol. Undefined for other lines (the tool's own messages).
 */
export function detectProtocol(line: string, hint: ClientProtocol | undefined): ClientProtocol | undefined {
  for (const [re, protocol] of GREETING) if (re.test(line)) return protocol;
  return hint && ANY_REPLY[hint].test(line) ? hint : undefined;
}
