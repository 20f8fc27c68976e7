/**
 * Async mutual exclusion. The store serializes every mutation of one mailbox (and every change of
 * one user's mailbox tree) through these, so concurrent sessions never interleave half-done changes.
 */

/** A FIFO async lock: callers get the lock in the order they asked for it. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;

  /** Number of holders plus waiters; 0 means the lock is free and nobody queues for it. */
  get pending(): number {
    return this.#waiting;
  }

  /** Waits for the lock; the returned function releases it (calling it twice is harmless). */
  acquire(): Promise<() => void> {
    this.#waiting++;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => gate);
    let released = false;
    return previous.then(() => () => {
      if (released) return;
      released = true;
      this.#waiting--;
      open();
    });
  }

  /** Runs `fn` while holding the lock. */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * Named locks. `run(keys, fn)` takes several locks at once, always in sorted key order, so two
 * callers that need overlapping sets can never deadlock. Idle locks are forgotten.
 */
export class KeyedMutex {
  readonly #locks = new Map<string, Mutex>();

  async run<T>(keys: readonly string[], fn: () => Promise<T> | T): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: Array<() => void> = [];
    try {
      for (const key of sorted) releases.push(await this.#acquire(key));
      return await fn();
    } finally {
      for (let i = releases.length - 1; i >= 0; i--) releases[i]!();
      for (const key of sorted) {
        if (this.#locks.get(key)?.pending === 0) this.#locks.delete(key);
      }
    }
  }

  /** Resolves once no lock is held or awaited (used by close()). */
  async idle(): Promise<void> {
    while (this.#locks.size > 0) {
      const [key] = this.#locks.keys();
      await this.run([key!], () => undefined);
    }
  }

  #acquire(key: string): Promise<() => void> {
    let lock = this.#locks.get(key);
    if (!lock) {
      lock = new Mutex();
      this.#locks.set(key, lock);
    }
    // get-or-create and acquire happen in the same tick, so the cleanup in run() cannot drop a
    // lock between them.
    return lock.acquire();
  }
}
