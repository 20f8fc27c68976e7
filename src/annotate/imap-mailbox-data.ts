/**
 * Untagged mailbox data in words: LIST/LSUB, STATUS, NAMESPACE, ID and ENABLED.
 *
 * RFC 3501 §9 / RFC 2342 §6 / RFC 2971 §4 / RFC 5161 §4:
 *   mailbox-list   = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox
 *   status-att-list = status-att SP number *(SP status-att SP number)
 *   Namespace-Response = "*" SP "NAMESPACE" SP Namespace SP Namespace SP Namespace
 *   Namespace      = nil / "(" 1*( "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil) ")" ) ")"
 *   id-response    = "ID" SP id-params-list
 *   enable-data    = "ENABLED" *(SP capability)
 */
import { tryDecodeMailboxName } from '../protocols/imap/mutf7.js';
import { MAILBOX_ATTRIBUTES } from './imap-flags.js';
import { itemsOf, readValues, textOf, type ImapToken } from './imap-reader.js';
import { cite, count, note, quoted } from './note.js';

/** A wire mailbox name as people read it (modified UTF-7 decoded, RFC 3501 §5.1.3). */
export function mailboxName(wire: string): string {
  return tryDecodeMailboxName(wire) ?? wire;
}

export function listNote(kind: string, rest: string): string {
  const [attrs, delim, name] = readValues(rest);
  const box = textOf(name);
  const delimiter = textOf(delim);
  const flags = itemsOf(attrs).map(textOf).filter((f): f is string => f !== undefined);
  const rfc = kind === 'LSUB' ? 'RFC 3501 §7.2.3' : 'RFC 3501 §7.2.2';
  if (box === '' && flags.some((f) => f.toUpperCase() === '\\NOSELECT')) {
    return note(`The hierarchy delimiter is ${delimiter === undefined ? 'none (a flat namespace)' : quoted(delimiter)}: the answer to LIST "" ""`, rfc);
  }
  const words = flags.map((f) => {
    const info = MAILBOX_ATTRIBUTES[f.toUpperCase()];
    return info ? `${f} ${info.words}` : `${f} (an attribute this tool does not know)`;
  });
  const rfcs = flags.map((f) => MAILBOX_ATTRIBUTES[f.toUpperCase()]?.rfc);
  const what = kind === 'LSUB' ? 'Subscribed mailbox' : 'Mailbox';
  const sep = delimiter === undefined ? 'no hierarchy' : `levels separated by ${quoted(delimiter)}`;
  const attrText = words.length > 0 ? `: ${words.join('; ')}` : '';
  return note(`${what} ${quoted(mailboxName(box ?? '?'))} (${sep})${attrText}`, cite(rfc, ...rfcs));
}

const STATUS_WORDS: Readonly<Record<string, (n: number) => string>> = {
  MESSAGES: (n) => count(n, 'message'),
  RECENT: (n) => `${n} recent`,
  UNSEEN: (n) => `${n} unseen`,
  UIDNEXT: (n) => `next UID ${n}`,
  UIDVALIDITY: (n) => `UIDVALIDITY ${n}`,
  SIZE: (n) => `${count(n, 'octet')} in all`,
  DELETED: (n) => `${n} marked \\Deleted`,
  HIGHESTMODSEQ: (n) => `highest mod-sequence ${n}`,
  APPENDLIMIT: (n) => `APPEND limit ${count(n, 'octet')}`,
};

export function statusNote(rest: string): string {
  const [name, list] = readValues(rest);
  const items = itemsOf(list);
  const parts: string[] = [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = textOf(items[i])?.toUpperCase() ?? '';
    const value = items[i + 1];
    const words = STATUS_WORDS[key];
    if (value?.type === 'number' && words) parts.push(words(value.value));
    else parts.push(`${key} ${textOf(value) ?? ''}`.trim());
  }
  return note(`${quoted(mailboxName(textOf(name) ?? '?'))}: ${parts.join(', ') || 'no counts'} (without selecting it)`, 'RFC 3501 §7.2.4');
}

function namespaces(token: ImapToken | undefined, what: string): string {
  if (!token || token.type === 'nil') return `no ${what} namespace`;
  const entries = itemsOf(token).map((ns) => {
    const [prefix, delim] = itemsOf(ns).map(textOf);
    return `prefix ${quoted(prefix ?? '')}${delim === undefined ? '' : ` delimiter ${quoted(delim)}`}`;
  });
  return `${what}: ${entries.join(' and ')}`;
}

export function namespaceNote(rest: string): string {
  const [personal, others, shared] = readValues(rest);
  const text = [namespaces(personal, 'personal'), namespaces(others, "other users'"), namespaces(shared, 'shared')].join('; ');
  return note(`Namespaces: ${text}`, 'RFC 2342 §5');
}

export function idNote(rest: string): string {
  const [params] = readValues(rest);
  const items = itemsOf(params);
  if (items.length === 0) return note('The server gives no identification (ID NIL)', 'RFC 2971 §3.2');
  const pairs: string[] = [];
  for (let i = 0; i + 1 < items.length && pairs.length < 4; i += 2) {
    pairs.push(`${textOf(items[i]) ?? '?'} ${quoted(textOf(items[i + 1]) ?? 'NIL', 40)}`);
  }
  return note(`The server identifies itself: ${pairs.join(', ')}`, 'RFC 2971 §3.2');
}

export function enabledNote(rest: string): string {
  const caps = rest.trim().split(/\s+/).filter(Boolean);
  if (caps.length === 0) return note('ENABLED lists nothing: none of the extensions you named were switched on', 'RFC 5161 §3.2');
  return note(`Now switched on: ${caps.join(', ')}; the server talks accordingly from here on`, 'RFC 5161 §3.2');
}
