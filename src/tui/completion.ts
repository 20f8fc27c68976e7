/**
 * Tab completion: command names from the catalogs (those allowed in the current state first),
 * their arguments (`FROM:<`, SASL mechanisms, FETCH items, STORE flags, SEARCH keys), IMAP mailbox
 * names seen in LIST responses, message numbers from EXISTS/STAT, meta-commands and file names
 * for `:send`/`:record`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionFacts } from '../annotate/context.js';
import { META_COMMANDS } from '../client/help.js';
import type { ClientProtocol } from '../client/events.js';
import { SASL_NAMES } from '../client/sasl-client.js';
import { FETCH_ATTRIBUTES } from '../protocols/imap/fetch-items.js';
import { SEARCH_KEY_NAMES } from '../protocols/imap/search-keys.js';
import { commandsOf, readTyped } from './catalog.js';

export type CompletionContext = {
  readonly protocol: ClientProtocol;
  readonly facts?: SessionFacts;
  readonly mailboxes: Iterable<string>;
  readonly messages?: number;
  /** Addresses worth offering after FROM:< and TO:< (the sandbox's users, ones typed before). */
  readonly addresses: readonly string[];
  /** User names worth offering after USER / LOGIN. */
  readonly users: readonly string[];
  /** Directory for file names (`:send FILE`); default the working directory. */
  readonly cwd?: string;
};

export type Completion = {
  /** Where the completed word starts in the text. */
  readonly start: number;
  /** Full replacements for the word, best first. */
  readonly candidates: readonly string[];
};

