/**
 * Learner mistakes in a POP3 line about to be sent: a command in the wrong state (RETR before
 * PASS: the catalog's states, RFC 1939 §3), historic commands, missing or impossible message
 * numbers (RFC 1939 §5), and USER/PASS/AUTH PLAIN before STLS on a remote server (RFC 2595 §4).
 */
import type { ClientLineContext } from './context.js';
import { lookupPop3Command, type Pop3State } from '../protocols/pop3/commands.js';
import { exposed, noTlsWarning, sendsSecretInClear } from './mistakes-common.js';
import { note } from './note.js';

/** Commands that take a message number, and whether it is required. */
const MESSAGE_ARG: Readonly<Record<string, 'required' | 'optional'>> = {
  RETR: 'required',
  DELE: 'required',
  TOP: 'required',
  LIST: 'optional',
  UIDL: 'optional',
};

export function pop3Mistakes(line: string, ctx: ClientLineContext): string[] {
  if (ctx.answering || ctx.inData) return [];
  const [word = '', ...args] = line.trim().split(/\s+/);
  const verb = word.toUpperCase();
  const info = lookupPop3Command(verb);
  if (!info) return [];
  if (!info.states) {
    // The catalog's text ends with its own citation: `... (RFC 1939 §7)`.
    const m = /^(.*?)\s*\((RFC [^)]*)\)$/.exec(info.retired ?? '');
    return [note(m?.[1] ?? info.retired ?? `${verb} is not part of POP3 any more`, m?.[2] ?? 'RFC 1939')];
  }
  const out: string[] = [];
  const state = ctx.facts.state as Pop3State;
  if ((state === 'authorization' || state === 'transaction') && !info.states.includes(state)) {
    out.push(
      state === 'authorization'
        ? note(`${verb} needs a login first: USER <name>, then PASS <password> (or AUTH)`, 'RFC 1939 §3, §4')
        : note(`${verb} is for logging in, and you are logged in already`, 'RFC 1939 §3'),
    );
  }
  out.push(...argumentMistakes(verb, args));
  const mechanism = verb === 'AUTH' ? args[0] : undefined;
  const sendsPassword = verb === 'USER' || verb === 'PASS' || (verb === 'AUTH' && args.length > 0 && sendsSecretInClear(mechanism));
  if (sendsPassword && state === 'authorization' && exposed(ctx.facts)) {
    out.push(noTlsWarning(verb === 'AUTH' ? 'AUTH' : 'USER and PASS', 'STLS', 'RFC 2595 §4'));
  }
  return out;
}

function argumentMistakes(verb: string, args: readonly string[]): string[] {
  const need = MESSAGE_ARG[verb];
  if (!need) return [];
  const [msg, lines] = args;
  if (msg === undefined) {
    if (need === 'optional') return [];
    const example = verb === 'TOP' ? 'TOP 1 10' : `${verb} 1`;
    return [note(`${verb} needs a message number: ${example} (LIST shows the numbers)`, verb === 'TOP' ? 'RFC 1939 §7' : 'RFC 1939 §5')];
  }
  if (!/^\d+$/.test(msg)) return [note(`${JSON.stringify(msg)} is not a message number: use 1, 2, ... as LIST shows them`, 'RFC 1939 §5')];
  if (Number(msg) === 0) return [note('Message numbers start at 1, not 0', 'RFC 1939 §5')];
  if (verb === 'TOP' && (lines === undefined || !/^\d+$/.test(lines))) {
    return [note(`TOP needs two numbers, the message and how many body lines: TOP ${msg} 10 (TOP ${msg} 0 for the header only)`, 'RFC 1939 §7')];
  }
  return [];
}
