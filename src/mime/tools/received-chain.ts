/**
 * The Received trail (RFC 5321 §4.4): every SMTP server that relays a message
 * adds a Received: field at the top, so read from the bottom up the fields
 * are the hops the message took, oldest first.
 *
 *   Stamp        = From-domain By-domain Opt-info [CFWS] ";" FWS date-time
 *   From-domain  = "FROM" FWS Extended-Domain
 *   By-domain    = CFWS "BY" FWS Extended-Domain
 *   Opt-info     = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
 *   With         = CFWS "WITH" FWS Protocol
 *   ID           = CFWS "ID" FWS ( Atom / msg-id )
 *   For          = CFWS "FOR" FWS ( Path / Mailbox )
 */

import type { HeaderField } from '../headers.js';
import { bytesToText } from './encodings/encoded-words.js';
import { formatDuration, parseRfc5322Date } from './rfc5322-date.js';

/**
 * Hops analysed at most. RFC 5321 §6.3: a server should treat a message with
 * 100 or more Received fields as looping.
 */
export const MAX_RECEIVED_HOPS = 100;
/** A hop may be this much earlier than the one before it before we call it clock skew (clocks are rarely exact). */
export const CLOCK_SKEW_TOLERANCE_MS = 1000;

/** The WITH protocol names (IANA "Mail Transmission Types" registry). */
export const WITH_PROTOCOLS: Readonly<Record<string, { readonly meaning: string; readonly rfc: string }>> = {
  SMTP: { meaning: 'plain SMTP (HELO)', rfc: 'RFC 5321 §4.4' },
  ESMTP: { meaning: 'SMTP with service extensions (EHLO)', rfc: 'RFC 5321 §4.4' },
  ESMTPA: { meaning: 'ESMTP, the client logged in with AUTH', rfc: 'RFC 3848 §2' },
  ESMTPS: { meaning: 'ESMTP over TLS (STARTTLS or implicit TLS)', rfc: 'RFC 3848 §2' },
  ESMTPSA: { meaning: 'ESMTP over TLS, the client logged in with AUTH', rfc: 'RFC 3848 §2' },
  LMTP: { meaning: 'local delivery with LMTP', rfc: 'RFC 2033 §4' },
  LMTPA: { meaning: 'LMTP with AUTH', rfc: 'RFC 3848 §2' },
  LMTPS: { meaning: 'LMTP over TLS', rfc: 'RFC 3848 §2' },
  LMTPSA: { meaning: 'LMTP over TLS with AUTH', rfc: 'RFC 3848 §2' },
  UTF8SMTP: { meaning: 'ESMTP with SMTPUTF8 (internationalized addresses)', rfc: 'RFC 6531 §3.7.3' },
  UTF8SMTPA: { meaning: 'SMTPUTF8 with AUTH', rfc: 'RFC 6531 §3.7.3' },
  UTF8SMTPS: { meaning: 'SMTPUTF8 over TLS', rfc: 'RFC 6531 §3.7.3' },
  UTF8SMTPSA: { meaning: 'SMTPUTF8 over TLS with AUTH', rfc: 'RFC 6531 §3.7.3' },
};

/** What a WITH name outside the registry means (Gmail's "SMTPS", Exchange's "Microsoft SMTP Server"). */
export const UNREGISTERED_WITH = "not a registered protocol name (IANA Mail Transmission Types): this server's own word";

export type Hop = {
  /** 1 for the oldest hop (the bottom-most Received field). */
  readonly number: number;
  readonly from?: string;
  /** The comment after the from-domain: what the receiving server saw (reverse DNS name, IP address, HELO). */
  readonly fromInfo?: string;
  readonly by?: string;
  readonly byInfo?: string;
  readonly via?: string;
  readonly with?: string;
  readonly withMeaning?: string;
  readonly id?: string;
  readonly for?: string;
  readonly date?: string;
  /** The date as milliseconds since the epoch, when it parses. */
  readonly time?: number;
  /** Time since the previous hop (or since the Date field, for hop 1). */
  readonly delayMs?: number;
  readonly delay?: string;
  /** This hop's time is before the previous one's. */
  readonly clockSkew?: boolean;
  /** The field value, unfolded. */
  readonly raw: string;
};

