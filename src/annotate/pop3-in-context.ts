/**
 * What `+OK` means after each POP3 command (RFC 1939 §5, §7; RFC 2449; RFC 2595; RFC 5034).
 * `detail` reads the status text where RFC 1939 fixes its form (STAT, LIST n, UIDL n).
 */
import { count } from './note.js';

export type Pop3OkInfo = {
  readonly meaning: (args: string, text: string) => string;
  readonly rfc: string;
};

const fixed = (text: string) => () => text;

/** `+OK 2 320` after STAT: the drop listing (RFC 1939 §5). */
function stat(_args: string, text: string): string {
  const m = /^(\d+) (\d+)/.exec(text);
  if (!m) return 'The maildrop listing: the number of messages and their total size in octets.';
  return `${count(m[1] ?? '0', 'message')}, ${count(m[2] ?? '0', 'octet')} in all (messages marked with DELE are not counted).`;
}

function list(args: string, text: string): string {
  const m = /^(\d+) (\d+)/.exec(text);
  if (args.trim() !== '' && m) return `Message ${m[1]} is ${count(m[2] ?? '0', 'octet')}.`;
  return 'The scan listing follows: one line "number size" per message, then a line holding only ".".';
}

function uidl(args: string, text: string): string {
  const m = /^(\d+) (\S+)/.exec(text);
  if (args.trim() !== '' && m) return `Message ${m[1]} has the unique id "${m[2]}": it stays the same across sessions.`;
  return 'The unique-id listing follows: one line "number id" per message, then a line holding only ".".';
}

function retr(args: string, text: string): string {
  const size = /^(\d+) octets?/i.exec(text)?.[1];
  const n = args.trim() || 'the';
  return (
    `Message ${n} follows${size ? ` (${count(size, 'octet')})` : ''}, as it is stored, ending with a line holding only "."; ` +
    'lines of the message that start with "." come with one more "." (byte-stuffing).'
  );
}

function top(args: string): string {
  const [msg, lines] = args.trim().split(/\s+/);
  const which = msg ? `message ${msg}` : 'the message';
  const n = lines !== undefined && /^\d+$/.test(lines) ? count(lines, 'line') : 'the lines you asked for';
  return `The header of ${which}, an empty line and the first ${n} of its body follow, ending with a line holding only ".".`;
}

export const POP3_OK: Readonly<Record<string, Pop3OkInfo>> = Object.freeze({
  GREETING: { meaning: fixed('POP3 server ready. Log in with USER <name> then PASS <password>, or with AUTH.'), rfc: 'RFC 1939 §4' },
  USER: { meaning: fixed('User name noted; now send PASS <password>. (Many servers say +OK even for unknown users.)'), rfc: 'RFC 1939 §7' },
  PASS: { meaning: fixed('Logged in: the maildrop is locked for you and you are in the TRANSACTION state (STAT, LIST, RETR ...).'), rfc: 'RFC 1939 §4, §7' },
  APOP: { meaning: fixed('Logged in with APOP: the maildrop is locked for you; you are in the TRANSACTION state.'), rfc: 'RFC 1939 §7' },
  AUTH: {
    meaning: (args) =>
      args.trim() === ''
        ? 'The SASL mechanisms follow, one per line, then a line holding only ".".'
        : 'Logged in with SASL: the maildrop is locked for you; you are in the TRANSACTION state.',
    rfc: 'RFC 5034 §4',
  },
  STAT: { meaning: stat, rfc: 'RFC 1939 §5' },
  LIST: { meaning: list, rfc: 'RFC 1939 §5' },
  RETR: { meaning: retr, rfc: 'RFC 1939 §3, §5' },
  TOP: { meaning: top, rfc: 'RFC 1939 §7' },
  DELE: {
    meaning: (args) => `${args.trim() ? `Message ${args.trim()}` : 'The message'} is marked as deleted: it goes at QUIT, and RSET removes the mark.`,
    rfc: 'RFC 1939 §5',
  },
  RSET: { meaning: fixed('Every deletion mark is removed; nothing will be deleted at QUIT.'), rfc: 'RFC 1939 §5' },
  NOOP: { meaning: fixed('Nothing done, as asked: the connection is alive.'), rfc: 'RFC 1939 §5' },
  UIDL: { meaning: uidl, rfc: 'RFC 1939 §7' },
  CAPA: { meaning: fixed('The capability list follows, one per line, then a line holding only ".".'), rfc: 'RFC 2449 §5' },
  STLS: { meaning: fixed('Start the TLS handshake now; afterwards send CAPA again, the list may change.'), rfc: 'RFC 2595 §4' },
  QUIT: {
    meaning: fixed('Goodbye. After a login, the messages marked with DELE are removed now (the UPDATE state); the server closes the connection.'),
    rfc: 'RFC 1939 §6',
  },
});

/** What `-ERR` means after each command, before the response code or the text says why. */
export const POP3_ERR: Readonly<Record<string, { readonly meaning: string; readonly rfc: string }>> = Object.freeze({
  GREETING: { meaning: 'The server will not serve this connection.', rfc: 'RFC 1939 §4' },
  UNSOLICITED: { meaning: 'The server reports a problem on its own, usually just before it closes the connection.', rfc: 'RFC 1939 §3' },
  USER: { meaning: 'The server refuses this user name (or plain-text logins).', rfc: 'RFC 1939 §7' },
  PASS: { meaning: 'Login failed: a wrong user name or password, or the maildrop could not be locked.', rfc: 'RFC 1939 §7' },
  APOP: { meaning: 'APOP login failed: a wrong user name or digest, or the maildrop could not be locked.', rfc: 'RFC 1939 §7' },
  AUTH: { meaning: 'SASL login failed or was cancelled.', rfc: 'RFC 5034 §4' },
  RETR: { meaning: 'No such message (or it is marked as deleted).', rfc: 'RFC 1939 §5' },
  TOP: { meaning: 'No such message, or a wrong number of lines.', rfc: 'RFC 1939 §7' },
  DELE: { meaning: 'No such message, or it is already marked as deleted.', rfc: 'RFC 1939 §5' },
  LIST: { meaning: 'No such message.', rfc: 'RFC 1939 §5' },
  UIDL: { meaning: 'No such message.', rfc: 'RFC 1939 §7' },
  STLS: { meaning: 'TLS cannot be started now.', rfc: 'RFC 2595 §4' },
  QUIT: { meaning: 'Some messages marked as deleted could not be removed.', rfc: 'RFC 1939 §6' },
});
