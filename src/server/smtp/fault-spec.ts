/**
 * What an SMTP `--fault` may say: a command the sandbox runs (or CONNECT for the greeting, EOD for
 * the reply after the message), and a final reply the session can stand behind. A typo in either
 * would otherwise be a fault that never fires, or one that derails the session.
 */
import { lookupSmtpCommand, SMTP_COMMANDS } from '../../protocols/smtp/commands.js';
import { parseEnhancedCode } from '../../protocols/smtp/enhanced-codes.js';

/** The points a fault can hook besides the commands: the greeting and the end of the message. */
export const SMTP_FAULT_POINTS: readonly string[] = Object.freeze(['CONNECT', 'EOD']);

/** The names an SMTP fault may use, for the error message. */
function faultNames(): string {
  return [...SMTP_COMMANDS.filter((c) => !c.historic).map((c) => c.name), ...SMTP_FAULT_POINTS].join(', ');
}

/** What is wrong with an SMTP fault, or undefined when it can fire as written. */
export function checkSmtpFault(command: string, replyText: string): string | undefined {
  const info = lookupSmtpCommand(command);
  if (!SMTP_FAULT_POINTS.includes(command) && (!info || info.historic)) {
    return `${command} is not an SMTP command the sandbox runs; use one of ${faultNames()}`;
  }
  const m = /^(\d{3})(?:$| (\S*))/.exec(replyText);
  if (!m) return 'the reply must start with a three-digit SMTP code, e.g. "452 4.2.2 Mailbox full"';
  const code = m[1]!;
  if (code[0] === '3') return `${code} is an intermediate reply: the session would wait for data that never comes; use 2xx, 4xx or 5xx`;
  if (!/^[245][0-5]\d$/.test(code)) return `${code} is not an SMTP reply code (first digit 2, 4 or 5, second 0 to 5; RFC 5321 §4.2)`;
  const enhanced = m[2];
  if (enhanced !== undefined && /^\d+\.\d+\.\d+$/.test(enhanced)) {
    const parsed = parseEnhancedCode(enhanced);
    if (!parsed.ok) return `${enhanced} is not a valid enhanced status code: ${parsed.reason}`;
    if (String(parsed.code.class) !== code[0]) return `${enhanced} does not match ${code}: the enhanced code's class must be the reply's first digit (RFC 3463 §2)`;
  }
  return undefined;
}
