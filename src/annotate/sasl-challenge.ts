/**
 * SASL challenges as a learner meets them: SMTP `334 <base64>` (RFC 4954 §4), POP3 `+ <base64>`
 * (RFC 5034 §4) and IMAP `+ <base64>` (RFC 3501 §6.2.2). The challenge is decoded and said in
 * words: LOGIN asks "Username:" then "Password:", CRAM-MD5 sends `<random.time@host>` (RFC 2195
 * §2), PLAIN sends an empty challenge and waits for `\0user\0password` (RFC 4616 §2).
 */
import { decodeBase64Strict } from '../protocols/sasl.js';
import { quoted } from './note.js';

export type SaslChallenge =
  | { readonly kind: 'empty' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly octets: number }
  | { readonly kind: 'not-base64'; readonly raw: string };

/** Decodes the text after `334 ` or `+ `. */
export function decodeChallenge(raw: string): SaslChallenge {
  const text = raw.trim();
  if (text === '' || text === '=') return { kind: 'empty' };
  const bytes = decodeBase64Strict(text);
  if (!bytes) return { kind: 'not-base64', raw: text };
  const decoded = bytes.toString('utf8');
  // Printable text (UTF-8 allowed) is shown; anything else is a binary token (SCRAM, GSSAPI).
  if (!decoded.includes('\uFFFD') && !/[\x00-\x08\x0b-\x1f\x7f]/.test(decoded)) return { kind: 'text', text: decoded };
  return { kind: 'binary', octets: bytes.length };
}

/** Where each mechanism's exchange is defined. */
export const MECHANISM_RFC: Readonly<Record<string, string>> = Object.freeze({
  PLAIN: 'RFC 4616 §2',
  LOGIN: 'draft-murchison-sasl-login',
  'CRAM-MD5': 'RFC 2195 §2',
  XOAUTH2: 'RFC 7628',
  OAUTHBEARER: 'RFC 7628 §3',
  'SCRAM-SHA-1': 'RFC 5802 §5',
  'SCRAM-SHA-256': 'RFC 7677',
});

const CRAM = /^<[^<>\s]+@[^<>\s]+>$/;

/**
 * What a challenge asks for, in words, without the citation. `mechanism` is the one named in the
 * AUTH/AUTHENTICATE command, when known.
 */
export function describeChallenge(raw: string, mechanism?: string): string {
  const mech = mechanism?.trim().split(/\s+/)[0]?.toUpperCase();
  const challenge = decodeChallenge(raw);
  switch (challenge.kind) {
    case 'empty':
      if (mech === 'PLAIN') {
        return 'the server waits for your credentials: send base64 of "\\0user\\0password" (:auth plain does it for you)';
      }
      return 'an empty challenge: the server waits for your first SASL response, base64-encoded';
    case 'not-base64':
      return `the challenge ${quoted(challenge.raw)} is not base64, which SASL challenges must be`;
    case 'binary':
      return `the challenge decodes to ${challenge.octets} octets of binary data, a token of the ${mech ?? 'SASL'} mechanism`;
    case 'text': {
      const text = challenge.text;
      const word = text.replace(/[\s:]+$/, '').toLowerCase().replace(/\s+/g, '');
      if (word === 'username' || word === 'user') {
        return `the server asks for your user name (${quoted(text)}): send it base64-encoded`;
      }
      if (word === 'password') return `the server asks for your password (${quoted(text)}): send it base64-encoded`;
      if (mech === 'CRAM-MD5' || CRAM.test(text)) {
        return (
          `CRAM-MD5 challenge ${quoted(text)}: answer with base64 of "user " followed by the hex HMAC-MD5 of ` +
          'this challenge keyed with your password (:auth cram-md5 computes it); the password never crosses the wire'
        );
      }
      return `the challenge decodes to ${quoted(text)}`;
    }
  }
}

/** The citation for a challenge: the protocol's SASL section, plus the mechanism's when known. */
export function challengeRfc(protocolRfc: string, mechanism: string | undefined, raw: string): string {
  const mech = mechanism?.trim().split(/\s+/)[0]?.toUpperCase();
  const decoded = decodeChallenge(raw);
  const cram = decoded.kind === 'text' && CRAM.test(decoded.text) ? 'RFC 2195 §2' : undefined;
  const mechRfc = (mech ? MECHANISM_RFC[mech] : undefined) ?? cram;
  return mechRfc ? `${protocolRfc}; ${mechRfc}` : protocolRfc;
}
