/**
 * The rest of the SMTP command set over loopback: command order (503 saying what was expected),
 * HELO/EHLO/RSET resets, VRFY/EXPN, HELP, historic and unknown commands, and teaching faults.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SMTP_COMMANDS } from '../../../src/protocols/smtp/commands.js';
import { parseFault } from '../../../src/server/faults.js';
import { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { command, expectCode, inbox, openSmtp, openTransaction } from '../../helpers/smtp-wire.js';

let sb: TestSandbox;
/** What the injected random() returns next: decides whether a fault with a probability fires. */
let dice = 0;
const clients: RawClient[] = [];
beforeAll(async () => {
  sb = await startTestSandbox({ random: () => dice });
});
afterAll(async () => {
  await sb.stop();
});
afterEach(() => {
  clients.splice(0).forEach((c) => c.close());
});

async function session(port = sb.ports.smtp!): Promise<RawClient> {
  const c = await openSmtp(port);
  clients.push(c);
  return c;
}
async function transaction(): Promise<RawClient> {
  const c = await openTransaction(sb.ports.smtp!);
  clients.push(c);
  return c;
}

describe('command order', () => {
  it.each([
    ['MAIL before EHLO', [], 'MAIL FROM:<alice@sandbox.test>', /^5\.5\.1 EHLO first: .*before MAIL$/],
    ['RCPT before MAIL', ['EHLO a'], 'RCPT TO:<bob@sandbox.test>', /^5\.5\.1 MAIL first: send MAIL FROM:<address> before RCPT$/],
    ['DATA before MAIL', ['EHLO a'], 'DATA', /^5\.5\.1 MAIL first: .*before DATA$/],
    ['DATA before RCPT', ['EHLO a', 'MAIL FROM:<alice@sandbox.test>'], 'DATA', /^5\.5\.1 RCPT first: .*before DATA$/],
    ['nested MAIL', ['EHLO a', 'MAIL FROM:<alice@sandbox.test>'], 'MAIL FROM:<alice@sandbox.test>', /^5\.5\.1 Nested MAIL: /],
    ['STARTTLS inside a transaction', ['EHLO a', 'MAIL FROM:<alice@sandbox.test>'], 'STARTTLS', /^5\.5\.1 Not inside a mail transaction/],
  ])('%s → 503 with what was expected', async (_name, setup, line, text) => {
    const c = await session();
    for (const s of setup) await expectCode(c, s, 250);
    expect((await expectCode(c, line, 503)).text).toMatch(text);
    // A 503 leaves the state as it was.
    await expectCode(c, 'NOOP', 250);
  });

  it('NOOP, RSET, VRFY, HELP and QUIT work before EHLO', async () => {
    const c = await session();
    for (const line of ['NOOP', 'RSET', 'VRFY bob']) await expectCode(c, line, 250);
    await expectCode(c, 'HELP', 214);
    await expectCode(c, 'QUIT', 221);
    await c.waitClosed();
  });
});

describe('resets', () => {
  it.each(['EHLO again.test', 'HELO again.test', 'RSET'])('%s aborts the open transaction', async (line) => {
    const c = await transaction();
    await expectCode(c, line, 250);
    expect((await expectCode(c, 'DATA', 503)).text).toMatch(/MAIL first/);
    await expectCode(c, 'MAIL FROM:<alice@sandbox.test>', 250);
  });

  it('HELO turns the extensions off: SMTPUTF8 → 555; EHLO turns them back on', async () => {
    const c = await session();
    const helo = await expectCode(c, 'HELO old.test', 250);
    expect(helo.lines).toEqual(['sandbox.test Hello old.test']);
    expect((await command(c, 'MAIL FROM:<alice@sandbox.test> SMTPUTF8')).code).toBe(555);
    const ehlo = await expectCode(c, 'EHLO new.test', 250);
    expect(ehlo.lines).toEqual(expect.arrayContaining(['PIPELINING', 'SMTPUTF8', 'CHUNKING', 'STARTTLS']));
    await expectCode(c, 'MAIL FROM:<alice@sandbox.test> SMTPUTF8', 250);
  });
});

describe('VRFY and EXPN', () => {
  it.each([
    ['VRFY bob', 250, /^2\.1\.5 bob <bob@sandbox\.test>$/],
    ['VRFY <Bob@sandbox.test>', 250, /^2\.1\.5 bob <bob@sandbox\.test>$/],
    ['VRFY nobody', 550, /^5\.1\.1 nobody: no such user/],
    ['VRFY someone@example.com', 252, /never relayed/],
    ['VRFY class', 553, /mailing list.*EXPN class/],
    ['EXPN class', 250, /^2\.1\.5 alice <alice@sandbox\.test>\n2\.1\.5 bob <bob@sandbox\.test>$/],
    ['EXPN bob', 550, /is a user, not a mailing list/],
  ])('sandbox mode: %s → %i', async (line, code, text) => {
    const c = await session();
    expect((await expectCode(c, line, code)).text).toMatch(text);
  });

  it('with vrfy: false, VRFY → 252 for anyone and EXPN → 502', async () => {
    const strict = await startTestSandbox({ vrfy: false });
    try {
      const c = await openSmtp(strict.ports.smtp!);
      clients.push(c);
      const known = await expectCode(c, 'VRFY bob', 252);
      const unknown = await expectCode(c, 'VRFY nobody', 252);
      expect(known.text).toBe(unknown.text);
      expect((await expectCode(c, 'EXPN class', 502)).text).toMatch(/^5\.5\.1 EXPN is disabled/);
    } finally {
      await strict.stop();
    }
  });
});

