/**
 * The client side of the SASL mechanisms `:auth` offers: PLAIN (RFC 4616), LOGIN
 * (draft-murchison-sasl-login) and CRAM-MD5 (RFC 2195). Pure: challenges in, base64 responses out;
 * each protocol frames the exchange (SMTP 334, POP3 and IMAP `+`).
 */
import { createHmac } from 'node:crypto';
import { b64 } from '../protocols/sasl.js';

export type SaslName = 'plain' | 'login' | 'cram-md5';
export const SASL_NAMES: readonly SaslName[] = ['plain', 'login', 'cram-md5'];

export function isSaslName(name: string): name is SaslName {
  return (SASL_NAMES as readonly string[]).includes(name);
}

/** PLAIN message: [authzid] NUL authcid NUL passwd (RFC 4616 §2), base64. */
export function plainResponse(user: string, password: string): string {
  return b64(`\0${user}\0${password}`);
}

/** The initial response sent with the command, when the mechanism has one (PLAIN). */
export function initialResponse(mech: SaslName, user: string, password: string): string | undefined {
  return mech === 'plain' ? plainResponse(user, password) : undefined;
}

/**
 * The base64 answer to one server challenge (`challenge` is the base64 text after `334 ` or `+ `).
 * `step` counts the challenges answered so far in this exchange.
 */
export function respond(mech: SaslName, step: number, challenge: string, user: string, password: string): string {
  switch (mech) {
    case 'plain':
      return plainResponse(user, password);
    case 'login': {
      // The challenges are "Username:" and "Password:" (some servers send other words); go by the text, else by order.
      const asked = Buffer.from(challenge, 'base64').toString('utf8').toLowerCase();
      const wantsPassword = asked.includes('pass') || (!asked.includes('user') && step > 0);
      return b64(wantsPassword ? password : user);
    }
    case 'cram-md5': {
      const text = Buffer.from(challenge, 'base64').toString('utf8');
      const digest = createHmac('md5', password).update(text).digest('hex');
      return b64(`${user} ${digest}`);
    }
  }
}
