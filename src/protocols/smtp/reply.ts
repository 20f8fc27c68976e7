/**
 * An SMTP reply as a value: handlers return these, one serializer writes them, the annotator
 * explains them and the recorder stores them.
 *
 * RFC 5321 §4.2:
 *   Reply-line     = *( Reply-code "-" [ textstring ] CRLF )
 *                    Reply-code [ SP textstring ] CRLF
 *   Reply-code     = %x32-35 %x30-35 %x30-39
 * RFC 2034 §4: with ENHANCEDSTATUSCODES every line after the basic code carries the enhanced code.
 */
import { wireText } from '../wire-text.js';

export type SmtpReply = {
  readonly code: number;
  /** Enhanced status code (RFC 3463), e.g. `2.1.0`. Omitted only for the greeting and EHLO/HELO. */
  readonly enhanced?: string | undefined;
  /** One entry per reply line; at least one. */
  readonly lines: readonly string[];
  /** Close the connection once this reply has been written (421, QUIT's 221). */
  readonly close?: boolean;
};

/** Builds a one-line or multi-line reply. */
export function reply(code: number, enhanced: string | undefined, ...lines: string[]): SmtpReply {
  return { code, enhanced, lines: lines.length > 0 ? lines : [''] };
}

/** Serializes a reply to wire form, CRLF after every line, text in ASCII. */
export function serializeReply(r: SmtpReply): string {
  const last = r.lines.length - 1;
  let out = '';
  r.lines.forEach((line, i) => {
    const sep = i === last ? ' ' : '-';
    const enhanced = r.enhanced ? `${r.enhanced} ` : '';
    const text = `${enhanced}${wireText(line)}`;
    out += text.length > 0 ? `${r.code}${sep}${text}\r\n` : `${r.code}${sep === ' ' ? '' : '-'}\r\n`;
  });
  return out;
}
