/**
 * Enhanced mail system status codes (RFC 3463), as carried in SMTP replies by the
 * ENHANCEDSTATUSCODES extension (RFC 2034), and every entry of the IANA "Simple Mail Transfer
 * Protocol (SMTP) Enhanced Status Codes" registry (RFC 5248), up to X.7.30.
 *
 * RFC 3463 §2:
 *   status-code = class "." subject "." detail
 *   class = "2"/"4"/"5"
 *   subject = 1*3digit
 *   detail = 1*3digit
 * White space is not allowed inside a status code, and each numeric sub-code MUST be written
 * without leading zero digits.
 */

export type EnhancedClass = 2 | 4 | 5;

export type EnhancedCode = {
  readonly class: EnhancedClass;
  readonly subject: number;
  readonly detail: number;
  /** The code as written, e.g. `5.1.1`. */
  readonly text: string;
};

export type EnhancedCodeParse =
  | { readonly ok: true; readonly code: EnhancedCode }
  | { readonly ok: false; readonly reason: string };

export type EnhancedInfo = {
  readonly title: string;
  readonly meaning: string;
  readonly next: string;
  readonly rfc: string;
};

const SUB_CODE = /^(?:0|[1-9]\d{0,2})$/;

/** Parses and validates an enhanced status code against the RFC 3463 §2 ABNF. */
export function parseEnhancedCode(text: string): EnhancedCodeParse {
  const fields = text.split('.');
  if (fields.length !== 3) {
    return { ok: false, reason: 'an enhanced status code has three numbers separated by dots, like 5.1.1' };
  }
  const [cls, subject, detail] = fields as [string, string, string];
  if (cls !== '2' && cls !== '4' && cls !== '5') {
    return { ok: false, reason: `the class must be 2, 4 or 5, not "${cls}"` };
  }
  for (const [name, value] of [['subject', subject], ['detail', detail]] as const) {
    if (!/^\d+$/.test(value)) return { ok: false, reason: `the ${name} must be a number, not "${value}"` };
    if (value.length > 3) return { ok: false, reason: `the ${name} has at most three digits, not ${value.length}` };
    if (!SUB_CODE.test(value)) return { ok: false, reason: `the ${name} "${value}" has a leading zero, which is not allowed` };
  }
  return {
    ok: true,
    code: { class: Number(cls) as EnhancedClass, subject: Number(subject), detail: Number(detail), text },
  };
}

/** Class sub-codes (RFC 3463 §2). */
export const ENHANCED_CLASSES: Readonly<Record<EnhancedClass, EnhancedInfo>> = Object.freeze({
  2: {
    title: 'Success',
    meaning: 'The action was carried out; a detail may report a change made on the way.',
    next: 'Carry on.',
    rfc: 'RFC 3463 §2',
  },
  4: {
    title: 'Persistent transient failure',
    meaning: 'The message is valid, but a condition that may go away stopped it for now.',
    next: 'Try again later without changing anything; mail servers retry queued mail by themselves.',
    rfc: 'RFC 3463 §2',
  },
  5: {
    title: 'Permanent failure',
    meaning: 'Sending the same message again in the same form will fail again.',
    next: 'Change the message, the address or the credentials before sending again.',
    rfc: 'RFC 3463 §2',
  },
});

