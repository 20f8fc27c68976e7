/**
 * security.md items 6 and 7, on the wire: what a scripted hostile server receives, byte for byte,
 * when it injects lines after its go-ahead to STARTTLS/STLS or tries to keep `--starttls` off TLS.
 * (hostile-server.test.ts has the first cases; these add IMAP and POP3 injection, the exact lines
 * that arrive before the client gives up, and the in-process API.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clientName } from '../../../src/client/sessions/smtp-session.js';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';
import { startFakeServer, type FakeConnection, type FakeScript, type FakeServer } from '../../helpers/fake-mail-server.js';
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

/** Every line the fake server received, on every connection. */
const received = (s: FakeServer): string[] => s.connections.flatMap((c: FakeConnection) => c.received);

describe('security.md item 6: injected bytes after the go-ahead, in each protocol', () => {
  it('SMTP (line mode): the warning is shown escaped, 250-XFAKE is never an S: line, the EHLO inside TLS is what counts', async () => {
    const server = await fake({
      greeting: '220 fake ESMTP\r\n',
      async onLine(line, c) {
        const verb = line.split(' ')[0]!.toUpperCase();
        if (verb === 'EHLO') c.write(c.received.includes('STARTTLS') ? '250-fake\r\n250 AUTH PLAIN\r\n' : '250-fake\r\n250 STARTTLS\r\n');
        else if (verb === 'STARTTLS') {
          c.write('220 go ahead\r\n250-XFAKE\x1b[31m\r\n');
          await c.startTls();
        } else if (verb === 'QUIT') {
          c.write('221 bye\r\n');
          c.end();
        }
      },
    });
    const run = await runConnect([`smtp://127.0.0.1:${server.port}`, '--starttls', '--insecure'], 'EHLO me\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  warning: dropped 16 octets the server sent after its go-ahead and before TLS \("250-XFAKE\\u001b\[31m\\r\\n"\)/));
    expect(run.lines.filter((l) => l.startsWith('S: ') && l.includes('XFAKE'))).toEqual([]);
    expect(run.lines.some((l) => /^#  XFAKE/.test(l))).toBe(false);
    // The capabilities shown after TLS are the EHLO reply inside TLS.
    const inside = run.lines.slice(run.lines.indexOf('C: EHLO me'));
    expect(inside.filter((l) => l.startsWith('S: 250'))).toEqual(['S: 250-fake', 'S: 250 AUTH PLAIN']);
    expect(received(server)).toEqual([`EHLO ${clientName()}`, 'STARTTLS', 'EHLO me', 'QUIT']);
  });

  it('IMAP: an untagged CAPABILITY injected after "OK begin TLS" is dropped; capabilities start empty inside TLS', async () => {
    const server = await fake({
      greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] hi\r\n',
      async onLine(line, c) {
        const [tag, verb] = line.split(' ') as [string, string];
        if (verb === 'STARTTLS') {
          c.write(`${tag} OK begin TLS\r\n* CAPABILITY IMAP4rev1 XFAKE AUTH=PLAIN\r\n`);
          await c.startTls();
        } else if (verb === 'CAPABILITY') c.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        else c.write(`${tag} OK done\r\n`);
      },
    });
    const s = await openSession({ target: `imap://127.0.0.1:${server.port}`, starttls: true, insecure: true });
    expect(s.events.find((e) => e.type === 'warning')).toMatchObject({ text: expect.stringMatching(/^dropped 41 octets .*\* CAPABILITY IMAP4rev1 XFAKE/) });
    expect(s.received().some((l) => l.includes('XFAKE'))).toBe(false);
    expect(s.session.facts().capabilities).toEqual([]);
    await s.session.send('CAPABILITY');
    expect(s.session.facts().capabilities).toEqual(['IMAP4REV1', 'AUTH=PLAIN']);
    s.session.close();
  });

  it('POP3: a line injected after "+OK begin TLS" is dropped; CAPA inside TLS is what counts', async () => {
    const server = await fake({
      greeting: '+OK fake\r\n',
      async onLine(line, c) {
        if (line === 'CAPA') c.write(c.received.includes('STLS') ? '+OK\r\nUSER\r\n.\r\n' : '+OK\r\nSTLS\r\n.\r\n');
        else if (line === 'STLS') {
          c.write('+OK begin TLS\r\n+OK XFAKE\r\n');
          await c.startTls();
        } else c.write('+OK\r\n');
      },
    });
    const s = await openSession({ target: `pop3://127.0.0.1:${server.port}`, starttls: true, insecure: true });
    expect(s.events.find((e) => e.type === 'warning')).toMatchObject({ text: expect.stringMatching(/^dropped 11 octets .*\+OK XFAKE/) });
    expect(s.received()).not.toContain('+OK XFAKE');
    await s.session.send('CAPA');
    expect(s.session.facts().capabilities).toEqual(['USER']);
    s.session.close();
  });
});

describe('security.md item 7: --starttls and no TLS: exactly these lines arrive, then nothing', () => {
  const name = clientName();
  const cases: Array<[string, string, FakeScript, readonly string[], RegExp]> = [
    ['SMTP, no STARTTLS in EHLO', 'smtp', { greeting: '220 fake\r\n', onLine: (l, c) => c.write(l.startsWith('EHLO') ? '250-fake\r\n250 AUTH PLAIN LOGIN\r\n' : '250 ok\r\n') }, [`EHLO ${name}`], /does not offer STARTTLS/],
    ['SMTP, 454 to STARTTLS', 'smtp', { greeting: '220 fake\r\n', onLine: (l, c) => c.write(l.startsWith('EHLO') ? '250-fake\r\n250 STARTTLS\r\n' : '454 4.7.0 TLS not available\r\n') }, [`EHLO ${name}`, 'STARTTLS'], /refused STARTTLS \(454 4\.7\.0 TLS not available\)/],
    ['IMAP, PREAUTH greeting', 'imap', { greeting: '* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome back\r\n', onLine: (l, c) => c.write(`${l.split(' ')[0]} OK\r\n`) }, [], /PREAUTH/],
    ['POP3, no STLS in CAPA', 'pop3', { greeting: '+OK fake\r\n', onLine: (l, c) => c.write(l === 'CAPA' ? '+OK\r\nUSER\r\nSASL PLAIN\r\n.\r\n' : '+OK\r\n') }, ['CAPA'], /does not offer STLS/],
  ];

  it.each(cases)('%s: exit 3, and no USER/PASS/LOGIN/AUTH bytes reach the server', async (_name, scheme, script, lines, message) => {
    const server = await fake(script);
    const input = scheme === 'smtp' ? 'EHLO me\n:auth plain alice secret\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\n' : scheme === 'pop3' ? 'USER alice\nPASS secret\n:auth plain alice secret\n' : 'LOGIN alice secret\n:auth plain alice secret\n';
    const run = await runConnect([`${scheme}://127.0.0.1:${server.port}`, '--starttls'], input);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(message);
    expect(received(server)).toEqual(lines);
    expect(run.lines.filter((l) => l.startsWith('C: ')).length).toBe(lines.length);
  });

  it('in-process: connect() rejects (exit 3), the session is closed, and a later send() sends nothing', async () => {
    const server = await fake(cases[1]![2]);
    const { ClientSession } = await import('../../../src/client/client-session.js');
    const session = new ClientSession();
    await expect(session.connect({ target: `smtp://127.0.0.1:${server.port}`, starttls: true, timeoutSeconds: 5 })).rejects.toMatchObject({ code: 'E_STARTTLS_REFUSED', exitCode: 3 });
    expect(session.ended).toMatchObject({ reason: 'error' });
    await expect(session.send('AUTH PLAIN AGFsaWNlAHNlY3JldA==')).rejects.toMatchObject({ exitCode: 3 });
    await expect(session.authenticate('plain', 'alice', 'secret')).rejects.toBeDefined();
    expect(received(server)).toEqual([`EHLO ${name}`, 'STARTTLS']);
  });
});
