/**
 * The status line's words: protocol, server, the session state said the way a learner thinks
 * of it (SMTP "mail transaction", IMAP "selected INBOX (read-write)"), TLS, the user, recording.
 */
import { basename } from 'node:path';
import type { SessionFacts } from '../annotate/context.js';
import type { ClientProtocol } from '../client/events.js';

const SMTP_STATES: Readonly<Record<string, string>> = {
  connected: 'connected, not greeted',
  greeted: 'greeted',
  mail: 'mail transaction (sender given)',
  rcpt: 'mail transaction (recipients given)',
  data: 'mail transaction (message data)',
};

const POP3_STATES: Readonly<Record<string, string>> = {
  authorization: 'authorization (not logged in)',
  transaction: 'transaction (logged in)',
};

const IMAP_STATES: Readonly<Record<string, string>> = {
  'not-authenticated': 'not authenticated',
  authenticated: 'authenticated',
  logout: 'logging out',
};

/** The session state in words. */
export function stateLabel(facts: SessionFacts | undefined, ended: boolean): string {
  if (ended) return 'closed';
  if (!facts) return 'connecting';
  if (facts.protocol === 'imap' && facts.state === 'selected') {
    return facts.selected ? `selected ${facts.selected.name} (${facts.selected.readOnly ? 'read-only' : 'read-write'})` : 'selected';
  }
  const table = facts.protocol === 'smtp' ? SMTP_STATES : facts.protocol === 'pop3' ? POP3_STATES : IMAP_STATES;
  return table[facts.state] ?? facts.state;
}

export type StatusInfo = {
  readonly protocol: ClientProtocol;
  readonly server: string;
  readonly state: string;
  readonly tls: boolean;
  readonly user?: string;
  /** The transcript file while recording. */
  readonly recording?: string;
  /** A command is on the wire and its response is not complete yet. */
  readonly busy: boolean;
  readonly raw: boolean;
};

/**
 * The status line's fields, in order. When `width` is too small the server goes first, then the
 * state is shortened to its first words; protocol, TLS, user and recording always stay.
 */
export function statusFields(s: StatusInfo, width = Infinity): string[] {
  const fields = (server: boolean, state: string): string[] => [
    ...(s.raw ? ['RAW VIEW'] : []),
    s.protocol.toUpperCase(),
    ...(server ? [s.server] : []),
    state + (s.busy ? ' …' : ''),
    s.tls ? 'TLS on' : 'TLS off',
    `user ${s.user ?? '-'}`,
    s.recording ? `REC ${basename(s.recording)}` : 'rec off',
  ];
  const fits = (f: string[]): boolean => f.join(' │ ').length + 1 <= width;
  const full = fields(true, s.state);
  if (fits(full)) return full;
  const noServer = fields(false, s.state);
  if (fits(noServer)) return noServer;
  return fields(false, s.state.split(' (')[0]!);
}
