/**
 * security.md item 22 under contention: a POP3 session (UIDL, RETR, DELE, QUIT) and IMAP sessions
 * (STORE \Deleted, EXPUNGE, FETCH, and a reader fetching whole messages) work on the same mailbox
 * at the same time, round after round, with the interleaving varied by a seeded PRNG. After each
 * round exactly the messages someone deleted are gone: nothing else is lost, nothing duplicated,
 * every message is intact, and the IMAP sessions' views agree with the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent, SessionLog } from '../../../src/server/session-log.js';
import { expectOk, imap, login, openImap } from '../../helpers/imap-wire.js';
import { cmd, expectOk as pop3Ok, login as pop3Login, openPop3 } from '../../helpers/pop3-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { prng } from '../../fuzz/prng.js';

const ROUNDS = 25;
const PER_ROUND = 8;
const SEED = Number(process.env.MAILPROTO_RACE_SEED ?? Date.now() % 1_000_000);

const random = prng(SEED).next;
const pick = <T>(items: readonly T[], n: number): T[] => [...items].sort(() => random() - 0.5).slice(0, n);
const pause = (): Promise<void> => new Promise((r) => setTimeout(r, Math.floor(random() * 15)));

let sb: TestSandbox;
const errors: SessionEvent[] = [];
const clients: RawClient[] = [];
const body = (marker: string): string => `Subject: ${marker}\r\nX-Marker: ${marker}\r\n\r\n${marker} body\r\n${'y'.repeat(2000)}\r\n`;

beforeAll(async () => {
  const log: SessionLog = { emit: (e) => void (e.event === 'warning' && 'error' in e && errors.push(e)) };
  sb = await startTestSandbox({ log });
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await sb?.stop();
});

/** uid -> marker, straight from the store. */
async function stored(): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const m of await sb.store.messages('alice', 'INBOX')) {
    const raw = (await sb.store.read('alice', 'INBOX', m.uid)).toString('latin1');
    const marker = /^X-Marker: (\S+)\r$/m.exec(raw)![1]!;
    expect(raw, `message ${m.uid} is intact`).toBe(body(marker));
    out.set(m.uid, marker);
  }
  return out;
}

/** One POP3 session: deletes `count` messages it picks from its own snapshot; returns their UIDs. */
async function pop3Round(count: number): Promise<number[]> {
  const p = await openPop3(sb.ports.pop3!);
  clients.push(p);
  expect(await pop3Login(p)).toMatch(/^\+OK/);
  // UIDL values start with the UID in hex (src/server/pop3/maildrop.ts).
  const entries = (await pop3Ok(p, 'UIDL', true)).body.map((l) => l.split(' ')).map(([n, id]) => ({ n: Number(n), uid: parseInt(id!.slice(0, 8), 16) }));
  const doomed = pick(entries, count);
  for (const e of doomed) {
    await pause();
    if (random() < 0.5) await cmd(p, `RETR ${e.n}`, true);
    await pop3Ok(p, `DELE ${e.n}`);
  }
  expect((await cmd(p, 'QUIT')).status).toMatch(/^\+OK/);
  p.close();
  return doomed.map((e) => e.uid);
}

/** A command that may meet messages another session expunged: OK, or NO [EXPUNGEISSUED] (RFC 5530). */
async function okOrExpunged(c: RawClient, line: string): Promise<string> {
  const tag = line.slice(0, line.indexOf(' '));
  const text = await imap(c, line);
  expect(text, line).toMatch(new RegExp(`(^|\\r\\n)${tag} (OK|NO \\[EXPUNGEISSUED\\])[^\\r\\n]*\\r\\n$`));
  return text;
}

/** The IMAP session marks `count` messages \Deleted and expunges them; returns their UIDs. */
async function imapRound(c: RawClient, count: number): Promise<number[]> {
  await expectOk(c, 'n NOOP');
  const listed = [...(await okOrExpunged(c, 'f UID FETCH 1:* (FLAGS)')).matchAll(/UID (\d+)/g)].map((m) => Number(m[1]));
  const doomed = pick(listed, count);
  if (doomed.length === 0) return [];
  await pause();
  await okOrExpunged(c, `s UID STORE ${doomed.join(',')} +FLAGS (\\Deleted)`);
  await pause();
  await okOrExpunged(c, 'g FETCH 1:* (UID FLAGS)');
  await expectOk(c, 'e EXPUNGE');
  return doomed;
}

/** A reader that fetches whole messages while the others delete: OK, or NO for what just went away. */
async function reader(c: RawClient, until: () => boolean): Promise<void> {
  for (let i = 0; !until(); i++) {
    const text = await imap(c, `r${i} FETCH 1:* (UID BODY.PEEK[])`);
    // "1:*" means the messages this session has been told of: none yet is BAD (the sandbox's rule).
    expect(text).toMatch(new RegExp(`r${i} (OK|NO \\[EXPUNGEISSUED\\]|BAD the mailbox is empty)[^\\r\\n]*\\r\\n$`));
    for (const m of text.matchAll(/X-Marker: (\S+)\r\n\r\n(\S+) body/g)) expect(m[2]).toBe(m[1]);
    await imap(c, `x${i} NOOP`);
  }
}

describe(`POP3 and IMAP racing on one mailbox (seed ${SEED}: MAILPROTO_RACE_SEED=${SEED} to replay)`, () => {
  it(`${ROUNDS} rounds: exactly the deleted messages go, nothing is lost or duplicated`, { timeout: 180_000 }, async () => {
    const writer = await openImap(sb.ports.imap!);
    const watcher = await openImap(sb.ports.imap!);
    clients.push(writer, watcher);
    for (const c of [writer, watcher]) {
      await login(c);
      await expectOk(c, 'S SELECT INBOX');
    }
    let next = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < PER_ROUND; i++) await sb.store.deliver('alice', 'INBOX', Buffer.from(body(`m${next++}`)));
      const before = await stored();
      let done = false;
      const deleting = Promise.all([pop3Round(1 + Math.floor(random() * 4)), imapRound(writer, 1 + Math.floor(random() * 4))]).finally(() => {
        done = true;
      });
      const [[fromPop3, fromImap]] = await Promise.all([deleting, reader(watcher, () => done)]);
      const after = await stored();
      const gone = new Set([...fromPop3, ...fromImap]);
      const expected = [...before].filter(([uid]) => !gone.has(uid));
      expect([...after], `round ${round} (seed ${SEED})`).toEqual(expected);
      expect(new Set(after.values()).size).toBe(after.size);
      // Both IMAP views catch up with the store: same UIDs, in order, no duplicates.
      for (const c of [writer, watcher]) {
        await expectOk(c, 'n NOOP');
        const uids = [...(await expectOk(c, 'v FETCH 1:* (UID)')).matchAll(/\* (\d+) FETCH \(UID (\d+)\)/g)].map((m) => Number(m[2]));
        expect(uids, `round ${round} (seed ${SEED})`).toEqual([...after.keys()]);
      }
    }
    expect(errors).toEqual([]);
  });
});
