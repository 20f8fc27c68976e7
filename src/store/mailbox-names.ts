/**
 * Mailbox names and their Maildir++ directories. INBOX is the Maildir root; mailbox `A.B` is the
 * directory `.A.B` in the root (the `.` is both the Maildir++ folder prefix and, as in Dovecot's
 * Maildir++ default, the IMAP hierarchy delimiter). Names are opaque strings: the IMAP layer has
 * already applied modified UTF-7 (RFC 3501 §5.1.3).
 */
import { StoreError, type SpecialUse } from './types.js';

export const HIERARCHY_DELIMITER = '.';
export const INBOX = 'INBOX';
/**
 * Longest mailbox name in bytes. The directory is `.` + name and most file systems allow 255 bytes
 * per path component, so 254 is the most that fits.
 */
export const MAX_MAILBOX_NAME = 254;

/** Top-level mailboxes that carry a special-use attribute (RFC 6154), created for every user. */
export const SPECIAL_USE_MAILBOXES: Readonly<Record<string, SpecialUse>> = {
  Sent: '\\Sent',
  Drafts: '\\Drafts',
  Trash: '\\Trash',
  Junk: '\\Junk',
};

function reject(name: string, why: string): never {
  throw new StoreError('CANNOT', `invalid mailbox name ${JSON.stringify(name)}: ${why}`);
}

/**
 * Validates a mailbox name and returns its canonical form: `INBOX` in any case becomes `INBOX`,
 * also as the first component of a hierarchy (`inbox.x` -> `INBOX.x`). Throws StoreError('CANNOT').
 */
export function canonicalMailboxName(name: string): string {
  if (name.length === 0) reject(name, 'empty');
  if (Buffer.byteLength(name) > MAX_MAILBOX_NAME) reject(name, `longer than ${MAX_MAILBOX_NAME} bytes`);
  if (/[\x00-\x1f\x7f]/.test(name)) reject(name, 'control characters');
  if (name.includes('/')) reject(name, '"/" is not allowed');
  if (name.includes('\\')) reject(name, '"\\" is not allowed');
  if (name.startsWith(HIERARCHY_DELIMITER) || name.endsWith(HIERARCHY_DELIMITER)) {
    reject(name, `leading or trailing "${HIERARCHY_DELIMITER}"`);
  }
  const parts = name.split(HIERARCHY_DELIMITER);
  if (parts.some((p) => p.length === 0)) reject(name, `empty hierarchy level ("${HIERARCHY_DELIMITER}${HIERARCHY_DELIMITER}")`);
  if (parts[0]!.toUpperCase() === INBOX) parts[0] = INBOX;
  return parts.join(HIERARCHY_DELIMITER);
}

/** Directory of a canonical mailbox name relative to the Maildir root ('' for INBOX). */
export function mailboxDirName(canonical: string): string {
  return canonical === INBOX ? '' : `${HIERARCHY_DELIMITER}${canonical}`;
}

/**
 * The mailbox a root directory entry stands for, or undefined when it is not a Maildir++ folder
 * (or not a name we would accept, e.g. one a foreign tool created).
 */
export function mailboxNameFromDir(entry: string): string | undefined {
  if (!entry.startsWith('.') || entry === '.' || entry === '..') return undefined;
  const name = entry.slice(1);
  try {
    const canonical = canonicalMailboxName(name);
    return canonical === INBOX || canonical !== name ? undefined : canonical;
  } catch {
    return undefined;
  }
}

/** True when `name` lies below `parent` in the hierarchy (not equal). */
export function isInferior(name: string, parent: string): boolean {
  return name.startsWith(parent + HIERARCHY_DELIMITER);
}

/** The superiors of a name, outermost first: `A.B.C` -> [`A`, `A.B`]. */
export function superiors(name: string): string[] {
  const parts = name.split(HIERARCHY_DELIMITER);
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join(HIERARCHY_DELIMITER));
}

export function specialUseOf(name: string): SpecialUse | undefined {
  return Object.hasOwn(SPECIAL_USE_MAILBOXES, name) ? SPECIAL_USE_MAILBOXES[name] : undefined;
}
