/**
 * EHLO keywords: each line of a 250 reply to EHLO after the first names one extension the server
 * offers (RFC 5321 §4.1.1.1). The annotator explains the common ones.
 */

export type EhloKeywordInfo = {
  readonly meaning: string;
  readonly next: string;
  readonly rfc: string;
  /** Explains the keyword's parameters (`SIZE 10485760`, `AUTH PLAIN LOGIN`). */
  readonly params?: (params: readonly string[]) => string | undefined;
};

function describeSize(params: readonly string[]): string | undefined {
  const [size] = params;
  if (size === undefined || !/^\d+$/.test(size)) return undefined;
  const octets = Number(size);
  if (octets === 0) return 'This server declares no fixed maximum.';
  const mib = octets / (1024 * 1024);
  const approx = mib >= 1 ? ` (about ${Number(mib.toFixed(1))} MiB)` : '';
  return `The limit here is ${octets} octets${approx}.`;
}

function describeList(what: string) {
  return (params: readonly string[]): string | undefined =>
    params.length > 0 ? `${what}: ${params.join(', ')}.` : undefined;
}

export const EHLO_KEYWORDS: Readonly<Record<string, EhloKeywordInfo>> = Object.freeze({
  PIPELINING: {
    meaning: 'The client may send several commands in a row without waiting for each reply.',
    next: 'You may batch MAIL FROM and RCPT TO lines; still wait for the 354 before sending the message.',
    rfc: 'RFC 2920',
  },
  SIZE: {
    meaning: 'The server announces the largest message it accepts, in octets.',
    next: 'Add SIZE=<octets> to MAIL FROM so an oversized message is refused before you send it.',
    rfc: 'RFC 1870',
    params: describeSize,
  },
  '8BITMIME': {
    meaning: 'The server accepts message bodies with 8-bit characters.',
    next: 'Send 8-bit bodies with MAIL FROM:<address> BODY=8BITMIME.',
    rfc: 'RFC 6152',
  },
  BINARYMIME: {
    meaning: 'The server accepts binary message bodies, sent with BDAT.',
    next: 'Use MAIL FROM:<address> BODY=BINARYMIME and send the body with BDAT.',
    rfc: 'RFC 3030',
  },
  CHUNKING: {
    meaning: 'The server accepts BDAT: the message in chunks of exact sizes instead of DATA.',
    next: 'Send BDAT <size> followed by exactly that many octets; mark the final chunk with LAST.',
    rfc: 'RFC 3030',
  },
  DSN: {
    meaning: 'You can ask for delivery status notifications (success, failure, delay reports).',
    next: 'Add NOTIFY= to RCPT TO and RET= or ENVID= to MAIL FROM.',
    rfc: 'RFC 3461',
  },
  ENHANCEDSTATUSCODES: {
    meaning: 'Replies carry an enhanced status code such as 2.1.0 after the reply code.',
    next: 'Read the enhanced code too: it says more precisely what happened.',
    rfc: 'RFC 2034',
  },
  STARTTLS: {
    meaning: 'The connection can be upgraded to TLS.',
    next: 'Send STARTTLS, do the TLS handshake, then send EHLO again.',
    rfc: 'RFC 3207',
  },
  AUTH: {
    meaning: 'The server accepts AUTH with the SASL mechanisms listed.',
    next: 'Log in with AUTH <mechanism>, over TLS only.',
    rfc: 'RFC 4954',
    params: describeList('Mechanisms offered'),
  },
  SMTPUTF8: {
    meaning: 'The server accepts UTF-8 in addresses and header fields.',
    next: 'Add SMTPUTF8 to MAIL FROM when the message needs it.',
    rfc: 'RFC 6531',
  },
  REQUIRETLS: {
    meaning: 'A message can demand TLS on every hop to its destination.',
    next: 'Add REQUIRETLS to MAIL FROM (over TLS) for such a message.',
    rfc: 'RFC 8689',
  },
  DELIVERBY: {
    meaning: 'A message can carry a deadline for its delivery.',
    next: 'Add BY=<seconds>;R or ;N to MAIL FROM.',
    rfc: 'RFC 2852',
  },
  'MT-PRIORITY': {
    meaning: 'A message can carry a transfer priority.',
    next: 'Add MT-PRIORITY=<-9..9> to MAIL FROM.',
    rfc: 'RFC 6710',
  },
  ETRN: {
    meaning: 'A client can ask the server to start delivering the mail it queues for a domain.',
    next: 'Send ETRN <domain> when you are ready to receive that mail.',
    rfc: 'RFC 1985',
  },
  BURL: {
    meaning: 'The message can be fetched by the server from an IMAP URL instead of being sent.',
    next: 'Send BURL <imap-url> LAST in place of DATA.',
    rfc: 'RFC 4468',
  },
  FUTURERELEASE: {
    meaning: 'A message can be held by the server and released at a later time.',
    next: 'Add HOLDFOR= or HOLDUNTIL= to MAIL FROM.',
    rfc: 'RFC 4865',
  },
  RRVS: {
    meaning: 'A message can require that the recipient mailbox has had the same owner since a given time.',
    next: 'Add RRVS=<date-time> to RCPT TO.',
    rfc: 'RFC 7293',
  },
  LIMITS: {
    meaning: 'The server announces its limits, such as recipients per transaction (RCPTMAX).',
    next: 'Stay within the limits listed, e.g. split recipients across transactions.',
    rfc: 'RFC 9422',
    params: describeList('Limits'),
  },
  HELP: {
    meaning: 'The server answers HELP.',
    next: 'Send HELP or HELP <command>.',
    rfc: 'RFC 5321 §4.1.1.8',
  },
  VRFY: {
    meaning: 'The server answers VRFY.',
    next: 'Send VRFY <user> to ask whether a mailbox exists.',
    rfc: 'RFC 5321 §4.1.1.6',
  },
  EXPN: {
    meaning: 'The server answers EXPN.',
    next: 'Send EXPN <list> to ask for the members of a mailing list.',
    rfc: 'RFC 5321 §4.1.1.7',
  },
});
