/**
 * RFC 2449 §6.8 LOGIN-DELAY: a server may ask clients not to log in to one maildrop more often
 * than every N seconds, and refuses a login that comes sooner with `-ERR [LOGIN-DELAY]` (§8.1.1).
 * The times of the last logins are kept per sandbox (per POP3 context), for all its sessions.
 */
import type { Pop3Context } from './context.js';

const lastLogins = new WeakMap<Pop3Context, Map<string, number>>();

function loginsOf(ctx: Pop3Context): Map<string, number> {
  let map = lastLogins.get(ctx);
  if (map === undefined) {
    map = new Map();
    lastLogins.set(ctx, map);
  }
  return map;
}

/** The configured delay in whole seconds (as CAPA writes it), 0 when there is none. */
export function loginDelaySeconds(ctx: Pop3Context): number {
  return Math.ceil((ctx.config.loginDelayMs ?? 0) / 1000);
}

/** Milliseconds `user` must still wait before logging in again; 0 when a login is allowed now. */
export function loginDelayLeft(ctx: Pop3Context, user: string, now = Date.now()): number {
  const delay = ctx.config.loginDelayMs ?? 0;
  const last = loginsOf(ctx).get(user);
  if (delay <= 0 || last === undefined) return 0;
  return Math.max(0, last + delay - now);
}

/** Notes a successful login of `user`. Entries older than the delay are dropped, so the map stays small. */
export function noteLogin(ctx: Pop3Context, user: string, now = Date.now()): void {
  const delay = ctx.config.loginDelayMs ?? 0;
  if (delay <= 0) return;
  const map = loginsOf(ctx);
  for (const [name, at] of map) if (at + delay <= now) map.delete(name);
  map.set(user, now);
}
