/**
 * Sandboxes and POP3 connections for one test file: each test starts what it needs, and all of
 * it is closed and stopped after the test, passed or failed.
 */
import { afterEach } from 'vitest';
import { openPop3 } from './pop3-wire.js';
import { RawClient } from './raw-client.js';
import { startTestSandbox, type TestSandbox } from './sandbox.js';

export type Pop3Fixtures = {
  /** A fresh sandbox, stopped after the test. */
  sandbox(opts?: Parameters<typeof startTestSandbox>[0]): Promise<TestSandbox>;
  /** A POP3 connection past the greeting (implicit TLS with `tls`), closed after the test. */
  open(port: number, tls?: boolean): Promise<RawClient>;
  /** A connection that does not wait for the greeting (a refusal may come instead), closed after the test. */
  connectRaw(port: number): Promise<RawClient>;
};

/** Call at the top level of a test file. */
export function pop3Fixtures(): Pop3Fixtures {
  const running: TestSandbox[] = [];
  const clients: RawClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });
  return {
    async sandbox(opts = {}) {
      const sb = await startTestSandbox(opts);
      running.push(sb);
      return sb;
    },
    async open(port, tls = false) {
      const c = await openPop3(port, { tls });
      clients.push(c);
      return c;
    },
    async connectRaw(port) {
      const c = await RawClient.connect(port);
      clients.push(c);
      return c;
    },
  };
}
