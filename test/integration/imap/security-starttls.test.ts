/**
 * security.md items 1, 2, 4, 5 and 24 for IMAP: nothing sent with STARTTLS in one segment is ever
 * run, STARTTLS inside TLS is BAD, a remote sandbox checks no credentials before TLS, and the
 * session log never holds a password or an AUTHENTICATE blob.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, imap, openImap, sendAndWait, taggedLine } from '../../helpers/imap-wire.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('STARTTLS on a loopback sandbox', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(async () => sb?.stop());

  it('item 1: a command pipelined after STARTTLS is discarded, before and after the handshake', async () => {
    const c = await openImap(sb.ports.imap!);
    await sendAndWait(c, 'a STARTTLS\r\nb NOOP\r\n', /a OK [^\r\n]*\r\n$/);
    expect(c.text).toBe('a OK Begin TLS negotiation now\r\n');
    await c.startTls();
    const inside = await imap(c, 'c NOOP');
    expect(inside).toBe('c OK NOOP completed\r\n');
    expect(sb.log.events.some((e) => e.event === 'warning' && e.reason === 'bytes after STARTTLS')).toBe(true);
    c.close();
  });

  it('item 2: an unfinished line before STARTTLS does not run together with the first line inside TLS', async () => {
    const c = await openImap(sb.ports.imap!);
    await sendAndWait(c, 'a STARTTLS\r\nb NOO', /a OK [^\r\n]*\r\n$/);
    await c.startTls();
    expect(await imap(c, 'P NOOP')).toBe('P OK NOOP completed\r\n');
    c.close();
  });

  it('item 4: STARTTLS inside TLS is BAD, and the capabilities inside no longer offer it', async () => {
    const c = await openImap(sb.ports.imap!);
    await sendAndWait(c, 'a STARTTLS\r\n', /a OK [^\r\n]*\r\n$/);
    await c.startTls();
    const caps = await expectOk(c, 'b CAPABILITY');
    expect(caps).toMatch(/^\* CAPABILITY IMAP4rev1 [^\r\n]*AUTH=PLAIN AUTH=LOGIN\r\n/);
    expect(caps).not.toContain('STARTTLS');
    expect(taggedLine(await imap(c, 'c STARTTLS'), 'c')).toMatch(/^c BAD TLS is already active/);
    expect(await imap(c, 'd NOOP')).toBe('d OK NOOP completed\r\n');
    c.close();

    const implicit = await openImap(sb.ports.imaps!, { tls: true });
    expect(implicit.text).not.toContain('STARTTLS');
    expect(taggedLine(await imap(implicit, 'e STARTTLS'), 'e')).toMatch(/^e BAD /);
    implicit.close();
  });

  it('STARTTLS takes no arguments and is not valid after login', async () => {
    const c = await openImap(sb.ports.imap!);
    expect(taggedLine(await imap(c, 'a STARTTLS now'), 'a')).toBe('a BAD STARTTLS takes no arguments');
    await expectOk(c, 'b LOGIN alice password');
    expect(taggedLine(await imap(c, 'c STARTTLS'), 'c')).toBe('c BAD STARTTLS is only valid before login, and you are logged in');
    c.close();
  });
});

describe('a remote sandbox (requireTlsForAuth): item 5', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ requireTlsForAuth: true });
  });
  afterAll(async () => sb?.stop());

  it('advertises LOGINDISABLED and no AUTH= before TLS, and LITERAL- rather than LITERAL+', async () => {
    const c = await openImap(sb.ports.imap!);
    expect(c.text).toMatch(/^\* OK \[CAPABILITY IMAP4rev1 SASL-IR LITERAL- ID ENABLE IDLE STARTTLS LOGINDISABLED\] /);
    c.close();
  });

  it('refuses LOGIN and AUTHENTICATE with PRIVACYREQUIRED, right password or wrong, checking nothing', async () => {
    const c = await openImap(sb.ports.imap!);
    const before = sb.log.events.length;
    for (const [tag, line] of [
      ['a', 'LOGIN alice password'],
      ['b', 'LOGIN alice wrong'],
      ['c', `AUTHENTICATE PLAIN ${b64('\0alice\0password')}`],
      ['d', 'AUTHENTICATE LOGIN'],
    ] as const) {
      expect(taggedLine(await imap(c, `${tag} ${line}`), tag)).toMatch(new RegExp(`^${tag} NO \\[PRIVACYREQUIRED\\] `));
    }
    expect(sb.log.events.slice(before).filter((e) => e.event === 'auth')).toEqual([]);
    // Refusals are not counted as bad commands: the session is still open.
    expect(await imap(c, 'e NOOP')).toBe('e OK NOOP completed\r\n');
    c.close();
  });

  it('lets the same credentials in after STARTTLS, and on the imaps port', async () => {
    const c = await openImap(sb.ports.imap!);
    await sendAndWait(c, 'a STARTTLS\r\n', /a OK [^\r\n]*\r\n$/);
    await c.startTls();
    expect(await expectOk(c, 'b CAPABILITY')).toMatch(/AUTH=PLAIN AUTH=LOGIN\r\n/);
    expect(taggedLine(await expectOk(c, 'c LOGIN alice password'), 'c')).toMatch(/^c OK \[CAPABILITY /);
    c.close();
    const implicit = await openImap(sb.ports.imaps!, { tls: true });
    expect(implicit.text).toContain('AUTH=PLAIN');
    await expectOk(implicit, `d AUTHENTICATE PLAIN ${b64('\0bob\0password')}`);
    implicit.close();
  });
});

describe('item 24: the session log never holds a secret', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ users: [{ name: 'carol', password: 'Tr0ub4dor-3' }] });
  });
  afterAll(async () => sb?.stop());

  it('redacts LOGIN passwords (atom, quoted and literal) and every AUTHENTICATE line', async () => {
    const c = await openImap(sb.ports.imap!);
    await imap(c, 'a LOGIN carol s3cret-atom');
    await imap(c, 'b LOGIN "carol" "s3cret quoted"');
    c.close();
    const l = await openImap(sb.ports.imap!);
    await sendAndWait(l, 'c LOGIN carol {13}\r\n', /\+ [^\r\n]*\r\n$/);
    await sendAndWait(l, 's3cret-literl\r\n', /c NO [^\r\n]*\r\n$/);
    l.close();
    const d = await openImap(sb.ports.imap!);
    await expectOk(d, `d AUTHENTICATE PLAIN ${b64('\0carol\0Tr0ub4dor-3')}`);
    d.close();
    const e = await openImap(sb.ports.imap!);
    await sendAndWait(e, 'e AUTHENTICATE LOGIN\r\n', /\+ VXNlcm5hbWU6\r\n$/);
    await sendAndWait(e, `${b64('carol')}\r\n`, /\+ UGFzc3dvcmQ6\r\n$/);
    await sendAndWait(e, `${b64('Tr0ub4dor-3')}\r\n`, /e OK [^\r\n]*\r\n$/);
    e.close();

    const logged = JSON.stringify(sb.log.events);
    for (const secret of ['s3cret', 'Tr0ub4dor', b64('\0carol\0Tr0ub4dor-3'), b64('Tr0ub4dor-3')]) expect(logged).not.toContain(secret);
    const commands = sb.log.events.filter((ev) => ev.event === 'command' && ev.protocol === 'imap');
    expect(commands).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ text: 'a LOGIN <redacted>', redacted: true }),
        expect.objectContaining({ text: 'd AUTHENTICATE PLAIN <redacted>', redacted: true }),
        expect.objectContaining({ text: 'e AUTHENTICATE LOGIN' }),
        expect.objectContaining({ text: '<redacted>', redacted: true }),
      ]),
    );
    expect(sb.log.events).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'auth', protocol: 'imap', user: 'carol', ok: true })]));
  });
});
