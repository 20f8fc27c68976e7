/** NOOP, QUIT, VRFY, EXPN, HELP and STARTTLS (RFC 5321 §4.1.1.6-10, RFC 3207). */
import { reply } from '../../../protocols/smtp/reply.js';
import type { Outcome } from '../handler-types.js';
import type { SmtpSession } from '../session.js';

export function noop(_session: SmtpSession, _args: string): Outcome {
  // RFC 5321 §4.1.1.9: NOOP may carry a string, which is ignored.
  return reply(250, '2.0.0', 'OK');
}

export function quit(session: SmtpSession, args: string): Outcome {
  if (args.trim() !== '') return reply(501, '5.5.4', 'QUIT takes no arguments');
  return { ...reply(221, '2.0.0', `${session.ctx.config.domain} closing connection`), close: true };
}

/** The name a learner asks about: `bob`, `bob@sandbox.test`, `<bob@sandbox.test>`. */
function lookupName(session: SmtpSession, args: string): { local: string; foreign: boolean } | undefined {
  let text = args.trim();
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1);
  if (text === '' || /\s/.test(text)) return undefined;
  const at = text.lastIndexOf('@');
  if (at < 0) return { local: text, foreign: false };
  const domain = text.slice(at + 1).toLowerCase();
  return { local: text.slice(0, at), foreign: domain !== session.ctx.config.domain.toLowerCase() };
}

export function vrfy(session: SmtpSession, args: string): Outcome {
  const { config, users } = session.ctx;
  if (!config.vrfy) {
    return reply(252, '2.5.0', 'Cannot VRFY user, but will accept message and attempt delivery (RFC 5321 §3.5.3)');
  }
  const name = lookupName(session, args);
  if (!name) return reply(501, '5.5.4', 'Syntax: VRFY <user> or VRFY <user@domain>');
  if (name.foreign) return reply(252, '2.1.5', 'Cannot verify a user outside the sandbox; mail for it would be held here, never relayed');
  const user = users.canonical(name.local);
  if (user) return reply(250, '2.1.5', `${user} <${user}@${config.domain}>`);
  if (users.lists().has(name.local.toLowerCase())) {
    return reply(553, '5.1.4', `${name.local} is a mailing list, not a user: try EXPN ${name.local}`);
  }
  return reply(550, '5.1.1', `${name.local}: no such user in the sandbox`);
}

export function expn(session: SmtpSession, args: string): Outcome {
  const { config, users } = session.ctx;
  if (!config.vrfy) return reply(502, '5.5.1', 'EXPN is disabled on this server, as on most real servers');
  const name = lookupName(session, args);
  if (!name) return reply(501, '5.5.4', 'Syntax: EXPN <list>');
  const members = users.lists().get(name.local.toLowerCase());
  if (!members) {
    if (users.canonical(name.local)) return reply(550, '5.1.1', `${name.local} is a user, not a mailing list: try VRFY ${name.local}`);
    return reply(550, '5.1.1', `${name.local}: no such mailing list in the sandbox (lists: ${[...users.lists().keys()].join(', ')})`);
  }
  if (members.length === 0) return reply(250, '2.1.5', `${name.local} has no members`);
  return { code: 250, enhanced: '2.1.5', lines: members.map((m) => `${m} <${m}@${config.domain}>`) };
}

export function starttls(session: SmtpSession, args: string): Outcome {
  if (args.trim() !== '') return reply(501, '5.5.4', 'STARTTLS takes no arguments (RFC 3207 §4)');
  if (session.transport.secure) return reply(503, '5.5.1', 'TLS is already active (RFC 3207 §4.2)');
  return { ...reply(220, '2.0.0', 'Ready to start TLS'), after: 'starttls' };
}
