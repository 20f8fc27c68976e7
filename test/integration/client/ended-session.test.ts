/**
 * Calls into a session the server has already closed: each must reject with the ClientError that
 * ended the session, and leave no rejected promise behind that no one awaits. (Found by the client
 * fuzzer, test/fuzz/client-imap.test.ts: `:send` after the server went away ended in an unhandled
 * rejection, because the wait for the response was armed before the write found the session
 * closed.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ClientError } from '../../../src/client/errors.js';
import type { ClientSession } from '../../../src/client/client-session.js';
import { startFakeServer, type FakeServer } from '../../helpers/fake-mail-server.js';
import { openSession } from './harness.js';

const MESSAGE = fileURLToPath(new URL('../../fixtures/mime/01-simple-text.eml', import.meta.url));

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A session whose server greeted (logged in where the protocol allows it) and then closed. */
async function closedSession(protocol: 'smtp' | 'pop3' | 'imap'): Promise<ClientSession> {
  const greeting = { smtp: '220 fake ESMTP\r\n', pop3: '+OK fake\r\n', imap: '* PREAUTH [CAPABILITY IMAP4rev1 SASL-IR] logged in\r\n' }[protocol];
  const server = await startFakeServer({ greeting, onConnect: (c) => void setTimeout(() => c.end(), 50) });
  servers.push(server);
  const { session } = await openSession({ target: `${protocol}://127.0.0.1:${server.port}` });
  for (let i = 0; i < 200 && !session.ended; i++) await new Promise((r) => setTimeout(r, 10));
  expect(session.ended?.reason).toBe('server-closed');
  return session;
}

async function unhandledDuring(op: () => Promise<unknown>): Promise<{ rejection: unknown; unhandled: unknown[] }> {
  const unhandled: unknown[] = [];
  const listener = (err: unknown): void => void unhandled.push(err);
  process.on('unhandledRejection', listener);
  let rejection: unknown;
  try {
    await op();
  } catch (err) {
    rejection = err;
  }
  // Unhandled rejections are reported after the microtask queue drains.
  await new Promise((r) => setTimeout(r, 50));
  process.off('unhandledRejection', listener);
  return { rejection, unhandled };
}

describe('a session the server has closed', () => {
  it.each([
    ['imap', 'a typed command', (s: ClientSession) => s.send('a NOOP')],
    ['imap', ':send (APPEND)', (s: ClientSession) => s.sendFile(MESSAGE)],
    ['imap', ':auth', (s: ClientSession) => s.authenticate('plain', 'alice', 'password')],
    ['smtp', 'a typed command', (s: ClientSession) => s.send('NOOP')],
    ['smtp', ':auth', (s: ClientSession) => s.authenticate('login', 'alice', 'password')],
    ['pop3', 'a typed command', (s: ClientSession) => s.send('NOOP')],
    ['pop3', ':auth', (s: ClientSession) => s.authenticate('plain', 'alice', 'password')],
  ] as const)('%s: %s rejects with the ClientError, and nothing is left unhandled', async (protocol, _what, op) => {
    const session = await closedSession(protocol);
    const { rejection, unhandled } = await unhandledDuring(() => op(session));
    expect(unhandled).toEqual([]);
    expect(rejection).toBeInstanceOf(ClientError);
    expect((rejection as ClientError).code).toBe('E_SERVER_CLOSED');
  });
});
