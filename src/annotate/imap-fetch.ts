/**
 * `* n FETCH (...)` in words: one line for the simple items (UID, FLAGS, size, date), one for the
 * ENVELOPE, a tree for BODYSTRUCTURE, and a line per body section saying how its data comes.
 *
 * RFC 3501 §7.4.2, §9:
 *   message-data = nz-number SP "FETCH" SP msg-att
 *   msg-att      = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
 */
import { bodyTree } from './bodystructure-tree.js';
import { summarizeEnvelope } from './envelope-summary.js';
import { describeFlags } from './imap-flags.js';
import { ResponseReader, itemsOf, textOf, type ImapToken } from './imap-reader.js';
import { continuation, count, note, quoted } from './note.js';

const RFC = 'RFC 3501 §7.4.2';

/** What the FETCH lines answer changes the lead: STORE reports new flags, NOOP/IDLE changes. */
function lead(n: number, verb: string | undefined): string {
  if (verb === 'STORE' || verb === 'UID STORE') return `Message ${n} now has`;
  if (verb === undefined || verb === 'FETCH' || verb === 'UID FETCH') return `Message ${n}:`;
  return `Message ${n} changed:`;
}

export function fetchNotes(n: number, rest: string, verb: string | undefined): string[] {
  const reader = new ResponseReader(rest);
  const list = reader.read();
  const items = itemsOf(list);
  const simple: string[] = [];
  const more: string[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const key = textOf(items[i])?.toUpperCase() ?? '';
    const value = items[i + 1];
    item(`Message ${n}`, key, textOf(items[i]) ?? key, value, simple, more);
  }
  // A literal says for itself that data follows; without one, an open list is a cut line.
  if (list?.type === 'list' && list.open && !reader.literal) simple.push('the line ends before its closing ")"');
  const head = simple.length > 0 ? [note(`${lead(n, verb)} ${simple.join(', ')}`, RFC)] : [];
  return [...head, ...more];
}

/**
 * The line after a literal in a FETCH response: the same message's remaining items (` FLAGS
 * (\Seen))`), another literal (` BODY[TEXT] {45}`), or the closing `)` alone.
 */
export function fetchAfterLiteralNotes(rest: string): string[] {
  if (rest.trim() === ')') return [note('The end of this FETCH response: the ")" after the literal closes its list', RFC)];
  const reader = new ResponseReader(`(${rest}`);
  const items = itemsOf(reader.read());
  const simple: string[] = [];
  const more: string[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const key = textOf(items[i])?.toUpperCase() ?? '';
    item('The same message', key, textOf(items[i]) ?? key, items[i + 1], simple, more);
  }
  const head = note(`After the literal the FETCH response goes on${simple.length > 0 ? `: ${simple.join(', ')}` : ''}`, RFC);
  return [head, ...more];
}

function item(who: string, key: string, raw: string, value: ImapToken | undefined, simple: string[], more: string[]): void {
  switch (key) {
    case 'UID':
      simple.push(`UID ${textOf(value) ?? '?'}`);
      return;
    case 'FLAGS': {
      const flags = itemsOf(value).map(textOf).filter((f): f is string => f !== undefined);
      simple.push(flags.length === 0 ? 'no flags (unread)' : `flags ${describeFlags(flags)}`);
      return;
    }
    case 'RFC822.SIZE':
      simple.push(count(textOf(value) ?? '?', 'octet'));
      return;
    case 'INTERNALDATE':
      simple.push(`arrived ${textOf(value) ?? '?'}`);
      return;
    case 'MODSEQ':
      simple.push(`mod-sequence ${textOf(itemsOf(value)[0]) ?? '?'}`);
      return;
    case 'ENVELOPE': {
      const summary = summarizeEnvelope(value);
      more.push(note(`${who} envelope: ${summary ?? 'continues after a literal on the next lines'}`, RFC));
      return;
    }
    case 'BODYSTRUCTURE':
    case 'BODY':
      if (value?.type === 'list') {
        more.push(...treeNotes(who, key, value));
        return;
      }
      break;
    default:
      break;
  }
  if (value === undefined) return;
  // BODY[section]<origin>, BINARY[...], RFC822, RFC822.HEADER, RFC822.TEXT: data as a literal, a string or NIL.
  if (value.type === 'literal') {
    more.push(note(`${who} ${raw}: ${count(value.size, 'octet')} follow as a literal on the next lines`, 'RFC 3501 §4.3, §7.4.2'));
  } else if (value.type === 'nil') {
    more.push(note(`${who} ${raw}: NIL, there is no such data`, RFC));
  } else if (value.type === 'string') {
    more.push(note(`${who} ${raw}: ${value.value === '' ? 'empty' : quoted(value.value, 60)}`, RFC));
  } else {
    simple.push(`${raw} ${textOf(value) ?? '(...)'}`);
  }
}

/** The BODYSTRUCTURE tree: a cited head line, then one indented line per part. */
function treeNotes(who: string, key: string, value: ImapToken): string[] {
  const tree = bodyTree(value);
  const cut = tree.complete ? '' : ' (cut short by a literal: the rest is on the next lines)';
  return [
    note(`${who} ${key}: ${tree.root}${cut}`, 'RFC 3501 §6.4.5, §7.4.2'),
    ...tree.lines.map((l) => continuation(l.text, l.depth)),
  ];
}
