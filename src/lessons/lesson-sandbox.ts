/**
 * The sandbox a lesson runs against: started in this process on free loopback ports with a fresh
 * temporary store (removed when the lesson ends or the process exits), filled from the lesson's
 * seed, and changed by step actions while the learner works.
 */
import { DEFAULT_USERS, SERVICES, startSandbox, type Sandbox } from '../server/sandbox.js';
import { parseFault } from '../server/faults.js';
import { createTempDataDir, removeOnExit } from '../store/temp-dir.js';
import { StoreError } from '../store/types.js';
import { messageBytes } from './message-text.js';
import type { Action, LessonService, MessageSpec, Seed } from './schema.js';
import { runWireScript } from './wire-script.js';

export type LessonSandbox = {
  readonly sandbox: Sandbox;
  /** Where a session for `service` connects, and the certificate to trust there. */
  endpoint(service: LessonService): { readonly target: string; readonly ca: string };
  /** Runs one step action; returns what happened, in a sentence for the learner (a transcript, one line each, for `wire`). */
  act(action: Action): Promise<string>;
  close(): Promise<void>;
};

async function deliver(sandbox: Sandbox, spec: MessageSpec): Promise<void> {
  await sandbox.store.ensureUser(spec.user);
  await sandbox.store.deliver(spec.user, spec.mailbox, messageBytes(spec, sandbox.domain), { flags: spec.flags });
}

/** Starts a sandbox and applies `seed`. */
export async function startLessonSandbox(seed: Seed): Promise<LessonSandbox> {
  const temp = await createTempDataDir();
  const cancelRemoval = removeOnExit(temp.dir);
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      dataDir: temp.dir,
      ports: Object.fromEntries(SERVICES.map((s) => [s, 0])),
      users: [...DEFAULT_USERS, ...seed.users],
      requireTlsForAuth: seed.require_tls_for_auth,
    });
  } catch (err) {
    cancelRemoval();
    await temp.remove();
    throw err;
  }
  const faults = new Map<string, Array<() => void>>();
  const addFault = (spec: string): void => {
    const fault = parseFault(spec);
    const key = spec.trim();
    faults.set(key, [...(faults.get(key) ?? []), sandbox.faults.add(fault)]);
  };
  const removeFault = (spec: string): boolean => {
    const removers = faults.get(spec.trim());
    const remove = removers?.pop();
    remove?.();
    return remove !== undefined;
  };
  const lessonSandbox: LessonSandbox = {
    sandbox,
    endpoint(service) {
      return { target: `${service}://${sandbox.host}:${sandbox.ports[service]!}`, ca: sandbox.certificate.cert };
    },
    async act(action) {
      if (action.deliver) {
        await deliver(sandbox, action.deliver);
        return `the sandbox delivered a message to ${action.deliver.user}'s ${action.deliver.mailbox}`;
      }
      if (action.add_fault) {
        addFault(action.add_fault);
        return `the sandbox now answers with a fault: ${action.add_fault}`;
      }
      if (action.remove_fault) {
        removeFault(action.remove_fault);
        return `the sandbox no longer answers with the fault ${action.remove_fault}`;
      }
      if (action.wire) return runWireScript(sandbox, action.wire);
      throw new Error('bug: empty lesson action');
    },
    async close() {
      await sandbox.close();
      await temp.remove();
      cancelRemoval();
    },
  };
  try {
    for (const m of seed.mailboxes) {
      await sandbox.store.create(m.user, m.name).catch((err: unknown) => {
        if (!(err instanceof StoreError && err.code === 'ALREADYEXISTS')) throw err;
      });
    }
    for (const m of seed.messages) await deliver(sandbox, m);
    for (const f of seed.faults) addFault(f);
  } catch (err) {
    await lessonSandbox.close();
    throw err;
  }
  return lessonSandbox;
}
