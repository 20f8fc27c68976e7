/**
 * Credentials in what the client sends. A line is marked sensitive where it is made (the session
 * that recognises PASS or LOGIN, the `:auth` helper that computes a SASL response), and this is
 * the one place that turns a marked line into the text that is shown, printed as JSON and
 * recorded (conventions.md 6, security.md item 24).
 */

export const REDACTED = '<redacted>';

/** A line the client sends, without its CRLF. */
export type OutgoingLine = {
  readonly text: string;
  /** The line carries a secret: everything after `visible` (a prefix of `text`) is secret. */
  readonly sensitive?: { readonly visible: string };
};

/** A line with no secret in it. */
export function plain(text: string): OutgoingLine {
  return { text };
}

/** A line whose text after `visible` is a secret (a password, a SASL response). */
export function secret(text: string, visible = ''): OutgoingLine {
  return { text, sensitive: { visible } };
}

/** What may be shown and recorded for a line: the secret part replaced by `<redacted>` unless showSecrets. */
export function redactLine(line: OutgoingLine, showSecrets: boolean): { readonly text: string; readonly redacted?: true } {
  if (!line.sensitive || showSecrets) return { text: line.text };
  const { visible } = line.sensitive;
  if (visible.length >= line.text.length) return { text: line.text };
  return { text: `${visible}${REDACTED}`, redacted: true };
}

/** The prefix of `line` up to and including its first `count` words and the space after them. */
export function wordsPrefix(line: string, count: number): string {
  const m = new RegExp(`^(\\s*(?:\\S+\\s+){${count}})`).exec(line);
  return m ? m[1]! : line;
}

/** A SASL response line (the answer to a 334 or `+` challenge). `*` cancels, which is no secret. */
export function saslResponse(text: string): OutgoingLine {
  return text.trim() === '*' ? plain(text) : secret(text);
}
