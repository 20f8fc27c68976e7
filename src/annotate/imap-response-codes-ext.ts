/**
 * The rest of the IANA "IMAP Response Codes" registry (codes of extensions the sandbox does not
 * speak), one line each, so that a real server's `[CODE]` is never met in silence.
 */
import type { ImapResponseCodeInfo } from './imap-response-codes.js';

export const EXTENSION_RESPONSE_CODES: Readonly<Record<string, ImapResponseCodeInfo>> = Object.freeze({
  NEWNAME: { meaning: 'Obsolete (IMAP2bis): the mailbox was renamed; servers no longer send it.', rfc: 'RFC 2060 §7.1' },
  REFERRAL: {
    meaning: 'The mailbox or account is on another server: the IMAP URL says where.',
    next: 'Connect to the server the URL names.',
    rfc: 'RFC 2221',
    args: (a) => (a.trim() ? `Here: ${a.trim()}.` : undefined),
  },
  'UNKNOWN-CTE': { meaning: 'The server cannot decode this part\'s Content-Transfer-Encoding for a BINARY fetch.', next: 'Fetch it with BODY[...] and decode it yourself.', rfc: 'RFC 3516; RFC 9051 §7.1' },
  URLMECH: { meaning: 'The URLAUTH mechanisms the server supports.', rfc: 'RFC 4467' },
  BADURL: { meaning: 'An IMAP URL in CATENATE could not be used.', rfc: 'RFC 4469 §4.2' },
  COMPRESSIONACTIVE: { meaning: 'Compression is already active on this connection.', rfc: 'RFC 4978' },
  NOTSAVED: { meaning: 'The SEARCH result could not be saved for later use with $.', rfc: 'RFC 5182' },
  BADCOMPARATOR: { meaning: 'The comparator (collation) named is not supported.', rfc: 'RFC 5255' },
  ANNOTATE: { meaning: 'An annotation could not be stored (TOOBIG or TOOMANY).', rfc: 'RFC 5257' },
  ANNOTATIONS: { meaning: 'About the annotations a mailbox supports (NONE, READ-ONLY or a size).', rfc: 'RFC 5257' },
  TEMPFAIL: { meaning: 'CONVERT failed for a temporary reason.', rfc: 'RFC 5259' },
  MAXCONVERTMESSAGES: { meaning: 'CONVERT was asked for more messages than the server converts at once.', rfc: 'RFC 5259' },
  MAXCONVERTPARTS: { meaning: 'CONVERT was asked for more body parts than the server converts at once.', rfc: 'RFC 5259' },
  NOUPDATE: { meaning: 'The server will not send updates for this search context.', rfc: 'RFC 5267' },
  NOTIFICATIONOVERFLOW: { meaning: 'Too many changes to report one by one: NOTIFY is off, resynchronise yourself.', rfc: 'RFC 5465' },
  BADEVENT: { meaning: 'NOTIFY named an event the server does not support.', rfc: 'RFC 5465' },
  'UNDEFINED-FILTER': { meaning: 'SEARCH FILTER named a filter that is not defined.', rfc: 'RFC 5466' },
  METADATA: { meaning: 'About mailbox metadata: too large, too many entries, or no private metadata here.', rfc: 'RFC 5464' },
  USEATTR: { meaning: 'CREATE ... USE named a special-use attribute the server will not set on that mailbox.', rfc: 'RFC 6154' },
  MAILBOXID: { meaning: 'The permanent id of the mailbox just created.', rfc: 'RFC 8474' },
  INPROGRESS: { meaning: 'A long command is still running; the numbers say how far it has got.', rfc: 'RFC 9585' },
  UIDREQUIRED: { meaning: 'After ENABLE UIDONLY, commands must use UIDs, not message numbers.', rfc: 'RFC 9586' },
});
