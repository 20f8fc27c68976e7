/**
 * Turns seed sessions into hostile ones: unit-level edits (drop, repeat, swap, splice, insert a
 * generated command) and byte-level ones (bit flips, inserted CR/LF/NUL and other delimiters, long
 * lines, literal and BDAT sizes that lie, truncation, case changes), then a random way to send the
 * bytes (all at once, split at random points, or command by command like an interactive client).
 */
import type { FuzzProtocol, Session } from './corpus.js';
import type { Rng } from './prng.js';

/** How the case's bytes go on the wire. */
export type Delivery = 'burst' | 'split' | 'interactive';
export type FuzzCase = { readonly units: Buffer[]; readonly delivery: Delivery; readonly origin: string };

const SPECIAL = ['\r', '\n', '\0', '\r\n', '\r\n.\r\n', '\n.\n', '\r.\r', '.', '{', '}', '"', '\\', ' ', '(', ')', '[', ']', '*', '%', '\t', '\x1b', '\xff', 'ä', '<', '>', ':', '@', '+', '-', '~', '/', '..', '\u2028'];
const LONG = [300, 513, 1001, 4096, 8193, 12_289, 65_537, 70_000];
/** Sizes that lie about what follows, or cannot be sizes. (Huge but valid sizes make the server wait: the harness knows.) */
const BAD_SIZES = ['0', '1', '4096', '4097', '65536', '65537', '99999999999', '18446744073709551616', '-1', '', 'abc', '1e3', ' 5', '5 ', '007', '٣'];

