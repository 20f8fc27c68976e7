/** AUTH (RFC 4954) with PLAIN, LOGIN and CRAM-MD5. */
import { b64, checkCramResponse, cramChallenge, decodeBase64Strict, decodePlain } from '../../../protocols/sasl.js';
import { reply } from '../../../protocols/smtp/reply.js';
import type { HandlerResult, Outcome } from '../handler-types.js';
import type { SmtpSession } from '../session.js';

const CANCELLED = reply(501, '5.0.0', 'Authentication cancelled by the client ("*")');
const UNDECODABLE = reply(501, '5.5.2', 'Cannot decode the response: SASL responses are base64 (RFC 4954 §4)');
const FAILED = reply(535, '5.7.8', 'Authentication credentials invalid');
const EMPTY_PLAIN = reply(501, '5.5.2', 'Empty PLAIN response: it must be base64 of "\\0user\\0password" (RFC 4616 §2)');

async function finish(session: SmtpSession, user: string, password: string): Promise<Outcome> {
  const { users } = session.ctx;
  const name = users.canonical(user);
  if (!name || !(await users.verify(name, password))) return session.authFailed(FAILED);
  return session.authSucceeded(name);
}

function challenge(text: string, next: (line: string) => Promise<HandlerResult> | HandlerResult): HandlerResult {
  return { kind: 'sasl', challenge: reply(334, undefined, text), next: (line) => (line === '*' ? CANCELLED : next(line)) };
}

function plain(session: SmtpSession, response: string): Promise<Outcome> | Outcome {
  // RFC 4954 §4: "=" is a zero-length response, which is valid base64 but holds no credentials.
  if (response === '=' || response === '') return EMPTY_PLAIN;
  const creds = decodePlain(response);
  if (!creds) return decodeBase64Strict(response) ? FAILED : UNDECODABLE;
  if (creds.authzid !== '' && creds.authzid.toLowerCase() !== creds.authcid.toLowerCase()) {
    return reply(535, '5.7.8', 'Authorization identity must be empty or equal to the user: the sandbox has no proxy authorization');
  }
  return finish(session, creds.authcid, creds.password);
}

function login(session: SmtpSession, userResponse: string): HandlerResult {
  const user = decodeBase64Strict(userResponse);
  if (!user) return UNDECODABLE;
  return challenge(b64('Password:'), (passResponse) => {
    const pass = decodeBase64Strict(passResponse);
    if (!pass) return UNDECODABLE;
    return finish(session, user.toString('utf8'), pass.toString('utf8'));
  });
}

function cram(session: SmtpSession): HandlerResult {
  const nonce = cramChallenge(session.ctx.config.domain);
  return challenge(b64(nonce), async (response) => {
    const { users } = session.ctx;
    const result = checkCramResponse(response, nonce, (u) => {
      const name = users.canonical(u);
      return name ? users.secret(name) : undefined;
    });
    if (!result) return UNDECODABLE;
    const name = users.canonical(result.user);
    if (!result.ok || !name) return session.authFailed(FAILED);
    return session.authSucceeded(name);
  });
}

export function auth(session: SmtpSession, args: string): HandlerResult | Promise<HandlerResult> {
  if (session.state.authUser !== undefined) return reply(503, '5.5.1', 'Already authenticated; AUTH is allowed once per session (RFC 4954 §4)');
  if (session.state.transaction) return reply(503, '5.5.1', 'AUTH is not allowed during a mail transaction; RSET first (RFC 4954 §4)');
  if (!session.authAllowed()) {
    // security.md item 5: the credentials are not even looked at.
    return reply(538, '5.7.11', 'Encryption required for requested authentication mechanism: STARTTLS first (RFC 4954 §6)');
  }
  const [mechRaw = '', initial, extra] = args.trim().split(/ +/);
  if (extra !== undefined) return reply(501, '5.5.4', 'Syntax: AUTH <mechanism> [initial-response]');
  const mech = mechRaw.toUpperCase();
  switch (mech) {
    case 'PLAIN':
      if (initial === undefined) return challenge('', (line) => plain(session, line));
      return plain(session, initial);
    case 'LOGIN':
      if (initial === undefined) return challenge(b64('Username:'), (line) => login(session, line));
      return login(session, initial);
    case 'CRAM-MD5':
      if (initial !== undefined) return reply(501, '5.5.4', 'CRAM-MD5 takes no initial response: the server speaks first (RFC 2195)');
      return cram(session);
    case '':
      return reply(501, '5.5.4', 'Syntax: AUTH <mechanism> [initial-response], mechanisms: PLAIN LOGIN CRAM-MD5');
    default:
      // Echo only a real mechanism name (RFC 4422 §3.1): `AUTH PLAIN<TAB>blob` must not put the blob in the log.
      return reply(504, '5.5.4', `Unrecognized authentication type${/^[A-Z0-9_-]{1,20}$/.test(mech) ? ` ${mech}` : ''}; this server offers PLAIN LOGIN CRAM-MD5`);
  }
}
