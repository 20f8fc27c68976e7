/**
 * What an IMAP `--fault` may say (as src/server/smtp/fault-spec.ts for SMTP): a command the sandbox
 * runs (`FETCH` also fires for `UID FETCH`), or CONNECT for the greeting, and a tagged status the
 * session can send in place of the command's own completion.
 */
import { IMAP_COMMANDS } from '../../protocols/imap/commands.js';

const CONNECT = 'CONNECT';

/** Faults match the command name; the UID forms fire with their base command's name. */
const FAULT_NAMES: ReadonlySet<string> = new Set(IMAP_COMMANDS.map((c) => c.name.replace(/^UID /, '')));

/** What is wrong with an IMAP fault, or undefined when it can fire as written. */
export function checkImapFault(command: string, replyText: string): string | undefined {
  if (command !== CONNECT && !FAULT_NAMES.has(command)) return `${command} is not an IMAP command the sandbox runs; use one of ${[...FAULT_NAMES, CONNECT].join(', ')}`;
  const statuses = command === CONNECT ? ['OK', 'NO', 'BAD', 'BYE'] : ['OK', 'NO', 'BAD'];
  const m = /^([A-Za-z]+)(?=$| )(?: \[([^\]]*)\])?/.exec(replyText);
  if (!m || !statuses.includes(m[1]!.toUpperCase())) {
    return `the reply must start with ${statuses.join(', ')} (the tag is added), e.g. "NO [OVERQUOTA] Quota exceeded"`;
  }
  if (m[2] !== undefined && !/^[A-Za-z0-9-]+( [^\]]*)?$/.test(m[2])) return `[${m[2]}] is not a response code: an atom, then its arguments (RFC 3501 §7.1)`;
  return undefined;
}
