/**
 * From the session's events to what goals and advice need: which command a reply answers (IMAP by
 * tag, SMTP and POP3 by the command in flight), lines without their IMAP tag, and the failed reply
 * (with the annotator's explanation of it) when an attempt went wrong.
 */
import type { ClientEvent } from '../client/events.js';
import { isFailure, replyStatus, type Observed, type Protocol } from './goals.js';
import type { LineKind } from './lesson-session.js';

/** A reply that said the attempt failed, with what the annotator said about it. */
export type FailedReply = { readonly reply: string; readonly explanation: readonly string[] };

function verbOf(words: readonly string[], index: number): string | undefined {
  const w = words[index];
  return w && /^[A-Za-z]+$/.test(w) ? w.toUpperCase() : undefined;
}

export class LineObserver {
  private readonly tags = new Map<string, string>();
  private lastVerb: string | undefined;

  constructor(
    private readonly protocol: () => Protocol | undefined,
    private readonly kind: () => LineKind,
  ) {}

  /** The event as goals see it; undefined for events that are not protocol lines. */
  observe(e: ClientEvent): Observed | undefined {
    const protocol = this.protocol();
    if (!protocol) return undefined;
    if (e.type === 'send') {
      const kind = this.kind();
      if (kind === 'content') return { kind: 'send', text: e.text, content: true };
      const words = e.text.trim().split(/\s+/);
      if (protocol === 'imap') {
        // Every IMAP command line starts with a tag, the learner's own or one mailproto added.
        const verb = verbOf(words, 1);
        if (verb && words[0]) {
          this.tags.set(words[0], verb);
          this.lastVerb = verb;
          return { kind: 'send', text: e.text.trim().slice(words[0].length).trimStart(), content: false };
        }
        // DONE after IDLE, or the SASL lines of :auth.
        return { kind: 'send', text: e.text, content: kind === 'meta' };
      }
      // Lines of a meta-command (:auth) are left out: after the first come SASL answers. The
      // sessions name the command on each reply anyway; this is the fallback.
      const verb = verbOf(words, 0);
      if (verb && kind === 'command') this.lastVerb = verb;
      return { kind: 'send', text: e.text, content: false };
    }
    if (e.type === 'recv') {
      // The reply to DATA's final dot answers DATA, as far as lessons go (the session calls it ".").
      const command = protocol === 'imap' && e.command ? this.tags.get(e.command) : e.command === '.' ? 'DATA' : (e.command ?? this.lastVerb);
      return { kind: 'recv', text: e.text, inBody: e.inBody ?? false, ...(command ? { command } : {}) };
    }
    return undefined;
  }
}

/**
 * The last reply among `events` that says the command failed (4xx, 5xx, -ERR, NO, BAD), with the
 * annotation lines that followed it.
 */
export function findFailedReply(events: readonly ClientEvent[], protocol: Protocol): FailedReply | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type !== 'recv' || e.inBody) continue;
    const status = replyStatus(protocol, e.text);
    if (!status || !isFailure(status.code)) continue;
    const explanation: string[] = [];
    for (const next of events.slice(i + 1)) {
      if (next.type === 'recv' || next.type === 'send') break;
      if (next.type === 'annotation' && next.about === 'recv') explanation.push(next.text);
    }
    return { reply: e.text, explanation };
  }
  return undefined;
}
