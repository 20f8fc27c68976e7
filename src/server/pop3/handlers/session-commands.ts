/** CAPA (RFC 2449 §5), STLS (RFC 2595 §4) and QUIT (RFC 1939 §6: the UPDATE state). */
import { err, ok } from '../../../protocols/pop3/reply.js';
import type { Outcome } from '../handler-types.js';
import { loginDelaySeconds } from '../login-delay.js';
import type { Pop3Session } from '../session.js';

export function capa(session: Pop3Session, _args: string): Outcome {
  const caps = ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER'];
  if (session.protocolState === 'authorization') {
    if (!session.plaintextRefused()) caps.push('USER');
    caps.push(session.plaintextRefused() ? 'SASL CRAM-MD5' : 'SASL PLAIN LOGIN CRAM-MD5');
    if (!session.transport.secure) caps.push('STLS');
  }
  // RFC 2449 §6.8: announced only when this sandbox has a delay (`--pop3-login-delay`).
  const delay = loginDelaySeconds(session.ctx);
  if (delay > 0) caps.push(`LOGIN-DELAY ${delay}`);
  caps.push('IMPLEMENTATION mailproto-sandbox');
  return ok('Capability list follows', caps);
}

export function stls(session: Pop3Session, args: string): Outcome {
  if (args.trim() !== '') return err('STLS takes no arguments (RFC 2595 §4)');
  if (session.transport.secure) return err('TLS is already active (RFC 2595 §4)');
  return { ...ok('Begin TLS negotiation'), after: 'stls' };
}

export async function quit(session: Pop3Session, _args: string): Promise<Outcome> {
  const bye = `${session.ctx.config.domain} POP3 server signing off`;
  if (session.protocolState === 'authorization') return { ...ok(bye), close: true };
  const removed = await session.update();
  if (removed === undefined) return { ...err('some deleted messages were not removed', 'SYS/TEMP'), close: true };
  return { ...ok(`${bye} (${removed} message${removed === 1 ? '' : 's'} deleted)`), close: true };
}
