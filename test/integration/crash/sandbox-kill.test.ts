/**
 * security.md item 23 for the whole sandbox, not just the store: `mailproto sandbox` (the built
 * CLI, as an instructor runs it) is killed with SIGKILL while 50 SMTP clients deliver in parallel,
 * then started again on the same data directory. Every message that got its 250 is there and
 * whole; no file in new/ or cur/ is a partial message (tmp/ may keep leftovers); IMAP UIDs are
 * distinct and ascending and UIDVALIDITY is what it was; the next delivery gets a higher UID.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTempDataDir, type TempDataDir } from '../../../src/store/temp-dir.js';
import { CliProcess, ensureBuilt } from '../../helpers/cli-process.js';
import { expectOk, imap, login, openImap } from '../../helpers/imap-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { expectCode, openSmtp, waitReplies } from '../../helpers/smtp-wire.js';

const SENDERS = 50;
/** Acknowledged deliveries before the kill: by then every sender is in the middle of one. */
const KILL_AFTER = 120;
const OFF = ['submission', 'smtps', 'pop3', 'pop3s', 'imaps'].flatMap((s) => [`--${s}`, 'off']);

let data: TempDataDir;
const clients: RawClient[] = [];

beforeAll(async () => {
  ensureBuilt();
  data = await createTempDataDir();
}, 150_000);
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await CliProcess.killAll();
});
afterAll(async () => data?.remove());

async function start(): Promise<{ proc: CliProcess; smtp: number; imap: number }> {
  const proc = CliProcess.start(['sandbox', '--data', data.dir, '--json', '--smtp', '0', '--imap', '0', ...OFF]);
  await proc.waitFor(/\n/, { timeoutMs: 60_000 });
  const listening = JSON.parse(proc.lines()[0]!) as { smtp: number; imap: number };
  return { proc, smtp: listening.smtp, imap: listening.imap };
}

/** The message as the client sends it; sizes vary from 1 KiB to about 200 KiB so a torn write shows. */
function message(n: number): string {
  const line = `${String(n).padStart(6, '0')} ${'abcdefghij'.repeat(7)}\r\n`;
  return `Subject: crash ${n}\r\nX-Marker: crash-${n}\r\n\r\n${line.repeat(13 + (n % 13) * 200)}end of ${n}\r\n`;
}

/** Every file of a Maildir sub-directory with its contents. */
async function files(sub: 'new' | 'cur'): Promise<Array<{ name: string; text: string }>> {
  const dir = join(data.dir, 'users', 'bob', 'Maildir', sub);
  const names = (await readdir(dir)).filter((f) => !f.startsWith('.'));
  return Promise.all(names.map(async (name) => ({ name, text: (await readFile(join(dir, name))).toString('latin1') })));
}

