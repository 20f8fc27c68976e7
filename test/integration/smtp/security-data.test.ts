/**
 * security.md items 10-12 and 14: SMTP smuggling, bare line ends, unauthorized pipelining and the
 * message size limit, for DATA and BDAT. Each test checks the replies on the wire and what the store holds.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RawClient } from '../../helpers/raw-client.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { bareLineEnds, codes, expectCode, inbox, openSmtp, openTransaction, parseReplies, waitReplies } from '../../helpers/smtp-wire.js';

const LIMIT = 1000;
let sb: TestSandbox;
let port: number;
const open: RawClient[] = [];

beforeAll(async () => {
  sb = await startTestSandbox({ maxMessageSize: LIMIT });
  port = sb.ports.smtp!;
});
afterAll(async () => {
  await sb.stop();
});
afterEach(() => {
  open.splice(0).forEach((c) => c.close());
});

async function transaction(opts: { helo?: boolean } = {}): Promise<RawClient> {
  const c = await openTransaction(port, ['bob@sandbox.test'], opts);
  open.push(c);
  return c;
}

/** Bob's messages delivered by the test body `fn` (the store is shared by the file). */
async function newInBob(fn: () => Promise<void>): Promise<Buffer[]> {
  const before = (await sb.store.messages('bob', 'INBOX')).length;
  await fn();
  return (await inbox(sb.store, 'bob')).slice(before);
}

const VARIANTS = ['\n.\n', '\r.\r', '\r.\n', '\n.\r', '\n.\r\n', '\r\n.\n', '\r.\r\n', '\r\n.\r', '\r\n\x00.\r\n'];

describe('SMTP smuggling (security.md 10)', () => {
  it.each(VARIANTS.map((v) => [JSON.stringify(v), v]))('%s does not end the message', async (_name, variant) => {
    const stored = await newInBob(async () => {
      const c = await transaction();
      await expectCode(c, 'DATA', 354);
      c.clear();
      const smuggled = 'MAIL FROM:<evil@x>\r\nRCPT TO:<bob@sandbox.test>\r\nDATA\r\nsmuggled';
      // The real end of data comes after the smuggled transaction, as in the SEC Consult attack.
      c.send(`Subject: first\r\n\r\nfirst body${variant}${smuggled}\r\n.\r\n`);
      await waitReplies(c, 1);
      c.send('NOOP\r\n');
      const replies = await waitReplies(c, 2);
      // Exactly one reply for the message, then the NOOP's: nothing inside the body ran as a command.
      expect(replies.map((r) => r.code)).toEqual([250, 250]);
      expect(replies[0]!.text).toMatch(/^2\.0\.0 Ok: queued as /);
      expect(replies[1]!.text).toBe('2.0.0 OK');
    });
    expect(stored).toHaveLength(1);
    const text = stored[0]!.toString('latin1');
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    expect(body).toMatch(/^first body\r\n/);
    expect(body).toContain('MAIL FROM:<evil@x>\r\nRCPT TO:<bob@sandbox.test>\r\nDATA\r\nsmuggled\r\n');
    expect(bareLineEnds(stored[0]!)).toEqual([]);
  });
});

describe('line ends (security.md 11)', () => {
  it('bare CR and bare LF inside DATA are stored as CRLF', async () => {
    const stored = await newInBob(async () => {
      const c = await transaction();
      await expectCode(c, 'DATA', 354);
      await expectCode(c, 'Subject: bare\nX-A: 1\r\n\r\none\rtwo\nthree\r\rfour\n\nfive\r\n.', 250);
    });
    expect(stored).toHaveLength(1);
    const bytes = stored[0]!;
    expect(bareLineEnds(bytes)).toEqual([]);
    expect(bytes.toString('latin1')).toContain('Subject: bare\r\nX-A: 1\r\n\r\none\r\ntwo\r\nthree\r\n\r\nfour\r\n\r\nfive\r\n');
  });
});

