/**
 * The client against a scripted fake server that misbehaves (security.md items 6-9): bytes
 * injected after the go-ahead to STARTTLS, a server without STARTTLS when --starttls asks for it,
 * terminal escapes in server text, endless lines and huge literals, and servers that go away.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CAPABILITY_LINES, MAX_DROPPED_QUOTE, MAX_SERVER_LINE, MAX_SERVER_LITERAL } from '../../../src/client/limits.js';
import { ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';
import { startFakeServer, type FakeScript, type FakeServer } from '../../helpers/fake-mail-server.js';
import { openSession } from './harness.js';

const servers: FakeServer[] = [];
async function fake(script: FakeScript): Promise<FakeServer> {
  const s = await startFakeServer(script);
  servers.push(s);
  return s;
}
afterEach(async () => {
  ConnectProcess.killAll();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('security.md item 6: bytes after the go-ahead to STARTTLS', () => {
  it('are dropped with a visible warning; capabilities come only from the EHLO inside TLS', async () => {
    const server = await fake({
      greeting: '220 fake ESMTP\r\n',
      async onLine(line, c) {
        const verb = line.split(' ')[0]!.toUpperCase();
        if (verb === 'EHLO') c.write(c.received.includes('STARTTLS') ? '250-fake\r\n250 AUTH PLAIN\r\n' : '250-fake\r\n250 STARTTLS\r\n');
        else if (verb === 'STARTTLS') {
          c.write('220 go ahead\r\n250-XFAKE\r\n');
          await c.startTls();
        } else if (verb === 'QUIT') {
          c.write('221 bye\r\n');
          c.end();
        }
      },
    });
    const s = await openSession({ target: `smtp://127.0.0.1:${server.port}`, starttls: true, insecure: true });
    const warning = s.events.find((e) => e.type === 'warning' && e.text.includes('dropped'));
    expect(warning).toMatchObject({ text: expect.stringContaining('dropped 11 octets') });
    expect(warning && warning.type === 'warning' && warning.text).toContain('250-XFAKE');
    expect(s.received()).not.toContain('250-XFAKE');
    await s.session.send('EHLO me');
    expect(s.session.facts().capabilities).toEqual(['AUTH']);
    await s.session.send('QUIT');
    expect(s.session.ended?.reason).toBe('quit');
  });
});

describe('security.md item 7: --starttls and no TLS', () => {
  const cases: Array<[string, string, FakeScript, string]> = [
    ['SMTP without STARTTLS in EHLO', 'smtp', { greeting: '220 fake\r\n', onLine: (l, c) => c.write(l.startsWith('EHLO') ? '250-fake\r\n250 AUTH PLAIN\r\n' : '500 no\r\n') }, 'does not offer STARTTLS'],
    ['SMTP answering 454', 'smtp', { greeting: '220 fake\r\n', onLine: (l, c) => c.write(l.startsWith('EHLO') ? '250-fake\r\n250 STARTTLS\r\n' : '454 4.7.0 TLS not available\r\n') }, 'refused STARTTLS'],
    ['POP3 without STLS in CAPA', 'pop3', { greeting: '+OK fake\r\n', onLine: (l, c) => c.write(l === 'CAPA' ? '+OK\r\nUSER\r\n.\r\n' : '-ERR no\r\n') }, 'does not offer STLS'],
    ['POP3 answering -ERR to STLS', 'pop3', { greeting: '+OK fake\r\n', onLine: (l, c) => c.write(l === 'CAPA' ? '+OK\r\nSTLS\r\n.\r\n' : '-ERR not now\r\n') }, 'refused STLS'],
    ['IMAP greeting with PREAUTH', 'imap', { greeting: '* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] logged in\r\n' }, 'PREAUTH'],
    ['IMAP without STARTTLS', 'imap', { greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n' }, 'does not offer STARTTLS'],
    ['IMAP answering NO', 'imap', { greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n', onLine: (l, c) => c.write(`${l.split(' ')[0]} NO not today\r\n`) }, 'refused STARTTLS'],
  ];
  it.each(cases)('%s: exit 3 before any credentials go on the wire', async (_name, scheme, script, message) => {
    const server = await fake(script);
    const login = scheme === 'smtp' ? 'AUTH PLAIN AGFsaWNlAHNlY3JldA==' : scheme === 'pop3' ? 'USER alice\nPASS secret' : 'LOGIN alice secret';
    const run = await runConnect([`${scheme}://127.0.0.1:${server.port}`, '--starttls'], `${login}\n`);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/^mailproto: .*Try: /);
    const received = server.connections.flatMap((c) => c.received).join('\n');
    expect(received).not.toMatch(/secret|AGFsaWNl|USER|LOGIN|AUTH/);
  });
});

describe('security.md item 8: control characters in server text', () => {
  it('ESC, OSC, BEL and C1 bytes are shown escaped; printable UTF-8 stays', async () => {
    const greeting = Buffer.concat([Buffer.from('220 \x1b[31mred\x1b]0;pwned\x07 csi:'), Buffer.from([0x9b]), Buffer.from('2J bell\x07 caf\u00e9 \u2713\r\n', 'utf8')]);
    const server = await fake({ greeting, onLine: (l, c) => { c.write('221 bye\r\n'); c.end(); } });
    ensureBuilt();
    const run = await runConnect([`smtp://127.0.0.1:${server.port}`, '--no-annotate'], 'QUIT\n');
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe('S: 220 \\x1b[31mred\\x1b]0;pwned\\x07 csi:\\x9b2J bell\\x07 caf\u00e9 \u2713');
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\x80-\x9f]/);
  });
});

describe('security.md item 9 and the named limits', () => {
  it(`an IMAP literal over MAX_SERVER_LITERAL (${MAX_SERVER_LITERAL}) ends the session: clear error, exit 4`, async () => {
    const server = await fake({ greeting: '* OK hi\r\n', onLine: (l, c) => c.write(`* 1 FETCH (BODY[] {99999999999}\r\nxx`) });
    const run = await runConnect([`imap://127.0.0.1:${server.port}`, '--no-annotate'], 'FETCH 1 BODY[]\n');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^mailproto: the server announced a literal of 99999999999 octets, over the client's limit of 67108864/);
    const at = await openSession({ target: `imap://127.0.0.1:${server.port}` });
    await expect(at.session.send(`FETCH 1 BODY[]`)).rejects.toMatchObject({ code: 'E_LITERAL_TOO_BIG', exitCode: 4 });
    expect(at.events.at(-1)).toMatchObject({ type: 'close', reason: 'error', exitCode: 4 });
  });

  it(`a line longer than MAX_SERVER_LINE (${MAX_SERVER_LINE}) without an end: bounded memory, clear error, exit 4`, async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    // Never a line end: well past the limit, in many segments; first as the greeting, then as a reply.
    const server = await fake({ greeting: Buffer.concat([Buffer.from('220 '), ...Array.from({ length: (MAX_SERVER_LINE / chunk.length) * 2 }, () => chunk)]) });
    const greeting = await openSession({ target: `smtp://127.0.0.1:${server.port}` }).catch((e: unknown) => e);
    expect(greeting).toMatchObject({ code: 'E_LINE_TOO_LONG', exitCode: 4 });
    const server2 = await fake({ greeting: '220 hi\r\n', onLine: (_l, c) => { for (let i = 0; i < (MAX_SERVER_LINE / chunk.length) * 2; i++) c.write(chunk); } });
    const c = await openSession({ target: `smtp://127.0.0.1:${server2.port}` });
    await expect(c.session.send('EHLO me')).rejects.toMatchObject({ code: 'E_LINE_TOO_LONG', exitCode: 4 });
    expect(c.session.ended?.error?.message).toMatch(/longer than 1048576 octets/);
  }, 30_000);

  it(`an endless EHLO reply: every line is shown, MAX_CAPABILITY_LINES (${MAX_CAPABILITY_LINES}) are kept`, async () => {
    const many = Array.from({ length: MAX_CAPABILITY_LINES + 500 }, (_, i) => `250-X${i}\r\n`).join('');
    const server = await fake({ greeting: '220 hi\r\n', onLine: (_l, c) => c.write(`250-fake\r\n${many}250 LAST\r\n`) });
    const c = await openSession({ target: `smtp://127.0.0.1:${server.port}` });
    await c.session.send('EHLO me');
    expect(c.received()).toHaveLength(1 + 1 + MAX_CAPABILITY_LINES + 500 + 1);
    expect(c.session.facts().capabilities).toHaveLength(MAX_CAPABILITY_LINES);
    c.session.close();
  });

  it(`the STARTTLS warning quotes at most MAX_DROPPED_QUOTE (${MAX_DROPPED_QUOTE}) of the dropped octets`, async () => {
    const junk = `250-${'J'.repeat(500)}\r\n`;
    const server = await fake({
      greeting: '220 fake\r\n',
      async onLine(line, c) {
        if (line.startsWith('EHLO')) c.write('250-fake\r\n250 STARTTLS\r\n');
        else if (line === 'STARTTLS') {
          c.write(`220 go ahead\r\n${junk}`);
          await c.startTls();
        }
      },
    });
    const c = await openSession({ target: `smtp://127.0.0.1:${server.port}`, starttls: true, insecure: true });
    const warning = c.events.find((e) => e.type === 'warning' && e.text.startsWith('dropped'));
    expect(warning && warning.type === 'warning' && warning.text).toMatch(new RegExp(`^dropped ${junk.length} octets .*"250-J{${MAX_DROPPED_QUOTE - 4}}"\\.\\.\\.`));
    c.session.close();
  });

  it('the server closes in the middle: exit 4', async () => {
    const server = await fake({ greeting: '+OK hi\r\n', onLine: (_l, c) => c.destroy() });
    const run = await runConnect([`pop3://127.0.0.1:${server.port}`], 'USER alice\nPASS x\n');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^mailproto: the server closed the connection before its response was complete/);
  });

  it('--timeout: a server that never answers is a clear error, exit 4', async () => {
    const server = await fake({ greeting: '220 hi\r\n' });
    const run = await runConnect([`smtp://127.0.0.1:${server.port}`, '--timeout', '1'], 'NOOP\n');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^mailproto: no complete response from the server within 1 s\. Try: raise --timeout/);
    expect(run.lines).toContain('C: NOOP');
  });
});
