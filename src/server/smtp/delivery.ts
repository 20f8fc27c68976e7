/** Final delivery of a received message into the store (RFC 5321 §4.4 trace fields added). */
import { randomBytes } from 'node:crypto';
import { reply } from '../../protocols/smtp/reply.js';
import type { Outcome } from './handler-types.js';
import { HELD_USER } from './recipients.js';
import { receivedHeader, returnPathHeader } from './received.js';
import type { SmtpSession } from './session.js';
import type { Transaction } from './session-state.js';

/** A queue id in the style of real MTAs, shown in the 250 reply and the Received header. */
export function newQueueId(): string {
  return randomBytes(5).toString('hex').toUpperCase();
}

/** Delivers the message body of a finished transaction to every recipient. */
export async function deliver(session: SmtpSession, tx: Transaction, body: Buffer): Promise<Outcome> {
  const { store, config, log } = session.ctx;
  const id = newQueueId();
  const locals = new Set<string>();
  const held: string[] = [];
  for (const r of tx.recipients) {
    if (r.kind === 'local') r.users.forEach((u) => locals.add(u));
    else held.push(r.address);
  }
  const trace = receivedHeader({
    heloName: session.state.heloName ?? 'unknown',
    remoteAddress: session.transport.remoteAddress,
    serverName: config.domain,
    esmtp: session.state.esmtp,
    tls: session.transport.secure,
    authenticated: session.state.authUser !== undefined,
    utf8: tx.params.has('SMTPUTF8'),
    id,
    forAddress: tx.recipients.length === 1 ? tx.recipients[0]!.address : undefined,
    date: new Date(),
  });
  const prefix = returnPathHeader(tx.from.address) + trace;
  const delivered: string[] = [];
  for (const user of locals) {
    await store.ensureUser(user);
    const info = await store.deliver(user, 'INBOX', Buffer.concat([Buffer.from(prefix), body]));
    delivered.push(`${user} (UID ${info.uid})`);
    log.emit({ event: 'delivered', protocol: 'smtp', session: session.id, user, mailbox: 'INBOX', uid: info.uid, size: info.size, queueId: id });
  }
  if (held.length > 0) {
    await store.ensureUser(HELD_USER);
    const heldFor = `X-Mailproto-Held-For: ${held.map((a) => `<${a}>`).join(', ')}\r\n`;
    const info = await store.deliver(HELD_USER, 'INBOX', Buffer.concat([Buffer.from(prefix + heldFor), body]));
    log.emit({ event: 'held', protocol: 'smtp', session: session.id, recipients: held, uid: info.uid, size: info.size, queueId: id });
  }
  const parts: string[] = [];
  if (delivered.length > 0) parts.push(`delivered to ${delivered.join(', ')}`);
  if (held.length > 0) parts.push(`held ${held.length} in the sandbox for outside domains (never relayed)`);
  return reply(250, '2.0.0', `Ok: queued as ${id}, ${parts.join('; ')}`);
}
