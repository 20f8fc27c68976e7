/**
 * SASL mechanisms shared by SMTP AUTH (RFC 4954), POP3 AUTH (RFC 5034) and IMAP AUTHENTICATE
 * (RFC 3501 §6.2.2): PLAIN (RFC 4616), LOGIN (draft-murchison-sasl-login) and CRAM-MD5 (RFC 2195).
 * Pure: decoding and checking only; each protocol frames the exchange its own way.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type SaslMechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5';
export const SASL_MECHANISMS: readonly SaslMechanism[] = ['PLAIN', 'LOGIN', 'CRAM-MD5'];

/** Strict base64 (RFC 4648 §4) as SASL requires: no whitespace, correct padding. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

export type PlainCredentials = { readonly authzid: string; readonly authcid: string; readonly password: string };

/** PLAIN message = [authzid] UTF8NUL authcid UTF8NUL passwd (RFC 4616 §2). */
export function decodePlain(response: string): PlainCredentials | undefined {
  const raw = decodeBase64Strict(response);
  if (!raw) return undefined;
  const fields = raw.toString('utf8').split('\0');
  if (fields.length !== 3) return undefined;
  const [authzid, authcid, password] = fields as [string, string, string];
  if (authcid === '' || password === '') return undefined;
  return { authzid, authcid, password };
}

/** A CRAM-MD5 challenge: `<random.time@host>` (RFC 2195 §2). */
export function cramChallenge(hostname: string): string {
  return `<${randomBytes(8).toString('hex')}.${Date.now()}@${hostname}>`;
}

/** Checks a CRAM-MD5 response `user SP hex(hmac-md5(secret, challenge))`; returns the user when valid. */
export function checkCramResponse(
  response: string,
  challenge: string,
  secretFor: (user: string) => string | undefined,
): { user: string; ok: boolean } | undefined {
  const raw = decodeBase64Strict(response);
  if (!raw) return undefined;
  const text = raw.toString('utf8');
  const space = text.lastIndexOf(' ');
  if (space <= 0) return undefined;
  const user = text.slice(0, space);
  const digest = text.slice(space + 1).toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(digest)) return undefined;
  const secret = secretFor(user);
  if (secret === undefined) return { user, ok: false };
  const expected = createHmac('md5', secret).update(challenge).digest('hex');
  return { user, ok: timingSafeEqual(Buffer.from(expected), Buffer.from(digest)) };
}

/** Encodes text as base64 for a SASL challenge or response. */
export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
