/**
 * Meta-commands through the shared runner (line mode and the TUI use the same one), and the
 * session API the TUI builds on: events() as an async iterator, facts(), whenClosed().
 */
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSession } from '../../../src/client/client-session.js';
import type { ClientEvent } from '../../../src/client/events.js';
import { isMetaCommand, runMetaCommand, type MetaHost } from '../../../src/client/meta-commands.js';
import { MAX_SEND_FILE } from '../../../src/client/limits.js';
import { Recorder } from '../../../src/client/recorder.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { openSession, type Captured } from './harness.js';

let sandbox: TestSandbox;
let dir: string;
const url = (service: 'smtp' | 'pop3' | 'imap'): string => `${service}://127.0.0.1:${sandbox.ports[service]}`;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-meta-'));
});
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

function host(c: Captured): MetaHost & { raw: boolean; recorders: Recorder[] } {
  const h = {
    session: c.session,
    raw: false,
    recorders: [] as Recorder[],
    toggleRaw: () => (h.raw = !h.raw),
    record: async (file: string) => {
      h.recorders.push(await Recorder.start(c.session, file));
    },
  };
  return h;
}

const last = (c: Captured): ClientEvent | undefined => c.events.at(-1);

describe('meta-commands', () => {
  it('recognises lines that start with ":"', () => {
    expect(['  :help', ':auth plain a b', ':raw'].every(isMetaCommand)).toBe(true);
    expect([': not', 'HELP', '::', 'A1 :x'].some(isMetaCommand)).toBe(false);
  });

  it(':b64, :unb64, :explain, :help and unknown ones answer with info or warnings and send nothing', async () => {
    const c = await openSession({ target: url('smtp') });
    const h = host(c);
    await runMetaCommand(':b64 \\0alice\\0password', h);
    expect(last(c)).toMatchObject({ type: 'info', text: 'base64: AGFsaWNlAHBhc3N3b3Jk' });
    await runMetaCommand(':unb64 VXNlcm5hbWU6', h);
    expect(last(c)).toMatchObject({ type: 'info', text: 'decoded: Username:' });
    await runMetaCommand(':unb64 not base64!', h);
    expect(last(c)).toMatchObject({ type: 'warning' });
    await runMetaCommand(':explain 550 5.1.1', h);
    expect(last(c)).toMatchObject({ type: 'info', text: expect.stringMatching(/550[\s\S]*5\.1\.1[\s\S]*RFC/) });
    await runMetaCommand(':explain NO', h);
    expect(last(c)).toMatchObject({ type: 'info', text: expect.stringMatching(/^IMAP response: NO\n[\s\S]*\(RFC 3501 §7\.1\.2\)/) });
    await runMetaCommand(':explain IN-USE', h);
    expect(last(c)).toMatchObject({ type: 'info', text: expect.stringMatching(/^POP3 response code: IN-USE\n[\s\S]*\(RFC 2449 §8\.1\.2\)/) });
    await runMetaCommand(':help QUIT', h);
    expect(last(c)).toMatchObject({ type: 'info', text: expect.stringMatching(/^QUIT/) });
    await runMetaCommand(':frobnicate', h);
    expect(last(c)).toMatchObject({ type: 'warning', text: expect.stringContaining(':help') });
    await runMetaCommand(':raw', h);
    expect(h.raw).toBe(true);
    expect(c.sent()).toEqual([]);
    expect(await runMetaCommand(':quit', h)).toBe('quit');
    expect(c.sent()).toEqual(['QUIT']);
    expect(c.session.ended?.reason).toBe('quit');
  });

  it(':explain in an IMAP session reads IMAP first, and still explains a code of another protocol', async () => {
    const c = await openSession({ target: url('imap') });
    const h = host(c);
    await runMetaCommand(':explain TRYCREATE', h);
    expect(last(c)).toMatchObject({ type: 'info', text: expect.stringMatching(/^IMAP response code: TRYCREATE\n/) });
    await runMetaCommand(':explain 550 5.1.1', h);
    expect(last(c)).toMatchObject({ type: 'info', text: expect.stringMatching(/^SMTP reply: 550 5\.1\.1\n/) });
    await runMetaCommand(':explain -ERR [SYS/TEMP] busy', h);
    expect(last(c)).toMatchObject({ type: 'info', text: expect.stringMatching(/^POP3 response: -ERR \[SYS\/TEMP\] busy\n/) });
    await runMetaCommand(':explain ???', h);
    expect(last(c)).toMatchObject({ type: 'warning', text: expect.stringContaining('Try: :explain') });
    expect(c.sent()).toEqual([]);
    await c.session.quit();
  });

  it(':starttls upgrades mid-session; :auth uses the user from the target when only PASS is given', async () => {
    const c = await openSession({ target: `imap://alice@127.0.0.1:${sandbox.ports.imap}`, ca: sandbox.certificate.cert });
    const h = host(c);
    await runMetaCommand(':starttls', h);
    expect(c.session.facts().secure).toBe(true);
    await runMetaCommand(':auth plain password', h);
    expect(c.session.facts().state).toBe('authenticated');
    await runMetaCommand(':auth md5 x y', h);
    expect(last(c)).toMatchObject({ type: 'warning', text: expect.stringContaining('usage: :auth plain|login|cram-md5') });
    await c.session.quit();
  });

  it(':send on POP3 explains that POP3 only reads; :send of a missing file warns and the session goes on', async () => {
    const pop = await openSession({ target: url('pop3') });
    await runMetaCommand(':send /nonexistent', host(pop));
    expect(last(pop)).toMatchObject({ type: 'info', text: expect.stringContaining('POP3 only reads') });
    await pop.session.quit();
    const imap = await openSession({ target: url('imap') });
    await imap.session.send('LOGIN alice password');
    await runMetaCommand(`:send ${join(dir, 'missing.eml')}`, host(imap));
    expect(last(imap)).toMatchObject({ type: 'warning', text: expect.stringContaining('ENOENT') });
    expect(imap.session.ended).toBeUndefined();
    await imap.session.quit();
  });

  it(`:send refuses a file over MAX_SEND_FILE (${MAX_SEND_FILE} octets) before reading it`, async () => {
    const big = join(dir, 'big.eml');
    await writeFile(big, '');
    await truncate(big, MAX_SEND_FILE + 1);
    const c = await openSession({ target: url('imap') });
    await c.session.send('LOGIN alice password');
    await runMetaCommand(`:send ${big}`, host(c));
    expect(last(c)).toMatchObject({ type: 'warning', text: expect.stringContaining(`larger than ${MAX_SEND_FILE} octets`) });
    expect(c.sent()).toEqual(['A001 LOGIN <redacted>']);
    await c.session.quit();
  });

  it(':record FILE records from then on; an unwritable path is a warning', async () => {
    const c = await openSession({ target: url('smtp') });
    const h = host(c);
    await runMetaCommand(`:record ${join(dir, 'no-such-dir', 'x.jsonl')}`, h);
    expect(last(c)).toMatchObject({ type: 'warning', text: expect.stringContaining('cannot write the transcript') });
    const file = join(dir, 'mid.jsonl');
    await runMetaCommand(`:record ${file}`, h);
    await c.session.send('NOOP');
    await c.session.quit();
    await Promise.all(h.recorders.map((r) => r.stop()));
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string });
    expect(lines.map((l) => l.type)).toEqual(['header', 'send', 'recv', 'send', 'recv', 'close']);
    expect(lines[1]).toMatchObject({ text: 'NOOP' });
  });
});