const FETCH_ITEMS = ['FLAGS', 'ENVELOPE', 'BODYSTRUCTURE', 'BODY[]', 'BODY.PEEK[]', 'BODY[HEADER]', 'BODY[TEXT]', 'RFC822.SIZE', 'INTERNALDATE', 'UID', '(FLAGS ENVELOPE)', '(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)', 'FAST', 'ALL', 'FULL', ...FETCH_ATTRIBUTES];
const STORE_ACTIONS = ['+FLAGS', '-FLAGS', 'FLAGS', '+FLAGS.SILENT', '-FLAGS.SILENT', 'FLAGS.SILENT'];
const FLAG_LISTS = ['(\\Seen)', '(\\Deleted)', '(\\Flagged)', '(\\Answered)', '(\\Draft)'];
const STATUS_ITEMS = ['(MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)', '(MESSAGES UNSEEN)'];
const MAILBOX_FIRST = new Set(['SELECT', 'EXAMINE', 'STATUS', 'CREATE', 'DELETE', 'RENAME', 'SUBSCRIBE', 'UNSUBSCRIBE', 'APPEND']);
const SEQUENCE_FIRST = new Set(['FETCH', 'STORE', 'COPY', 'MOVE', 'UID FETCH', 'UID STORE', 'UID COPY', 'UID MOVE', 'UID EXPUNGE']);
const POP3_MESSAGE = new Set(['RETR', 'DELE', 'LIST', 'UIDL', 'TOP']);
/** Header names offered in the SMTP DATA editor. */
export const HEADER_NAMES = ['Subject: ', 'From: ', 'To: ', 'Cc: ', 'Date: ', 'Message-ID: ', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Reply-To: '];

function mailboxWord(name: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(name) ? name : `"${name.replace(/(["\\])/g, '\\$1')}"`;
}

function messageNumbers(n: number | undefined, imap: boolean): string[] {
  const count = Math.min(n ?? 0, 50);
  const nums = Array.from({ length: count }, (_, i) => String(i + 1));
  return imap ? [...nums, '1:*', ...(n ? [`${n}`, `${n}:*`] : [])] : nums;
}

function files(word: string, cwd: string): string[] {
  const dir = word.includes('/') ? word.slice(0, word.lastIndexOf('/') + 1) : '';
  const base = join(cwd, dir || '.');
  try {
    return readdirSync(base)
      .filter((f) => !f.startsWith('.') || word.slice(dir.length).startsWith('.'))
      .map((f) => {
        let isDir = false;
        try {
          isDir = statSync(join(base, f)).isDirectory();
        } catch {
          // A dangling link completes like a file.
        }
        return `${dir}${f}${isDir ? '/' : ''}`;
      })
      .sort();
  } catch {
    return [];
  }
}

function argumentCandidates(ctx: CompletionContext, name: string, args: readonly string[], current: string): readonly string[] {
  const n = args.length;
  const upper = name.toUpperCase();
  const mailboxes = [...ctx.mailboxes].map(mailboxWord);
  const caps = ctx.facts?.capabilities ?? [];
  const mechs = SASL_NAMES.map((m) => m.toUpperCase());
  if (upper.startsWith(':')) {
    if (upper === ':HELP' && n === 0) return commandsOf(ctx.protocol).map((c) => c.name);
    if (upper === ':AUTH' && n === 0) return [...SASL_NAMES];
    if (upper === ':AUTH' && n === 1) return ctx.users;
    if ((upper === ':SEND' || upper === ':RECORD') && (n === 0 || (n === 1 && args[0] === '--bdat'))) return files(current, ctx.cwd ?? process.cwd());
    return [];
  }
  if (ctx.protocol === 'smtp') {
    if ((upper === 'EHLO' || upper === 'HELO') && n === 0) return ['localhost'];
    if (upper === 'MAIL' && n === 0) return ['FROM:<', ...ctx.addresses.map((a) => `FROM:<${a}>`)];
    if (upper === 'RCPT' && n === 0) return ['TO:<', ...ctx.addresses.map((a) => `TO:<${a}>`)];
    if (upper === 'MAIL' && n >= 1) return [...(caps.includes('SIZE') ? ['SIZE='] : []), ...(caps.includes('8BITMIME') ? ['BODY=8BITMIME'] : []), ...(caps.includes('SMTPUTF8') ? ['SMTPUTF8'] : [])];
    if (upper === 'AUTH' && n === 0) return mechs;
    if (upper === 'HELP' && n === 0) return commandsOf('smtp').map((c) => c.name);
    if (upper === 'BDAT' && n === 1) return ['LAST'];
    return [];
  }
  if (ctx.protocol === 'pop3') {
    if (POP3_MESSAGE.has(upper) && n === 0) return messageNumbers(ctx.messages, false);
    if (upper === 'TOP' && n === 1) return ['0', '5', '10'];
    if (upper === 'USER' && n === 0) return ctx.users;
    if (upper === 'AUTH' && n === 0) return mechs;
    return [];
  }
  if (MAILBOX_FIRST.has(upper) && n === 0) return mailboxes;
  if (upper === 'STATUS' && n === 1) return STATUS_ITEMS;
  if (SEQUENCE_FIRST.has(upper) && n === 0) return messageNumbers(ctx.messages, true);
  if ((upper === 'FETCH' || upper === 'UID FETCH') && n === 1) return FETCH_ITEMS;
  if ((upper === 'STORE' || upper === 'UID STORE') && n === 1) return STORE_ACTIONS;
  if ((upper === 'STORE' || upper === 'UID STORE') && n === 2) return FLAG_LISTS;
  if (/^(UID )?(COPY|MOVE)$/.test(upper) && n === 1) return mailboxes;
  if (upper === 'RENAME' && n === 1) return mailboxes;
  if (upper === 'SEARCH' || upper === 'UID SEARCH') return [...SEARCH_KEY_NAMES];
  if ((upper === 'LIST' || upper === 'LSUB') && n === 0) return ['""'];
  if ((upper === 'LIST' || upper === 'LSUB') && n === 1) return ['"*"', '"%"', ...mailboxes];
  if (upper === 'LOGIN' && n === 0) return ctx.users;
  if (upper === 'AUTHENTICATE' && n === 0) {
    const offered = caps.filter((c) => c.startsWith('AUTH=')).map((c) => c.slice(5));
    return offered.length ? offered : mechs;
  }
  if (upper === 'ENABLE') return caps.filter((c) => !c.startsWith('AUTH='));
  return [];
}

function nameCandidates(ctx: CompletionContext, typed: string): string[] {
  if (typed.startsWith(':')) return META_COMMANDS.map((m) => m.name);
  const state = ctx.facts?.state;
  const all = commandsOf(ctx.protocol);
  const allowed = all.filter((c) => !state || !c.states || c.states.includes(state));
  const rest = all.filter((c) => !allowed.includes(c));
  // IMAP: after "UID " only the UID forms; before it, the one-word names.
  const names = [...allowed, ...rest].map((c) => c.name);
  return typed.includes(' ') ? names.filter((n) => n.includes(' ')) : names.filter((n) => !n.includes(' ') || n === 'UID');
}

/** What may replace the word before the cursor. */
export function complete(ctx: CompletionContext, textBeforeCursor: string): Completion {
  const t = readTyped(ctx.protocol, textBeforeCursor);
  const lead = textBeforeCursor.length - textBeforeCursor.replace(/^\s+/, '').length;
  if (t.inName) {
    const start = textBeforeCursor.length - t.name.length;
    const wanted = t.name.toUpperCase();
    const candidates = [...new Set(nameCandidates(ctx, t.name))].filter((c) => c.toUpperCase().startsWith(wanted));
    return { start: Math.max(start, lead), candidates };
  }
  const start = textBeforeCursor.length - t.current.length;
  const wanted = t.current.toUpperCase();
  const candidates = [...new Set(argumentCandidates(ctx, t.name, t.args, t.current))].filter((c) => c.toUpperCase().startsWith(wanted) && c !== t.current);
  return { start, candidates };
}

/** Candidates for a header line in the SMTP DATA editor (only before the first empty line). */
export function completeHeader(textBeforeCursor: string): Completion {
  if (textBeforeCursor.includes(':')) return { start: 0, candidates: [] };
  const wanted = textBeforeCursor.toLowerCase();
  return { start: 0, candidates: HEADER_NAMES.filter((h) => h.toLowerCase().startsWith(wanted)) };
}

/** The longest prefix the candidates share (ignoring case), in the first candidate's spelling. */
export function commonPrefix(candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  let prefix = candidates[0]!;
  for (const c of candidates.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < c.length && prefix[i]!.toUpperCase() === c[i]!.toUpperCase()) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

/** Whether a space should follow a completed word (not after `FROM:<`, `SIZE=`, a directory). */
export function wantsSpace(word: string): boolean {
  return !/[<=:/]$/.test(word) && !/^"?$/.test(word);
}
