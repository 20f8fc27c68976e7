/** HELP (RFC 5321 §4.1.1.8), answered from the command catalog. */
import { SMTP_COMMANDS, lookupSmtpCommand } from '../../../protocols/smtp/commands.js';
import { reply } from '../../../protocols/smtp/reply.js';
import type { Outcome } from '../handler-types.js';
import type { SmtpSession } from '../session.js';

export function help(_session: SmtpSession, args: string): Outcome {
  const topic = args.trim();
  if (topic === '') {
    const names = SMTP_COMMANDS.filter((c) => !c.historic).map((c) => c.name);
    return {
      code: 214,
      enhanced: '2.0.0',
      lines: ['Commands:', names.join(' '), 'HELP <command> for one of them; RFC 5321 is the reference', 'End of HELP info'],
    };
  }
  const info = lookupSmtpCommand(topic);
  if (!info) return reply(504, '5.5.1', `HELP: no command ${topic.toUpperCase()} in SMTP`);
  const lines = [`${info.syntax}`, info.summary];
  if (info.retired) lines.push(info.retired);
  lines.push(`See ${info.rfc}`);
  return { code: 214, enhanced: '2.0.0', lines };
}
