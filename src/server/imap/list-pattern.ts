/**
 * LIST and LSUB patterns (RFC 3501 §6.3.8): `*` matches anything, `%` anything but the hierarchy
 * delimiter. Matched with a table over (name, pattern) positions, not a regular expression, so a
 * hostile pattern such as `*a*a*a*a*a*b` costs at most name × pattern steps.
 */
import { HIERARCHY_DELIMITER, INBOX } from '../../store/mailbox-names.js';

/**
 * The pattern a LIST reference and mailbox argument stand for: the reference is prefixed, and a
 * leading INBOX is matched in any case (RFC 3501 §5.1), so it is normalized here.
 */
export function listPattern(reference: string, pattern: string): string {
  const full = reference + pattern;
  const head = full.slice(0, INBOX.length);
  const next = full.charAt(INBOX.length);
  if (head.toUpperCase() === INBOX && (next === '' || next === HIERARCHY_DELIMITER)) return INBOX + full.slice(INBOX.length);
  return full;
}

/** Whether a (wire-encoded) mailbox name matches a (wire-encoded) pattern. */
export function matchesPattern(name: string, pattern: string): boolean {
  // reachable[j]: the first i characters of name can be matched by the first j of pattern.
  let reachable = new Array<boolean>(pattern.length + 1).fill(false);
  reachable[0] = true;
  for (let j = 1; j <= pattern.length; j++) reachable[j] = reachable[j - 1]! && isWildcard(pattern[j - 1]!);
  for (let i = 1; i <= name.length; i++) {
    const c = name[i - 1]!;
    const next = new Array<boolean>(pattern.length + 1).fill(false);
    for (let j = 1; j <= pattern.length; j++) {
      const p = pattern[j - 1]!;
      if (p === '*') next[j] = next[j - 1]! || reachable[j]!;
      else if (p === '%') next[j] = next[j - 1]! || (reachable[j]! && c !== HIERARCHY_DELIMITER);
      else next[j] = reachable[j - 1]! && p === c;
    }
    reachable = next;
  }
  return reachable[pattern.length]!;
}

function isWildcard(c: string): boolean {
  return c === '*' || c === '%';
}

/**
 * With `%` last, a level above a matching name also matches when the name itself does not
 * (`LSUB "" "%"` shows `A` as `\Noselect` when only `A.B` is subscribed). Returns those levels.
 */
export function matchingSuperiors(name: string, pattern: string): string[] {
  if (!pattern.endsWith('%')) return [];
  const parts = name.split(HIERARCHY_DELIMITER);
  const out: string[] = [];
  for (let n = 1; n < parts.length; n++) {
    const level = parts.slice(0, n).join(HIERARCHY_DELIMITER);
    if (matchesPattern(level, pattern)) out.push(level);
  }
  return out;
}
