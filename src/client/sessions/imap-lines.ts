/**
 * Pure helpers for the IMAP client session: what a typed line is (tag, command, secrets) and what
 * a server response's first line says (RFC 3501 §7, §9).
 *
 *   response-tagged = tag SP resp-cond-state CRLF
 *   resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text
 *   continue-req    = "+" SP (resp-text / base64) CRLF
 */
import { findImapCommand } from '../../protocols/imap/commands.js';
import { plain, secret, wordsPrefix, type OutgoingLine } from '../redact.js';

export type ImapResponseHead =
  | { readonly kind: 'continuation'; readonly text: string }
  | { readonly kind: 'untagged'; readonly word: string; readonly rest: string }
  | { readonly kind: 'tagged'; readonly tag: string; readonly status: string; readonly rest: string };

export function parseResponseHead(line: string): ImapResponseHead {
  if (line === '+' || line.startsWith('+ ')) return { kind: 'continuation', text: line.slice(2) };
  const m = /^(\S+)\s+(\S+)\s?(.*)$/.exec(line);
  if (!m) return line.startsWith('*') ? { kind: 'untagged', word: '', rest: '' } : { kind: 'tagged', tag: line.trim(), status: '', rest: '' };
  const [, first, second, rest] = m as unknown as [string, string, string, string];
  if (first === '*') return { kind: 'untagged', word: second.toUpperCase(), rest };
  return { kind: 'tagged', tag: first, status: second.toUpperCase(), rest };
}

/** Capability names from `* CAPABILITY a b` or a `[CAPABILITY a b]` response code, upper-case. */
export function capabilitiesIn(head: ImapResponseHead): string[] | undefined {
  if (head.kind === 'untagged' && head.word === 'CAPABILITY') return head.rest.trim().split(/\s+/).filter(Boolean).map((c) => c.toUpperCase());
  const rest = head.kind === 'continuation' ? head.text : head.rest;
  const m = /^\[CAPABILITY ([^\]]*)\]/i.exec(rest);
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean).map((c) => c.toUpperCase()) : undefined;
}

/** The response code at the start of resp-text: `[READ-ONLY]` → `READ-ONLY`. */
export function responseCode(rest: string): string | undefined {
  return /^\[([^\]\s]+)/.exec(rest)?.[1]?.toUpperCase();
}

export type TypedCommand = {
  readonly tag: string;
  /** `FETCH`, `UID FETCH`; empty when the line has only a tag. */
  readonly verb: string;
  readonly args: string;
  /** The line as it goes on the wire. */
  readonly out: OutgoingLine;
  /** LOGIN/AUTHENTICATE: literal content and continuation lines of this command are secrets too. */
  readonly sensitive: boolean;
};

/**
 * A typed command line. With `autoTag` the line starts with a command name and gets `tag`;
 * otherwise its first word is the learner's own tag.
 */
export function typedCommand(line: string, autoTag: string | undefined): TypedCommand {
  const full = autoTag ? `${autoTag} ${line.trimStart()}` : line;
  const m = /^(\S+)\s?(.*)$/.exec(full) ?? ['', full, ''];
  const tag = m[1]!;
  const afterTag = m[2]!;
  const words = afterTag.split(/\s+/);
  const two = `${words[0] ?? ''} ${words[1] ?? ''}`.toUpperCase();
  const isUid = words[0]?.toUpperCase() === 'UID' && findImapCommand(two) !== undefined;
  const verb = (isUid ? two : (words[0] ?? '')).toUpperCase();
  const args = afterTag.trimStart().slice((isUid ? `${words[0]} ${words[1]}` : (words[0] ?? '')).length).trimStart();
  const spec = findImapCommand(verb);
  const sensitive = spec?.sensitive === true || verb === 'LOGIN' || verb === 'AUTHENTICATE';
  let out = plain(full);
  if (verb === 'LOGIN') out = secret(full, wordsPrefix(full, 2));
  else if (verb === 'AUTHENTICATE' && args.trim().split(/\s+/).length >= 2) out = secret(full, wordsPrefix(full, 3));
  return { tag, verb, args, out, sensitive };
}

/** A mailbox name as typed in SELECT/EXAMINE: quotes removed. */
export function mailboxArg(args: string): string {
  const t = args.trim();
  const q = /^"((?:[^"\\]|\\.)*)"/.exec(t);
  if (q) return q[1]!.replace(/\\(.)/g, '$1');
  return t.split(/\s+/)[0] ?? '';
}

export type ImapState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';
export type ImapPlace = { readonly state: ImapState; readonly selected: { name: string; readOnly: boolean } | undefined };

/** Where the session is after a command completed with `status` (RFC 3501 §3, §6.3.1). */
export function stateAfter(run: { readonly verb: string; readonly args: string }, status: string, rest: string, now: ImapPlace): ImapPlace {
  const ok = status === 'OK';
  switch (run.verb) {
    case 'LOGIN':
    case 'AUTHENTICATE':
      return ok ? { state: 'authenticated', selected: undefined } : now;
    case 'SELECT':
    case 'EXAMINE':
      // A failed SELECT leaves no mailbox selected (RFC 3501 §6.3.1).
      if (!ok) return { state: now.state === 'not-authenticated' ? now.state : 'authenticated', selected: undefined };
      return { state: 'selected', selected: { name: mailboxArg(run.args), readOnly: run.verb === 'EXAMINE' || responseCode(rest) === 'READ-ONLY' } };
    case 'CLOSE':
    case 'UNSELECT':
      return ok ? { state: 'authenticated', selected: undefined } : now;
    case 'LOGOUT':
      return { state: 'logout', selected: undefined };
    default:
      return now;
  }
}
