/** HELO and EHLO (RFC 5321 §4.1.1.1) and the EHLO keyword list. */
import { isValidDomain } from '../../../protocols/smtp/paths.js';
import { reply } from '../../../protocols/smtp/reply.js';
import type { SmtpSession } from '../session.js';
import type { Outcome } from '../handler-types.js';

/** The extensions advertised after EHLO, in the order they are listed. */
export function ehloKeywords(session: SmtpSession): string[] {
  const { config } = session.ctx;
  const keywords = [`SIZE ${config.maxMessageSize}`, '8BITMIME', 'PIPELINING', 'ENHANCEDSTATUSCODES', 'SMTPUTF8', 'CHUNKING'];
  if (!session.transport.secure) keywords.push('STARTTLS');
  if (session.authAllowed()) keywords.push('AUTH PLAIN LOGIN CRAM-MD5');
  keywords.push('HELP');
  return keywords;
}

function checkName(args: string, verb: string): Outcome | string {
  const name = args.trim();
  if (name === '') {
    return reply(501, '5.5.4', `${verb} needs your host name, e.g. ${verb} laptop.example (RFC 5321 §4.1.1.1)`);
  }
  // Clients send all sorts of names (bare host names, IP addresses); accept any single word, but
  // a syntactically broken one is worth a note in the greeting.
  if (/\s/.test(name)) return reply(501, '5.5.4', `${verb} takes one host name, not several words`);
  return name;
}

export function helo(session: SmtpSession, args: string): Outcome {
  const name = checkName(args, 'HELO');
  if (typeof name !== 'string') return name;
  session.resetTransaction();
  session.state.heloName = name;
  session.state.esmtp = false;
  return reply(250, undefined, `${session.ctx.config.domain} Hello ${name}${isValidDomain(name) ? '' : ' (not a valid domain name, accepted anyway)'}`);
}

export function ehlo(session: SmtpSession, args: string): Outcome {
  const name = checkName(args, 'EHLO');
  if (typeof name !== 'string') return name;
  session.resetTransaction();
  session.state.heloName = name;
  session.state.esmtp = true;
  const first = `${session.ctx.config.domain} greets ${name}`;
  // RFC 2034 §4: the EHLO response carries no enhanced status codes.
  return { code: 250, enhanced: undefined, lines: [first, ...ehloKeywords(session)] };
}