type Token = { kind: 'word' | 'comment'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      tokens.push({ kind: 'comment', text: text.slice(i + 1, j) });
      i = j + 1;
    } else {
      const m = /^(<[^>]*>?|[^\s(]+)/.exec(text.slice(i))!;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

const CLAUSES = new Set(['from', 'by', 'via', 'with', 'id', 'for']);

type Clauses = Record<string, { value?: string; info: string[] }>;

/** Reads one Received field value into its clauses and date. */
export function parseReceived(value: string): Omit<Hop, 'number'> {
  const raw = bytesToText(value).replace(/\r?\n/g, '');
  const semi = raw.lastIndexOf(';');
  const clausePart = semi < 0 ? raw : raw.slice(0, semi);
  const datePart = semi < 0 ? undefined : raw.slice(semi + 1).trim();
  const clauses: Clauses = {};
  let current: string | undefined;
  for (const t of tokenize(clausePart)) {
    const key = t.text.toLowerCase();
    if (t.kind === 'word' && CLAUSES.has(key) && clauses[key] === undefined) {
      current = key;
      clauses[key] = { info: [] };
    } else if (current !== undefined) {
      const c = clauses[current]!;
      if (t.kind === 'word' && c.value === undefined) c.value = t.text;
      else c.info.push(t.text);
    }
  }
  const v = (k: string) => clauses[k]?.value;
  const info = (k: string) => (clauses[k]?.info.length ? clauses[k]!.info.join(' ') : undefined);
  const withName = v('with');
  const meaning = withName === undefined ? undefined : (WITH_PROTOCOLS[withName.toUpperCase()]?.meaning ?? UNREGISTERED_WITH);
  const parsed = datePart === undefined ? null : parseRfc5322Date(datePart);
  const hop: Record<string, unknown> = {
    from: v('from'),
    fromInfo: info('from'),
    by: v('by'),
    byInfo: info('by'),
    via: v('via'),
    with: withName,
    withMeaning: meaning,
    id: v('id'),
    for: v('for'),
    date: datePart,
    time: parsed?.time,
    raw,
  };
  for (const k of Object.keys(hop)) if (hop[k] === undefined || hop[k] === '') delete hop[k];
  return hop as Omit<Hop, 'number'>;
}

export type ReceivedChain = {
  readonly hops: readonly Hop[];
  /** Received fields beyond MAX_RECEIVED_HOPS that were not analysed. */
  readonly skipped: number;
};

/**
 * The hops of a message, oldest first, with the delay between consecutive
 * hops. `date` is the message's Date field, the start of the first delay.
 */
export function receivedChain(fields: readonly HeaderField[], date?: string): ReceivedChain {
  const received = fields.filter((f) => f.name.toLowerCase() === 'received');
  // the newest hops are at the top; keep the oldest MAX_RECEIVED_HOPS
  const kept = received.slice(-MAX_RECEIVED_HOPS).reverse();
  let previous = date === undefined ? undefined : parseRfc5322Date(bytesToText(date))?.time;
  const hops = kept.map((field, i) => {
    const hop: Hop = { number: i + 1, ...parseReceived(field.value) };
    if (hop.time === undefined) return hop;
    const out: Hop =
      previous === undefined
        ? hop
        : {
            ...hop,
            delayMs: hop.time - previous,
            delay: formatDuration(hop.time - previous),
            ...(hop.time - previous < -CLOCK_SKEW_TOLERANCE_MS ? { clockSkew: true } : {}),
          };
    previous = hop.time;
    return out;
  });
  return { hops, skipped: received.length - kept.length };
}
