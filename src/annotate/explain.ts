/**
 * `explain`: reply → explanation. A small registry holds one explainer per protocol; without an
 * explicit protocol the input picks its explainer (an SMTP reply starts with three digits, a POP3
 * status with +OK/-ERR, an IMAP response with `*`, `+` or a tag). Detection asks them in registry
 * order: a line like `250 OK` is SMTP, although it could be read as an IMAP tag "250".
 */
import { ExplainError, notAReply } from './errors.js';
import { quoteInput } from './escape.js';
import { imapExplainer } from './imap-explain.js';
import { pop3Explainer } from './pop3-explain.js';
import { smtpExplainer } from './smtp-explain.js';
import type { ExplainProtocol, Explainer, Explanation } from './types.js';

export type { ExplainProtocol, Explainer, Explanation, ExplanationPart, ExplanationPartKind } from './types.js';
export { ExplainError, EXPLAIN_EXAMPLE, type ExplainErrorCode } from './errors.js';
export { formatExplanation, formatExplanationLine } from './format.js';

export type ExplainOptions = {
  /** Skip detection and use this protocol's explainer. */
  readonly protocol?: ExplainProtocol;
};

/** The registry: adding a protocol to ExplainProtocol requires an explainer here. */
const EXPLAINERS: Readonly<Record<ExplainProtocol, Explainer>> = Object.freeze({
  smtp: smtpExplainer,
  pop3: pop3Explainer,
  imap: imapExplainer,
});

/** Protocols that have an explainer, in registry order (e.g. for `--protocol` choices). */
export function explainProtocols(): readonly ExplainProtocol[] {
  return Object.keys(EXPLAINERS) as ExplainProtocol[];
}

export function isExplainProtocol(name: string): name is ExplainProtocol {
  return Object.hasOwn(EXPLAINERS, name);
}

/** The explainer for a protocol. */
export function explainerFor(protocol: ExplainProtocol): Explainer {
  return EXPLAINERS[protocol];
}

/** The protocol whose explainer recognises the input, if any. */
export function detectProtocol(input: string): ExplainProtocol | undefined {
  const text = input.trim();
  return explainProtocols().find((p) => EXPLAINERS[p].detect(text));
}

/**
 * Explains a reply code, an enhanced status code or a whole reply line.
 * @throws ExplainError when the input is not something an explainer knows.
 */
export function explain(input: string, opts: ExplainOptions = {}): Explanation {
  // A trailing CRLF is the line terminator, not part of the reply.
  const text = input.replace(/\r?\n$/, '').trim();
  if (text === '') throw new ExplainError('E_EMPTY_INPUT', 'nothing to explain', input);
  if (/[\r\n]/.test(text)) {
    throw new ExplainError('E_MULTIPLE_LINES', `explain takes one reply line at a time: ${quoteInput(text)}`, input);
  }
  if (opts.protocol !== undefined) {
    if (!isExplainProtocol(opts.protocol)) {
      throw new ExplainError(
        'E_UNKNOWN_PROTOCOL',
        `no explainer for protocol ${quoteInput(String(opts.protocol))}`,
        input,
        `one of: ${explainProtocols().join(', ')}`,
      );
    }
    return EXPLAINERS[opts.protocol].explain(text);
  }
  const protocol = detectProtocol(text);
  if (!protocol) throw notAReply(text);
  return EXPLAINERS[protocol].explain(text);
}
