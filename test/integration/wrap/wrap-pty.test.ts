/**
 * `mailproto wrap -- TOOL` end to end: a pseudo-terminal runs mailproto, which runs the real tool
 * (nc from netcat-openbsd, openssl s_client, telnet) in a pseudo-terminal of its own against the sandbox.
 * The test types as a learner does and reads what the terminal is sent.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess } from '../../helpers/cli-process.js';
import { findNewMessage } from '../../helpers/maildir-files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { requireTool } from '../../helpers/require-tool.js';
import { requireNetcat, WrapPty } from '../../helpers/wrap-pty.js';

let sandbox: TestSandbox;
let dir: string;
const PASSWORD = 'Wr4p-Secret';
const port = (service: keyof TestSandbox['ports']): string => String(sandbox.ports[service]);

beforeAll(async () => {
  requireNetcat();
  requireTool('openssl');
  sandbox = await startTestSandbox({ users: [{ name: 'alice', password: 'password' }, { name: 'erin', password: PASSWORD }] });
  await sandbox.store.deliver('alice', 'INBOX', Buffer.from('Subject: wrapped\r\n\r\nHello.\r\n'));
  dir = await mkdtemp(join(tmpdir(), 'mailproto-wrap-'));
}, 60_000);
afterEach(async () => {
  WrapPty.killAll();
  await CliProcess.killAll();
});
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The line shown right after the first line that equals `line` (or matches it). */
function after(p: WrapPty, line: string | RegExp): string | undefined {
  const lines = p.lines();
  const i = lines.findIndex((l) => (typeof line === 'string' ? l === line : line.test(l)));
  return i >= 0 ? lines[i + 1] : undefined;
}

