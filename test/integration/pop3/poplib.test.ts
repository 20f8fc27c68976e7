/**
 * Python's poplib runs whole sessions against the sandbox over plain POP3, STLS (RFC 2595) and
 * implicit TLS (pop3s), with messages delivered straight into the store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, SERVICES, type Sandbox } from '../../../src/server/sandbox.js';
import { MemoryLog } from '../../../src/server/session-log.js';
import { createTempDataDir, type TempDataDir } from '../../../src/store/temp-dir.js';
import { message, openPop3, expectOk, login, pop3Events, until } from '../../helpers/pop3-wire.js';
import { joined, poplib, type Multi, type PoplibMode } from '../../helpers/poplib.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import type { RawClient } from '../../helpers/raw-client.js';

const ONE = message(['From: alice@sandbox.test', 'To: bob@sandbox.test', 'Subject: one', '', 'Hello Bob.']);
/** A lone "." would end the RETR early, ".." would lose a dot, if stuffing did not round-trip. */
const DOTS = message(['Subject: dots', '', '.', '..', '.leading dot', 'mid.dle', '...', '. space', 'last']);
const THREE = message(['Subject: three', 'X-Dot: .', '', 'line a', 'line b', 'line c']);
const ALL = [ONE, DOTS, THREE];

const running: TestSandbox[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function loaded(): Promise<{ sb: TestSandbox; uids: number[] }> {
  const sb = await startTestSandbox();
  running.push(sb);
  const uids: number[] = [];
  for (const m of ALL) uids.push((await sb.store.deliver('bob', 'INBOX', m)).uid);
  return { sb, uids };
}

const PORT = { plain: 'pop3', stls: 'pop3', pop3s: 'pop3s' } as const;
const total = ALL.reduce((n, m) => n + m.length, 0);

describe.each<PoplibMode>(['plain', 'stls', 'pop3s'])('poplib over %s', (mode) => {
  it('STAT, LIST, UIDL, TOP, RETR, DELE, RSET, QUIT: every octet round-trips and QUIT removes what DELE marked', async () => {
    const { sb, uids } = await loaded();
    const out = await poplib({
      port: sb.ports[PORT[mode]]!,
      mode,
      dataDir: sb.dataDir,
      steps: [['stat'], ['list'], ['uidl'], ['uidl', 2], ['top', 3, 1], ['top', 2, 0], ['retr', 1], ['retr', 2], ['retr', 3],
        ['dele', 2], ['stat'], ['retr', 2], ['rset'], ['stat'], ['dele', 2], ['list'], ['uidl']],
      end: 'quit',
    });
    const r = out.results;
    expect(out.greeting).toMatch(/^\+OK sandbox\.test POP3 .*<[^>]+@sandbox\.test>$/);
    expect(out.stls).toBe(mode === 'stls' ? '+OK Begin TLS negotiation' : null);
    expect(out.tls).toEqual(mode === 'plain' ? null : expect.stringMatching(/^TLSv1\.[23]$/));
    expect(out.login).toBe(`+OK Logged in as bob: maildrop has 3 messages (${total} octets)`);

    expect(r[0]).toEqual([3, total]);
    expect((r[1] as Multi).lines).toEqual(ALL.map((m, i) => `${i + 1} ${m.length}`));
    const uidl = (r[2] as Multi).lines;
    expect(uidl).toHaveLength(3);
    uidl.forEach((l, i) => expect(l).toMatch(new RegExp(`^${i + 1} [\\x21-\\x7e]{1,70}$`)));
    expect(new Set(uidl.map((l) => l.split(' ')[1])).size).toBe(3);
    expect(r[3]).toBe(`+OK ${uidl[1]}`);
    expect(joined(r[4])).toBe('Subject: three\r\nX-Dot: .\r\n\r\nline a\r\n');
    expect(joined(r[5])).toBe('Subject: dots\r\n\r\n');
    expect([joined(r[6]), joined(r[7]), joined(r[8])]).toEqual(ALL.map((m) => m.toString('latin1')));
    expect((r[7] as Multi).lines.slice(2, 5)).toEqual(['.', '..', '.leading dot']);

    expect(r[9]).toMatch(/^\+OK message 2 deleted/);
    expect(r[10]).toEqual([2, total - DOTS.length]);
    expect(r[11]).toMatch(/^error_proto: b?'?-ERR message 2 already deleted/);
    expect(r[12]).toMatch(/^\+OK maildrop has 3 messages/);
    expect(r[13]).toEqual([3, total]);
    expect((r[15] as Multi).lines).toEqual([`1 ${ONE.length}`, `3 ${THREE.length}`]);
    expect((r[16] as Multi).lines).toEqual([uidl[0], uidl[2]]);
    expect(out.end).toMatch(/^\+OK sandbox\.test POP3 server signing off \(1 message deleted\)$/);

    const left = await sb.store.messages('bob', 'INBOX');
    expect(left.map((m) => m.uid)).toEqual([uids[0], uids[2]]);
    expect((await sb.store.read('bob', 'INBOX', uids[2]!)).equals(THREE)).toBe(true);
    // Retrieved and kept: \Seen in the store, as IMAP will show it.
    expect(left.every((m) => m.flags.includes('\\Seen'))).toBe(true);
  });

  it('DELE and then the connection drops without QUIT: nothing is deleted and the lock is released', async () => {
    const { sb, uids } = await loaded();
    const out = await poplib({
      port: sb.ports[PORT[mode]]!,
      mode,
      dataDir: sb.dataDir,
      steps: [['dele', 1], ['dele', 2], ['stat']],
      end: 'drop',
    });
    expect(out.results[2]).toEqual([1, THREE.length]);
    await until(() => pop3Events(sb.log.events, 'close') === pop3Events(sb.log.events, 'connect'), 'the server to see the drop');
    expect((await sb.store.messages('bob', 'INBOX')).map((m) => m.uid)).toEqual(uids);
    const c = await openPop3(sb.ports.pop3!);
    clients.push(c);
    expect(await login(c, 'bob')).toBe(`+OK Logged in as bob: maildrop has 3 messages (${total} octets)`);
    expect((await expectOk(c, 'STAT')).status).toBe(`+OK 3 ${total}`);
  });
});

describe('UIDL is stable (RFC 1939 §7)', () => {
  const dirs: TempDataDir[] = [];
  const sandboxes: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((s) => s.close()));
    await Promise.all(dirs.splice(0).map((d) => d.remove()));
  });
  async function start(dataDir: string): Promise<Sandbox> {
    const ports = Object.fromEntries(SERVICES.map((s) => [s, s === 'pop3' ? 0 : null]));
    const sb = await startSandbox({ dataDir, ports, log: new MemoryLog() });
    sandboxes.push(sb);
    return sb;
  }
  const uidlOf = async (sb: Sandbox): Promise<string[]> => {
    const out = await poplib({ port: sb.ports.pop3!, mode: 'plain', dataDir: sb.dataDir, steps: [['uidl']], end: 'quit' });
    return (out.results[0] as Multi).lines;
  };

  it('the same in two sessions, after another message was deleted, and after a restart on the same data dir', async () => {
    const dir = await createTempDataDir();
    dirs.push(dir);
    const first = await start(dir.dir);
    for (const m of ALL) await first.store.deliver('bob', 'INBOX', m);
    const a = await uidlOf(first);
    expect(await uidlOf(first)).toEqual(a);

    // Message 1 goes: the others are renumbered but keep their unique ids.
    await poplib({ port: first.ports.pop3!, mode: 'plain', dataDir: dir.dir, steps: [['dele', 1]], end: 'quit' });
    const b = await uidlOf(first);
    const ids = (lines: string[]): string[] => lines.map((l) => l.split(' ')[1]!);
    expect(b).toEqual([`1 ${ids(a)[1]}`, `2 ${ids(a)[2]}`]);

    await first.close();
    sandboxes.splice(0);
    const second = await start(dir.dir);
    expect(await uidlOf(second)).toEqual(b);
    await second.store.deliver('bob', 'INBOX', ONE);
    const c = await uidlOf(second);
    expect(c.slice(0, 2)).toEqual(b);
    expect(ids(a)).not.toContain(ids(c)[2]);
  });
});
