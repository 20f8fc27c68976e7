/**
 * STARTTLS (RFC 3501 §6.2.1), AUTHENTICATE (§6.2.2 with RFC 4959 SASL-IR; PLAIN and LOGIN) and
 * LOGIN (§6.2.3). On a remote sandbox none of them checks credentials before TLS (security.md 5).
 */
import { b64, decodeBase64Strict, decodePlain } from '../../../protocols/sasl.js';
import { AUTH_MECHANISMS, loginDisabled } from '../capabilities.js';
import { bad, no, ok, type CommandHandler, type HandlerResult, type Outcome, type SaslStep } from '../handler-types.js';
import type { ImapSession } from '../session.js';

function privacyRequired(what: string): Outcome {
  return no(`${what} is disabled on this unencrypted connection: STARTTLS first (RFC 3501 §6.2.3, RFC 8314)`, 'PRIVACYREQUIRED');
}

const UNDECODABLE = bad('Cannot decode the response: AUTHENTICATE responses are base64 (RFC 3501 §6.2.2)');

export const starttls: CommandHandler<'STARTTLS'> = (session) => {
  if (session.transport.secure) return bad('TLS is already active on this connection (RFC 3501 §6.2.1)');
  return { ...ok('Begin TLS negotiation now'), after: 'starttls' };
};

async function checkPassword(session: ImapSession, name: string, password: string, how: string): Promise<Outcome> {
  const canonical = session.ctx.users.canonical(name);
  if (!canonical || !(await session.ctx.users.verify(canonical, password))) return session.loginFailed(how);
  await session.ctx.store.ensureUser(canonical);
  return session.loginSucceeded(canonical, how);
}

export const login: CommandHandler<'LOGIN'> = (session, command) => {
  if (loginDisabled({ config: session.ctx.config, secure: session.transport.secure })) return privacyRequired('LOGIN');
  return checkPassword(session, command.args.userid, command.args.password, 'LOGIN');
};

function challenge(text: string, next: SaslStep): HandlerResult {
  return { kind: 'sasl', challenge: text, next };
}

/**
 * RFC 4616: `[authzid] NUL authcid NUL password`. Acting as another user is not allowed: right
 * credentials with another authzid get `NO [AUTHORIZATIONFAILED]` (RFC 5530 §3), wrong ones the
 * usual AUTHENTICATIONFAILED, so the code tells nothing without the password.
 */
async function plain(session: ImapSession, response: string): Promise<Outcome> {
  const creds = decodePlain(response);
  if (!creds) return decodeBase64Strict(response) ? session.loginFailed('AUTHENTICATE PLAIN') : UNDECODABLE;
  if (creds.authzid !== '' && creds.authzid.toLowerCase() !== creds.authcid.toLowerCase()) {
    const canonical = session.ctx.users.canonical(creds.authcid);
    if (!canonical || !(await session.ctx.users.verify(canonical, creds.password))) return session.loginFailed('AUTHENTICATE PLAIN');
    return {
      ...session.loginFailed('AUTHENTICATE PLAIN'),
      code: 'AUTHORIZATIONFAILED',
      text: `${canonical} may not act as ${creds.authzid.slice(0, 64).replace(/[^\x20-\x7e]/g, "?")}: log in with an empty authorization identity (RFC 4616 section 2)`,
    };
  }
  return checkPassword(session, creds.authcid, creds.password, 'AUTHENTICATE PLAIN');
}

/** The LOGIN mechanism: `Username:` then `Password:`, each answered in base64. */
function loginMechanism(session: ImapSession, initial: string | undefined): HandlerResult {
  const askPassword = (userLine: string): HandlerResult => {
    const name = decodeBase64Strict(userLine);
    if (!name) return UNDECODABLE;
    return challenge(b64('Password:'), (passLine) => {
      const password = decodeBase64Strict(passLine);
      if (!password) return UNDECODABLE;
      return checkPassword(session, name.toString('utf8'), password.toString('utf8'), 'AUTHENTICATE LOGIN');
    });
  };
  return initial === undefined ? challenge(b64('Username:'), askPassword) : askPassword(initial);
}

export const authenticate: CommandHandler<'AUTHENTICATE'> = (session, command) => {
  const { mechanism, initialResponse } = command.args;
  if (!(AUTH_MECHANISMS as readonly string[]).includes(mechanism)) {
    return no(`Unsupported mechanism ${mechanism}: this server offers ${AUTH_MECHANISMS.join(' ')} (see CAPABILITY)`, 'CANNOT');
  }
  if (loginDisabled({ config: session.ctx.config, secure: session.transport.secure })) return privacyRequired(`AUTHENTICATE ${mechanism}`);
  if (mechanism === 'PLAIN') {
    return initialResponse === undefined ? challenge('', (line) => plain(session, line)) : plain(session, initialResponse);
  }
  return loginMechanism(session, initialResponse);
};
