/**
 * The annotator's contract with the client engine (src/client): pure functions from one line and
 * what the session knows to short explanations. Every string returned is one line of plain text
 * with control characters escaped (security.md item 8); most end with the RFC citation in
 * parentheses. Lines that start with spaces continue the line before them (the BODYSTRUCTURE
 * tree) and carry no citation of their own.
 */
import type { ClientLineContext, ServerLineContext } from './context.js';
import { escapeControls } from './escape.js';
import { annotateImapLine } from './imap-annotate.js';
import { imapMistakes } from './mistakes-imap.js';
import { pop3Mistakes } from './mistakes-pop3.js';
import { smtpMistakes } from './mistakes-smtp.js';
import { annotatePop3Line } from './pop3-annotate.js';
import { annotateSmtpLine } from './smtp-annotate.js';

export { startsWithImapCommand } from './mistakes-imap.js';
export type { ClientLineContext, CommandRef, ServerLineContext, SessionFacts } from './context.js';

/** No annotation is longer than this; a longer one is cut with "…" (server text can be long). */
export const MAX_ANNOTATION_LENGTH = 400;

function clean(lines: readonly string[]): string[] {
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const one = escapeControls(l);
      return one.length > MAX_ANNOTATION_LENGTH ? `${one.slice(0, MAX_ANNOTATION_LENGTH - 1)}…` : one;
    });
}

/**
 * Short explanations (each one line, plain text, ending with the RFC citation in parentheses,
 * e.g. "220 Service ready: the server is listening. Introduce yourself with EHLO <your-domain>.
 * (RFC 5321 §4.2, §4.3.1)") for one server line. [] when there is nothing worth saying.
 */
export function annotateServerLine(line: string, ctx: ServerLineContext): string[] {
  const text = line.replace(/\r?\n$/, '');
  switch (ctx.facts.protocol) {
    case 'smtp':
      return clean(annotateSmtpLine(text, ctx));
    case 'pop3':
      return clean(annotatePop3Line(text, ctx));
    case 'imap':
      return clean(annotateImapLine(text, ctx));
  }
}

/** Learner mistakes in a line about to be sent, each a kind one-line explanation with the RFC. [] when fine. The line is still sent. */
export function checkClientLine(line: string, ctx: ClientLineContext): string[] {
  const text = line.replace(/\r?\n$/, '');
  switch (ctx.facts.protocol) {
    case 'smtp':
      return clean(smtpMistakes(text, ctx));
    case 'pop3':
      return clean(pop3Mistakes(text, ctx));
    case 'imap':
      return clean(imapMistakes(text, ctx));
  }
}