/** Subject sub-codes (RFC 3463 §2), with the RFC 3463 section that lists their details. */
export const ENHANCED_SUBJECTS: Readonly<Record<number, EnhancedInfo & { readonly detailsRfc: string }>> = Object.freeze({
  0: {
    title: 'Other or undefined status',
    meaning: 'No information about where the problem lies; only the class is known.',
    next: 'Read the reply text.',
    rfc: 'RFC 3463 §2',
    detailsRfc: 'RFC 3463 §3.1',
  },
  1: {
    title: 'Addressing status',
    meaning: 'About the sender or a recipient address: its syntax or whether it is valid.',
    next: 'Check the addresses; the sender can usually fix these and retry.',
    rfc: 'RFC 3463 §2',
    detailsRfc: 'RFC 3463 §3.2',
  },
  2: {
    title: 'Mailbox status',
    meaning: 'About the recipient\'s mailbox, which the recipient controls.',
    next: 'The recipient has to act (e.g. free space); you can only retry later or write another way.',
    rfc: 'RFC 3463 §2',
    detailsRfc: 'RFC 3463 §3.3',
  },
  3: {
    title: 'Mail system status',
    meaning: 'About the destination mail system, which its administrator controls.',
    next: 'Retry later or tell the receiving side\'s postmaster.',
    rfc: 'RFC 3463 §2',
    detailsRfc: 'RFC 3463 §3.4',
  },
  4: {
    title: 'Network and routing status',
    meaning: 'About the network, DNS or routing between the mail systems.',
    next: 'Check DNS and connectivity; these problems are often temporary.',
    rfc: 'RFC 3463 §2',
    detailsRfc: 'RFC 3463 §3.5',
  },
  5: {
    title: 'Mail delivery protocol status',
    meaning: 'About the SMTP exchange itself: commands, their order and their syntax.',
    next: 'Check the command you sent and the order of commands.',
    rfc: 'RFC 3463 §2',
    detailsRfc: 'RFC 3463 §3.6',
  },
  6: {
    title: 'Message content or media status',
    meaning: 'About the message content: media types, encodings and conversions.',
    next: 'Check the message format; both sides need a content type they support.',
    rfc: 'RFC 3463 §2',
    detailsRfc: 'RFC 3463 §3.7',
  },
  7: {
    title: 'Security or policy status',
    meaning: 'About security or policy: authentication, TLS, relaying permission, filtering.',
    next: 'Authenticate, start TLS, or check that you are allowed to send this.',
    rfc: 'RFC 3463 §2',
    detailsRfc: 'RFC 3463 §3.8',
  },
});

function entry(title: string, rfc: string, meaning: string, next: string): EnhancedInfo {
  return { title, meaning, next, rfc };
}

const S31 = 'RFC 3463 §3.1';
const S32 = 'RFC 3463 §3.2';
const S33 = 'RFC 3463 §3.3';
const S34 = 'RFC 3463 §3.4';
const S35 = 'RFC 3463 §3.5';
const S36 = 'RFC 3463 §3.6';
const S37 = 'RFC 3463 §3.7';
const S38 = 'RFC 3463 §3.8';

/**
 * Every subject.detail of the IANA registry, keyed `X.subject.detail` as the registry writes them.
 * Titles follow the registry's sample text; meaning and next are ours.
 */
