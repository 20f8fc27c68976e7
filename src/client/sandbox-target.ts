/**
 * `sandbox:smtp|pop3|imap`: a sandbox started in this process on free loopback ports with a fresh
 * temporary store, removed when the session ends (or the process exits). Its own certificate is
 * trusted, so STARTTLS works without --insecure. Every user's INBOX starts with a welcome message.
 */
import type { Fault } from '../server/faults.js';
import { startSandbox, SERVICES, type ServiceName } from '../server/sandbox.js';
import { createTempDataDir, removeOnExit } from '../store/temp-dir.js';
import type { ClientProtocol } from './events.js';
import { deliverWelcome } from './sandbox-welcome.js';

export type SandboxEndpoint = {
  readonly host: string;
  readonly port: number;
  /** The sandbox's certificate (PEM), to trust. */
  readonly ca: string;
  /** Every port the sandbox listens on, e.g. to deliver mail to it from elsewhere. */
  readonly ports: Readonly<Record<ServiceName, number | null>>;
  close(): Promise<void>;
};

/** Starts a sandbox for one session; `faults` as `mailproto sandbox --fault` (replay --against sandbox --fault). */
export async function startSandboxTarget(protocol: ClientProtocol, opts: { readonly faults?: readonly Fault[] } = {}): Promise<SandboxEndpoint> {
  const temp = await createTempDataDir();
  const cancelRemoval = removeOnExit(temp.dir);
  const sandbox = await startSandbox({ dataDir: temp.dir, ports: Object.fromEntries(SERVICES.map((s) => [s, 0])), ...(opts.faults ? { faults: opts.faults } : {}) }).catch(async (err: unknown) => {
    cancelRemoval();
    await temp.remove();
    throw err;
  });
  await deliverWelcome(sandbox).catch(async (err: unknown) => {
    await sandbox.close();
    cancelRemoval();
    await temp.remove();
    throw err;
  });
  return {
    host: sandbox.host,
    port: sandbox.ports[protocol]!,
    ca: sandbox.certificate.cert,
    ports: sandbox.ports,
    async close() {
      await sandbox.close();
      await temp.remove();
      cancelRemoval();
    },
  };
}
