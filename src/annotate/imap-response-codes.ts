/**
 * IMAP response codes, the `[CODE ...]` at the start of a status response's text: every code of
 * RFC 3501 §7.1 and RFC 5530 §3, those of the extensions a learner meets (UIDPLUS, CONDSTORE,
 * IMAP4rev2 ...), and the rest of the IANA "IMAP Response Codes" registry in one line each.
 *
 * RFC 3501 §9:
 *   resp-text-code = "ALERT" / "BADCHARSET" [SP "(" astring *(SP astring) ")"] / capability-data /
 *                    "PARSE" / "PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")" /
 *                    "READ-ONLY" / "READ-WRITE" / "TRYCREATE" / "UIDNEXT" SP nz-number /
 *                    "UIDVALIDITY" SP nz-number / "UNSEEN" SP nz-number /
 *                    atom [SP 1*<any TEXT-CHAR except "]">]
 */
import { EXTENSION_RESPONSE_CODES } from './imap-response-codes-ext.js';

export type ImapResponseCodeInfo = {
  readonly meaning: string;
  readonly next?: string;
  readonly rfc: string;
  /** Says what the arguments are here: `UIDVALIDITY 3` → "Here it is 3." */
  readonly args?: (args: string) => string | undefined;
};

const R3501 = 'RFC 3501 §7.1; RFC 9051 §7.1';
const R5530 = 'RFC 5530 §3';

const number = (what: (n: string) => string) => (args: string) => (/^\d+$/.test(args.trim()) ? what(args.trim()) : undefined);
const listed = (what: string) => (args: string) => {
  const items = args.replace(/^\(|\)$/g, '').trim();
  return items === '' ? undefined : `${what} here: ${items.split(/\s+/).join(', ')}.`;
};

