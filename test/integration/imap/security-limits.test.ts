/**
 * security.md items 16, 17, 19, 20 and 21 for IMAP: literal limits refused before `+`, long
 * lines answered and skipped in bounded memory, bad commands before login, idle timeouts (IDLE
 * exempt) and connection limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_APPEND_OCTETS, MAX_LINE_OCTETS, MAX_NONSYNC_LITERAL } from '../../../src/protocols/imap/limits.js';
import { DEFAULT_IDLE_TIMEOUT_MS, MAX_INPUT_BUFFER } from '../../../src/server/imap/limits.js';
import { expectOk, imap, login, message, openImap, sendAndWait, taggedLine } from '../../helpers/imap-wire.js';
import { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

describe('limits with the default options', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ maxMessageSize: 2000 });
  });
  afterAll(async () => sb?.stop());

  it('has the named limits', () => {
    expect(DEFAULT_IDLE_TIMEOUT_MS).toBe(30 * 60 * 1000); // RFC 3501 §5.4
    expect(MAX_INPUT_BUFFER).toBeGreaterThan(MAX_LINE_OCTETS);
  });

  it('item 16: a LOGIN literal of 99999999999 octets is refused without "+", and the session goes on', async () => {
    const c = await openImap(sb.ports.imap!);
    const text = await sendAndWait(c, 'a LOGIN {99999999999}\r\n', /\r\n$/);
    expect(text).toMatch(/^a BAD \[TOOBIG\] literal of 99999999999 octets is over the limit/);
    expect(text).not.toMatch(/^\+/m);
    expect(await imap(c, 'b NOOP')).toBe('b OK NOOP completed\r\n');
    c.close();
  });

  it('item 16: APPEND over the size limit gets NO [TOOBIG] before "+", and nothing is stored', async () => {
    const c = await openImap(sb.ports.imap!);
    await login(c);
    const text = await sendAndWait(c, 'a APPEND INBOX {2001}\r\n', /\r\n$/);
    expect(text).toMatch(/^a NO \[TOOBIG\] message of 2001 octets is over this server's APPEND limit of 2000 octets\r\n$/);
    // A non-synchronizing one is already on its way: its data is skipped, never read as commands.
    const data = `${'x'.repeat(1989)}\r\nb LOGOUT\r\n`;
    expect(data).toHaveLength(2001);
    const nonSync = await sendAndWait(c, `c APPEND INBOX {2001+}\r\n${data}\r\nd NOOP\r\n`, /d OK [^\r\n]*\r\n$/);
    expect(nonSync).toMatch(/^c NO \[TOOBIG\] [^\r\n]*\r\nd OK NOOP completed\r\n$/);
    expect(await sb.store.messages('alice', 'INBOX')).toHaveLength(0);
    const fits = message('fits');
    expect(taggedLine(await expectOk(c, `e APPEND INBOX {${fits.length}+}\r\n${fits}`), 'e')).toMatch(/^e OK \[APPENDUID \d+ 1\]/);
    c.close();
  });

  it('item 16: APPEND before login is refused before "+", whatever its size', async () => {
    const c = await openImap(sb.ports.imap!);
    expect(await sendAndWait(c, 'a APPEND INBOX {100}\r\n', /\r\n$/)).toBe('a BAD APPEND needs you to be logged in: LOGIN or AUTHENTICATE first\r\n');
    expect(await imap(c, 'b NOOP')).toBe('b OK NOOP completed\r\n');
    c.close();
  });

  it('item 17: a line over 64 KiB is answered BAD and skipped; the session stays in sync', async () => {
    const c = await openImap(sb.ports.imap!);
    const text = await sendAndWait(c, `a NOOP ${'x'.repeat(MAX_LINE_OCTETS)}\r\nb NOOP\r\n`, /b OK [^\r\n]*\r\n$/);
    expect(text).toMatch(/^a BAD \[TOOBIG\] command line too long \(the limit is 65536 octets per line\)\r\nb OK NOOP completed\r\n$/);
    c.close();
  });

  it('item 17: 8 MiB without a line end is answered at once and skipped in bounded memory', async () => {
    const c = await openImap(sb.ports.imap!);
    await login(c);
    c.clear();
    const chunk = Buffer.alloc(1024 * 1024, 'z');
    c.send(chunk);
    // The BAD comes as soon as the limit is passed, long before the line ends (tagged with
    // what stood where the tag would be).
    await c.waitFor(/^z+ BAD \[TOOBIG\] command line too long[^\r\n]*\r\n$/);
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 7; i++) c.send(chunk);
    expect(await sendAndWait(c, '\r\nb NOOP\r\n', /b OK [^\r\n]*\r\n$/)).toBe('b OK NOOP completed\r\n');
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
    c.close();
  });

  it('item 19: the third bad command before login gets its BAD, then * BYE and the connection closes', async () => {
    const c = await openImap(sb.ports.imap!);
    expect(taggedLine(await imap(c, 'a FROB'), 'a')).toBe('a BAD unknown command "FROB"');
    expect(taggedLine(await imap(c, 'b SELECT INBOX'), 'b')).toBe('b BAD SELECT needs you to be logged in: LOGIN or AUTHENTICATE first');
    const third = await sendAndWait(c, 'c LOGIN alice\r\n', /\* BYE [^\r\n]*\r\n$/);
    expect(third).toMatch(/^c BAD [^\r\n]*\r\n\* BYE Too many invalid commands \(3\) before login, closing connection\r\n$/);
    await c.waitClosed();
  });

  it('item 19: failed logins count too; an empty line does not', async () => {
    const c = await openImap(sb.ports.imap!);
    expect(await sendAndWait(c, '\r\n', /\r\n$/)).toMatch(/^\* BAD empty command/);
    await imap(c, 'a LOGIN alice nope');
    await imap(c, 'b LOGIN alice nope');
    const third = await sendAndWait(c, 'c LOGIN alice nope\r\n', /\* BYE [^\r\n]*\r\n$/);
    expect(third).toMatch(/^c NO \[AUTHENTICATIONFAILED\] [^\r\n]*\r\n\* BYE /);
    await c.waitClosed();
  });

  it('after login bad commands are only answered', async () => {
    const c = await openImap(sb.ports.imap!);
    await login(c);
    for (const tag of ['a', 'b', 'c', 'd']) expect(taggedLine(await imap(c, `${tag} FROB`), tag)).toMatch(/ BAD /);
    expect(await imap(c, 'e NOOP')).toBe('e OK NOOP completed\r\n');
    c.close();
  });
});

describe('LITERAL- on a remote sandbox', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ requireTlsForAuth: true });
  });
  afterAll(async () => sb?.stop());

  it(`item 16: a non-synchronizing literal over ${MAX_NONSYNC_LITERAL} octets is BAD and the connection closes`, async () => {
    const c = await openImap(sb.ports.imap!);
    const text = await sendAndWait(c, `a ID ("name" {${MAX_NONSYNC_LITERAL + 1}+}\r\n`, /\* BYE [^\r\n]*\r\n$/);
    expect(text).toMatch(/^a BAD \[CLIENTBUG\] non-synchronizing literal over 4096 octets \(LITERAL-, RFC 7888\)[^\r\n]*\r\n\* BYE /);
    await c.waitClosed();
  });

  it('a small non-synchronizing literal is fine under LITERAL-', async () => {
    const c = await openImap(sb.ports.imap!);
    expect(await imap(c, 'a ID ("name" {8+}\r\nmailtest)')).toMatch(/^\* ID \("name" "mailproto sandbox" [^\r\n]*\r\na OK ID completed\r\n$/);
    c.close();
  });
});

describe('LITERAL+ on loopback', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(async () => sb?.stop());

  it(`a refused {n+} APPEND over MAX_APPEND_OCTETS is answered and the connection closed, not read for ever`, async () => {
    const c = await openImap(sb.ports.imap!);
    await login(c);
    const text = await sendAndWait(c, `a APPEND INBOX {${MAX_APPEND_OCTETS + 1}+}\r\nb NOOP\r\n`, /\* BYE [^\r\n]*\r\n$/);
    expect(text).toMatch(/^a BAD \[CLIENTBUG\] [^\r\n]*a refused \{n\+\} literal over \d+ octets is not read\r\n\* BYE /);
    await c.waitClosed();
  });

  it('a refused {n+} APPEND within the limit is skipped and the session goes on', async () => {
    const c = await openImap(sb.ports.imap!);
    await login(c);
    const data = 'x'.repeat(1000);
    const text = await sendAndWait(c, `a APPEND NoSuchBox {${data.length}+}\r\n${data}\r\nb NOOP\r\n`, /\r\nb OK [^\r\n]*\r\n$/);
    expect(text).toMatch(/^a NO \[TRYCREATE\]/);
    c.close();
  });
});

describe('timeouts and connection limits', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ imapTimeoutMs: 400, maxClients: 3 });
  });
  afterAll(async () => sb?.stop());

  it('item 20: an idle session gets * BYE; one in IDLE is exempt and still answers DONE', async () => {
    const idler = await openImap(sb.ports.imap!);
    await login(idler);
    await expectOk(idler, 'S SELECT INBOX');
    await sendAndWait(idler, 'I IDLE\r\n', /^\+ idling\r\n$/);
    const quiet = await openImap(sb.ports.imap!);
    // The quiet session is the clock: once it is timed out, the IDLE one has been idle as long.
    await quiet.waitFor(/\* BYE Autologout: idle for too long\r\n$/, 5000);
    await quiet.waitClosed();
    expect(idler.closed).toBe(false);
    expect(await sendAndWait(idler, 'DONE\r\n', /I OK [^\r\n]*\r\n$/)).toBe('I OK IDLE terminated\r\n');
    // After IDLE the timer runs again.
    await idler.waitFor(/\* BYE Autologout: idle for too long\r\n$/, 5000);
    await idler.waitClosed();
  });

  it.each([
    ['a command line that never ends', async (_c: RawClient) => undefined],
    ['an APPEND literal that never ends', async (c: RawClient) => {
      await login(c);
      await sendAndWait(c, 'A APPEND INBOX {100}\r\n', /^\+ Ready for literal data\r\n$/);
    }],
  ])('item 20: a slow-drip client sending %s, one octet every 50 ms, is reaped', async (_name, setup) => {
    const c = await openImap(sb.ports.imap!);
    await setup(c);
    c.clear();
    const started = Date.now();
    // A whole line (or literal) would take 5 s: the timeout runs from the last complete command.
    for (let i = 0; i < 100 && !c.closed; i++) {
      c.send('X');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(c.closed).toBe(true);
    expect(c.text).toBe('* BYE Autologout: idle for too long\r\n');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('item 21: past --max-clients a connection gets * BYE at once; the others still answer', async () => {
    const open = [await openImap(sb.ports.imap!), await openImap(sb.ports.imap!), await openImap(sb.ports.imaps!, { tls: true })];
    const refused = await RawClient.connect(sb.ports.imap!);
    await refused.waitFor(/^\* BYE \[UNAVAILABLE\] Too many connections, try again later\r\n$/);
    await refused.waitClosed();
    for (const [i, c] of open.entries()) expect(await imap(c, `n${i} NOOP`)).toBe(`n${i} OK NOOP completed\r\n`);
    open.forEach((c) => c.close());
  });
});
