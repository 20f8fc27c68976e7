/**
 * Flag names: validation and canonical spelling. IMAP system flags are case-insensitive
 * (RFC 3501 §2.3.2), so `\seen` is stored as `\Seen`; keywords are atoms (RFC 3501 §9, `flag-keyword`).
 */
import { StoreError, SYSTEM_FLAGS, type Flag } from './types.js';

export type SystemFlag = (typeof SYSTEM_FLAGS)[number];

const SYSTEM_BY_LOWER = new Map<string, SystemFlag>(SYSTEM_FLAGS.map((f) => [f.toLowerCase(), f]));

/**
 * atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials
 * (RFC 3501 §9); a keyword is 1*ATOM-CHAR and does not start with "\".
 */
const KEYWORD_PATTERN = /^[^(){ %*"\\\]\x00-\x1f\x7f-\uffff]+$/;

/** Longest keyword accepted (Dovecot's limit is similar); keeps the keywords file small. */
export const MAX_KEYWORD_LENGTH = 64;

export function isSystemFlag(flag: string): flag is SystemFlag {
  return (SYSTEM_FLAGS as readonly string[]).includes(flag);
}

/**
 * The canonical spelling of one flag. Throws StoreError('CANNOT') for `\Recent` (only the server
 * sets it), unknown backslash flags and keywords that are not atoms.
 */
export function canonicalFlag(flag: string): Flag {
  if (flag.startsWith('\\')) {
    const system = SYSTEM_BY_LOWER.get(flag.toLowerCase());
    if (!system) throw new StoreError('CANNOT', `${flag} cannot be stored (system flags: ${SYSTEM_FLAGS.join(' ')})`);
    return system;
  }
  if (flag.length > MAX_KEYWORD_LENGTH || !KEYWORD_PATTERN.test(flag)) {
    throw new StoreError('CANNOT', `invalid keyword ${JSON.stringify(flag)}`);
  }
  return flag;
}

/** Canonical, de-duplicated (case-insensitively) list: system flags in RFC order, then keywords in given order. */
export function canonicalFlags(flags: readonly string[]): Flag[] {
  const system = new Set<Flag>();
  const keywords = new Map<string, Flag>();
  for (const flag of flags) {
    const canonical = canonicalFlag(flag);
    if (isSystemFlag(canonical)) system.add(canonical);
    else if (!keywords.has(canonical.toLowerCase())) keywords.set(canonical.toLowerCase(), canonical);
  }
  return [...SYSTEM_FLAGS.filter((f) => system.has(f)), ...keywords.values()];
}
