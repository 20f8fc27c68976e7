/**
 * `mailproto connect sandbox:imap` and `sandbox:pop3` on a terminal: log in, open the mailbox,
 * read the welcome message, as a person would, reading the screen through a headless terminal.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/cli-process.js';
import { KEYS, PtyScreen } from '../helpers/pty-screen.js';

beforeAll(() => ensureBuilt());
afterEach(() => PtyScreen.killAll());

/** A sandbox starts in each run (a certificate is made): give a loaded machine time. */
const SLOW = { timeout: 60_000 };

describe('connect sandbox:imap in the TUI', () => {
  it('LOGIN, SELECT, FETCH: untagged responses under their command, the body opened on demand', SLOW, async () => {
    const s = PtyScreen.start(['connect', 'sandbox:imap'], { cols: 120, rows: 36 });
    await s.waitFor(/S: \* OK \[CAPABILITY IMAP4rev1/);
    await s.waitFor(/IMAP │ sandbox:imap │ not authenticated │ TLS off │ user - │ rec off/);

    s.typeLine('LOGIN alice password');
    let screen = await s.waitFor(/IMAP │ sandbox:imap │ authenticated │ TLS off │ user alice/);
    // The tag was added; the password is not on the screen.
    expect(screen).toContain('C: A001 LOGIN <redacted>');
    expect(screen).not.toContain('alice password');
    await s.waitFor(/#  A001 OK: LOGIN succeeded/);

    s.typeLine('SELECT INBOX');
    screen = await s.waitFor(/selected INBOX \(read-write\)/);
    await s.waitFor(/S: A002 OK \[READ-WRITE\] SELECT completed/);
    screen = await s.waitFor(/ {4}S: \* 1 EXISTS/);
    // Untagged lines sit indented under their command, each explained.
    expect(screen).toMatch(/ {7}#  "INBOX" holds 1 message/);

    s.typeLine('FETCH 1 BODY[]');
    screen = await s.waitFor(/\[\+\] message content: \d+ lines, \d+ octets, Subject:/);
    await s.waitFor(/S: A003 OK FETCH completed/);
    // SELECT's untagged responses are folded now, by name.
    await s.waitFor(/\[\+\] \d+ untagged response lines: /);
    expect(s.text()).not.toContain('Hello alice,');

    // Esc: the conversation has the keys; up to the content row, Enter opens it.
    s.write(KEYS.escape);
    await s.waitFor(/↑↓\/jk select/);
    await s.pressUntil(KEYS.up, /│ \[\+\] message content/, 6);
    s.write(KEYS.enter);
    await s.waitFor(/S: Hello alice,/);

    s.write(KEYS.escape);
    s.typeLine('LOGOUT');
    await s.waitFor(/S: \* BYE /);
    await s.waitFor(/IMAP │ sandbox:imap │ closed/);
    await s.waitFor(/the session has ended: Enter or Ctrl-C leaves/);
    s.write(KEYS.enter);
    expect(await s.waitExit()).toBe(0);
  });
});

describe('connect sandbox:pop3 in the TUI', () => {
  it('USER, PASS, STAT, RETR: the message collapsed to a summary; Ctrl-C says QUIT', SLOW, async () => {
    const s = PtyScreen.start(['connect', 'sandbox:pop3'], { cols: 100, rows: 30 });
    await s.waitFor(/S: \+OK sandbox\.test POP3/);
    await s.waitFor(/authorization \(not logged in\)/);
    s.typeLine('USER alice');
    await s.waitFor(/S: \+OK alice is welcome here/);
    s.typeLine('PASS password');
    let screen = await s.waitFor(/transaction \(logged in\) │ TLS off │ user alice/);
    screen = await s.waitFor(/C: PASS <redacted>/);
    expect(screen).not.toContain('PASS password');
    s.typeLine('STAT');
    await s.waitFor(/S: \+OK 1 \d+/);
    s.write('RETR ');
    s.write(KEYS.tab);
    await s.waitFor(/pop3> RETR 1/);
    s.write(KEYS.enter);
    screen = await s.waitFor(/\[\+\] message content: \d+ lines, \d+ octets, Subject:/);
    await s.waitFor(/#  \+OK Message 1 follows/);
    await s.waitFor(/S: \.\n/);
    s.write(KEYS.ctrlC);
    expect(await s.waitExit()).toBe(0);
    expect(s.output).toMatch(/last reply: \+OK sandbox\.test POP3 server signing off/);
  });
});
