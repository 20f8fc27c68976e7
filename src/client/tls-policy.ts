/**
 * What the client does about TLS outcomes: an untrusted certificate ends the session unless
 * --insecure (security.md), and bytes a server sent between its go-ahead to STARTTLS and the
 * handshake are dropped with a warning (security.md item 6).
 */
import { ClientError } from './errors.js';
import { EXIT, type TlsSummary } from './events.js';
import { MAX_DROPPED_QUOTE } from './limits.js';
import { decodeServerText } from './server-text.js';
import { TLS_VERIFY_TRY } from './tls-summary.js';

/** An error (exit 3) for a certificate that does not verify, a warning with --insecure, or nothing. */
export function tlsVerdict(summary: TlsSummary, insecure: boolean): { readonly error?: ClientError; readonly warning?: string } {
  if (summary.authorized) return {};
  const why = summary.verifyError ?? 'it does not verify';
  if (!insecure) {
    return { error: new ClientError('E_TLS_VERIFY', `TLS certificate not trusted: ${why}`, { exitCode: EXIT.tls, tryMessage: TLS_VERIFY_TRY }) };
  }
  return { warning: `the certificate is NOT verified (${why}); going on because of --insecure, so anyone on the path could read and change this session` };
}

/** The warning for bytes dropped before TLS, quoting (a bounded part of) them. */
export function droppedBeforeTlsWarning(dropped: Buffer): string {
  const quote = decodeServerText(dropped.subarray(0, MAX_DROPPED_QUOTE));
  const more = dropped.length > MAX_DROPPED_QUOTE ? '...' : '';
  return (
    `dropped ${dropped.length} octets the server sent after its go-ahead and before TLS (${JSON.stringify(quote)}${more}): ` +
    'bytes sent there can be injected by anyone on the path, so none of them is used; only what the server says inside TLS counts'
  );
}
