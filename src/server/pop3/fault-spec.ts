/**
 * What a POP3 `--fault` may say (as src/server/smtp/fault-spec.ts for SMTP): a command the sandbox
 * runs, or CONNECT for the greeting, and a reply the session can stand behind. A typo would
 * otherwise be a fault that never fires, and a `+OK` to RETR without the message would leave the
 * client waiting for a body that never comes.
 */
import { lookupPop3Command, POP3_COMMANDS } from '../../protocols/pop3/commands.js';

const CONNECT = 'CONNECT';

function faultNames(): string {
  return [...POP3_COMMANDS.filter((c) => !c.retired).map((c) => c.name), CONNECT].join(', ');
}

/** What is wrong with a POP3 fault, or undefined when it can fire as written. */
export function checkPop3Fault(command: string, replyText: string): string | undefined {
  const info = lookupPop3Command(command);
  if (command !== CONNECT && (!info || info.retired)) return `${command} is not a POP3 command the sandbox runs; use one of ${faultNames()}`;
  const m = /^(\+OK|-ERR)(?=$| )(?: \[([^\]]*)\])?/.exec(replyText);
  if (!m) return 'the reply must start with +OK or -ERR, e.g. "-ERR [IN-USE] Mailbox locked"';
  if (m[2] !== undefined && !/^[A-Za-z0-9-]+(\/[A-Za-z0-9-]+)*$/.test(m[2])) return `[${m[2]}] is not a response code: one word, or words joined by "/" (RFC 2449 §8)`;
  if (m[1] === '+OK' && info && info.multiline !== 'never') {
    return `+OK to ${command} would promise a multi-line answer the fault cannot give; inject -ERR for ${command}, or +OK for a one-line command such as DELE`;
  }
  return undefined;
}