describe('HELP, historic and unknown commands', () => {
  it('HELP → 214 listing the commands; HELP MAIL → 214 with syntax and RFC; HELP FOO → 504', async () => {
    const c = await session();
    const all = await expectCode(c, 'HELP', 214);
    expect(all.lines.join(' ')).toMatch(/HELO EHLO MAIL RCPT DATA BDAT RSET VRFY EXPN HELP NOOP QUIT STARTTLS AUTH/);
    expect(all.lines.join(' ')).not.toMatch(/\bTURN\b/);
    const mail = await expectCode(c, 'HELP mail', 214);
    expect(mail.lines).toEqual([
      '2.0.0 MAIL FROM:<reverse-path> [parameters]',
      expect.stringMatching(/^2\.0\.0 Opens a mail transaction/),
      '2.0.0 See RFC 5321 section 4.1.1.2',
    ]);
    expect((await expectCode(c, 'HELP TURN', 214)).text).toMatch(/Appendix F\.1/);
    await expectCode(c, 'HELP FOO', 504);
    let wire = '';
    for (const topic of ['', ...SMTP_COMMANDS.map((cmd) => ` ${cmd.name}`)]) {
      await expectCode(c, `HELP${topic}`, 214);
      wire += c.text;
    }
    // Reply text is ASCII on the wire (RFC 5321 §4.2 textstring), although the catalog cites "§".
    expect(wire).toMatch(/^[\t\r\n\x20-\x7e]+$/);
    expect(wire).toContain('section 4.1.1.2');
  });

  it.each([
    ['SEND FROM:<alice@sandbox.test>', /^5\.5\.1 SEND is not implemented: Retired by RFC 5321 Appendix F\.6/],
    ['SOML FROM:<alice@sandbox.test>', /^5\.5\.1 SOML is not implemented: Retired by RFC 5321 Appendix F\.6/],
    ['SAML FROM:<alice@sandbox.test>', /^5\.5\.1 SAML is not implemented: Retired by RFC 5321 Appendix F\.6/],
    ['TURN', /^5\.5\.1 TURN is not implemented: Deprecated by RFC 5321 Appendix F\.1/],
  ])('historic %s → 502 naming the retiring RFC', async (line, text) => {
    const c = await session();
    await expectCode(c, 'EHLO a', 250);
    expect((await expectCode(c, line, 502)).text).toMatch(text);
  });

  it.each(['FOO', 'MAIL-FROM:<a@b.c>', '', '   ', '\x1b[31mRED'])('unknown command %j → 500 5.5.2', async (line) => {
    const c = await session();
    expect((await expectCode(c, line, 500)).text).toMatch(/^5\.5\.2 Command unrecognized/);
    await expectCode(c, 'NOOP', 250);
  });
});

describe('faults', () => {
  it('smtp:RCPT:452 4.2.2 Mailbox full replaces the RCPT reply', async () => {
    const remove = sb.faults.add(parseFault('smtp:RCPT:452 4.2.2 Mailbox full'));
    try {
      const c = await session();
      await expectCode(c, 'EHLO a', 250);
      await expectCode(c, 'MAIL FROM:<alice@sandbox.test>', 250);
      expect((await expectCode(c, 'RCPT TO:<bob@sandbox.test>', 452)).text).toBe('4.2.2 Mailbox full');
      remove();
      await expectCode(c, 'RCPT TO:<bob@sandbox.test>', 250);
    } finally {
      remove();
    }
  });

  it('a fault with a probability fires when random() is below it', async () => {
    const remove = sb.faults.add(parseFault('smtp:NOOP:450 4.2.0 Flaky@0.5'));
    try {
      const c = await session();
      dice = 0.49;
      expect((await expectCode(c, 'NOOP', 450)).text).toBe('4.2.0 Flaky');
      dice = 0.5;
      await expectCode(c, 'NOOP', 250);
      dice = 0.1;
      await expectCode(c, 'NOOP', 450);
    } finally {
      remove();
      dice = 0;
    }
  });

  it('smtp:CONNECT:421 ... is the greeting, and the server closes', async () => {
    const remove = sb.faults.add(parseFault('smtp:CONNECT:421 4.3.2 Service shutting down'));
    try {
      const c = await RawClient.connect(sb.ports.smtp!);
      clients.push(c);
      await c.waitClosed();
      expect(c.text).toBe('421 4.3.2 Service shutting down\r\n');
    } finally {
      remove();
    }
  });

  it('smtp:CONNECT:554 ... refuses the session: only QUIT is accepted', async () => {
    const remove = sb.faults.add(parseFault('smtp:CONNECT:554 5.7.1 No service for you'));
    try {
      const c = await RawClient.connect(sb.ports.smtp!);
      clients.push(c);
      await c.waitFor(/^554 5\.7\.1 No service for you\r\n$/);
      c.clear();
      expect((await expectCode(c, 'EHLO a', 503)).text).toMatch(/only QUIT/);
      await expectCode(c, 'QUIT', 221);
    } finally {
      remove();
    }
  });

  it('smtp:EOD:... answers the end of data, and nothing is stored', async () => {
    const remove = sb.faults.add(parseFault('smtp:EOD:451 4.3.0 Queue write failed'));
    try {
      const before = (await inbox(sb.store, 'bob')).length;
      const c = await transaction();
      await expectCode(c, 'DATA', 354);
      expect((await expectCode(c, 'Subject: x\r\n\r\ny\r\n.', 451)).text).toBe('4.3.0 Queue write failed');
      expect(await inbox(sb.store, 'bob')).toHaveLength(before);
      // The transaction is over: a new one starts with MAIL.
      await expectCode(c, 'MAIL FROM:<alice@sandbox.test>', 250);
    } finally {
      remove();
    }
  });
});
