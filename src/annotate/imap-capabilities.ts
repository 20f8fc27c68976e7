/**
 * IMAP capabilities, as listed by `* CAPABILITY` and the `[CAPABILITY ...]` response code
 * (RFC 3501 §7.2.1): what each lets a client do. Names with "=" are looked up by their prefix
 * (`AUTH=PLAIN` under `AUTH=`). The IANA "IMAP Capabilities" registry has the full list.
 */

export type ImapCapabilityInfo = { readonly meaning: string; readonly rfc: string };

export const IMAP_CAPABILITIES: Readonly<Record<string, ImapCapabilityInfo>> = Object.freeze({
  IMAP4REV1: { meaning: 'The server speaks IMAP4rev1, the IMAP of RFC 3501.', rfc: 'RFC 3501 §6.1.1' },
  IMAP4REV2: { meaning: 'The server speaks IMAP4rev2, the current IMAP (ENABLE IMAP4rev2 to use it).', rfc: 'RFC 9051 §6.1.1' },
  STARTTLS: { meaning: 'The connection can be upgraded to TLS: send STARTTLS before logging in.', rfc: 'RFC 3501 §6.2.1' },
  LOGINDISABLED: { meaning: 'LOGIN is refused on this connection (no TLS yet): STARTTLS first.', rfc: 'RFC 3501 §6.2.3' },
  'AUTH=': { meaning: 'AUTHENTICATE accepts this SASL mechanism.', rfc: 'RFC 3501 §6.2.2' },
  'SASL-IR': { meaning: 'AUTHENTICATE may carry the first response on the same line (AUTHENTICATE PLAIN <base64>).', rfc: 'RFC 4959' },
  'LITERAL+': { meaning: 'Non-synchronizing literals {n+}: send literal data without waiting for "+".', rfc: 'RFC 7888' },
  'LITERAL-': { meaning: 'Non-synchronizing literals {n+} up to 4096 octets; bigger ones wait for "+".', rfc: 'RFC 7888' },
  ID: { meaning: 'ID tells the server which client you are and asks which server it is.', rfc: 'RFC 2971 §3' },
  ENABLE: { meaning: 'ENABLE switches on extensions that change how the server talks (CONDSTORE, UTF8=ACCEPT ...).', rfc: 'RFC 5161 §3.1' },
  IDLE: { meaning: 'IDLE: the server pushes new mail and changes as they happen; DONE ends it.', rfc: 'RFC 2177 §3' },
  NAMESPACE: { meaning: 'NAMESPACE tells the prefixes of personal, other users\' and shared mailboxes.', rfc: 'RFC 2342 §5' },
  UIDPLUS: { meaning: 'APPEND and COPY report the new UIDs (APPENDUID, COPYUID); UID EXPUNGE works.', rfc: 'RFC 4315' },
  MOVE: { meaning: 'MOVE and UID MOVE move messages in one step.', rfc: 'RFC 6851 §3' },
  UNSELECT: { meaning: 'UNSELECT leaves a mailbox without expunging anything (CLOSE expunges).', rfc: 'RFC 3691 §2' },
  CHILDREN: { meaning: 'LIST marks mailboxes with \\HasChildren or \\HasNoChildren.', rfc: 'RFC 3348' },
  'SPECIAL-USE': { meaning: 'LIST marks special mailboxes: \\Sent, \\Drafts, \\Trash, \\Junk, \\Archive, \\All, \\Flagged.', rfc: 'RFC 6154 §2' },
  'CREATE-SPECIAL-USE': { meaning: 'CREATE can mark a new mailbox as \\Sent, \\Trash ... (USE ...).', rfc: 'RFC 6154 §3' },
  'APPENDLIMIT=': { meaning: 'The largest message APPEND accepts, in octets.', rfc: 'RFC 7889' },
  APPENDLIMIT: { meaning: 'Each mailbox has its own APPEND size limit (STATUS APPENDLIMIT).', rfc: 'RFC 7889' },
  CONDSTORE: { meaning: 'Modification sequences: fetch only what changed since last time, store only if unchanged.', rfc: 'RFC 7162' },
  QRESYNC: { meaning: 'Quick resynchronisation: SELECT reports what changed, including expunges, since your last visit.', rfc: 'RFC 7162' },
  QUOTA: { meaning: 'GETQUOTA and GETQUOTAROOT show storage limits and usage.', rfc: 'RFC 9208' },
  ACL: { meaning: 'Access control lists: share mailboxes with other users (GETACL, SETACL, MYRIGHTS).', rfc: 'RFC 4314' },
  SORT: { meaning: 'SORT returns messages in an order (date, subject, sender ...).', rfc: 'RFC 5256' },
  'THREAD=': { meaning: 'THREAD groups messages into conversations with this algorithm.', rfc: 'RFC 5256' },
  ESEARCH: { meaning: 'SEARCH RETURN (MIN MAX COUNT ALL): compact search results.', rfc: 'RFC 4731' },
  'COMPRESS=': { meaning: 'COMPRESS turns on compression of the connection.', rfc: 'RFC 4978' },
  'UTF8=ACCEPT': { meaning: 'After ENABLE UTF8=ACCEPT, mailbox names and headers may be UTF-8.', rfc: 'RFC 6855' },
  'UTF8=ONLY': { meaning: 'The server only works with UTF-8 enabled.', rfc: 'RFC 6855' },
  'LIST-EXTENDED': { meaning: 'LIST takes selection and return options (SUBSCRIBED, CHILDREN, SPECIAL-USE ...).', rfc: 'RFC 5258' },
  'LIST-STATUS': { meaning: 'LIST ... RETURN (STATUS (...)) gives counts for every listed mailbox.', rfc: 'RFC 5819' },
  BINARY: { meaning: 'BINARY[...] fetches a part decoded, and APPEND may carry binary data.', rfc: 'RFC 3516' },
  CATENATE: { meaning: 'APPEND can build a message from pieces of others.', rfc: 'RFC 4469' },
  MULTIAPPEND: { meaning: 'One APPEND can add several messages at once.', rfc: 'RFC 3502' },
  URLAUTH: { meaning: 'Authorized IMAP URLs, e.g. for sending a stored message with SMTP BURL.', rfc: 'RFC 4467' },
  METADATA: { meaning: 'Annotations on mailboxes and the server (GETMETADATA, SETMETADATA).', rfc: 'RFC 5464' },
  'METADATA-SERVER': { meaning: 'Annotations on the server only.', rfc: 'RFC 5464' },
  NOTIFY: { meaning: 'NOTIFY chooses which changes in which mailboxes the server pushes.', rfc: 'RFC 5465' },
  SEARCHRES: { meaning: 'SEARCH can save its result for use as $ in later commands.', rfc: 'RFC 5182' },
  WITHIN: { meaning: 'SEARCH YOUNGER and OLDER, in seconds.', rfc: 'RFC 5032' },
  ESORT: { meaning: 'SORT RETURN (...): compact sort results.', rfc: 'RFC 5267' },
  'CONTEXT=': { meaning: 'Search or sort results that the server keeps up to date.', rfc: 'RFC 5267' },
  'I18NLEVEL=': { meaning: 'Searching and sorting with language-aware comparisons.', rfc: 'RFC 5255' },
  LANGUAGE: { meaning: 'LANGUAGE picks the language of the server\'s texts.', rfc: 'RFC 5255' },
  OBJECTID: { meaning: 'Mailboxes and messages have permanent ids (MAILBOXID, EMAILID, THREADID).', rfc: 'RFC 8474' },
  SAVEDATE: { meaning: 'Fetch and search by the date a message was saved in this mailbox.', rfc: 'RFC 8514' },
  'STATUS=SIZE': { meaning: 'STATUS SIZE gives the total size of a mailbox.', rfc: 'RFC 8438' },
  PREVIEW: { meaning: 'FETCH PREVIEW gives a short text preview of a message.', rfc: 'RFC 8970' },
  UNAUTHENTICATE: { meaning: 'UNAUTHENTICATE logs out but keeps the connection, to log in as someone else.', rfc: 'RFC 8437' },
  REPLACE: { meaning: 'REPLACE swaps a message for a new version in one step.', rfc: 'RFC 8508' },
  UIDONLY: { meaning: 'After ENABLE UIDONLY, the server uses UIDs everywhere instead of message numbers.', rfc: 'RFC 9586' },
  XLIST: { meaning: 'A non-standard, older form of SPECIAL-USE (Gmail); use LIST instead.', rfc: 'RFC 6154' },
});

/** The entry for a capability: by its name, else by its `NAME=` prefix. */
export function lookupImapCapability(name: string): ImapCapabilityInfo | undefined {
  const upper = name.toUpperCase();
  const exact = IMAP_CAPABILITIES[upper];
  if (exact) return exact;
  const eq = upper.indexOf('=');
  return eq > 0 ? IMAP_CAPABILITIES[upper.slice(0, eq + 1)] : undefined;
}

/** `AUTH=PLAIN: AUTHENTICATE accepts this SASL mechanism.` with the value made explicit. */
export function describeImapCapability(name: string): { readonly text: string; readonly rfc: string } {
  const info = lookupImapCapability(name);
  if (!info) {
    const privately = /^X/i.test(name) ? ' Capabilities starting with X are private to one kind of server.' : '';
    return { text: `${name}: a capability this tool does not know.${privately}`, rfc: 'RFC 3501 §7.2.1' };
  }
  const eq = name.indexOf('=');
  const value = eq > 0 && !IMAP_CAPABILITIES[name.toUpperCase()] ? name.slice(eq + 1) : undefined;
  return { text: `${name}: ${info.meaning}${value ? ` Here: ${value}.` : ''}`, rfc: info.rfc };
}
