/** The TRANSACTION state commands of RFC 1939 §5 and §7: STAT LIST RETR DELE NOOP RSET TOP UIDL. */
import { err, ok } from '../../../protocols/pop3/reply.js';
import { StoreError } from '../../../store/types.js';
import { isFileSystemError } from '../../fs-errors.js';
import type { DropEntry, Maildrop } from '../maildrop.js';
import type { Outcome } from '../handler-types.js';
import type { Pop3Session } from '../session.js';

const octets = (n: number): string => `${n} octet${n === 1 ? '' : 's'}`;

/** A message number argument: a positive decimal (RFC 1939 §3). */
function entryFor(drop: Maildrop, arg: string): DropEntry | Outcome {
  if (!/^[1-9]\d{0,9}$/.test(arg)) return err(`"${arg}" is not a message number: use 1 to ${drop.entries.length}`);
  const entry = drop.get(Number(arg));
  return typeof entry === 'string' ? err(entry) : entry;
}

function isEntry(x: DropEntry | Outcome): x is DropEntry {
  return 'uid' in x;
}

/** Reads a message; a message expunged meanwhile by IMAP is an error, not a crash. */
async function readEntry(drop: Maildrop, entry: DropEntry): Promise<Buffer | Outcome> {
  try {
    return await drop.read(entry);
  } catch (e) {
    if (e instanceof StoreError && e.code === 'NONEXISTENT') return err(`message ${entry.number} was removed by another session`, 'SYS/TEMP');
    // The file is there but cannot be read (no permission, a directory, an I/O error): trying
    // again will not help until someone repairs the maildrop (RFC 3206 §4).
    if (isFileSystemError(e)) return err(`message ${entry.number} cannot be read (${e.code}); the sandbox's data directory needs repair (RFC 3206 §4)`, 'SYS/PERM');
    throw e;
  }
}

export function stat(session: Pop3Session, args: string): Outcome {
  if (args.trim() !== '') return err('STAT takes no arguments');
  const { count, octets: size } = session.drop().totals();
  return ok(`${count} ${size}`);
}

export function list(session: Pop3Session, args: string): Outcome {
  const drop = session.drop();
  const arg = args.trim();
  if (arg === '') {
    const { count, octets: size } = drop.totals();
    return ok(`${count} message${count === 1 ? '' : 's'} (${octets(size)})`, drop.live().map((e) => `${e.number} ${e.size}`));
  }
  const entry = entryFor(drop, arg);
  return isEntry(entry) ? ok(`${entry.number} ${entry.size}`) : entry;
}

export function uidl(session: Pop3Session, args: string): Outcome {
  const drop = session.drop();
  const arg = args.trim();
  if (arg === '') return ok('unique-id listing follows', drop.live().map((e) => `${e.number} ${drop.uidl(e)}`));
  const entry = entryFor(drop, arg);
  return isEntry(entry) ? ok(`${entry.number} ${drop.uidl(entry)}`) : entry;
}

export async function retr(session: Pop3Session, args: string): Promise<Outcome> {
  const drop = session.drop();
  const entry = entryFor(drop, args.trim());
  if (!isEntry(entry)) return entry;
  const body = await readEntry(drop, entry);
  if (!Buffer.isBuffer(body)) return body;
  entry.retrieved = true;
  return ok(octets(entry.size), body);
}

/** The header and the first `lines` body lines (RFC 1939 §7 TOP). */
export function topOf(message: Buffer, lines: number): Buffer {
  // A message without headers starts with the blank line (RFC 5322 §2.1: the header section may be empty).
  const startsBlank = message[0] === 0x0d && message[1] === 0x0a;
  const blank = startsBlank ? -2 : message.indexOf('\r\n\r\n');
  if (blank === -1) return message;
  let end = blank + 4;
  for (let i = 0; i < lines && end < message.length; i++) {
    const next = message.indexOf('\r\n', end);
    end = next < 0 ? message.length : next + 2;
  }
  return message.subarray(0, end);
}

export async function top(session: Pop3Session, args: string): Promise<Outcome> {
  const m = /^(\S+) (\d{1,9})$/.exec(args.trim());
  if (!m) return err('Syntax: TOP <msg> <lines>, e.g. TOP 1 0 for the headers only');
  const drop = session.drop();
  const entry = entryFor(drop, m[1]!);
  if (!isEntry(entry)) return entry;
  const body = await readEntry(drop, entry);
  if (!Buffer.isBuffer(body)) return body;
  return ok('top of message follows', topOf(body, Number(m[2])));
}

export function dele(session: Pop3Session, args: string): Outcome {
  const drop = session.drop();
  const entry = entryFor(drop, args.trim());
  if (!isEntry(entry)) return entry;
  entry.deleted = true;
  return ok(`message ${entry.number} deleted; it is removed at QUIT, RSET undoes it`);
}

export function rset(session: Pop3Session, args: string): Outcome {
  if (args.trim() !== '') return err('RSET takes no arguments');
  const drop = session.drop();
  for (const e of drop.entries) e.deleted = false;
  const { count, octets: size } = drop.totals();
  return ok(`maildrop has ${count} message${count === 1 ? '' : 's'} (${octets(size)})`);
}

export function noop(_session: Pop3Session, _args: string): Outcome {
  return ok('');
}
