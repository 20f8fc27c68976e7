/** What the three protocols' mistake checkers share: the warning about credentials without TLS. */
import type { SessionFacts } from './context.js';
import { note } from './note.js';

/** SASL mechanisms that do not put the password itself on the wire. */
const CHALLENGE_MECHANISMS = /^(CRAM-MD5|DIGEST-MD5|SCRAM-[A-Z0-9-]+|GSSAPI|EXTERNAL|NTLM|ANONYMOUS)$/i;

/** True when a mechanism sends the password (or a bearer token) readable to anyone on the path. */
export function sendsSecretInClear(mechanism: string | undefined): boolean {
  return !CHALLENGE_MECHANISMS.test(mechanism ?? '');
}

/** Credentials are about to cross the network unencrypted: no TLS, and the server is not on this machine. */
export function exposed(facts: SessionFacts): boolean {
  return !facts.secure && !facts.loopback;
}

/** The kind warning, naming the command that starts TLS in this protocol. */
export function noTlsWarning(what: string, starttls: string, rfc: string): string {
  return note(
    `${what} without TLS to a server that is not on this machine: the password crosses the network readable by anyone on the way. ` +
      `Send ${starttls} first, or connect with implicit TLS`,
    rfc,
  );
}
