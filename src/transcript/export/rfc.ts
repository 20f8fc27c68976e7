/**
 * `--to rfc`: the conversation as RFCs print it (RFC 5321 Appendix D, RFC 1939 §10, RFC 3501 §8):
 * `S: ` and `C: ` lines and nothing else. The TLS handshake shows the way RFC 3207 §5 writes it,
 * `C & S: <negotiate a TLS session>`. Lines are as recorded: a `<redacted>` credential stays
 * redacted and one recorded with --show-secrets stays visible. Control characters are escaped
 * (`\x1b`) so that the text is safe to print. No explanations, notes or markers: those belong to
 * the other formats.
 */
import { escapeForTerminal } from '../../client/server-text.js';
import type { ExportInput } from './common.js';

/** The transcript as RFC-style `S:`/`C:` text. */
export function exportRfc({ transcript }: ExportInput): string {
  const out: string[] = [];
  for (const e of transcript.events) {
    if (e.type === 'send') out.push(`C: ${escapeForTerminal(e.text)}`);
    else if (e.type === 'recv') out.push(`S: ${escapeForTerminal(e.text)}`);
    else if (e.type === 'tls') out.push(`C & S: <negotiate a TLS session: ${escapeForTerminal(`${e.version}, ${e.cipher}`)}>`);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
