/**
 * A FETCH ENVELOPE in one line: "from Alice <alice@example.org>, to bob@example.org, subject
 * "Hello", date ...". Names and subject are decoded from RFC 2047 encoded-words.
 *
 * RFC 3501 §9:
 *   envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to SP
 *              env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
 *   address  = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
 * A group starts with (NIL NIL "name" NIL) and ends with (NIL NIL NIL NIL) (RFC 3501 §7.4.2).
 */
import { itemsOf, textOf, type ImapToken } from './imap-reader.js';
import { decodeWords } from './mime-words.js';
import { quoted } from './note.js';

/** `Name <mailbox@host>` for each address; groups as `name:`. */
export function addressList(token: ImapToken | undefined): string[] {
  const out: string[] = [];
  for (const item of itemsOf(token)) {
    const [name, , mailbox, host] = itemsOf(item).map(textOf);
    if (host === undefined) {
      if (mailbox !== undefined) out.push(`${mailbox}:`);
      continue;
    }
    const address = `${mailbox ?? ''}@${host}`;
    out.push(name ? `${decodeWords(name)} <${address}>` : address);
  }
  return out;
}

const MAX_ADDRESSES = 3;

function people(list: readonly string[]): string {
  const shown = list.slice(0, MAX_ADDRESSES).join(', ');
  return list.length > MAX_ADDRESSES ? `${shown} and ${list.length - MAX_ADDRESSES} more` : shown;
}

/** The one-line summary (`brief`: sender and subject only); undefined when the token is not an envelope. */
export function summarizeEnvelope(token: ImapToken | undefined, opts: { readonly brief?: boolean } = {}): string | undefined {
  const fields = itemsOf(token);
  if (fields.length < 10) return undefined;
  const [date, subject, from, , , to, cc] = fields;
  const parts: string[] = [];
  const fromList = addressList(from);
  parts.push(fromList.length > 0 ? `from ${people(fromList)}` : 'no From');
  const toList = opts.brief ? [] : addressList(to);
  if (toList.length > 0) parts.push(`to ${people(toList)}`);
  const ccList = opts.brief ? [] : addressList(cc);
  if (ccList.length > 0) parts.push(`cc ${people(ccList)}`);
  const subjectText = textOf(subject);
  parts.push(subjectText === undefined ? 'no subject' : `subject ${quoted(decodeWords(subjectText), 70)}`);
  const dateText = opts.brief ? undefined : textOf(date);
  if (dateText !== undefined) parts.push(`date ${dateText}`);
  return parts.join(', ');
}