/** UIDVALIDITY and [UID, marker number] in sequence order, through IMAP. */
async function imapView(port: number): Promise<{ uidValidity: number; messages: Array<[number, number]> }> {
  const c = await openImap(port);
  clients.push(c);
  await login(c, 'bob');
  const selected = await expectOk(c, 's SELECT INBOX');
  const uidValidity = Number(/\[UIDVALIDITY (\d+)\]/.exec(selected)![1]);
  const text = await imap(c, 'f UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (X-MARKER)])', 30_000);
  const messages = [...text.matchAll(/\* (\d+) FETCH \(UID (\d+) [^\r\n]*\r\nX-Marker: crash-(\d+)\r\n/g)].map((m) => [Number(m[2]), Number(m[3])] as [number, number]);
  const seqs = [...text.matchAll(/\* (\d+) FETCH/g)].map((m) => Number(m[1]));
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  return { uidValidity, messages };
}

describe('SIGKILL in the middle of 50 parallel deliveries', () => {
  it('keeps every acknowledged message whole, shows no partial one, and keeps UIDs valid', { timeout: 240_000 }, async () => {
    const first = await start();
    // A message before the burst: its UID and the UIDVALIDITY must survive too.
    const warmup = await openSmtp(first.smtp);
    clients.push(warmup);
    await expectCode(warmup, 'EHLO warmup', 250);
    await expectCode(warmup, 'MAIL FROM:<alice@sandbox.test>', 250);
    await expectCode(warmup, 'RCPT TO:<bob@sandbox.test>', 250);
    await expectCode(warmup, 'DATA', 354);
    await expectCode(warmup, message(0) + '.', 250);
    const before = await imapView(first.imap);
    expect(before.messages).toHaveLength(1);

    const acked = new Set<number>([0]);
    let killed = false;
    /** Transactions under way (MAIL sent, final reply not yet in) and bodies sent but not answered, at the kill. */
    let busy = 0;
    let inFlight = 0;
    let atKill = { busy: 0, inFlight: 0 };
    const sender = async (id: number): Promise<void> => {
      const c = await openSmtp(first.smtp);
      clients.push(c);
      await expectCode(c, `EHLO sender${id}`, 250);
      // Until the connection dies with the server: the kill comes in the middle of whatever it does.
      for (let k = 0; ; k++) {
        const n = 1 + id + k * SENDERS;
        busy++;
        await expectCode(c, 'MAIL FROM:<alice@sandbox.test>', 250);
        await expectCode(c, 'RCPT TO:<bob@sandbox.test>', 250);
        await expectCode(c, 'DATA', 354);
        c.clear();
        c.send(message(n) + '.\r\n');
        inFlight++;
        const [reply] = await waitReplies(c, 1, 60_000).finally(() => {
          inFlight--;
          busy--;
        });
        if (reply!.code !== 250) throw new Error(`delivery ${n}: ${c.text}`);
        acked.add(n);
        if (acked.size >= KILL_AFTER && !killed) {
          killed = true;
          atKill = { busy, inFlight };
          first.proc.signal('SIGKILL');
        }
      }
    };
    const results = await Promise.allSettled(Array.from({ length: SENDERS }, (_, id) => sender(id)));
    expect(killed, results.map((r) => (r.status === 'rejected' ? String(r.reason) : '')).join('\n')).toBe(true);
    expect(await first.proc.waitExit()).toEqual({ code: null, signal: 'SIGKILL' });
    // The kill came while most senders were in a transaction, some of them waiting for the 250 of a
    // message the server was writing. (A sender that lost its connection mid-command never decrements.)
    expect(atKill.busy, JSON.stringify(atKill)).toBeGreaterThan(SENDERS / 2);
    expect(atKill.inFlight, JSON.stringify(atKill)).toBeGreaterThan(0);
    clients.splice(0).forEach((c) => c.close());

    // On disk, before anything starts again: every visible file is a whole message.
    const visible = [...(await files('new')), ...(await files('cur'))];
    const onDisk = new Map<number, number>();
    for (const f of visible) {
      const n = Number(/^X-Marker: crash-(\d+)\r$/m.exec(f.text)?.[1]);
      expect(Number.isInteger(n), `${f.name} has no marker: ${f.text.slice(0, 200)}`).toBe(true);
      expect(f.text.endsWith(message(n)), `${f.name} (message ${n}) is not whole`).toBe(true);
      expect(f.text).toMatch(/^Return-Path: <alice@sandbox\.test>\r\n/);
      onDisk.set(n, (onDisk.get(n) ?? 0) + 1);
    }
    for (const n of acked) expect(onDisk.get(n), `acknowledged message ${n}`).toBe(1);
    expect([...onDisk.values()].every((count) => count === 1)).toBe(true);

    // After a restart: the same messages through IMAP, UIDs distinct and ascending, UIDVALIDITY kept.
    const second = await start();
    const after = await imapView(second.imap);
    expect(after.uidValidity).toBe(before.uidValidity);
    expect(after.messages[0]).toEqual(before.messages[0]);
    const uids = after.messages.map(([uid]) => uid);
    expect(uids).toEqual([...uids].sort((a, b) => a - b));
    expect(new Set(uids).size).toBe(uids.length);
    expect(after.messages.map(([, n]) => n).sort((a, b) => a - b)).toEqual([...onDisk.keys()].sort((a, b) => a - b));

    // The next delivery continues above every UID handed out before the kill.
    const next = await openSmtp(second.smtp);
    clients.push(next);
    await expectCode(next, 'EHLO after', 250);
    await expectCode(next, 'MAIL FROM:<alice@sandbox.test>', 250);
    await expectCode(next, 'RCPT TO:<bob@sandbox.test>', 250);
    await expectCode(next, 'DATA', 354);
    await expectCode(next, message(99_999) + '.', 250);
    const last = (await imapView(second.imap)).messages.at(-1)!;
    expect(last[1]).toBe(99_999);
    expect(last[0]).toBeGreaterThan(Math.max(...uids));
    second.proc.signal('SIGTERM');
    expect((await second.proc.waitExit()).code).toBe(0);
  });
});
