/**
 * Flags a client may set with STORE and APPEND (RFC 3501 §2.3.2, §6.4.6, §9):
 *
 *   flag         = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" /
 *                  flag-keyword / flag-extension
 *   flag-keyword = atom
 *   flag-perm    = flag / "\*"
 *
 * \Recent is the server's to set ("This flag can not be altered by the client"), other
 * backslash flags are extensions this server does not know, and a keyword has to be an atom.
 */
import { SYSTEM_FLAGS } from '../../store/types.js';
import { MAX_KEYWORD_LENGTH } from '../../store/flags.js';

/** PERMANENTFLAGS of a read-write mailbox: the system flags and `\*` (new keywords allowed). */
export const PERMANENT_FLAGS: readonly string[] = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft', '\\*'];

/** Every system flag in its RFC 3501 spelling, \Recent included, by lowercase name. */
const CANONICAL = new Map<string, string>([...SYSTEM_FLAGS, '\\Recent'].map((f) => [f.toLowerCase(), f]));

/** ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ] (RFC 3501 §9). */
const KEYWORD = /^[^(){ %*"\\\]\x00-\x1f\x7f-\uffff]+$/;

/**
 * An error text when a flag in the list cannot be stored, else undefined: `\Recent`, an unknown
 * `\Foo`, `\*`, or a keyword that is not an atom (or is longer than the store keeps).
 */
export function checkFlags(flags: readonly string[]): string | undefined {
  for (const flag of flags) {
    if (flag.startsWith('\\')) {
      const known = CANONICAL.get(flag.toLowerCase());
      if (known === '\\Recent') return '\\Recent is set by the server only; a client cannot store it (RFC 3501 §2.3.2)';
      if (known === undefined) {
        return `${flag} is not a system flag; use one of ${SYSTEM_FLAGS.join(' ')} or a keyword without "\\"`;
      }
    } else if (!KEYWORD.test(flag)) {
      return `${JSON.stringify(flag)} is not a valid keyword: keywords are atoms, without spaces or any of ( ) { % * " \\ ]`;
    } else if (flag.length > MAX_KEYWORD_LENGTH) {
      return `keyword ${flag} is too long (at most ${MAX_KEYWORD_LENGTH} characters)`;
    }
  }
  return undefined;
}

/**
 * The flags as RFC 3501 writes them: system flags in their canonical case (`\seen` → `\Seen`),
 * keywords as given; each flag once (compared case-insensitively), first spelling kept.
 */
export function normalizeFlags(flags: readonly string[]): string[] {
  const out = new Map<string, string>();
  for (const flag of flags) {
    const lower = flag.toLowerCase();
    if (!out.has(lower)) out.set(lower, flag.startsWith('\\') ? (CANONICAL.get(lower) ?? flag) : flag);
  }
  return [...out.values()];
}
