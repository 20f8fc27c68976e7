/**
 * The TUI against a server that misbehaves (a scripted fake on loopback): escape sequences in its
 * text never reach the terminal (security.md item 8), and a server that hangs up ends the session
 * with the screen still readable, then exit status 4 and the reason on stderr.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/cli-process.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-mail-server.js';
import { KEYS, PtyScreen } from '../helpers/pty-screen.js';

let server: FakeServer | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  PtyScreen.killAll();
  await server?.close();
  server = undefined;
});

describe('the TUI and a hostile server', () => {
  it('shows escape sequences, BEL and C1 bytes escaped; the terminal never sees them', { timeout: 60_000 }, async () => {
    server = await startFakeServer({
      greeting: '220 evil.test \x1b]0;pwned\x07 \x1b[2J\x9b31m ready\r\n',
      onLine: (line, c) => c.write(line.toUpperCase().startsWith('QUIT') ? '221 bye\r\n' : '250 \x1b[5mblink\x1b[0m\r\n'),
    });
    const s = PtyScreen.start(['connect', `smtp://127.0.0.1:${server.port}`], { cols: 100, rows: 30 });
    await s.waitFor(/S: 220 evil\.test \\x1b\]0;pwned\\x07 \\x1b\[2J\\x9b31m ready/);
    s.typeLine('NOOP');
    await s.waitFor(/S: 250 \\x1b\[5mblink\\x1b\[0m/);
    expect(s.output).not.toContain('\x1b]0;pwned');
    expect(s.output).not.toContain('\x1b[5m');
    expect(s.output).not.toContain('\x9b');
    s.write(KEYS.ctrlC);
    expect(await s.waitExit()).toBe(0);
  });

  it('a server that hangs up: "closed", the screen stays until Enter, then exit 4 with the reason', { timeout: 60_000 }, async () => {
    server = await startFakeServer({
      greeting: '220 flaky.test ESMTP\r\n',
      onLine: (_line, c) => c.destroy(),
    });
    const s = PtyScreen.start(['connect', `smtp://127.0.0.1:${server.port}`], { cols: 100, rows: 30 });
    await s.waitFor(/S: 220 flaky\.test/);
    s.typeLine('EHLO me');
    await s.waitFor(/-- session ended: the server closed the connection/);
    await s.waitFor(/SMTP │ smtp:\/\/127\.0\.0\.1:\d+ │ closed/);
    await s.waitFor(/the session has ended: Enter or Ctrl-C leaves/);
    s.write(KEYS.enter);
    expect(await s.waitExit()).toBe(4);
    expect(s.output).toMatch(/the server closed the connection/);
  });
});
