/**
 * Turns seed server sessions into hostile servers for the client fuzzer. Reply-level edits: drop,
 * repeat or swap whole replies and lines within one, wrong tags, unsolicited untagged responses,
 * reply codes out of range, continuation lines without an end, terminal escapes (ESC, OSC, BEL,
 * C1) in text. Byte-level edits come from mutate.ts (bit flips, CR/LF/NUL, long lines, literal
 * sizes that lie, huge ones too, truncation). Then how the server behaves: all replies at once,
 * split at random points or one per client line; stopping mid-reply or never answering; and at
 * the end closing, resetting or going silent. Now and then a flood: a 100 MB line without a line
 * end (the client must give up at MAX_SERVER_LINE), or megabytes of lines that never finish a
 * response.
 */
import type { ServerSession } from './client-corpus.js';
import type { FuzzProtocol } from './corpus.js';
import { mutateBytes } from './mutate.js';
import type { Rng } from './prng.js';

/** How the replies go on the wire. */
export type ServerDelivery = 'burst' | 'split' | 'per-command';
/** What the server does after its last reply (or where it stopped). */
export type ServerEnd = 'close' | 'reset' | 'silent';
/** A stream written with backpressure after the replies: one endless line, or endless lines. */
export type Flood = { readonly kind: 'long-line' | 'lines'; readonly prefix: string; readonly octets: number };

/** A meta-command run between typed lines: `:auth MECH alice password`, or `:send FILE` (`bdat`: SMTP BDAT). */
export type ClientAction = { readonly at: number } & ({ readonly kind: 'auth'; readonly mech: 'plain' | 'login' | 'cram-md5' } | { readonly kind: 'send'; readonly bdat: boolean });

export type ClientCase = {
  /** The lines the client types, in order. */
  readonly commands: readonly string[];
  /** `--starttls`: the client upgrades right after the greeting (the fake server refuses, or says yes and cannot). */
  readonly starttls: boolean;
  /** Meta-commands the client runs before the typed line of index `at`. */
  readonly actions: readonly ClientAction[];
  /** `replies[0]` is the greeting; `replies[k]` is written when the k-th client line arrives. */
  readonly replies: readonly Buffer[];
  readonly delivery: ServerDelivery;
  /** Replies after this index are never sent (the server stops answering). */
  readonly stopAfter: number;
  readonly end: ServerEnd;
  readonly flood?: Flood;
  readonly origin: string;
};

/** The octets of the long-line flood: far past MAX_SERVER_LINE plus MAX_SERVER_LITERAL. */
export const LONG_LINE_FLOOD = 100 * 1024 * 1024;
/** The octets of the endless-lines flood (every line is an event: kept small for the time budget). */
export const LINES_FLOOD = 2 * 1024 * 1024;

/** Text a hostile server might put in a reply to reach the learner's terminal (octets, one char each). */
const TERMINAL_ATTACKS = ['\x1b[2J\x1b[H', '\x1b]0;pwned\x07', '\x1b]52;c;cHduZWQ=\x07', '\x9b31m', '\xc2\x9b31m', '\x07', '\x1bP+q\x1b\\', '\x7f', '\x00', '\x08\x08\x08', '\xe2\x80\xae', '\x1b[6n', '\x85', '\r'];
const SMTP_CODES = ['000', '099', '199', '299', '600', '999', '1234', '25', '2x0', '-250', '  250', '250'];
const UNSOLICITED: Record<FuzzProtocol, readonly string[]> = {
  smtp: ['250-PIPELINING', '421 4.4.2 Timeout', '334 ', '354 go', '220 again', '250 OK'],
  pop3: ['+OK', '-ERR [IN-USE] locked', '.', '+ ', '+OK 1 2', '..'],
  imap: ['* 3 EXISTS', '* BYE [ALERT] going down', '+ more', '* 1 FETCH (FLAGS (\\Seen))', '* OK [ALERT] \x1b[31mred', '* 0 EXPUNGE', '* 4294967296 EXISTS', '* CAPABILITY IMAP4rev1 STARTTLS', '* PREAUTH hi', '* 1 FETCH (BODY[] {5}', '* LIST () NIL {3}', 'A999 OK', '* NO [TRYCREATE] x', '* ENABLED UTF8=ACCEPT'],
};
const IMAP_TAGS = ['*', '+', 'A001', 'A999', 'a001', '', '(', 'A001A001', 'T'.repeat(300)];

function lines(reply: Buffer): string[] {
  return reply.toString('latin1').split(/(?<=\n)/);
}

function join(parts: readonly string[]): Buffer {
  return Buffer.from(parts.join(''), 'latin1');
}

/** A refusal of STARTTLS/STLS: the fake server does not speak TLS. */
function refusal(protocol: FuzzProtocol, command: string): Buffer {
  if (protocol === 'smtp') return Buffer.from('454 4.7.0 TLS not available due to local problem\r\n');
  if (protocol === 'pop3') return Buffer.from('-ERR TLS not available\r\n');
  return Buffer.from(`${command.split(' ')[0]} NO [UNAVAILABLE] TLS not available\r\n`);
}

