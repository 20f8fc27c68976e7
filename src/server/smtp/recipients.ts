/** Resolves RCPT addresses against the sandbox's users and lists. */
import type { SmtpPath } from '../../protocols/smtp/paths.js';
import type { Users } from '../../store/users.js';
import type { Recipient } from './session-state.js';

/** The reserved maildir where mail for other domains is kept (never relayed). */
export const HELD_USER = '_held';

export type Resolution =
  | { readonly ok: true; readonly recipient: Recipient; readonly text: string; readonly enhanced: string }
  | { readonly ok: false; readonly code: number; readonly enhanced: string; readonly text: string };

/**
 * RFC 5321 §4.5.1: `postmaster` must be accepted. In the sandbox it is an alias of the first user.
 */
export function resolveRecipient(path: SmtpPath, domain: string, users: Users): Resolution {
  const lowerDomain = path.domain.toLowerCase();
  const isLocal = path.domain === '' || lowerDomain === domain.toLowerCase();
  if (!isLocal) {
    return {
      ok: true,
      recipient: { kind: 'held', address: path.address },
      enhanced: '2.1.5',
      text: `<${path.address}> accepted: ${path.domain} is outside the sandbox, so the message will be held here, never relayed`,
    };
  }
  const local = path.localPart;
  if (local.toLowerCase() === 'postmaster') {
    const first = users.names()[0];
    if (first) {
      return { ok: true, recipient: { kind: 'local', address: path.address, users: [first] }, enhanced: '2.1.5', text: `<${path.address}> OK: postmaster is delivered to ${first}` };
    }
  }
  const user = users.canonical(local);
  if (user) {
    return { ok: true, recipient: { kind: 'local', address: path.address, users: [user] }, enhanced: '2.1.5', text: `<${path.address}> OK: recipient is ${user}` };
  }
  const list = users.lists().get(local.toLowerCase());
  if (list) {
    return {
      ok: true,
      recipient: { kind: 'local', address: path.address, users: list },
      enhanced: '2.1.5',
      text: `<${path.address}> OK: list ${local.toLowerCase()} with ${list.length} member${list.length === 1 ? '' : 's'}`,
    };
  }
  return {
    ok: false,
    code: 550,
    enhanced: '5.1.1',
    text: `<${path.address}>: no such user in the sandbox (users: ${users.names().join(', ')})`,
  };
}
