/**
 * The CAPABILITY list, which depends on where the session is: before login it shows how to log
 * in (RFC 3501 §6.1.1, §6.2), after login what the server can do.
 */
import type { ImapConfig } from './context.js';

export type CapabilityState = {
  readonly config: ImapConfig;
  /** TLS is up (implicit or after STARTTLS). */
  readonly secure: boolean;
  readonly authenticated: boolean;
};

/** SASL mechanisms offered by AUTHENTICATE. */
export const AUTH_MECHANISMS = ['PLAIN', 'LOGIN'] as const;

/** Offered in every state. */
const BASE = ['IMAP4rev1', 'SASL-IR', 'ID', 'ENABLE', 'IDLE'];

/** What logged-in sessions can use on top of BASE. */
const AFTER_LOGIN = ['NAMESPACE', 'UIDPLUS', 'MOVE', 'UNSELECT', 'CHILDREN', 'SPECIAL-USE'];

/** True when LOGIN and AUTHENTICATE must wait for TLS (security.md item 5). */
export function loginDisabled(state: Pick<CapabilityState, 'config' | 'secure'>): boolean {
  return state.config.requireTlsForAuth && !state.secure;
}

/** The capability atoms, in the order they are written. */
export function capabilities(state: CapabilityState): string[] {
  const caps = [...BASE.slice(0, 2), state.config.nonSync, ...BASE.slice(2)];
  if (state.authenticated) {
    caps.push(...AFTER_LOGIN, `APPENDLIMIT=${state.config.maxAppendOctets}`);
    return caps;
  }
  if (!state.secure) caps.push('STARTTLS');
  if (loginDisabled(state)) caps.push('LOGINDISABLED');
  else caps.push(...AUTH_MECHANISMS.map((m) => `AUTH=${m}`));
  return caps;
}
