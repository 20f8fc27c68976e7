/**
 * Learner mistakes in an IMAP line about to be sent: no tag, a command in the wrong state (FETCH
 * before SELECT: the catalog's states, RFC 3501 §3), an unquoted mailbox name with a space,
 * several FETCH items without parentheses, and LOGIN/AUTHENTICATE before STARTTLS on a remote
 * server (RFC 3501 §6.2.3, §11.1).
 */
import type { ClientLineContext } from './context.js';
import { IMAP_COMMANDS, findImapCommand, type ImapCommandSpec, type ImapState } from '../protocols/imap/commands.js';
import { exposed, noTlsWarning, sendsSecretInClear } from './mistakes-common.js';
import { note } from './note.js';

/** True when a line starts with an IMAP command name, so it needs a tag (the client adds one). */
export function startsWithImapCommand(line: string): boolean {
  const word = /^\s*(\S+)/.exec(line)?.[1];
  return word !== undefined && findImapCommand(word) !== undefined;
}

type Parsed = { readonly tag: string | undefined; readonly verb: string; readonly args: string; readonly spec: ImapCommandSpec | undefined };

function parse(line: string): Parsed {
  const words = line.trim().split(/\s+/);
  const tagged = !startsWithImapCommand(line);
  const tag = tagged ? words[0] : undefined;
  const rest = tagged ? words.slice(1) : words;
  const two = `${rest[0] ?? ''} ${rest[1] ?? ''}`.toUpperCase();
  const uid = rest[0]?.toUpperCase() === 'UID' && findImapCommand(two) !== undefined;
  const verb = uid ? two : (rest[0] ?? '').toUpperCase();
  const afterVerb = line.trim().split(/\s+/).slice((tagged ? 1 : 0) + (uid ? 2 : 1));
  return { tag, verb, args: afterVerb.join(' '), spec: findImapCommand(verb) };
}

const MAILBOX_ONLY = new Set(['SELECT', 'EXAMINE', 'CREATE', 'DELETE', 'SUBSCRIBE', 'UNSUBSCRIBE']);
const TARGET_MAILBOX = new Set(['COPY', 'MOVE', 'UID COPY', 'UID MOVE']);

export function imapMistakes(line: string, ctx: ClientLineContext): string[] {
  if (ctx.answering || ctx.inData || line.trim() === '') return [];
  const p = parse(line);
  const out: string[] = [];
  if (p.tag === undefined) {
    // mailproto's own sessions tag such a line before it is checked; what reaches here goes out as typed (a wrapped tool).
    out.push(note(`No tag: every IMAP command starts with one, e.g. "a1 ${line.trim()}"; without it the server answers BAD (mailproto connect adds A001, A002 ... for you)`, 'RFC 3501 §2.2.1'));
  }
  if (!p.spec) {
    const guess = p.tag !== undefined ? closeCommand(p.tag) : undefined;
    if (guess) out.push(note(`"${p.tag}" is read as your tag and "${p.verb}" as the command: did you mean ${guess}? Start with a tag, e.g. a1 ${guess} ...`, 'RFC 3501 §2.2.1'));
    return out;
  }
  const state = ctx.facts.state as ImapState;
  if (!p.spec.states.includes(state)) out.push(stateMistake(p.spec, state));
  out.push(...argumentMistakes(p));
  const mechanism = p.verb === 'AUTHENTICATE' ? p.args.split(/\s+/)[0] : undefined;
  if ((p.verb === 'LOGIN' || (p.verb === 'AUTHENTICATE' && sendsSecretInClear(mechanism))) && exposed(ctx.facts)) {
    out.push(noTlsWarning(p.verb, 'STARTTLS', 'RFC 3501 §6.2.3, §11.1'));
  }
  return out;
}

function stateMistake(spec: ImapCommandSpec, state: ImapState): string {
  const selectedOnly = spec.states.length === 1 && spec.states[0] === 'selected';
  const rfc = `RFC 3501 §3; ${spec.rfc}`;
  switch (state) {
    case 'logout':
      return note(`The session is ending (after LOGOUT): ${spec.name} will not be answered`, rfc);
    case 'not-authenticated':
      return selectedOnly
        ? note(`${spec.name} works on a selected mailbox: log in first (LOGIN <user> <password>), then SELECT INBOX`, rfc)
        : note(`${spec.name} needs you to be logged in: LOGIN <user> <password> (or AUTHENTICATE) first`, rfc);
    case 'authenticated':
      if (selectedOnly) return note(`${spec.name} works on a selected mailbox: SELECT INBOX (or EXAMINE it) first`, rfc);
      return note(`You are logged in already: ${spec.name} is only valid before login`, rfc);
    case 'selected':
      if (spec.name === 'ENABLE') return note('ENABLE is only valid before a mailbox is selected: CLOSE or UNSELECT first', rfc);
      return note(`You are logged in already: ${spec.name} is only valid before login`, rfc);
  }
}

function argumentMistakes(p: Parsed): string[] {
  const args = p.args.trim();
  const tag = p.tag ?? 'a1';
  if (MAILBOX_ONLY.has(p.verb)) {
    if (args === '') return [note(`${p.verb} needs a mailbox name: ${tag} ${p.verb} INBOX`, p.spec?.rfc ?? 'RFC 3501 §6.3')];
    if (unquotedWithSpace(args)) return [quoteMistake(`${tag} ${p.verb} "${args}"`)];
  }
  if (TARGET_MAILBOX.has(p.verb)) {
    const target = args.split(/\s+/).slice(1).join(' ');
    if (unquotedWithSpace(target)) return [quoteMistake(`${tag} ${p.verb} ${args.split(/\s+/)[0]} "${target}"`)];
  }
  if (p.verb === 'STATUS') {
    const name = args.split('(')[0]?.trim() ?? '';
    if (unquotedWithSpace(name)) return [quoteMistake(`${tag} STATUS "${name}" ${args.slice(args.indexOf('('))}`)];
  }
  if (p.verb === 'FETCH' || p.verb === 'UID FETCH') {
    const items = args.replace(/\[[^\]]*\]/g, '[]').split(/\s+/).slice(1);
    if (items.length > 1 && !items[0]?.startsWith('(')) {
      return [note(`Several FETCH items need parentheses: ${tag} ${p.verb} ${args.split(/\s+/)[0]} (${args.split(/\s+/).slice(1).join(' ')})`, 'RFC 3501 §6.4.5')];
    }
  }
  return [];
}

function unquotedWithSpace(name: string): boolean {
  return /\s/.test(name) && !name.startsWith('"') && !/^\{\d+\+?\}/.test(name);
}

function quoteMistake(example: string): string {
  return note(`A mailbox name with a space must be quoted, or the server reads only its first word: ${example}`, 'RFC 3501 §4.3, §9');
}

/** A command name one typing slip away from `word` (LOGN → LOGIN), for a first word read as a tag. */
function closeCommand(word: string): string | undefined {
  const upper = word.toUpperCase();
  if (upper.length < 4) return undefined;
  return IMAP_COMMANDS.map((c) => c.name).find((name) => !name.includes(' ') && editDistance(upper, name) === 1);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 2;
}
