/**
 * The hint line under the conversation, as the learner types: the syntax of the command being
 * typed (`MAIL FROM:<reverse-path> [parameters]`) and what it does, a warning when the command is
 * not accepted in the current state, matching commands while the name is half typed, and the
 * next step when the line is empty.
 */
import type { SessionFacts } from '../annotate/context.js';
import { META_COMMANDS } from '../client/help.js';
import type { ClientProtocol } from '../client/events.js';
import { commandsOf, readTyped } from './catalog.js';
import { nextSteps, type NextStepOptions } from './next-steps.js';

export type Hint = { readonly text: string; readonly tone: 'hint' | 'error' | 'next' };

export type HintContext = NextStepOptions & {
  readonly protocol: ClientProtocol;
  readonly facts?: SessionFacts;
  /** The session waits for content (DATA, a literal, a SASL answer, DONE). */
  readonly content: boolean;
  /** The verb of the last command sent and the last server line, to say what content is wanted. */
  readonly lastCommand?: string;
  readonly lastReply?: string;
};

function contentHint(ctx: HintContext): Hint {
  if (ctx.facts?.state === 'data') return { text: 'message: header lines, an empty line, the body; a line with only "." sends it (Ctrl-D too)', tone: 'next' };
  const reply = ctx.lastReply ?? '';
  const verb = (ctx.lastCommand ?? '').toUpperCase();
  if (verb.endsWith('IDLE')) return { text: 'idling: new mail shows up as * N EXISTS; type DONE to stop', tone: 'next' };
  if (/^334\b/.test(reply) || /^\+ ?/.test(reply)) {
    if (verb.endsWith('AUTH') || verb.endsWith('AUTHENTICATE')) return { text: 'the server waits for a base64 answer; :b64 TEXT computes one, * cancels', tone: 'next' };
    return { text: 'the server is ready for the literal: type its content', tone: 'next' };
  }
  return { text: 'the server waits for content, not a command', tone: 'next' };
}

/** The hint for the text typed so far. */
export function syntaxHint(ctx: HintContext, text: string): Hint {
  if (ctx.content) return contentHint(ctx);
  if (text.trim() === '') {
    const steps = nextSteps(ctx.facts, ctx);
    if (steps.length === 0) return { text: 'F1 help · :help lists every command', tone: 'hint' };
    return { text: `try: ${steps.map((s) => s.command).join('  ·  ')}   (${steps[0]!.why})`, tone: 'next' };
  }
  if (text.trimStart().startsWith(':')) {
    const name = text.trim().split(/\s+/)[0]!.toLowerCase();
    const exact = META_COMMANDS.find((m) => m.name === name);
    if (exact) return { text: `${exact.syntax} — ${exact.summary}`, tone: 'hint' };
    const some = META_COMMANDS.filter((m) => m.name.startsWith(name));
    if (some.length) return { text: some.map((m) => m.syntax).join('  ·  '), tone: 'hint' };
    return { text: `no meta-command ${name}; :help lists them`, tone: 'error' };
  }
  const t = readTyped(ctx.protocol, text);
  if (t.inName && !text.endsWith(' ')) {
    const wanted = t.name.toUpperCase();
    const matches = commandsOf(ctx.protocol).filter((c) => c.name.startsWith(wanted));
    const exact = matches.find((c) => c.name === wanted);
    if (exact) return describe(ctx, exact);
    if (matches.length === 0) return { text: `${ctx.protocol.toUpperCase()} has no command starting with ${t.name}; Tab lists them`, tone: 'error' };
    return { text: matches.map((c) => c.syntax).join('  ·  '), tone: 'hint' };
  }
  if (!t.entry) {
    if (t.inName) return { text: 'type the command after your tag, e.g. a1 NOOP', tone: 'hint' };
    return { text: `${t.name} is not a ${ctx.protocol.toUpperCase()} command; Tab lists them`, tone: 'error' };
  }
  return describe(ctx, t.entry);
}

function describe(ctx: HintContext, entry: { syntax: string; summary: string; rfc: string; states?: readonly string[] }): Hint {
  const state = ctx.facts?.state;
  if (state && entry.states && !entry.states.includes(state)) {
    return { text: `${entry.syntax} — not accepted now (${state}); it needs: ${entry.states.join(' or ')}`, tone: 'error' };
  }
  return { text: `${entry.syntax} — ${entry.summary} (${entry.rfc})`, tone: 'hint' };
}