export const ENHANCED_STATUS_CODES: Readonly<Record<string, EnhancedInfo>> = Object.freeze({
  'X.0.0': entry('Other undefined status', S31,
    'No detail: only the class (success, temporary or permanent failure) is known.',
    'Read the reply text and act on the class.'),

  'X.1.0': entry('Other address status', S32,
    'Something about an address in the message caused this; no finer detail is given.',
    'Check the sender and recipient addresses.'),
  'X.1.1': entry('Bad destination mailbox address', S32,
    'The recipient mailbox does not exist: the part left of the @ is unknown at that domain.',
    'Check the recipient address for typos; do not resend unchanged.'),
  'X.1.2': entry('Bad destination system address', S32,
    'The recipient\'s domain (right of the @) does not exist or cannot take mail.',
    'Check the domain part of the recipient address.'),
  'X.1.3': entry('Bad destination mailbox address syntax', S32,
    'The recipient address is not valid syntax.',
    'Write it as local-part@domain inside angle brackets: RCPT TO:<bob@example.org>.'),
  'X.1.4': entry('Destination mailbox address ambiguous', S32,
    'The address matches more than one mailbox on the destination system.',
    'Use a more precise address.'),
  'X.1.5': entry('Destination address valid', S32,
    'The recipient address is valid (a success detail, typically after RCPT).',
    'Nothing to fix; add more recipients or go on with DATA.'),
  'X.1.6': entry('Destination mailbox has moved, no forwarding address', S32,
    'The address used to be valid but takes no mail any more, and no new address is known.',
    'Find the recipient\'s new address another way.'),
  'X.1.7': entry('Bad sender\'s mailbox address syntax', S32,
    'The sender address (MAIL FROM) is not valid syntax.',
    'Fix it, e.g. MAIL FROM:<you@example.org>; the empty <> is only for bounces.'),
  'X.1.8': entry('Bad sender\'s system address', S32,
    'The sender\'s domain does not exist or cannot receive the replies (bounces).',
    'Use a sender address whose domain exists and accepts mail.'),
  'X.1.9': entry('Message relayed to non-compliant mailer', 'RFC 3886',
    'The address was valid, but the message went on to a system that does not speak this protocol.',
    'Nothing to fix; do not expect further delivery reports for it.'),
  'X.1.10': entry('Recipient address has null MX', 'RFC 7505; RFC 7504',
    'The recipient\'s domain publishes a null MX: it declares that it accepts no mail.',
    'This address cannot receive mail; reach the recipient another way.'),

  'X.2.0': entry('Other or undefined mailbox status', S33,
    'The mailbox exists, but something about it caused this.',
    'Read the reply text; the recipient\'s side has to act.'),
  'X.2.1': entry('Mailbox disabled, not accepting messages', S33,
    'The mailbox exists but does not accept messages (perhaps only for now).',
    'Try again later or reach the recipient another way.'),
  'X.2.2': entry('Mailbox full', S33,
    'The recipient\'s mailbox is over its quota.',
    'Try again later; the recipient has to delete mail first.'),
  'X.2.3': entry('Message length exceeds administrative limit', S33,
    'The message is bigger than this mailbox accepts.',
    'Send a smaller message, e.g. a link instead of a large attachment.'),
  'X.2.4': entry('Mailing list expansion problem', S33,
    'The address is a mailing list that could not be expanded.',
    'Tell the list owner; retry later if the failure is temporary.'),

  'X.3.0': entry('Other or undefined mail system status', S34,
    'The destination system normally takes mail, but something about it caused this.',
    'Read the reply text; the receiving side\'s administrator has to act.'),
  'X.3.1': entry('Mail system full', S34,
    'The receiving system has run out of storage.',
    'Try again later.'),
  'X.3.2': entry('System not accepting network messages', 'RFC 3463 §3.4; RFC 7504',
    'The host does not accept messages now (shutdown, load, maintenance) or at all.',
    'Try again later; if it is permanent, the domain needs another mail server.'),
  'X.3.3': entry('System not capable of selected features', S34,
    'The destination system does not support a feature this message asks for.',
    'Send without the feature, e.g. drop a parameter the server did not advertise.'),
  'X.3.4': entry('Message too big for system', S34,
    'The message is bigger than the server\'s per-message size limit.',
    'Compare with the SIZE value in the EHLO reply and send a smaller message.'),
  'X.3.5': entry('System incorrectly configured', S34,
    'The receiving system is configured in a way that keeps it from accepting this message.',
    'Nothing you can fix; tell the receiving side\'s postmaster.'),
  'X.3.6': entry('Requested priority was changed', 'RFC 6710',
    'The message was accepted, but not with the priority you asked for; the text gives the new one.',
    'Nothing to fix; note the priority named in the reply text.'),

  'X.4.0': entry('Other or undefined network or routing status', S35,
    'Something went wrong in the network or routing, with no finer detail.',
    'Try again later.'),
  'X.4.1': entry('No answer from host', S35,
    'A mail server on the way tried to connect onward and got no answer.',
    'Try again later; the next server may be down or busy.'),
  'X.4.2': entry('Bad connection', S35,
    'A connection was made but the transaction could not be finished (timeout or a poor connection).',
    'Try again; send commands promptly, an idle session times out.'),
  'X.4.3': entry('Directory server failure', S35,
    'A directory server needed for routing, usually DNS, was not available.',
    'Try again later.'),
  'X.4.4': entry('Unable to route', S35,
    'The mail system could not find where to send the message next (e.g. no MX or address in DNS).',
    'Check the domain\'s DNS records (MX, A, AAAA).'),
  'X.4.5': entry('Mail system congestion', S35,
    'The mail system is congested.',
    'Try again later.'),
  'X.4.6': entry('Routing loop detected', S35,
    'The message was forwarded too many times, round in a loop.',
    'Look for the loop in the forwarding rules and the Received: header fields.'),
  'X.4.7': entry('Delivery time expired', S35,
    'The message was too old: it waited too long in a queue, or its time to live ran out.',
    'Send it again if it still matters; look for the problem that held it up.'),

  'X.5.0': entry('Other or undefined protocol status', S36,
    'Something went wrong in the SMTP exchange itself.',
    'Read the reply text and check the command you sent.'),
  'X.5.1': entry('Invalid command', S36,
    'The command was out of sequence or is not supported.',
    'Send commands in order: EHLO, MAIL FROM, RCPT TO, DATA.'),
  'X.5.2': entry('Syntax error', S36,
    'The command could not be understood: wrong syntax or an unknown command.',
    'Check spelling and syntax; HELP lists the commands.'),
  'X.5.3': entry('Too many recipients', S36,
    'The message has more recipients than the server takes in one transaction.',
    'Send the remaining recipients in a second transaction.'),
  'X.5.4': entry('Invalid command arguments', S36,
    'The command is valid, but its arguments are out of range or not recognized.',
    'Check the arguments and parameters of the command.'),
  'X.5.5': entry('Wrong protocol version', S36,
    'The two sides could not agree on a protocol version.',
    'Check that you speak the protocol the server expects.'),
  'X.5.6': entry('Authentication exchange line is too long', 'RFC 4954 §6',
    'A base64 line you sent during AUTH is longer than the server accepts for this mechanism.',
    'Send a shorter response, or use another mechanism.'),

  'X.6.0': entry('Other or undefined media error', S37,
    'Something about the message content makes it undeliverable.',
    'Check the message format and content.'),
  'X.6.1': entry('Media not supported', S37,
    'The message\'s media type is not supported on the way to the recipient.',
    'Send the content in another format.'),
  'X.6.2': entry('Conversion required and prohibited', S37,
    'The content would have to be converted for delivery, but conversion is not allowed.',
    'Send a version that needs no conversion, e.g. 7-bit safe.'),
  'X.6.3': entry('Conversion required but not supported', S37,
    'The content must be converted (e.g. from 8-bit to 7-bit) and the relay cannot do it.',
    'Encode the body as quoted-printable or base64 and send again.'),
  'X.6.4': entry('Conversion with loss performed', S37,
    'The message was delivered, but a conversion on the way lost some of its data.',
    'Check the delivered copy; send in a format that converts cleanly.'),
  'X.6.5': entry('Conversion failed', S37,
    'A conversion the content needed did not succeed.',
    'Send the content in a simpler or different format.'),
  'X.6.6': entry('Message content not available', 'RFC 4468',
    'The content could not be fetched from the remote system named with BURL.',
    'Check the URL given to BURL, or send the content with DATA.'),
  'X.6.7': entry('Non-ASCII addresses not permitted for that sender/recipient', 'RFC 6531',
    'An address contains non-ASCII characters, which this sender, recipient or path does not allow.',
    'Use an ASCII address, or a server that offers SMTPUTF8 and add SMTPUTF8 to MAIL FROM.'),
  'X.6.8': entry('UTF-8 string reply is required, but not permitted by the SMTP client', 'RFC 6531',
    'The answer needs UTF-8 (e.g. a mailbox name for VRFY), but the client did not allow UTF-8 replies.',
    'Repeat the command with the SMTPUTF8 parameter if the server offers it.'),
  'X.6.9': entry('UTF-8 header message cannot be transferred to one or more recipients', 'RFC 6531',
    'The message has UTF-8 header fields that a recipient cannot take, so it is rejected.',
    'Send it with ASCII-only header fields, or along a path that supports SMTPUTF8.'),
  'X.6.10': entry('Duplicate of X.6.8 (deprecated)', 'RFC 6531',
    'Same as X.6.8: a UTF-8 reply was needed but not permitted; this code is deprecated.',
    'Read it as X.6.8.'),

  'X.7.0': entry('Other or undefined security status', S38,
    'A security or policy rule stopped the action, with no finer detail (also used for "authentication required").',
    'Authenticate or start TLS if you have not; otherwise read the reply text.'),
  'X.7.1': entry('Delivery not authorized, message refused', S38,
    'The sender is not allowed to send to this recipient (e.g. relaying denied, or filtered).',
    'Authenticate before relaying, or check that the recipient accepts mail from you.'),
  'X.7.2': entry('Mailing list expansion prohibited', S38,
    'The sender may not send to this mailing list.',
    'Ask the list owner for permission.'),
  'X.7.3': entry('Security conversion required but not possible', S38,
    'Delivery needed a conversion between secure messaging formats that was not possible.',
    'Send in a security format the recipient supports.'),
  'X.7.4': entry('Security features not supported', S38,
    'The message uses security features that the delivery path cannot support.',
    'Send without the feature, or along a path that supports it.'),
  'X.7.5': entry('Cryptographic failure', S38,
    'A system could not validate or decrypt the message: a key was missing or invalid.',
    'Check the keys and certificates on both sides.'),
  'X.7.6': entry('Cryptographic algorithm not supported', S38,
    'The algorithm needed to validate or decrypt the message is not supported.',
    'Use an algorithm the recipient supports.'),
  'X.7.7': entry('Message integrity failure', S38,
    'The message was corrupted or altered on the way and failed validation.',
    'Send it again; look for something that modifies messages in transit.'),
  'X.7.8': entry('Authentication credentials invalid', 'RFC 4954 §6',
    'AUTH failed: the user name or the password is wrong.',
    'Check the credentials and their base64 encoding, then try AUTH again.'),
  'X.7.9': entry('Authentication mechanism is too weak', 'RFC 4954 §6',
    'The chosen AUTH mechanism is weaker than the server allows for this user.',
    'Try AUTH again with a stronger mechanism from the EHLO list.'),
  'X.7.10': entry('Encryption needed', 'RFC 5248',
    'This authentication mechanism needs an encrypted connection first.',
    'Send STARTTLS (or use the implicit-TLS port), then authenticate.'),
  'X.7.11': entry('Encryption required for requested authentication mechanism', 'RFC 4954 §6',
    'The mechanism may only be used over an encrypted connection.',
    'Send STARTTLS, then EHLO and AUTH again.'),
  'X.7.12': entry('A password transition is needed', 'RFC 4954 §6',
    'You have to log in once with PLAIN before this mechanism works for you.',
    'Authenticate once with AUTH PLAIN over TLS, then use the mechanism you wanted.'),
  'X.7.13': entry('User account disabled', 'RFC 5248',
    'The credentials were right, but the account is disabled.',
    'Contact the administrator; retrying will not help.'),
  'X.7.14': entry('Trust relationship required', 'RFC 5248',
    'The submission server needs a trust relationship with a third-party server to fetch the content.',
    'Ask the administrators to set it up, or send the content directly.'),
  'X.7.15': entry('Priority level is too low', 'RFC 6710',
    'The message\'s priority is below what the server accepts (possibly only for now).',
    'Try again later, or with a higher MT-PRIORITY.'),
  'X.7.16': entry('Message is too big for the specified priority', 'RFC 6710',
    'The message is too big for the priority you asked for.',
    'Send a smaller message or ask for another priority.'),
  'X.7.17': entry('Mailbox owner has changed', 'RFC 7293',
    'The recipient mailbox has changed owner since the date given with RRVS.',
    'Do not send; the person you meant no longer owns this address.'),
  'X.7.18': entry('Domain owner has changed', 'RFC 7293',
    'The recipient\'s domain has changed owner since the date given with RRVS.',
    'Do not send; check the address with the recipient.'),
  'X.7.19': entry('RRVS test cannot be completed', 'RFC 7293',
    'The server cannot check the RRVS date because it did not record when the mailbox got its owner.',
    'Decide whether to send again without RRVS.'),
  'X.7.20': entry('No passing DKIM signature found', 'RFC 7372',
    'The message had no DKIM signature that verified.',
    'Sign the message with DKIM and make sure the signature verifies.'),
  'X.7.21': entry('No acceptable DKIM signature found', 'RFC 7372',
    'Some DKIM signatures verified, but none is acceptable to the receiver.',
    'Sign with a domain the receiver accepts, usually the From: domain.'),
  'X.7.22': entry('No valid author-matched DKIM signature found', 'RFC 7372',
    'No verified DKIM signature matches the author\'s (From:) domain.',
    'Sign with the domain used in the From: header field.'),
  'X.7.23': entry('SPF validation failed', 'RFC 7372; RFC 7208',
    'The sending host is not allowed by the SPF record of the sender\'s domain.',
    'Send through a server the SPF record lists, or fix the record.'),
  'X.7.24': entry('SPF validation error', 'RFC 7372; RFC 7208',
    'Checking SPF for the sender\'s domain produced an error (a broken record or a DNS failure).',
    'Check the SPF record of the sender\'s domain.'),
  'X.7.25': entry('Reverse DNS validation failed', 'RFC 7372',
    'The client\'s IP address failed the server\'s reverse DNS check.',
    'Give the sending address a PTR record that matches its host name.'),
  'X.7.26': entry('Multiple authentication checks failed', 'RFC 7372',
    'The message failed more than one authentication check (e.g. SPF and DKIM).',
    'Fix SPF, DKIM and DMARC for the sending domain.'),
  'X.7.27': entry('Sender address has null MX', 'RFC 7505',
    'The sender\'s domain publishes a null MX, so a bounce could never be delivered.',
    'Use a sender address whose domain accepts mail.'),
  'X.7.28': entry('Mail flood detected', 'IANA SMTP Enhanced Status Codes registry; draft-levine-mailbomb-header',
    'The message looks like part of a flood of similar abusive messages.',
    'Slow down, and look for a compromised account or a runaway script.'),
  'X.7.29': entry('ARC validation failure', 'RFC 8617',
    'The message\'s ARC (Authenticated Received Chain) header fields did not validate.',
    'Check the ARC signing of the systems that forwarded it.'),
  'X.7.30': entry('REQUIRETLS support required', 'RFC 8689',
    'The message demands TLS on every hop (REQUIRETLS), and the next hop cannot promise it.',
    'Send without REQUIRETLS, or to a destination that supports it.'),
});

/** The registry key for a code: `5.1.1` → `X.1.1`. */
export function enhancedKey(code: Pick<EnhancedCode, 'subject' | 'detail'>): string {
  return `X.${code.subject}.${code.detail}`;
}

/** The registry entry for a code, given parsed or as text (`5.1.1`, `X.1.1`). */
export function lookupEnhancedCode(code: EnhancedCode | string): EnhancedInfo | undefined {
  if (typeof code !== 'string') return ENHANCED_STATUS_CODES[enhancedKey(code)];
  if (/^X\.\d+\.\d+$/i.test(code)) return ENHANCED_STATUS_CODES[`X${code.slice(1)}`];
  const parsed = parseEnhancedCode(code);
  return parsed.ok ? ENHANCED_STATUS_CODES[enhancedKey(parsed.code)] : undefined;
}