describe('mailproto wrap -- nc -C (SMTP against the sandbox)', () => {
  it('explains the greeting and the EHLO reply lines, dimmed; what was typed is not explained as a server line', async () => {
    const p = WrapPty.start(['--', 'nc', '-C', '127.0.0.1', port('smtp')]);
    await p.waitFor(/#  220 Service ready/);
    expect(after(p, '220 sandbox.test ESMTP mailproto sandbox')).toMatch(/^#  220 Service ready: the server is listening/);
    // On a terminal the explanations are dimmed (SGR 2), the tool's own lines are not.
    expect(p.raw).toContain('\x1b[2m#  220 Service ready');
    expect(p.raw).not.toContain('\x1b[2m220 sandbox.test');
    p.type('EHLX\x7fO me\r');
    await p.waitFor(/#  HELP: /);
    expect(after(p, 'EHLO me')).toBe('250-sandbox.test greets me');
    expect(after(p, '250-sandbox.test greets me')).toMatch(/^#  250 EHLO accepted: the server greets you \("sandbox\.test greets me"\)/);
    expect(after(p, '250-STARTTLS')).toMatch(/^#  STARTTLS: The connection can be upgraded to TLS/);
    expect(p.text()).not.toMatch(/Not an SMTP reply/);
    p.type('QUIT\r');
    await p.waitFor(/#  221 2\.0\.0 Goodbye/);
    // nc (openbsd) goes on reading its input after the server has closed: ^D ends it.
    p.type('\x04');
    expect(await p.waitExit()).toBe(0);
  });

  it('STARTTLS through nc: after the go-ahead, a warning names the tool to use instead', async () => {
    const p = WrapPty.start(['--', 'nc', '-C', '127.0.0.1', port('smtp')], { NO_COLOR: '1' });
    await p.waitFor(/#  220 /);
    p.type('EHLO me\r');
    await p.waitFor(/#  HELP: /);
    p.type('STARTTLS\r');
    await p.waitFor(/#  warning: the server now waits for a TLS handshake, which nc cannot make/);
    expect(p.text()).toContain(`try: mailproto wrap -- openssl s_client -quiet -crlf -starttls smtp -connect 127.0.0.1:${port('smtp')}`);
    // ^C reaches nc through its terminal, as it would at a real one.
    p.type('\x03');
    expect(await p.waitExit()).not.toBe(0);
  });
});

describe('mailproto wrap -- openssl s_client', () => {
  it('-quiet -starttls smtp: EHLO and QUIT are explained inside TLS; the tool ends when the server closes', async () => {
    const p = WrapPty.start(['--', 'openssl', 's_client', '-quiet', '-crlf', '-starttls', 'smtp', '-connect', `127.0.0.1:${port('smtp')}`], { NO_COLOR: '1' });
    await p.waitFor(/verify return:1\n/);
    p.type('EHLO me\r');
    await p.waitFor(/#  HELP: /);
    expect(after(p, '250-sandbox.test greets me')).toMatch(/^#  250 EHLO accepted/);
    // Inside TLS the server offers AUTH and no more STARTTLS.
    expect(p.lines()).toContain('250-AUTH PLAIN LOGIN CRAM-MD5');
    expect(p.lines()).not.toContain('250-STARTTLS');
    p.type('QUIT\r');
    await p.waitFor(/#  221 2\.0\.0 Goodbye/);
    expect(await p.waitExit()).toBe(0);
  });

  it('implicit TLS (pop3s) with --record: the transcript has the protocol lines and no password', async () => {
    const file = join(dir, 'pop3s.jsonl');
    const p = WrapPty.start(['--record', file, '--', 'openssl', 's_client', '-quiet', '-crlf', '-connect', `127.0.0.1:${port('pop3s')}`], { NO_COLOR: '1' });
    await p.waitFor(/#  \+OK POP3 server ready/);
    p.type('USER erin\r');
    await p.waitFor(/#  \+OK User name noted/);
    p.type(`PASS ${PASSWORD}\r`);
    await p.waitFor(/#  \+OK Logged in/);
    p.type('STAT\r');
    await p.waitFor(/#  \+OK 0 messages, 0 octets/);
    p.type('QUIT\r');
    await p.waitFor(/#  \+OK Goodbye/);
    expect(await p.waitExit()).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ type: 'header', version: 1, protocol: 'pop3', target: `pop3s://127.0.0.1:${port('pop3s')}`, title: expect.stringContaining('mailproto wrap -- openssl s_client') });
    expect(events.filter((e) => e.type === 'send').map((e) => e.text)).toEqual(['USER erin', 'PASS <redacted>', 'STAT', 'QUIT']);
    expect(events.find((e) => e.text === 'PASS <redacted>')).toMatchObject({ redacted: true });
    expect(events.filter((e) => e.type === 'recv').map((e) => e.text)).toContainEqual(expect.stringMatching(/^\+OK .*signing off/));
    expect(events.at(-1)).toMatchObject({ type: 'close' });
  });
});

describe('mailproto wrap -- nc -C (POP3 and IMAP against the sandbox)', () => {
  it('IMAP: LOGIN with a literal, SELECT (EXISTS explained), FETCH; --record --show-secrets keeps the password', async () => {
    const file = join(dir, 'imap.jsonl');
    const p = WrapPty.start(['--record', file, '--show-secrets', '--', 'nc', '-C', '127.0.0.1', port('imap')], { NO_COLOR: '1' });
    await p.waitFor(/#  \* OK The server is ready/);
    p.type('a LOGIN erin {11}\r');
    await p.waitFor(/#  \+ Go ahead: send the literal now, exactly the 11 octets/);
    p.type(`${PASSWORD}\r`);
    await p.waitFor(/#  a OK: LOGIN succeeded/);
    p.type('b SELECT INBOX\r');
    await p.waitFor(/#  b OK: SELECT succeeded/);
    expect(after(p, /^\* \d+ EXISTS$/)).toMatch(/^#  "INBOX" holds \d+ messages?/);
    p.type('c LOGOUT\r');
    await p.waitFor(/#  c OK: LOGOUT succeeded/);
    p.type('\x04');
    await p.waitExit();
    const events = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ protocol: 'imap', target: `imap://127.0.0.1:${port('imap')}` });
    expect(events.filter((e) => e.type === 'send').map((e) => e.text)).toEqual(['a LOGIN erin {11}', PASSWORD, 'b SELECT INBOX', 'c LOGOUT']);
  });

  it('POP3: RETR shows the message; its lines are content, not explained as replies', async () => {
    const p = WrapPty.start(['--', 'nc', '-C', '127.0.0.1', port('pop3')], { NO_COLOR: '1' });
    await p.waitFor(/#  \+OK POP3 server ready/);
    p.type('USER alice\r');
    await p.waitFor(/#  \+OK User name noted/);
    p.type('PASS password\r');
    await p.waitFor(/#  \+OK Logged in/);
    p.type('RETR 1\r');
    await p.waitFor(/^\.$/m);
    expect(after(p, 'Subject: wrapped')).not.toMatch(/^#/);
    p.type('QUIT\r');
    await p.waitFor(/#  \+OK Goodbye/);
    p.type('\x04');
    await p.waitExit();
  });
});

describe('mailproto wrap -- telnet (SMTP against the sandbox)', () => {
  it('a whole message through telnet: replies explained, learner mistakes noted, AUTH redacted in the recording', async () => {
    const telnet = requireTool('telnet');
    const file = join(dir, 'telnet.jsonl');
    const p = WrapPty.start(['--record', file, '--', telnet, '127.0.0.1', port('smtp')], { NO_COLOR: '1' });
    // telnet's own lines (Trying ..., Connected to ..., Escape character ...) are passed through, not explained.
    await p.waitFor(/#  220 Service ready/);
    expect(after(p, /^Escape character is/)).toBe('220 sandbox.test ESMTP mailproto sandbox');
    p.type('EHLO me\r');
    await p.waitFor(/#  HELP: /);
    p.type(`AUTH PLAIN ${Buffer.from(`\0erin\0${PASSWORD}`).toString('base64')}\r`);
    await p.waitFor(/#  235 2\.7\.0 Logged in/);
    p.type('MAIL FROM:<erin@sandbox.test>\r');
    await p.waitFor(/#  250 2\.1\.0 Sender accepted/);
    p.type('RCPT TO:alice\r');
    await p.waitFor(/#  501 5\.1\.3 /);
    expect(after(p, 'RCPT TO:alice')).toBe('#  Put the address in angle brackets: RCPT TO:<alice>; many servers refuse it without them (RFC 5321 §4.1.2)');
    p.type('RCPT TO:<alice@sandbox.test>\r');
    await p.waitFor(/#  250 2\.1\.5 Recipient accepted/);
    p.type('DATA\r');
    await p.waitFor(/#  354 /);
    p.type('Subject: by-telnet\r\r.hidden\r.\r');
    await p.waitFor(/#  250 2\.0\.0 Message accepted/);
    expect(after(p, '.hidden')).toMatch(/^#  This message line starts with "\." and the tool sends it as typed, without dot-stuffing: .*arrives as "hidden"/);
    p.type('QUIT\r');
    await p.waitFor(/#  221 2\.0\.0 Goodbye/);
    await p.waitExit();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(Buffer.from(`\0erin\0${PASSWORD}`).toString('base64'));
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ type: 'header', protocol: 'smtp', target: `smtp://127.0.0.1:${port('smtp')}`, title: expect.stringContaining('telnet') });
    expect(events.filter((e) => e.type === 'send').map((e) => e.text)).toEqual([
      'EHLO me', 'AUTH PLAIN <redacted>', 'MAIL FROM:<erin@sandbox.test>', 'RCPT TO:alice', 'RCPT TO:<alice@sandbox.test>', 'DATA',
      'Subject: by-telnet', '', '.hidden', '.', 'QUIT',
    ]);
    // Unstuffed, the server took the first "." away, as the note said.
    expect((await findNewMessage(sandbox.dataDir, 'alice', 'by-telnet')).text).toMatch(/\r\n\r\nhidden\r\n$/);
  });
});

describe('mailproto wrap, errors', () => {
  it('a tool that is not installed: one line, a "Try", exit 127', async () => {
    const p = CliProcess.start(['wrap', '--', 'mailproto-no-such-tool', '127.0.0.1', '25']);
    expect((await p.waitExit()).code).toBe(127);
    expect(p.stderr).toMatch(/^mailproto: mailproto-no-such-tool is not installed \(not found on PATH\)\. Try: /);
  });

  it('no command: usage error, exit 1', async () => {
    const p = CliProcess.start(['wrap']);
    expect((await p.waitExit()).code).toBe(1);
    expect(p.stderr).toMatch(/missing required argument/);
  });
});
