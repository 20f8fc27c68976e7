/**
 * The fuzz sandbox's housekeeping and final checks: mailboxes are kept small and never empty (so a
 * long run stays bounded and FETCH/RETR always have something to chew on), and after the run every
 * service must answer NOOP on a fresh connection and every stored message must still be readable.
 */
import { SPECIAL_USE_MAILBOXES } from '../../src/store/mailbox-names.js';
import { StoreError } from '../../src/store/types.js';
import { HELD_USER } from '../../src/server/smtp/recipients.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { FuzzConnection } from './connection.js';

/** Accounts the workers log in as (worker n is FUZZ_USERS[n]: POP3 locks do not collide). */
export const FUZZ_USERS = ['alice', 'bob', 'carol', 'dave'] as const;
/** The account only the final checks use. */
export const CHECK_USER = 'erin';

const KEEP = new Set(['INBOX', ...Object.keys(SPECIAL_USE_MAILBOXES)]);
const MAX_MESSAGES = 40;
const MAX_FOLDERS = 20;

/** Races with running sessions are expected here: a mailbox they just deleted is fine. */
async function tolerant(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
  }
}

/** Trims what the fuzz cases piled up and refills empty inboxes with the MIME fixtures. */
export async function tidyMailboxes(sb: TestSandbox, fixtures: readonly Buffer[]): Promise<void> {
  for (const user of [...FUZZ_USERS, HELD_USER]) {
    let boxes: string[];
    try {
      boxes = (await sb.store.list(user)).map((b) => b.name);
    } catch (err) {
      if (err instanceof StoreError) continue;
      throw err;
    }
    const extra = boxes.filter((b) => !KEEP.has(b)).sort((a, b) => b.length - a.length);
    for (const name of extra.slice(0, Math.max(0, extra.length - MAX_FOLDERS))) await tolerant(() => sb.store.delete(user, name));
    const inbox = await sb.store.messages(user, 'INBOX');
    if (inbox.length > MAX_MESSAGES) {
      await tolerant(() => sb.store.expunge(user, 'INBOX', inbox.slice(0, inbox.length - MAX_MESSAGES / 2).map((m) => m.uid)));
    }
    if (user !== HELD_USER && inbox.length < 3) for (const raw of fixtures) await sb.store.deliver(user, 'INBOX', raw);
  }
}

/** Opens a fresh connection, sends `lines` and waits for `expected`; returns a failure or undefined. */
async function answers(name: string, port: number, tls: boolean, lines: string, expected: RegExp): Promise<string | undefined> {
  let conn: FuzzConnection;
  try {
    conn = await FuzzConnection.open(port, tls);
  } catch (err) {
    return `${name}: cannot connect after the run (${(err as Error).message})`;
  }
  try {
    if (!(await conn.progress(0, 5000))) return `${name}: no greeting after the run`;
    conn.write(lines);
    if (!(await conn.until(() => expected.test(conn.tail) || conn.closed, 5000)) || !expected.test(conn.tail)) {
      return `${name}: no answer to NOOP on a fresh connection after the run; it said ${JSON.stringify(conn.tail)}`;
    }
    return undefined;
  } finally {
    conn.destroy();
  }
}

/** Every service answers NOOP; every message of every fuzzed mailbox can still be read. */
export async function checkAfterRun(sb: TestSandbox): Promise<string[]> {
  const p = sb.ports;
  const smtp = ['NOOP\r\n', /(^|\r\n)250 [^\r\n]*\r\n$/] as const;
  const pop3 = [`USER ${CHECK_USER}\r\nPASS password\r\nNOOP\r\n`, /\+OK[^\r\n]*\r\n\+OK[^\r\n]*\r\n\+OK[^\r\n]*\r\n$/] as const;
  const imap = ['fz NOOP\r\n', /(^|\r\n)fz OK [^\r\n]*\r\n$/] as const;
  const checks: Array<[string, number | null, boolean, readonly [string, RegExp]]> = [
    ['smtp', p.smtp, false, smtp],
    ['submission', p.submission, false, smtp],
    ['smtps', p.smtps, true, smtp],
    ['pop3', p.pop3, false, pop3],
    ['pop3s', p.pop3s, true, pop3],
    ['imap', p.imap, false, imap],
    ['imaps', p.imaps, true, imap],
  ];
  const failures: string[] = [];
  for (const [name, port, tls, [lines, expected]] of checks) {
    if (port === null) continue;
    const failure = await answers(name, port, tls, lines, expected);
    if (failure) failures.push(failure);
  }
  for (const user of [...FUZZ_USERS, CHECK_USER]) {
    for (const box of await sb.store.list(user)) {
      for (const m of await sb.store.messages(user, box.name)) {
        try {
          await sb.store.read(user, box.name, m.uid);
        } catch (err) {
          failures.push(`store: ${user}/${box.name} UID ${m.uid} is listed but cannot be read: ${(err as Error).message}`);
        }
      }
    }
  }
  return failures;
}
