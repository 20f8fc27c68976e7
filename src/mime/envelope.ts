/**
 * IMAP ENVELOPE (RFC 3501 §7.4.2) of a message or of the message inside a
 * message/rfc822 part, computed and written as Dovecot does (imap-envelope.c,
 * message-part-data.c), so that our FETCH ENVELOPE is byte-identical:
 *
 *   envelope  = "(" env-date SP env-subject SP env-from SP env-sender SP
 *               env-reply-to SP env-to SP env-cc SP env-bcc SP
 *               env-in-reply-to SP env-message-id ")"
 *   env-from  = "(" 1*address ")" / nil          (likewise sender, reply-to, to, cc, bcc)
 *   address   = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
 *
 * Strings are the raw header bytes: encoded-words are not decoded (RFC 3501
 * leaves that to the client). When a header occurs more than once, the last
 * Date/Subject/In-Reply-To/Message-ID counts, and the addresses of repeated
 * address fields are joined (both as Dovecot does). Sender and Reply-To
 * default to From (RFC 3501 §7.4.2).
 */

import { parseAddressList, type Address } from './address.js';
import type { HeaderField } from './headers.js';
import { imapNString, imapNStringNoLf, imapStringForHumans } from './imap-string.js';

export type Envelope = {
  readonly date: string | null;
  readonly subject: string | null;
  readonly from: readonly Address[] | null;
  /** Sender, or From when there is no Sender. */
  readonly sender: readonly Address[] | null;
  /** Reply-To, or From when there is no Reply-To. */
  readonly replyTo: readonly Address[] | null;
  readonly to: readonly Address[] | null;
  readonly cc: readonly Address[] | null;
  readonly bcc: readonly Address[] | null;
  readonly inReplyTo: string | null;
  readonly messageId: string | null;
};

const STRING_FIELDS = { date: 'date', subject: 'subject', 'in-reply-to': 'inReplyTo', 'message-id': 'messageId' } as const;
const ADDRESS_FIELDS = { from: 'from', sender: 'sender', 'reply-to': 'replyTo', to: 'to', cc: 'cc', bcc: 'bcc' } as const;

/** Builds the envelope from a header block's fields. */
export function buildEnvelope(fields: readonly HeaderField[]): Envelope {
  const strings: Record<string, string | null> = { date: null, subject: null, inReplyTo: null, messageId: null };
  const lists: Record<string, Address[] | null> = { from: null, sender: null, replyTo: null, to: null, cc: null, bcc: null };
  for (const field of fields) {
    const name = field.name.toLowerCase();
    if (Object.hasOwn(STRING_FIELDS, name)) {
      strings[STRING_FIELDS[name as keyof typeof STRING_FIELDS]] = field.foldedValue;
    } else if (Object.hasOwn(ADDRESS_FIELDS, name)) {
      const key = ADDRESS_FIELDS[name as keyof typeof ADDRESS_FIELDS];
      const list = [...(lists[key] ?? []), ...parseAddressList(field.foldedValue)];
      lists[key] = list.length > 0 ? list : null;
    }
  }
  const from = lists['from'] ?? null;
  return {
    date: strings['date'] ?? null,
    subject: strings['subject'] ?? null,
    from,
    sender: lists['sender'] ?? from,
    replyTo: lists['replyTo'] ?? from,
    to: lists['to'] ?? null,
    cc: lists['cc'] ?? null,
    bcc: lists['bcc'] ?? null,
    inReplyTo: strings['inReplyTo'] ?? null,
    messageId: strings['messageId'] ?? null,
  };
}

function writeAddresses(list: readonly Address[] | null): string {
  if (list === null || list.length === 0) return 'NIL';
  const parts = list.map(
    (a) =>
      `(${a.name === null ? 'NIL' : imapStringForHumans(a.name)} ${imapNString(a.route)} ${imapNString(a.mailbox)} ${imapNString(a.domain)})`,
  );
  return `(${parts.join('')})`;
}

/**
 * The envelope's fields as IMAP wire text, without the outer parentheses
 * (a byte string; may contain literals).
 */
export function serializeEnvelopeFields(env: Envelope): string {
  return [
    imapNStringNoLf(env.date),
    env.subject === null ? 'NIL' : imapStringForHumans(env.subject),
    writeAddresses(env.from),
    writeAddresses(env.sender),
    writeAddresses(env.replyTo),
    writeAddresses(env.to),
    writeAddresses(env.cc),
    writeAddresses(env.bcc),
    imapNStringNoLf(env.inReplyTo),
    imapNStringNoLf(env.messageId),
  ].join(' ');
}

/** The envelope as IMAP wire text: `(date subject from ...)` (a byte string). */
export function serializeEnvelope(env: Envelope): string {
  return `(${serializeEnvelopeFields(env)})`;
}
