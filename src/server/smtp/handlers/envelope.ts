/** MAIL, RCPT and RSET (RFC 5321 §4.1.1.2, §4.1.1.3, §4.1.1.5) with SIZE, BODY, SMTPUTF8 and AUTH parameters. */
import { parsePathArgs } from '../../../protocols/smtp/paths.js';
import { reply } from '../../../protocols/smtp/reply.js';
import type { Outcome } from '../handler-types.js';
import { resolveRecipient } from '../recipients.js';
import type { SmtpSession } from '../session.js';

const BODY_VALUES = new Set(['7BIT', '8BITMIME']);

/** `FROM:` / `TO:` prefix check; returns the text after the colon. */
function afterPrefix(args: string, prefix: 'FROM:' | 'TO:'): string | undefined {
  // RFC 5321 has no space before the colon; be kind and accept "FROM :" too.
  const m = new RegExp(`^${prefix.slice(0, -1)}\\s*:`, 'i').exec(args);
  return m ? args.slice(m[0].length) : undefined;
}

export function mail(session: SmtpSession, args: string): Outcome {
  const { config } = session.ctx;
  if (session.mustAuthenticate()) {
    return reply(530, '5.7.0', 'Authentication required: this is the submission port; AUTH first (RFC 4954 §6)');
  }
  const rest = afterPrefix(args, 'FROM:');
  if (rest === undefined) return reply(501, '5.5.4', 'Syntax: MAIL FROM:<address> [SIZE=n] [BODY=8BITMIME] [SMTPUTF8]');
  const parsed = parsePathArgs(rest, { allowNull: true, allowBarePostmaster: false });
  if ('error' in parsed) return reply(parsed.code, parsed.enhanced, `Sender address rejected: ${parsed.error}`);
  const { path, params } = parsed;
  for (const [key, value] of params) {
    switch (key) {
      case 'SIZE': {
        if (value === undefined || !/^\d{1,20}$/.test(value)) return reply(501, '5.5.4', 'SIZE needs a number of octets, e.g. SIZE=1024 (RFC 1870)');
        if (Number(value) > config.maxMessageSize) {
          return reply(552, '5.3.4', `Message size exceeds fixed maximum message size: ${value} > ${config.maxMessageSize} (RFC 1870 §6.1)`);
        }
        break;
      }
      case 'BODY':
        if (value === undefined || !BODY_VALUES.has(value.toUpperCase())) {
          return reply(501, '5.5.4', 'BODY must be 7BIT or 8BITMIME (RFC 6152); BINARYMIME is not offered');
        }
        break;
      case 'SMTPUTF8':
        if (value !== undefined) return reply(501, '5.5.4', 'SMTPUTF8 takes no value (RFC 6531 §3.4)');
        break;
      case 'AUTH':
        // RFC 4954 §5: the AUTH parameter names the original submitter; accepted and not trusted.
        break;
      default:
        return reply(555, '5.5.4', `MAIL parameter ${key} is not recognized or not implemented (RFC 5321 §4.1.1.11)`);
    }
  }
  if (path.utf8 && !params.has('SMTPUTF8')) {
    return reply(553, '5.6.7', 'Non-ASCII sender address needs the SMTPUTF8 parameter (RFC 6531 §3.5)');
  }
  if (params.has('SMTPUTF8') && !session.state.esmtp) return reply(555, '5.5.4', 'SMTPUTF8 needs EHLO, not HELO (RFC 6531)');
  session.state.transaction = { from: path, params, recipients: [] };
  return reply(250, '2.1.0', `Sender <${path.address}> OK`);
}

export function rcpt(session: SmtpSession, args: string): Outcome {
  const { config, users } = session.ctx;
  const tx = session.state.transaction!;
  const rest = afterPrefix(args, 'TO:');
  if (rest === undefined) return reply(501, '5.5.4', 'Syntax: RCPT TO:<address>');
  const parsed = parsePathArgs(rest, { allowNull: false, allowBarePostmaster: true });
  if ('error' in parsed) return reply(parsed.code, parsed.enhanced, `Recipient address rejected: ${parsed.error}`);
  if (parsed.params.size > 0) {
    const key = [...parsed.params.keys()][0];
    return reply(555, '5.5.4', `RCPT parameter ${key} is not recognized or not implemented (RFC 5321 §4.1.1.11)`);
  }
  if (parsed.path.utf8 && !tx.params.has('SMTPUTF8')) {
    return reply(553, '5.6.7', 'Non-ASCII recipient address needs SMTPUTF8 on MAIL FROM (RFC 6531 §3.5)');
  }
  if (tx.recipients.length >= config.maxRecipients) {
    return reply(452, '4.5.3', `Too many recipients: at most ${config.maxRecipients} per message; send the rest in another transaction (RFC 5321 §4.5.3.1.10)`);
  }
  const r = resolveRecipient(parsed.path, config.domain, users);
  if (!r.ok) return reply(r.code, r.enhanced, r.text);
  tx.recipients.push(r.recipient);
  return reply(250, r.enhanced, r.text);
}

export function rset(session: SmtpSession, args: string): Outcome {
  if (args.trim() !== '') return reply(501, '5.5.4', 'RSET takes no arguments');
  session.resetTransaction();
  return reply(250, '2.0.0', 'OK: transaction reset');
}