describe(':record inside TLS', () => {
  it('a recording started after the handshake begins with its tls event; one started before STARTTLS gets it when TLS comes up', async () => {
    const c = await openSession({ target: url('smtp'), ca: sandbox.certificate.cert });
    const h = host(c);
    const before = join(dir, 'before-tls.jsonl');
    await runMetaCommand(`:record ${before}`, h);
    await c.session.send('EHLO me');
    await runMetaCommand(':starttls', h);
    const inside = join(dir, 'inside-tls.jsonl');
    await runMetaCommand(`:record ${inside}`, h);
    await c.session.send('EHLO me');
    await c.session.quit();
    await Promise.all(h.recorders.map((r) => r.stop()));
    const read = async (f: string) => (await readFile(f, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const tls = { type: 'tls', authorized: true, subject: 'CN=sandbox.test', fingerprint256: sandbox.certificate.fingerprint256, version: expect.stringMatching(/^TLSv1\.[23]$/) };
    const a = await read(before);
    expect(a.filter((e) => e.type === 'tls')).toEqual([expect.objectContaining(tls)]);
    expect(a.findIndex((e) => e.type === 'tls')).toBe(a.findIndex((e) => e.text === 'STARTTLS') + 2);
    const b = await read(inside);
    expect(b.map((e) => e.type).slice(0, 3)).toEqual(['header', 'tls', 'send']);
    expect(b[1]).toMatchObject({ ...tls, t: 0 });
    expect(b.filter((e) => e.type === 'tls')).toHaveLength(1);
  });
});

describe('ClientSession API', () => {
  it('events() yields every event up to close; facts() and exitCode() follow the session', async () => {
    const session = new ClientSession();
    const seen: ClientEvent['type'][] = [];
    const done = (async () => {
      for await (const e of session.events()) seen.push(e.type);
    })();
    await session.connect({ target: 'sandbox:pop3', annotate: false });
    expect(session.protocol).toBe('pop3');
    expect(session.facts()).toMatchObject({ protocol: 'pop3', state: 'authorization', secure: false, loopback: true });
    await session.send('USER alice');
    await session.send('PASS password');
    expect(session.facts().state).toBe('transaction');
    await session.quit();
    await done;
    expect(seen).toEqual(['recv', 'send', 'recv', 'send', 'recv', 'send', 'recv', 'close']);
    expect(session.exitCode()).toBe(0);
    await expect(session.send('NOOP')).rejects.toMatchObject({ code: 'E_SESSION_ENDED' });
  });
});