export const IMAP_RESPONSE_CODES: Readonly<Record<string, ImapResponseCodeInfo>> = Object.freeze({
  // RFC 3501 §7.1
  ALERT: { meaning: 'A message for you, the person: the client must show it (e.g. a warning about your account).', next: 'Read the text.', rfc: R3501 },
  BADCHARSET: {
    meaning: 'SEARCH named a charset the server does not support.',
    next: 'Repeat the SEARCH with a charset from the list (or UTF-8), or without CHARSET.',
    rfc: R3501,
    args: listed('Supported'),
  },
  CAPABILITY: {
    meaning: 'The server lists its capabilities right here, so you need not ask with CAPABILITY.',
    rfc: R3501,
    args: (a) => (a.trim() ? `There are ${a.trim().split(/\s+/).length}: ${a.trim().split(/\s+/).slice(0, 8).join(' ')}${a.trim().split(/\s+/).length > 8 ? ' ...' : ''}.` : undefined),
  },
  PARSE: { meaning: 'The server could not parse the header or MIME structure of a message; what it returns may be incomplete.', rfc: R3501 },
  PERMANENTFLAGS: {
    meaning: 'The flags you can change for good in this mailbox; \\* means you may also create new keywords. Other flags last only for this session.',
    rfc: R3501,
    args: (a) => {
      const flags = a.replace(/^\(|\)$/g, '').trim();
      return flags === '' ? 'Here: none, nothing can be changed permanently.' : `Here: ${flags.split(/\s+/).join(' ')}.`;
    },
  },
  'READ-ONLY': { meaning: 'The mailbox is open read-only: flags cannot change and nothing can be expunged.', next: 'SELECT it (not EXAMINE) to change it.', rfc: `${R3501}; RFC 3501 §6.3.2` },
  'READ-WRITE': { meaning: 'The mailbox is open read-write: you may change flags, expunge, and fetching a body sets \\Seen.', rfc: `${R3501}; RFC 3501 §6.3.1` },
  TRYCREATE: {
    meaning: 'The target mailbox does not exist, and the command would work if it did.',
    next: 'CREATE the mailbox, then repeat the APPEND, COPY or MOVE.',
    rfc: `${R3501}; RFC 3501 §6.3.11, §6.4.7`,
  },
  UIDNEXT: {
    meaning: 'The UID the next message added to this mailbox will get, at least: a quick way to see whether new mail arrived.',
    rfc: `${R3501}; RFC 3501 §2.3.1.1`,
    args: number((n) => `Here: ${n}.`),
  },
  UIDVALIDITY: {
    meaning: 'UIDs in this mailbox stay valid as long as this number stays the same; if it ever changes, forget every UID you cached.',
    rfc: `${R3501}; RFC 3501 §2.3.1.1`,
    args: number((n) => `Here: ${n}.`),
  },
  UNSEEN: { meaning: 'The number of the first message without \\Seen.', rfc: R3501, args: number((n) => `Here: message ${n}.`) },

  // RFC 5530 §3
  UNAVAILABLE: { meaning: 'A subsystem the server needs is down for now (e.g. the account\'s mail store or a directory).', next: 'Try again later.', rfc: R5530 },
  AUTHENTICATIONFAILED: { meaning: 'Login failed: wrong user name or password, or the mechanism did not succeed.', next: 'Check the user name and the password, then log in again.', rfc: R5530 },
  AUTHORIZATIONFAILED: { meaning: 'Your credentials were right, but you may not act as the user you asked for.', next: 'Log in as yourself (leave the authorization identity empty).', rfc: R5530 },
  EXPIRED: { meaning: 'The credentials (or the account) have expired.', next: 'Renew them, e.g. change the password, before logging in.', rfc: R5530 },
  PRIVACYREQUIRED: { meaning: 'This needs an encrypted connection, and this one is not.', next: 'Send STARTTLS (or connect with imaps://), then repeat the command.', rfc: R5530 },
  CONTACTADMIN: { meaning: 'Only the server\'s administrators can fix this for you.', next: 'Contact them; retrying will not help.', rfc: R5530 },
  NOPERM: { meaning: 'You lack the rights (ACL) to do this on that mailbox.', next: 'Ask its owner for the rights, or pick another mailbox.', rfc: R5530 },
  INUSE: { meaning: 'Something is busy or locked, e.g. the mailbox is selected or another session holds it.', next: 'Try again in a moment, or CLOSE/UNSELECT it first.', rfc: R5530 },
  EXPUNGEISSUED: { meaning: 'Some of the messages were expunged by another session; the server has not told you yet.', next: 'Send NOOP to hear the EXPUNGE responses, then try again.', rfc: R5530 },
  CORRUPTION: { meaning: 'The server found corrupt data (a broken mailbox or message).', next: 'Tell the server\'s administrators.', rfc: R5530 },
  SERVERBUG: { meaning: 'The server hit a bug of its own.', next: 'Tell the server\'s administrators; the command may work another way.', rfc: R5530 },
  CLIENTBUG: { meaning: 'The server thinks the client did something wrong (the command is not valid here or was malformed).', next: 'Check the command\'s syntax and state.', rfc: R5530 },
  CANNOT: { meaning: 'The server will never do this (e.g. the name is not allowed, or the mailbox is read-only).', next: 'Change the request; retrying unchanged will fail again.', rfc: R5530 },
  LIMIT: { meaning: 'A limit was reached (too many mailboxes, messages or rights).', next: 'Stay under the limit, e.g. remove something first.', rfc: R5530 },
  OVERQUOTA: { meaning: 'The mailbox or the account is over its quota.', next: 'Delete or expunge messages to free space.', rfc: R5530 },
  ALREADYEXISTS: { meaning: 'There is already a mailbox with that name.', next: 'Pick another name.', rfc: R5530 },
  NONEXISTENT: { meaning: 'The mailbox you named does not exist.', next: 'LIST "" "*" shows the mailboxes that do.', rfc: R5530 },

  // RFC 4315 §3 (UIDPLUS)
  APPENDUID: {
    meaning: 'The appended message\'s UID, with the UIDVALIDITY of the mailbox it went to.',
    rfc: 'RFC 4315 §3',
    args: (a) => {
      const [v, uid] = a.trim().split(/\s+/);
      return uid ? `Here: UID ${uid} (UIDVALIDITY ${v}).` : undefined;
    },
  },
  COPYUID: {
    meaning: 'The UIDs the copies got in the target mailbox: the source UIDs, then the new UIDs, in the same order.',
    rfc: 'RFC 4315 §3',
    args: (a) => {
      const [v, from, to] = a.trim().split(/\s+/);
      return to ? `Here: ${from} became ${to} (target UIDVALIDITY ${v}).` : undefined;
    },
  },
  UIDNOTSTICKY: { meaning: 'This mailbox cannot keep UIDs across sessions: UIDs you cache will not be valid next time.', rfc: 'RFC 4315 §3; RFC 9051 §7.1' },

  // RFC 7162 (CONDSTORE, QRESYNC), RFC 9051
  HIGHESTMODSEQ: {
    meaning: 'The highest modification sequence in the mailbox: if it has not grown since last time, nothing changed.',
    rfc: 'RFC 4551 §3.1.1; RFC 7162',
    args: number((n) => `Here: ${n}.`),
  },
  NOMODSEQ: { meaning: 'This mailbox keeps no modification sequences (CONDSTORE does not work on it).', rfc: 'RFC 4551 §3.1.2; RFC 7162' },
  MODIFIED: {
    meaning: 'STORE ... UNCHANGEDSINCE left these messages alone: they changed since the mod-sequence you gave.',
    next: 'Fetch their flags again, then decide.',
    rfc: 'RFC 4551 §3.2; RFC 7162',
    args: (a) => (a.trim() ? `Here: ${a.trim()}.` : undefined),
  },
  CLOSED: { meaning: 'The mailbox selected before is now closed; the responses that follow are about the new one.', rfc: 'RFC 7162; RFC 9051 §7.1' },
  HASCHILDREN: { meaning: 'The mailbox has child mailboxes, so it cannot be deleted (or renamed) this way.', next: 'Delete the children first.', rfc: 'RFC 9051 §7.1' },
  TOOBIG: {
    meaning: 'Too big: the message or literal is over what the server accepts (see APPENDLIMIT).',
    next: 'Send something smaller.',
    rfc: 'RFC 4469 §4.2; RFC 7889 §4',
  },
  ...EXTENSION_RESPONSE_CODES,
});

/** The entry for a code name, case-insensitively. */
export function lookupImapResponseCode(name: string): ImapResponseCodeInfo | undefined {
  return IMAP_RESPONSE_CODES[name.trim().toUpperCase()];
}