/** One reply-level edit of the lines of one reply. */
function mutateLines(rng: Rng, protocol: FuzzProtocol, parts: string[]): string[] {
  const i = rng.int(Math.max(1, parts.length));
  const line = parts[i] ?? '';
  switch (rng.int(9)) {
    case 0:
      parts.splice(i, 1);
      break;
    case 1:
      parts.splice(i, 0, ...Array.from({ length: rng.pick([1, 2, 50]) }, () => line));
      break;
    case 2: {
      const j = rng.int(Math.max(1, parts.length));
      if (parts[j] !== undefined && parts[i] !== undefined) [parts[i], parts[j]] = [parts[j]!, parts[i]!];
      break;
    }
    case 3:
      // Unsolicited (or, in SMTP and POP3, out of place) lines.
      parts.splice(i, 0, `${rng.pick(UNSOLICITED[protocol])}\r\n`);
      break;
    case 4: {
      // A wrong tag, or a reply code out of range.
      if (protocol === 'imap') parts[i] = line.replace(/^\S*/, rng.pick(IMAP_TAGS));
      else if (protocol === 'smtp') parts[i] = line.replace(/^\d{3}/, rng.pick(SMTP_CODES));
      else parts[i] = line.replace(/^[+-](OK|ERR)/, rng.pick(['+ok', '+OK+', '-', '+', 'OK', '-ERR-', '*OK']));
      break;
    }
    case 5: {
      // Continuation without an end: the last line of the reply says more is coming.
      const k = parts.length - 1;
      if (k < 0) break;
      if (protocol === 'smtp') parts[k] = parts[k]!.replace(/^(\d{3}) /, '$1-');
      else if (protocol === 'pop3') parts.splice(k, parts[k] === '.\r\n' ? 1 : 0);
      else parts[k] = parts[k]!.replace(/^[A-Za-z0-9.]+ /, '* ');
      break;
    }
    case 6: {
      // Terminal escapes in the text.
      const at = rng.int(line.length + 1);
      parts[i] = line.slice(0, at) + rng.pick(TERMINAL_ATTACKS) + line.slice(at);
      break;
    }
    case 7:
      // Bare LF or CR line ends.
      parts[i] = line.replace(/\r\n$/, rng.pick(['\n', '\r', '', '\r\r\n', '\n\r']));
      break;
    default:
      parts[i] = mutateBytes(rng, Buffer.from(line, 'latin1')).toString('latin1');
  }
  return parts;
}

function flood(rng: Rng, protocol: FuzzProtocol): Flood {
  const kind = rng.pick(['long-line', 'lines'] as const);
  const prefix =
    protocol === 'smtp'
      ? rng.pick(['250-', '250 ', '', '354 '])
      : protocol === 'pop3'
        ? rng.pick(['+OK ', '', '-ERR '])
        : rng.pick(['* OK ', '* 1 FETCH (BODY[] {50000000}\r\n', '', '+ ', '* 1 FETCH (BODY[] {99999999999}\r\n']);
  return { kind, prefix, octets: kind === 'long-line' ? LONG_LINE_FLOOD : LINES_FLOOD };
}

/** A case: a mutated seed session and a way for the server to behave. */
export function makeClientCase(rng: Rng, protocol: FuzzProtocol, corpus: readonly ServerSession[]): ClientCase {
  const seed = rng.pick(corpus);
  const commands = [...seed.commands];
  const replies = seed.replies.map((r, k) => (k > 0 && /^(\S+ )?(STARTTLS|STLS)\s*$/i.test(commands[k - 1] ?? '') && rng.chance(0.9) ? refusal(protocol, commands[k - 1]!) : r));
  // Whole replies: drop, repeat, swap (the greeting too, now and then).
  for (let k = rng.range(0, 2); k > 0; k--) {
    const i = rng.int(replies.length);
    const j = rng.int(replies.length);
    switch (rng.int(3)) {
      case 0:
        replies[i] = Buffer.alloc(0);
        break;
      case 1:
        replies[i] = Buffer.concat([replies[i]!, replies[j]!]);
        break;
      default:
        [replies[i], replies[j]] = [replies[j]!, replies[i]!];
    }
  }
  // Lines and bytes within replies.
  for (let k = rng.range(rng.chance(0.1) ? 0 : 1, 4); k > 0; k--) {
    const i = rng.int(replies.length);
    replies[i] = join(mutateLines(rng, protocol, lines(replies[i]!)));
  }
  for (let k = rng.range(0, 2); k > 0; k--) {
    const i = rng.int(replies.length);
    replies[i] = mutateBytes(rng, replies[i]!);
  }
  // Most servers answer everything; some stop early, mid-reply, or never say a word.
  let stopAfter = replies.length - 1;
  if (rng.chance(0.03)) {
    // Not even a greeting.
    stopAfter = 0;
    replies[0] = Buffer.alloc(0);
  } else if (rng.chance(0.25)) {
    stopAfter = rng.int(replies.length);
    if (rng.chance(0.5)) replies[stopAfter] = replies[stopAfter]!.subarray(0, rng.int(replies[stopAfter]!.length + 1));
  }
  const delivery: ServerDelivery = rng.pick(['burst', 'split', 'split', 'per-command', 'per-command', 'per-command']);
  const end: ServerEnd = rng.pick(['close', 'close', 'reset', 'silent', 'silent']);
  const actions: ClientAction[] = [];
  for (let k = rng.chance(0.3) ? rng.range(1, 2) : 0; k > 0; k--) {
    const at = rng.int(commands.length + 1);
    actions.push(rng.chance(0.6) ? { at, kind: 'auth', mech: rng.pick(['plain', 'login', 'cram-md5'] as const) } : { at, kind: 'send', bdat: rng.chance(0.3) });
  }
  const starttls = rng.chance(0.08);
  return { commands, starttls, actions, replies, delivery, stopAfter, end, origin: seed.name, ...(rng.chance(0.04) ? { flood: flood(rng, protocol) } : {}) };
}
