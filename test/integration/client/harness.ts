/** A ClientSession with its events captured, for the client integration tests. */
import { ClientSession, type ConnectOptions } from '../../../src/client/client-session.js';
import type { ClientEvent } from '../../../src/client/events.js';
import { formatEvent } from '../../../src/client/line-format.js';

export type Captured = {
  readonly session: ClientSession;
  readonly events: ClientEvent[];
  /** The events as line mode prints them (S:/C:/#). */
  printed(): string[];
  /** Text of `send` events. */
  sent(): string[];
  /** Text of `recv` events. */
  received(): string[];
};

export async function openSession(opts: ConnectOptions): Promise<Captured> {
  const session = new ClientSession();
  const events: ClientEvent[] = [];
  session.on('event', (e) => events.push(e));
  await session.connect({ annotate: false, timeoutSeconds: 10, ...opts });
  return capture(session, events);
}

export function capture(session: ClientSession, events: ClientEvent[]): Captured {
  return {
    session,
    events,
    printed: () => events.flatMap((e) => formatEvent(e, { raw: false })),
    sent: () => events.flatMap((e) => (e.type === 'send' ? [e.text] : [])),
    received: () => events.flatMap((e) => (e.type === 'recv' ? [e.text] : [])),
  };
}

/** Sends each line in turn, waiting for each response. */
export async function script(c: Captured, lines: readonly string[]): Promise<void> {
  for (const line of lines) await c.session.send(line);
}
