/**
 * security.md item 8 everywhere server text is shown: S: lines, the explanations that quote it,
 * warnings, the one-line error on stderr, and --json. ESC, OSC (`\x1b]0;evil\x07`), BEL, DEL and
 * the C1 byte 0x9b (CSI on many terminals) must arrive escaped, never raw.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';
import { startFakeServer, type FakeScript, type FakeServer } from '../../helpers/fake-mail-server.js';

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

/** ESC [2J, an OSC title change, BEL, DEL and a raw C1 CSI byte (not valid UTF-8 on its own). */
const EVIL = Buffer.concat([Buffer.from('\x1b[2J\x1b]0;evil\x07 bell\x07 del\x7f csi:'), Buffer.from([0x9b]), Buffer.from('31m end')]);
const ESCAPED = '\\x1b[2J\\x1b]0;evil\\x07 bell\\x07 del\\x7f csi:\\x9b31m end';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f\x80-\x9f]/;

const line = (...parts: Array<string | Buffer>): Buffer => Buffer.concat([...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)), Buffer.from('\r\n')]);

describe('security.md item 8: server text with ESC, OSC, BEL, DEL and C1, annotations on', () => {
  it('SMTP: the S: line and the explanation quoting it are escaped; stdout carries no raw control character', async () => {
    const server = await fake({
      greeting: '220 fake ESMTP\r\n',
      onLine(l, c) {
        if (l.startsWith('EHLO')) c.write(Buffer.concat([line('250-', EVIL), line('250 SIZE 1000')]));
        else if (l === 'NOOP') c.write(line('550 5.7.1 ', EVIL));
        else {
          c.write('221 bye\r\n');
          c.end();
        }
      },
    });
    const run = await runConnect([`smtp://127.0.0.1:${server.port}`], 'EHLO me\nNOOP\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContain(`S: 250-${ESCAPED}`);
    expect(run.lines).toContainEqual(expect.stringContaining(`#  250 EHLO accepted: the server greets you ("${ESCAPED}")`));
    expect(run.lines).toContain(`S: 550 5.7.1 ${ESCAPED}`);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
  });

  it('IMAP and POP3: explanations that quote the server are escaped', async () => {
    const imap = await fake({ greeting: '* OK hi\r\n', onLine: (l, c) => c.write(line(`${l.split(' ')[0]} NO `, EVIL)) });
    const i = await runConnect([`imap://127.0.0.1:${imap.port}`], 'NOOP\n');
    expect(i.lines).toContain(`S: A001 NO ${ESCAPED}`);
    expect(i.lines).toContainEqual(expect.stringContaining(`The server says: "${ESCAPED}"`));
    expect(i.stdout).not.toMatch(RAW_CONTROL);
    const pop3 = await fake({ greeting: line('+OK ', EVIL), onLine: (_l, c) => c.write(line('-ERR ', EVIL)) });
    const p = await runConnect([`pop3://127.0.0.1:${pop3.port}`], 'USER x\n');
    expect(p.lines[0]).toBe(`S: +OK ${ESCAPED}`);
    expect(p.lines).toContain(`S: -ERR ${ESCAPED}`);
    expect(p.stdout).not.toMatch(RAW_CONTROL);
  });

  it('the one-line error on stderr quotes a refused STARTTLS reply escaped', async () => {
    const server = await fake({ greeting: '220 fake\r\n', onLine: (l, c) => c.write(l.startsWith('EHLO') ? '250-fake\r\n250 STARTTLS\r\n' : line('454 4.7.0 ', EVIL)) });
    const run = await runConnect([`smtp://127.0.0.1:${server.port}`, '--starttls'], '');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`the server refused STARTTLS (454 4.7.0 ${ESCAPED})`);
    expect(run.stderr.trimEnd()).not.toMatch(RAW_CONTROL);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
  });

  it('--json: control characters are JSON escapes (\\u001b, \\u007f, \\u009b), never raw; the text survives a parse', async () => {
    const server = await fake({ greeting: line('220 ', EVIL), onLine: (_l, c) => { c.write('221 bye\r\n'); c.end(); } });
    const run = await runConnect([`smtp://127.0.0.1:${server.port}`, '--json'], 'QUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.lines[0]).toContain('\\u001b]0;evil\\u0007');
    expect(run.lines[0]).toContain('\\u009b31m');
    expect(run.lines[0]).toContain('\\u007f');
    expect(JSON.parse(run.lines[0]!)).toMatchObject({ type: 'recv', text: `220 ${EVIL.toString('latin1')}` });
  });
});
