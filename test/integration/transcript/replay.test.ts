/**
 * `mailproto replay` as users run it: a session recorded with `connect sandbox:PROTO --record F`
 * in line mode is printed again with its explanations, and `--against` sends it to a live server
 * (a fresh sandbox, one with a teaching fault, a server that hangs up) and says what changed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';

let dir: string;
const files: Record<'smtp' | 'pop3' | 'imap', string> = { smtp: '', pop3: '', imap: '' };
let smtpConnectOutput = '';

type Run = { code: number | null; stdout: string; stderr: string; lines: string[] };

async function replay(args: readonly string[]): Promise<Run> {
  const p = CliProcess.start(['replay', ...args], { NO_COLOR: '1' });
  const { code } = await p.waitExit(60_000);
  return { code, stdout: p.stdout, stderr: p.stderr, lines: p.stdout.split('\n').filter((l) => l !== '') };
}

async function record(protocol: 'smtp' | 'pop3' | 'imap', input: string): Promise<string> {
  const file = join(dir, `${protocol}.jsonl`);
  const run = await runConnect([`sandbox:${protocol}`, '--record', file], input);
  expect(run.code, run.stderr).toBe(0);
  files[protocol] = file;
  return run.stdout;
}

/** The 1-based line of the first send event with this text in a transcript file. */
async function lineOf(file: string, text: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  return lines.findIndex((l) => l !== '' && (JSON.parse(l) as { type: string; text?: string }).type === 'send' && (JSON.parse(l) as { text: string }).text === text) + 1;
}

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-replay-'));
  smtpConnectOutput = await record(
    'smtp',
    [':marker Envelope', 'EHLO laptop', ':note MAIL and RCPT make the envelope', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'DATA', 'Subject: hi', '', '.dot line', 'body', '.', 'AUTH PLAIN AGFsaWNlAHBhc3N3b3Jk', 'QUIT', ''].join('\n'),
  );
  await record('pop3', ['USER alice', 'PASS password', 'STAT', 'RETR 1', 'QUIT', ''].join('\n'));
  await record('imap', ['CAPABILITY', 'STARTTLS', 'LOGIN alice password', 'SELECT INBOX', 'FETCH 1 (FLAGS)', 'LOGOUT', ''].join('\n'));
}, 120_000);
afterEach(async () => {
  await CliProcess.killAll();
  ConnectProcess.killAll();
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mailproto replay FILE (printed)', () => {
  it('prints the conversation exactly as connect showed it live: S:, C: and the same # explanations', async () => {
    const run = await replay([files.smtp]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(smtpConnectOutput);
    expect(run.lines).toContain('C: AUTH PLAIN <redacted>');
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  354 Send the message now/));
    expect(run.lines.indexOf('#  note: MAIL and RCPT make the envelope')).toBe(run.lines.indexOf('C: MAIL FROM:<alice@sandbox.test>') - 1);
    expect(run.lines).toContain('#  == Envelope ==');
  });

  it('--no-annotate leaves the # lines out; --json prints events that parse', async () => {
    const bare = await replay([files.smtp, '--no-annotate']);
    // Only the conversation and the instructor's own notes and markers.
    expect(bare.lines.filter((l) => !/^[SC]: /.test(l))).toEqual(['#  == Envelope ==', '#  note: MAIL and RCPT make the envelope']);
    const json = await replay([files.pop3, '--json']);
    expect(json.code).toBe(0);
    const events = json.lines.map((l) => JSON.parse(l) as { type: string; text?: string });
    expect(events[0]).toMatchObject({ type: 'recv', text: expect.stringMatching(/^\+OK/) });
    expect(events).toContainEqual(expect.objectContaining({ type: 'send', text: 'PASS <redacted>', redacted: true }));
    expect(events.some((e) => e.type === 'annotation')).toBe(true);
  });

  it('a damaged file is refused with file:line, exit 1', async () => {
    const run = await replay([join(dir, 'missing.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^mailproto: .*missing\.jsonl: cannot read the transcript: no such file/);
  });
});

describe('mailproto replay FILE --against', () => {
  it('SMTP against a fresh sandbox: every reply matches, the AUTH secret is refilled from the seeded account and not shown, exit 0', async () => {
    const run = await replay([files.smtp, '--against', 'sandbox']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines.at(-1)).toBe('replay: 7 of 7 replies match');
    const auth = run.lines.indexOf('C: AUTH PLAIN <redacted>');
    expect(run.lines[auth + 1]).toMatch(/^S: 235 2\.7\.0 /);
    expect(run.stdout).not.toContain('AGFsaWNlAHBhc3N3b3Jk');
    expect(run.lines).toContain('C: ..dot line');
    expect(run.lines.some((l) => l.startsWith('!  '))).toBe(false);
    // Notes and markers keep their place in the live conversation too.
    expect(run.lines.indexOf('#  note: MAIL and RCPT make the envelope')).toBe(run.lines.indexOf('C: MAIL FROM:<alice@sandbox.test>') - 1);
  });

  it('against a sandbox whose RCPT fails: a readable diff naming the line and the command, the message is not sent as commands, exit 1', async () => {
    const run = await replay([files.smtp, '--against', 'sandbox', '--fault', 'smtp:RCPT:550 5.1.1 no such user', '--no-annotate']);
    expect(run.code).toBe(1);
    const line = await lineOf(files.smtp, 'RCPT TO:<bob@sandbox.test>');
    const at = run.lines.indexOf(`!  ${files.smtp}:${line}: the reply to "RCPT TO:<bob@sandbox.test>" differs from the recording`);
    expect(at, run.stdout).toBeGreaterThan(0);
    expect(run.lines.slice(at + 1, at + 3)).toEqual(['- S: 250 2.1.5 <bob@sandbox.test> OK: recipient is bob', '+ S: 550 5.1.1 no such user']);
    // DATA is refused live (no recipient), so the message lines stay unsent.
    expect(run.lines).toContain('C: DATA');
    expect(run.lines).not.toContain('C: Subject: hi');
    expect(run.lines.at(-1)).toMatch(/^replay: [0-6] of 7 replies match$/);
  });

  it('--json: events, diff records and a final summary, each line JSON', async () => {
    const run = await replay([files.smtp, '--against', 'sandbox', '--fault', 'smtp:RCPT:550 5.1.1 no such user', '--json']);
    expect(run.code).toBe(1);
    const records = run.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const diff = records.find((r) => r.type === 'diff' && r.command === 'RCPT TO:<bob@sandbox.test>');
    expect(diff).toMatchObject({ file: files.smtp, recorded: [{ key: '250 2.1.5' }], live: [{ key: '550 5.1.1', text: '550 5.1.1 no such user' }] });
    expect(records.at(-1)).toMatchObject({ type: 'summary', total: 7, exitCode: 1 });
    expect((records.at(-1) as { matched: number }).matched).toBeLessThan(7);
    expect(records.some((r) => r.type === 'send' && r.text === 'RCPT TO:<bob@sandbox.test>')).toBe(true);
  });

  it('POP3 against the sandbox matches; --user bob logs in as bob', async () => {
    const run = await replay([files.pop3, '--against', 'sandbox', '--no-annotate']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.lines.at(-1)).toBe('replay: 6 of 6 replies match');
    const bob = await replay([files.pop3, '--against', 'sandbox', '--user', 'bob', '--no-annotate']);
    expect(bob.code, bob.stdout).toBe(0);
    expect(bob.lines).toContain('C: USER bob');
    expect(bob.lines).toContain('C: PASS <redacted>');
  });

  it('a redacted password with nothing to refill it: one line naming file:line and what to try, exit 1, nothing connects', async () => {
    const run = await replay([files.pop3, '--against', 'pop3://127.0.0.1:1']);
    expect(run.code).toBe(1);
    const line = await lineOf(files.pop3, 'PASS <redacted>');
    expect(run.stderr.trim()).toBe(
      `mailproto: ${files.pop3}:${line}: "PASS <redacted>" was recorded without its secret, and no password was given to put back. Try: --user NAME --password PASS (an account on the server you replay against)`,
    );
    expect(run.stdout).toBe('');
  });

  it('nothing listening: exit 2, as connect', async () => {
    const run = await replay([files.pop3, '--against', 'pop3://127.0.0.1:1', '--password', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/could not connect to 127\.0\.0\.1:1: connection refused/);
  });

  it('IMAP with STARTTLS: the live session upgrades too, LOGIN is refilled, every reply matches', async () => {
    const run = await replay([files.imap, '--against', 'sandbox', '--no-annotate']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const tls = run.lines.findIndex((l) => l.startsWith('#  TLS TLSv1.'));
    const login = run.lines.indexOf('C: A003 LOGIN <redacted>');
    expect(tls).toBeGreaterThan(run.lines.indexOf('C: A002 STARTTLS'));
    expect(login).toBeGreaterThan(tls);
    expect(run.lines[login + 1]).toMatch(/^S: A003 OK/);
    expect(run.lines.at(-1)).toBe('replay: 7 of 7 replies match');
  });

  it('IMAP: a different tagged status and response code is a difference', async () => {
    const run = await replay([files.imap, '--against', 'sandbox', '--fault', 'imap:SELECT:NO [NONEXISTENT] no such mailbox', '--no-annotate']);
    expect(run.code).toBe(1);
    const at = run.lines.findIndex((l) => l.includes('the reply to "A004 SELECT INBOX" differs'));
    expect(at, run.stdout).toBeGreaterThan(0);
    expect(run.lines[at + 1]).toMatch(/^- S: A004 OK \[READ-WRITE\]/);
    expect(run.lines[at + 2]).toBe('+ S: A004 NO [NONEXISTENT] no such mailbox');
  });
});

describe('a live server that hangs up early', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((s: Socket) => {
      s.write('220 fake.test ESMTP\r\n');
      s.once('data', () => s.destroy());
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
  });

  it('is a difference (exit 1): the step it did not answer says the server closed, the rest count as not matching', async () => {
    const run = await replay([files.smtp, '--against', `smtp://127.0.0.1:${port}`, '--user', 'alice', '--password', 'password', '--no-annotate']);
    expect(run.code).toBe(1);
    const at = run.lines.findIndex((l) => l.includes('the reply to "EHLO laptop" differs'));
    expect(at, run.stdout).toBeGreaterThan(0);
    expect(run.lines[at + 1]).toMatch(/^- S: 250 HELP$/);
    expect(run.lines[at + 2]).toMatch(/^\+ \(the server closed the connection/);
    expect(run.lines.filter((l) => l.startsWith('!  '))).toHaveLength(1);
    expect(run.lines.at(-1)).toBe('replay: 1 of 7 replies match');
  });
});
