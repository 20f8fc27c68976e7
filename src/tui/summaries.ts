/**
 * One-line summaries for what the conversation pane folds away: the middle of a multi-line reply
 * (`[+] 6 more lines: PIPELINING, SIZE, ...`), IMAP untagged responses under their command, and
 * message content (`[+] message content: 14 lines, 512 octets, Subject: hello`).
 */
import type { ClientProtocol } from '../client/events.js';
import type { Entry } from './conversation.js';

/** The word that names a reply line: an EHLO keyword, an IMAP response name, a CAPA line's first word. */
export function lineName(text: string, protocol: ClientProtocol): string {
  if (protocol === 'smtp') return (/^\d{3}[- ]?(\S*)/.exec(text)?.[1] ?? text).slice(0, 24);
  if (protocol === 'imap') {
    const m = /^\* (?:\d+ )?([A-Za-z.-]+)(?: \[([A-Za-z.-]+))?/.exec(text);
    if (m) return m[2] ? `${m[1]!.toUpperCase()} [${m[2].toUpperCase()}]` : m[1]!.toUpperCase();
  }
  return (text.split(' ')[0] ?? '').slice(0, 24);
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names.filter(Boolean))];
}

/** The fold row for hidden reply lines. */
export function foldSummary(hidden: readonly Entry[], protocol: ClientProtocol, expanded: boolean): string {
  const lines = hidden.filter((e) => e.kind === 'recv' || e.kind === 'send');
  const untagged = protocol === 'imap' && lines.length > 0 && lines.every((e) => e.kind === 'recv' && (e.raw.startsWith('* ') || e.content));
  const names = unique(lines.filter((e) => !e.content).map((e) => lineName(e.raw, protocol)));
  const what = untagged ? `${lines.length} untagged response line${lines.length === 1 ? '' : 's'}` : `${hidden.length} more line${hidden.length === 1 ? '' : 's'}`;
  const sign = expanded ? '[-]' : '[+]';
  const action = expanded ? 'Enter folds' : 'Enter shows them';
  return `${sign} ${what}${names.length ? `: ${names.join(', ')}` : ''} (${action})`;
}

/** The header value of `name` in message content lines, if any (first 200 lines). */
function header(lines: readonly Entry[], name: string): string | undefined {
  const prefix = `${name.toLowerCase()}:`;
  for (const e of lines.slice(0, 200)) {
    if (e.raw === '') return undefined;
    if (e.raw.toLowerCase().startsWith(prefix)) return e.text.slice(prefix.length).trim();
  }
  return undefined;
}

/** The row for a run of message content lines. */
export function contentSummary(run: readonly Entry[], open: boolean): string {
  const octets = run.reduce((n, e) => n + Buffer.byteLength(e.raw, 'utf8') + (e.eol ?? '\r\n').length, 0);
  const subject = header(run, 'Subject');
  const who = run[0]?.kind === 'send' ? 'message you are sending' : 'message content';
  const sign = open ? '[-]' : '[+]';
  const action = open ? 'Enter closes' : 'Enter opens';
  return `${sign} ${who}: ${run.length} line${run.length === 1 ? '' : 's'}, ${octets} octets${subject !== undefined ? `, Subject: ${subject}` : ''} (${action})`;
}