const FIRST_WORDS: Record<FuzzProtocol, readonly string[]> = {
  smtp: ['HELO', 'EHLO', 'MAIL FROM:', 'RCPT TO:', 'DATA', 'BDAT', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT', 'STARTTLS', 'AUTH', 'SEND', 'TURN', 'ETRN', 'XCLIENT'],
  pop3: ['USER', 'PASS', 'APOP', 'AUTH', 'STAT', 'LIST', 'RETR', 'DELE', 'NOOP', 'RSET', 'QUIT', 'TOP', 'UIDL', 'CAPA', 'STLS', 'LAST', 'UTF8'],
  imap: ['CAPABILITY', 'NOOP', 'LOGOUT', 'ID', 'STARTTLS', 'AUTHENTICATE', 'LOGIN', 'SELECT', 'EXAMINE', 'CREATE', 'DELETE', 'RENAME', 'SUBSCRIBE', 'UNSUBSCRIBE', 'LIST', 'LSUB', 'STATUS', 'APPEND', 'ENABLE', 'IDLE', 'NAMESPACE', 'CHECK', 'CLOSE', 'UNSELECT', 'EXPUNGE', 'SEARCH', 'FETCH', 'STORE', 'COPY', 'MOVE', 'UID FETCH', 'UID STORE', 'UID SEARCH', 'UID COPY', 'UID MOVE', 'UID EXPUNGE', 'XLIST', 'GETQUOTA'],
};
const IMAP_ITEMS = ['FLAGS', 'UID', 'BODY[]', 'BODY.PEEK[HEADER]', 'BODY[1.2.MIME]', 'BODY[TEXT]<5.10>', 'BODYSTRUCTURE', 'ENVELOPE', 'RFC822', 'RFC822.SIZE', 'INTERNALDATE', 'BINARY[1]', 'ALL', 'FAST', 'FULL', 'BODY[HEADER.FIELDS (FROM TO)]', '\\Seen', '\\Deleted', '$Junk', '+FLAGS', '-FLAGS.SILENT', 'CHARSET', 'UTF-8', 'OR', 'NOT', 'HEADER', 'SINCE', '1-Jan-2000', 'INBOX', '"INBOX"', 'NIL', '()', '"*"', '%'];

/** A random argument: numbers, sequence sets, atoms, quoted strings, parentheses, literals, garbage. */
function argument(rng: Rng, protocol: FuzzProtocol, depth = 0): string {
  switch (rng.int(11)) {
    case 0:
      return String(rng.pick([0, 1, 2, 3, 7, 255, 256, 4294967295, 4294967296, -1, 99999999999]));
    case 1:
      return rng.pick(['1:*', '*', '1,3:5', '*:1', '4294967295:1', '0', '1:0', '2,', ',', '1:2:3', '$']);
    case 2:
      return rng.pick(['alice', 'bob', 'password', 'INBOX', 'Trash', '<alice@sandbox.test>', '<>', '<@a,@b:c@d>', 'PLAIN', 'LOGIN', 'CRAM-MD5', 'SIZE=99999999999', 'BODY=BINARYMIME', 'LAST', 'AGFsaWNlAHBhc3N3b3Jk', '=', '*']);
    case 3:
      return JSON.stringify(rng.pick(['', 'a b', 'quote " inside', 'back\\slash', 'ünï', '%*', '../bob']));
    case 4:
      return depth < 4 ? `(${Array.from({ length: rng.int(4) }, () => argument(rng, protocol, depth + 1)).join(' ')})` : '()';
    case 5: {
      const n = rng.range(0, 40);
      return `{${rng.chance(0.2) ? rng.pick(BAD_SIZES) : n}${rng.chance(0.3) ? '+' : ''}}\r\n${'L'.repeat(n)}`;
    }
    case 6:
      return protocol === 'imap' ? rng.pick(IMAP_ITEMS) : rng.pick(['1', 'x', '']);
    case 7:
      return Buffer.from(Array.from({ length: rng.range(1, 12) }, () => rng.int(256))).toString('latin1');
    case 8:
      return rng.pick(SPECIAL).repeat(rng.range(1, 3));
    case 9:
      return 'A'.repeat(rng.pick([10, 100, 600, 1100]));
    default:
      return rng.pick(FIRST_WORDS[protocol]);
  }
}

/** A random command for the protocol, with CRLF (or, rarely, without). */
export function randomCommand(rng: Rng, protocol: FuzzProtocol): Buffer {
  const words = [rng.pick(FIRST_WORDS[protocol]), ...Array.from({ length: rng.int(5) }, () => argument(rng, protocol))];
  const tag = protocol === 'imap' ? `${rng.pick(['a', 'A001', 'x.y', '*', '+', '', '{1}', 'T'.repeat(70)])} ` : '';
  return Buffer.from(`${tag}${words.join(rng.chance(0.9) ? ' ' : rng.pick(['  ', '\t', '']))}${rng.chance(0.95) ? '\r\n' : ''}`, 'latin1');
}

function insert(buf: Buffer, at: number, data: Buffer | string): Buffer {
  return Buffer.concat([buf.subarray(0, at), Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1'), buf.subarray(at)]);
}

/** One byte-level mutation of a unit. */
export function mutateBytes(rng: Rng, unit: Buffer): Buffer {
  const at = rng.int(unit.length + 1);
  switch (rng.int(10)) {
    case 0: {
      const out = Buffer.from(unit);
      for (let k = rng.range(1, 4); k > 0 && out.length > 0; k--) out[rng.int(out.length)]! ^= 1 << rng.int(8);
      return out;
    }
    case 1: {
      const out = Buffer.from(unit);
      if (out.length > 0) out[rng.int(out.length)] = rng.chance(0.5) ? rng.int(256) : rng.pick([0, 10, 13, 32, 34, 40, 41, 42, 46, 92, 123, 125, 255]);
      return out;
    }
    case 2:
    case 3:
      return insert(unit, at, rng.pick(SPECIAL));
    case 4:
      return Buffer.concat([unit.subarray(0, at), unit.subarray(Math.min(unit.length, at + rng.range(1, 16)))]);
    case 5: {
      const slice = unit.subarray(at, at + rng.range(1, 20));
      return insert(unit, at, Buffer.concat(Array.from({ length: rng.range(2, 50) }, () => slice)));
    }
    case 6:
      return insert(unit, at, rng.pick(['x', ' ', 'A', '9', '(', '"', '\0', '\r']).repeat(rng.pick(LONG)));
    case 7: {
      // A literal or BDAT size that lies.
      const text = unit.toString('latin1');
      const m = /\{(\d+)(\+?)\}|BDAT (\d+)/i.exec(text);
      if (!m) return insert(unit, at, `{${rng.pick(BAD_SIZES)}${rng.chance(0.5) ? '+' : ''}}\r\n`);
      const size = Number(m[1] ?? m[3]);
      const lie = rng.chance(0.5) ? String(Math.max(0, size + rng.pick([-7, -1, 1, 2, 9, 100]))) : rng.pick(BAD_SIZES);
      const replaced = m[3] !== undefined ? `BDAT ${lie}` : `{${lie}${m[2]}}`;
      return Buffer.from(text.slice(0, m.index) + replaced + text.slice(m.index + m[0].length), 'latin1');
    }
    case 8:
      return unit.subarray(0, at);
    default: {
      const text = unit.toString('latin1');
      return Buffer.from(rng.chance(0.5) ? text.toLowerCase() : text.replace(/[a-z]/gi, (c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())), 'latin1');
    }
  }
}

/** A case: a mutated seed (most of the time) or a random command sequence. */
export function makeCase(rng: Rng, protocol: FuzzProtocol, corpus: readonly Session[]): FuzzCase {
  const delivery: Delivery = rng.pick(['burst', 'split', 'split', 'interactive', 'interactive']);
  if (rng.chance(0.2)) {
    const units = Array.from({ length: rng.range(1, 20) }, () => randomCommand(rng, protocol));
    return { units, delivery, origin: 'random' };
  }
  const seed = rng.pick(corpus);
  const units = [...seed.units];
  // Half the time the session does not say goodbye, so the probes meet it in whatever state it is.
  if (rng.chance(0.5)) while (units.length > 0 && /^(QUIT|\S+ LOGOUT)\r\n$/i.test(units.at(-1)!.toString('latin1'))) units.pop();
  for (let k = rng.range(0, 3); k > 0; k--) {
    const i = rng.int(units.length + 1);
    switch (rng.int(6)) {
      case 0:
        units.splice(i, 1);
        break;
      case 1:
        if (units[i]) units.splice(i, 0, ...Array.from({ length: rng.pick([1, 2, 20]) }, () => units[i]!));
        break;
      case 2: {
        const j = rng.int(units.length);
        if (units[i] && units[j]) [units[i], units[j]] = [units[j]!, units[i]!];
        break;
      }
      case 3:
        units.splice(i, 0, rng.pick(rng.pick(corpus).units));
        break;
      default:
        units.splice(i, 0, randomCommand(rng, protocol));
    }
  }
  for (let k = rng.range(rng.chance(0.15) ? 0 : 1, 3); k > 0 && units.length > 0; k--) {
    const i = rng.int(units.length);
    units[i] = mutateBytes(rng, units[i]!);
  }
  return { units, delivery, origin: seed.name };
}

/**
 * The largest count of octets the case announced that the server must read even when it refuses
 * them: SMTP BDAT chunks (RFC 3030 §2) and IMAP non-synchronizing literals `{n+}` (RFC 7888 §4:
 * the data is already on its way; under LITERAL+ the sandbox skips it rather than closing). A
 * server waiting for more than the probes sent is not hung. Synchronizing literals need no such
 * allowance: the sandbox refuses any over its limits before the client sends them.
 */
export function largestAnnounced(protocol: FuzzProtocol, bytes: Buffer): number {
  const pattern = protocol === 'smtp' ? /BDAT\s+(\d{1,20})/gi : protocol === 'imap' ? /\{(\d{1,20})\+\}/g : undefined;
  let max = 0;
  for (const m of pattern ? bytes.toString('latin1').matchAll(pattern) : []) max = Math.max(max, Number(m[1]));
  return max;
}
