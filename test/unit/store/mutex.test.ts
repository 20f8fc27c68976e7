import { describe, expect, it } from 'vitest';
import { KeyedMutex, Mutex } from '../../../src/store/mutex.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('Mutex', () => {
  it('runs critical sections one at a time, in arrival order', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        mutex.run(async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          log.push(`start ${i}`);
          await tick();
          log.push(`end ${i}`);
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(log).toEqual([0, 1, 2, 3, 4].flatMap((i) => [`start ${i}`, `end ${i}`]));
    expect(mutex.pending).toBe(0);
  });

  it('releases the lock when the section throws', async () => {
    const mutex = new Mutex();
    await expect(mutex.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run(() => 7)).resolves.toBe(7);
  });
});

describe('KeyedMutex', () => {
  it('serializes per key and lets different keys run together', async () => {
    const locks = new KeyedMutex();
    const log: string[] = [];
    const section = (key: string, label: string) =>
      locks.run([key], async () => {
        log.push(`+${label}`);
        await tick();
        log.push(`-${label}`);
      });
    await Promise.all([section('a', 'a1'), section('b', 'b1'), section('a', 'a2')]);
    expect(log.indexOf('+b1')).toBeLessThan(log.indexOf('-a1'));
    expect(log.indexOf('+a2')).toBeGreaterThan(log.indexOf('-a1'));
  });

  it('does not deadlock when two callers take overlapping keys in opposite order', async () => {
    const locks = new KeyedMutex();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => locks.run(i % 2 ? ['x', 'y'] : ['y', 'x'], async () => (await tick(), i))),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('idle() waits for running sections', async () => {
    const locks = new KeyedMutex();
    let done = false;
    void locks.run(['k'], async () => {
      await tick();
      await tick();
      done = true;
    });
    await locks.idle();
    expect(done).toBe(true);
  });
});
