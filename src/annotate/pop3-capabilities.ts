/**
 * POP3 CAPA lines (RFC 2449 §5): one capability per line, a tag and its arguments. The IANA
 * "POP3 Capabilities" registry: RFC 2449 §6, RFC 2595 §4 (STLS), RFC 3206 (AUTH-RESP-CODE),
 * RFC 5034 (SASL), RFC 6856 (UTF8, LANG).
 */

export type Pop3CapabilityInfo = {
  readonly meaning: string;
  readonly rfc: string;
  /** Explains the arguments (`SASL PLAIN LOGIN`, `EXPIRE 30`). */
  readonly args?: (args: readonly string[]) => string | undefined;
};

function days(args: readonly string[]): string | undefined {
  const [value, user] = args;
  if (value === undefined) return undefined;
  const who = user?.toUpperCase() === 'USER' ? ' (for this user)' : '';
  if (value.toUpperCase() === 'NEVER') return `Here: never${who}.`;
  return /^\d+$/.test(value) ? `Here: after ${value} day${value === '1' ? '' : 's'}${who}.` : undefined;
}

export const POP3_CAPABILITIES: Readonly<Record<string, Pop3CapabilityInfo>> = Object.freeze({
  TOP: { meaning: 'TOP <msg> <n> works: the headers and the first n body lines of a message.', rfc: 'RFC 2449 §6.1' },
  USER: { meaning: 'Log in with USER <name> then PASS <password> (the password travels as typed: use TLS).', rfc: 'RFC 2449 §6.2' },
  SASL: {
    meaning: 'Log in with AUTH <mechanism>.',
    rfc: 'RFC 2449 §6.3; RFC 5034 §4',
    args: (a) => (a.length > 0 ? `Mechanisms offered: ${a.join(', ')}.` : undefined),
  },
  'RESP-CODES': { meaning: 'Error texts may start with a [CODE] in brackets that says why, such as [IN-USE].', rfc: 'RFC 2449 §6.4, §8' },
  'LOGIN-DELAY': {
    meaning: 'After a login, the next one must wait this many seconds.',
    rfc: 'RFC 2449 §6.5',
    args: (a) => (a[0] && /^\d+$/.test(a[0]) ? `Here: ${a[0]} seconds.` : undefined),
  },
  PIPELINING: { meaning: 'You may send several commands without waiting for each answer.', rfc: 'RFC 2449 §6.6' },
  EXPIRE: { meaning: 'How long the server keeps messages you have retrieved.', rfc: 'RFC 2449 §6.7', args: days },
  UIDL: { meaning: 'UIDL works: a unique id per message that survives sessions, to remember what you have downloaded.', rfc: 'RFC 2449 §6.8' },
  IMPLEMENTATION: {
    meaning: 'Names the server software (for people; do not make decisions on it).',
    rfc: 'RFC 2449 §6.9',
    args: (a) => (a.length > 0 ? `Here: ${a.join(' ')}.` : undefined),
  },
  STLS: { meaning: 'The connection can be upgraded to TLS with STLS, before you log in.', rfc: 'RFC 2595 §4' },
  'AUTH-RESP-CODE': { meaning: 'A failed login caused by your credentials carries the [AUTH] response code.', rfc: 'RFC 3206 §6' },
  UTF8: { meaning: 'The UTF8 command switches on UTF-8 in commands and in message headers.', rfc: 'RFC 6856 §2' },
  LANG: { meaning: 'The LANG command picks the language of the server\'s human-readable texts.', rfc: 'RFC 6856 §3' },
  APOP: { meaning: 'APOP login: the password never crosses the wire, only an MD5 digest with the greeting\'s timestamp.', rfc: 'RFC 1939 §7' },
});
