/** Contexts for annotator tests: a session's facts, and the command a line answers. */
import type { ClientLineContext, ServerLineContext, SessionFacts } from '../../../src/annotate/context.js';

export type Facts = Partial<SessionFacts> & { readonly protocol: SessionFacts['protocol'] };

export function facts(f: Facts): SessionFacts {
  const state = f.state ?? { smtp: 'greeted', pop3: 'transaction', imap: 'selected' }[f.protocol];
  return { secure: false, loopback: true, capabilities: [], ...f, state };
}

/** A server line's context: `command` as `VERB args` (IMAP: `TAG VERB args`), index 0, not in a body. */
export function server(
  f: Facts,
  command?: string,
  more: { readonly index?: number; readonly inBody?: boolean } = {},
): ServerLineContext {
  let ref: ServerLineContext['command'];
  if (command !== undefined) {
    const words = command.split(' ');
    const tag = f.protocol === 'imap' ? words.shift() : undefined;
    const uid = words[0]?.toUpperCase() === 'UID' && words.length > 1;
    const verb = (uid ? `${words[0]} ${words[1]}` : (words[0] ?? '')).toUpperCase();
    const args = words.slice(uid ? 2 : 1).join(' ');
    ref = { verb, args, ...(tag !== undefined ? { tag } : {}) };
  }
  return { facts: facts(f), index: more.index ?? 0, inBody: more.inBody ?? false, ...(ref ? { command: ref } : {}) };
}

export function client(f: Facts, more: Partial<Omit<ClientLineContext, 'facts'>> = {}): ClientLineContext {
  return { facts: facts(f), inData: false, ...more };
}

/** Ends with an RFC (or draft) citation in parentheses. */
export const CITED = /\((?:RFC \d+|draft-)[^()]*\)$/;