describe('pipelining (security.md 12)', () => {
  it('without PIPELINING (HELO), commands sent with the end of data → 250, then 554 5.5.0 and close', async () => {
    const stored = await newInBob(async () => {
      const c = await transaction({ helo: true });
      await expectCode(c, 'DATA', 354);
      c.clear();
      c.send('Subject: eager\r\n\r\nbody\r\n.\r\nQUIT\r\n');
      await c.waitClosed();
      const replies = parseReplies(c.text);
      expect(replies.map((r) => r.code)).toEqual([250, 554]);
      expect(replies[1]!.text).toMatch(/^5\.5\.0 Unauthorized pipelining/);
    });
    // The message had its 250 before the offence, so it is stored.
    expect(stored).toHaveLength(1);
  });

  it('with EHLO, MAIL/RCPT/DATA in one segment are answered in order, and body lines never run', async () => {
    const stored = await newInBob(async () => {
      const c = await openSmtp(port);
      open.push(c);
      await expectCode(c, 'EHLO client.test', 250);
      c.clear();
      c.send('MAIL FROM:<alice@sandbox.test>\r\nRCPT TO:<bob@sandbox.test>\r\nDATA\r\n');
      expect((await waitReplies(c, 3)).map((r) => r.code)).toEqual([250, 250, 354]);
      c.clear();
      c.send('Subject: pipelined\r\n\r\nRSET\r\nQUIT\r\nMAIL FROM:<evil@x>\r\n..\r\n.\r\nNOOP\r\n');
      const replies = await waitReplies(c, 2);
      expect(replies.map((r) => r.code)).toEqual([250, 250]);
      expect(replies[1]!.text).toBe('2.0.0 OK');
      expect(c.closed).toBe(false);
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.toString('latin1')).toMatch(/\r\n\r\nRSET\r\nQUIT\r\nMAIL FROM:<evil@x>\r\n\.\r\n$/);
  });
});

describe('message size (security.md 14)', () => {
  it('MAIL FROM with SIZE over the limit → 552 5.3.4; SIZE at the limit → 250', async () => {
    const c = await openSmtp(port);
    open.push(c);
    await expectCode(c, 'EHLO client.test', 250);
    const r = await expectCode(c, `MAIL FROM:<a@b.c> SIZE=${LIMIT + 1}`, 552);
    expect(r.text).toMatch(/^5\.3\.4 /);
    await expectCode(c, `MAIL FROM:<a@b.c> SIZE=${LIMIT}`, 250);
  });

  it('a DATA body over the limit → 552 5.3.4 after the terminator, nothing stored, session in sync', async () => {
    const stored = await newInBob(async () => {
      const c = await transaction();
      await expectCode(c, 'DATA', 354);
      c.clear();
      c.send(`Subject: big\r\n\r\n${'x'.repeat(LIMIT)}\r\nRSET\r\n`);
      // Nothing is answered before the end of data, even though the limit has been passed.
      c.send('.\r\nNOOP\r\n');
      const replies = await waitReplies(c, 2);
      expect(replies.map((r) => r.code)).toEqual([552, 250]);
      expect(replies[0]!.text).toMatch(/^5\.3\.4 Message too big/);
    });
    expect(stored).toEqual([]);
  });

  it('BDAT over the limit → 552 5.3.4 on LAST, nothing stored, session in sync', async () => {
    const stored = await newInBob(async () => {
      const c = await transaction();
      c.clear();
      const chunk = 'y'.repeat(600);
      c.send(`BDAT 600\r\n${chunk}BDAT 600 LAST\r\n${chunk}NOOP\r\n`);
      const replies = await waitReplies(c, 3);
      expect(replies.map((r) => r.code)).toEqual([250, 552, 250]);
      expect(replies[1]!.text).toMatch(/^5\.3\.4 Message too big/);
    });
    expect(stored).toEqual([]);
  });
});

describe('BDAT (RFC 3030)', () => {
  it('two chunks and LAST are stored as one message with CRLF line ends', async () => {
    const stored = await newInBob(async () => {
      const c = await transaction();
      const parts = ['Subject: chunks\r\n\r\nline one\n', 'line two\r', '\nline three\r\n.\r\n'];
      for (const [i, p] of parts.entries()) {
        c.clear();
        c.send(`BDAT ${Buffer.byteLength(p)}${i === parts.length - 1 ? ' LAST' : ''}\r\n${p}`);
        const [r] = await waitReplies(c, 1);
        expect(r!.code).toBe(250);
      }
    });
    expect(stored).toHaveLength(1);
    expect(bareLineEnds(stored[0]!)).toEqual([]);
    // A chunk holds octets as they are: the "." line is content, and the CRLF split over chunks stays one.
    expect(stored[0]!.toString('latin1')).toMatch(/\r\n\r\nline one\r\nline two\r\nline three\r\n\.\r\n$/);
  });

  it('BDAT in the wrong state → 503, its octets are read and never run as commands', async () => {
    const c = await openSmtp(port);
    open.push(c);
    await expectCode(c, 'EHLO client.test', 250);
    c.clear();
    const payload = 'QUIT\r\nRSET\r\n';
    c.send(`BDAT ${payload.length} LAST\r\n${payload}NOOP\r\n`);
    const replies = await waitReplies(c, 2);
    expect(replies.map((r) => r.code)).toEqual([503, 250]);
    expect(replies[0]!.text).toMatch(/MAIL first/);
    expect(c.closed).toBe(false);
  });

  it('DATA after BDAT in the same transaction → 503', async () => {
    const c = await transaction();
    c.clear();
    c.send('BDAT 3\r\nabc');
    await waitReplies(c, 1);
    await expectCode(c, 'DATA', 503);
    expect(codes(c)).toEqual([503]);
  });
});
