/** What a protocol session is given, and what it hands back. */
import type { Annotator } from './annotator.js';
import type { OpenTransport, TlsTrust } from './connection.js';
import type { ClientError } from './errors.js';
import type { ClientEvent, CloseReason } from './events.js';

export type SessionSettings = {
  readonly host: string;
  readonly port: number;
  readonly implicitTls: boolean;
  readonly trust: TlsTrust;
  /** Connect timeout and per-response timeout. */
  readonly timeoutMs: number;
  readonly showSecrets: boolean;
  readonly annotator: Annotator;
  /** The user named in the target (`imap://alice@host`), for `:auth` defaults. */
  readonly user?: string;
  readonly emit: (event: ClientEvent) => void;
  /** Milliseconds since the session started. */
  readonly now: () => number;
  /** Opens the connection; default Connection.open (a socket). Transcript playback plays a recording instead. */
  readonly openTransport?: OpenTransport;
};

/**
 * One complete response, as much of it as the sessions need: its first and last lines. (Only
 * these are kept, so that an endless response cannot fill memory; every line is an event.)
 */
export type Response = { readonly first: string; readonly last: string };

export type SessionEnd = { readonly reason: CloseReason; readonly error?: ClientError };

/** Loopback addresses: AUTH before STARTTLS is only a mistake elsewhere. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(host);
}
