/**
 * The per-mailbox UID list, like Dovecot's `dovecot-uidlist`:
 *
 *     1 V1732233600 N43
 *     1 1732233600.M1234P99Q1.host,S=812
 *     2 ...
 *
 * Header: format version, `V` UIDVALIDITY, `N` UIDNEXT. Then one `uid key` line per message, in
 * ascending UID order. Deliveries append a line; expunge and repairs rewrite the whole file
 * atomically with the current UIDNEXT in the header. UIDNEXT on load is the larger of the header's
 * and the highest listed UID + 1, so appended lines need no header update.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendDurably, isErrno, writeFileAtomic } from './durable-fs.js';

export const UIDLIST_FILE = 'mailproto-uidlist';
export const UIDLIST_VERSION = 1;
/** IMAP UIDs and UIDVALIDITY are nz-number: 32-bit unsigned, non-zero (RFC 3501 §9). */
export const MAX_UID = 0xffff_ffff;

export type UidEntry = { readonly uid: number; readonly key: string };

export type UidList = {
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly entries: readonly UidEntry[];
  /** False when the file needs a rewrite: torn last line, malformed or out-of-order lines. */
  readonly clean: boolean;
};

const HEADER = /^(\d+) V(\d+) N(\d+)$/;
const LINE = /^(\d+) (\S+)$/;

function isUid(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1 && n <= MAX_UID;
}

/** Parses a uidlist; undefined when the header is unusable (the UIDs cannot be trusted at all). */
export function parseUidList(text: string): UidList | undefined {
  const lines = text.split('\n');
  const header = HEADER.exec(lines[0] ?? '');
  if (!header || Number(header[1]) !== UIDLIST_VERSION) return undefined;
  const uidValidity = Number(header[2]);
  let uidNext = Number(header[3]);
  if (!isUid(uidValidity) || !isUid(uidNext)) return undefined;

  // A file that does not end in "\n" was torn by a crash mid-append: its last line may be partial
  // (a cut key, or a cut UID: "12" of "123"), so it is not trusted at all. Its message was never
  // acknowledged (deliver() resolves after the append is synced); the file gets a fresh UID.
  let clean = text.endsWith('\n');
  const body = lines.slice(1, -1);
  const entries: UidEntry[] = [];
  const keys = new Set<string>();
  let last = 0;
  for (const line of body) {
    const match = LINE.exec(line);
    const uid = match ? Number(match[1]) : NaN;
    if (!match || !isUid(uid) || uid <= last || keys.has(match[2]!)) {
      clean = false;
      continue;
    }
    last = uid;
    keys.add(match[2]!);
    entries.push({ uid, key: match[2]! });
  }
  if (last >= uidNext) uidNext = last + 1;
  return { uidValidity, uidNext, entries, clean };
}

export function formatUidLine(entry: UidEntry): string {
  return `${entry.uid} ${entry.key}\n`;
}

export function formatUidList(list: Omit<UidList, 'clean'>): string {
  return `${UIDLIST_VERSION} V${list.uidValidity} N${list.uidNext}\n${list.entries.map(formatUidLine).join('')}`;
}

/** 'missing' when the mailbox has no uidlist yet; undefined when it is unreadable garbage. */
export async function readUidList(mailboxDir: string): Promise<UidList | undefined | 'missing'> {
  try {
    return parseUidList(await readFile(join(mailboxDir, UIDLIST_FILE), 'utf8'));
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return 'missing';
    throw err;
  }
}

export async function writeUidList(mailboxDir: string, list: Omit<UidList, 'clean'>): Promise<void> {
  await writeFileAtomic(join(mailboxDir, UIDLIST_FILE), formatUidList(list));
}

export async function appendUidEntries(mailboxDir: string, entries: readonly UidEntry[]): Promise<void> {
  await appendDurably(join(mailboxDir, UIDLIST_FILE), entries.map(formatUidLine).join(''));
}
