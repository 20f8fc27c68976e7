import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MailStore } from '../../../src/store/store.js';
import { createTempDataDir } from '../../../src/store/temp-dir.js';
import type { StoreEvent } from '../../../src/store/types.js';

export type Fixture = {
  readonly dir: string;
  store: MailStore;
  readonly events: StoreEvent[];
  /** Closes the store and opens a new one on the same directory (a restart). */
  reopen(): Promise<MailStore>;
  cleanup(): Promise<void>;
};

/** A store on a fresh temp dir with user alice, recording every event. */
export async function openFixture(users: readonly string[] = ['alice']): Promise<Fixture> {
  const tmp = await createTempDataDir();
  const events: StoreEvent[] = [];
  const fixture: Fixture = {
    dir: tmp.dir,
    store: await MailStore.open({ dir: tmp.dir }),
    events,
    async reopen() {
      await fixture.store.close();
      fixture.store = await MailStore.open({ dir: tmp.dir });
      fixture.store.on((e) => events.push(e));
      return fixture.store;
    },
    async cleanup() {
      await fixture.store.close();
      await tmp.remove();
    },
  };
  for (const u of users) await fixture.store.ensureUser(u);
  fixture.store.on((e) => events.push(e));
  return fixture;
}

/** A small CRLF message whose body names `n`. */
export function message(n: number | string): Buffer {
  return Buffer.from(`From: bob@sandbox.test\r\nSubject: message ${n}\r\n\r\nBody of message ${n}.\r\n`);
}

export function maildir(f: Fixture, user = 'alice'): string {
  return join(f.dir, 'users', user, 'Maildir');
}

export async function ls(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
