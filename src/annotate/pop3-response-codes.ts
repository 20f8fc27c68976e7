/**
 * POP3 extended response codes: the text after `+OK`/`-ERR` may start with `[CODE]` when the
 * server announces RESP-CODES (RFC 2449 §6.4, §8). Codes are hierarchical, levels separated by
 * "/", case-insensitive: `SYS/TEMP` is the TEMP detail of SYS (RFC 3206 §4).
 *
 * RFC 2449 §3:
 *   resp-code  = "[" resp-level *("/" resp-level) "]"
 *   resp-level = 1*rchar
 */

export type Pop3ResponseCodeInfo = {
  readonly meaning: string;
  readonly next: string;
  readonly rfc: string;
  /** Which status the code may come with. */
  readonly with: '-ERR' | '+OK' | 'both';
};

/** The IANA "POP3 Response Codes" registry (RFC 2449, RFC 3206, RFC 6856). */
export const POP3_RESPONSE_CODES: Readonly<Record<string, Pop3ResponseCodeInfo>> = Object.freeze({
  'LOGIN-DELAY': {
    meaning: 'You logged in too recently: the server allows a new login only after a delay (see LOGIN-DELAY in CAPA).',
    next: 'Wait the number of seconds CAPA announces, then log in again; do not retry in a loop.',
    rfc: 'RFC 2449 §8.1.1',
    with: '-ERR',
  },
  'IN-USE': {
    meaning: 'Your credentials were right, but the maildrop is locked: another POP3 session has it open.',
    next: 'Close the other session (a mail client may be polling) and try again when it has ended.',
    rfc: 'RFC 2449 §8.1.2',
    with: '-ERR',
  },
  SYS: {
    meaning: 'A system error on the server, not a problem with your credentials.',
    next: 'See the second level: TEMP means try later, PERM means the administrator has to act.',
    rfc: 'RFC 3206 §4',
    with: '-ERR',
  },
  'SYS/TEMP': {
    meaning: 'A temporary system problem (a resource locked or busy, short of disk or memory): not your fault.',
    next: 'Try again later; report it only if it keeps happening.',
    rfc: 'RFC 3206 §4',
    with: '-ERR',
  },
  'SYS/PERM': {
    meaning: 'A lasting system problem (a corrupt mailbox, a configuration error) that will not go away by itself.',
    next: 'Contact the server\'s administrators; retrying will not help.',
    rfc: 'RFC 3206 §4',
    with: '-ERR',
  },
  AUTH: {
    meaning: 'The problem is your credentials: a wrong user name or password, an expired account, or a login the policy forbids.',
    next: 'Check the user name and the password (and whether plain-text logins need TLS first), then try again.',
    rfc: 'RFC 3206 §5',
    with: '-ERR',
  },
  UTF8: {
    meaning: 'The command needs UTF-8 mode, which is not switched on (or the maildrop needs it).',
    next: 'Send UTF8 before logging in when the server offers it in CAPA.',
    rfc: 'RFC 6856 §2',
    with: 'both',
  },
});

/** The entry for a code, falling back to its top level (`SYS/OTHER` → `SYS`); case-insensitive. */
export function lookupPop3ResponseCode(code: string): { readonly key: string; readonly info: Pop3ResponseCodeInfo } | undefined {
  const upper = code.trim().toUpperCase();
  const exact = POP3_RESPONSE_CODES[upper];
  if (exact) return { key: upper, info: exact };
  const top = upper.split('/')[0] ?? '';
  const parent = POP3_RESPONSE_CODES[top];
  return parent ? { key: top, info: parent } : undefined;
}
