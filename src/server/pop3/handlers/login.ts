/** USER, PASS, APOP (RFC 1939 §7) and AUTH (RFC 5034) with PLAIN, LOGIN and CRAM-MD5. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { err, ok } from '../../../protocols/pop3/reply.js';
import { b64, checkCramResponse, cramChallenge, decodeBase64Strict, decodePlain } from '../../../protocols/sasl.js';
import type { HandlerResult, Outcome, SaslStep } from '../handler-types.js';
import type { Pop3Session } from '../session.js';

const PLAINTEXT_REFUSED = err('Plaintext authentication is disallowed on this non-secure connection: STLS first (RFC 2595 §4)', 'AUTH');
const CANCELLED = err('Authentication cancelled by the client ("*")');
const UNDECODABLE = err('Cannot decode the response: SASL responses are base64 (RFC 5034 §4)');

export function user(session: Pop3Session, args: string): Outcome {
  if (session.plaintextRefused()) return PLAINTEXT_REFUSED;
  const name = args.trim();
  if (name === '' || /\s/.test(name)) return err('Syntax: USER <name>');
  session.pendingUser = name;
  // Same answer for every name, so USER cannot be used to find out which accounts exist.
  return ok(`${name} is welcome here: now PASS <password>`);
}

export async function pass(session: Pop3Session, args: string): Promise<Outcome> {
  if (session.plaintextRefused()) return PLAINTEXT_REFUSED;
  const name = session.pendingUser;
  session.pendingUser = undefined;
  if (name === undefined) return err('USER first: send USER <name>, then PASS <password> (RFC 1939 §7)');
  // RFC 1939 §7: the password may contain spaces; everything after "PASS " is the password.
  if (args === '') return err('Syntax: PASS <password>');
  return checkPassword(session, name, args);
}

async function checkPassword(session: Pop3Session, name: string, password: string): Promise<Outcome> {
  const canonical = session.ctx.users.canonical(name);
  if (!canonical || !(await session.ctx.users.verify(canonical, password))) return session.loginFailed();
  return session.loginSucceeded(canonical);
}

export async function apop(session: Pop3Session, args: string): Promise<Outcome> {
  const m = /^(\S+) ([0-9a-fA-F]{32})$/.exec(args.trim());
  if (!m) return err('Syntax: APOP <name> <md5-digest>, the digest as 32 hex digits (RFC 1939 §7)');
  const canonical = session.ctx.users.canonical(m[1]!);
  const secret = canonical ? session.ctx.users.secret(canonical) : undefined;
  if (!canonical || secret === undefined) return session.loginFailed();
  const expected = createHash('md5').update(session.apopTimestamp + secret).digest('hex');
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(m[2]!.toLowerCase()))) return session.loginFailed();
  return session.loginSucceeded(canonical);
}

function challenge(text: string, next: SaslStep): HandlerResult {
  return { kind: 'sasl', challenge: text, next: (line) => (line === '*' ? CANCELLED : next(line)) };
}

function plain(session: Pop3Session, response: string): Promise<Outcome> | Outcome {
  const creds = decodePlain(response === '=' ? '' : response);
  if (!creds) return decodeBase64Strict(response) ? session.loginFailed() : UNDECODABLE;
  if (creds.authzid !== '' && creds.authzid.toLowerCase() !== creds.authcid.toLowerCase()) return session.loginFailed();
  return checkPassword(session, creds.authcid, creds.password);
}

export function auth(session: Pop3Session, args: string): HandlerResult | Promise<HandlerResult> {
  const [mechRaw, initial, extra] = args.trim().split(/ +/);
  if (!mechRaw) return ok('Mechanisms follow', ['PLAIN', 'LOGIN', 'CRAM-MD5']);
  if (extra !== undefined) return err('Syntax: AUTH <mechanism> [<initial-response>]');
  const mech = mechRaw.toUpperCase();
  if ((mech === 'PLAIN' || mech === 'LOGIN') && session.plaintextRefused()) return PLAINTEXT_REFUSED;
  switch (mech) {
    case 'PLAIN':
      return initial === undefined ? challenge('', (line) => plain(session, line)) : plain(session, initial);
    case 'LOGIN': {
      const askPassword = (userLine: string): HandlerResult => {
        const name = decodeBase64Strict(userLine);
        if (!name) return UNDECODABLE;
        return challenge(b64('Password:'), (passLine) => {
          const password = decodeBase64Strict(passLine);
          if (!password) return UNDECODABLE;
          return checkPassword(session, name.toString('utf8'), password.toString('utf8'));
        });
      };
      return initial === undefined ? challenge(b64('Username:'), askPassword) : askPassword(initial);
    }
    case 'CRAM-MD5': {
      if (initial !== undefined) return err('CRAM-MD5 takes no initial response: the server speaks first (RFC 2195)');
      const nonce = cramChallenge(session.ctx.config.domain);
      return challenge(b64(nonce), (line) => {
        const { users } = session.ctx;
        const result = checkCramResponse(line, nonce, (u) => {
          const c = users.canonical(u);
          return c ? users.secret(c) : undefined;
        });
        if (!result) return UNDECODABLE;
        const canonical = users.canonical(result.user);
        return result.ok && canonical ? session.loginSucceeded(canonical) : session.loginFailed();
      });
    }
    default:
      // Echoed only when it looks like a mechanism name (RFC 4422 §3.1), never a response sent after a TAB.
      return err(`Unsupported mechanism${/^[A-Z0-9_-]{1,20}$/.test(mech) ? ` ${mech}` : ''}: this server offers PLAIN LOGIN CRAM-MD5 (see CAPA)`);
  }
}
