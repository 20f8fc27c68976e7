/** Refilling redacted credentials for replay --against: which line is made of what, and what cannot be. */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Refiller, RefillError, type RecordedLine } from '../../../src/transcript/refill.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const l = (text: string, line = 5): RecordedLine => ({ text, redacted: text.includes('<redacted>'), line });
const facts = { challenge: '', greeting: '' };

describe('Refiller', () => {
  const sandboxSmtp = new Refiller('smtp', 'f.jsonl', { sandbox: true });

  it('SMTP AUTH PLAIN: the initial response from the sandbox seeded account (alice:password)', () => {
    expect(sandboxSmtp.line([l('AUTH PLAIN <redacted>')], 0, facts)).toEqual({ send: `AUTH PLAIN ${b64('\0alice\0password')}` });
  });

  it('AUTH LOGIN: each answer follows the live challenge', () => {
    const step = [l('AUTH LOGIN'), l('<redacted>'), l('<redacted>')];
    const r = new Refiller('smtp', 'f', { user: 'carol', password: 'S3cret', sandbox: false });
    expect(r.line(step, 0, facts)).toEqual({ send: 'AUTH LOGIN' });
    expect(r.line(step, 1, { challenge: b64('Username:'), greeting: '' })).toEqual({ send: b64('carol') });
    expect(r.line(step, 2, { challenge: b64('Password:'), greeting: '' })).toEqual({ send: b64('S3cret') });
  });

  it('CRAM-MD5: the digest of the new challenge (not the recorded one)', () => {
    const challenge = '<1896.697170952@sandbox.test>';
    const r = new Refiller('imap', 'f', { user: 'bob', password: 'pw', sandbox: false });
    const step = [l('A002 AUTHENTICATE CRAM-MD5'), l('<redacted>')];
    const digest = createHmac('md5', 'pw').update(challenge).digest('hex');
    expect(r.line(step, 1, { challenge: b64(challenge), greeting: '' })).toEqual({ send: b64(`bob ${digest}`) });
  });

  it('POP3: PASS, APOP with the live greeting timestamp, and --user renames USER', () => {
    const r = new Refiller('pop3', 'f', { user: 'bob', password: 'pw', sandbox: false });
    expect(r.line([l('PASS <redacted>')], 0, facts)).toEqual({ send: 'PASS pw' });
    expect(r.line([l('USER alice')], 0, facts)).toEqual({ send: 'USER bob' });
    const greeting = '+OK ready <1896.697170952@dbc.mtview.ca.us>';
    const digest = createHash('md5').update('<1896.697170952@dbc.mtview.ca.us>pw').digest('hex');
    expect(r.line([l('APOP alice <redacted>')], 0, { challenge: '', greeting })).toEqual({ send: `APOP bob ${digest}` });
  });

  it('POP3 against a sandbox: the user the recording shows, with that account seeded password', () => {
    const r = new Refiller('pop3', 'f', { recordedUser: 'bob', sandbox: true });
    expect(r.line([l('PASS <redacted>')], 0, facts)).toEqual({ send: 'PASS password' });
  });

  it('IMAP LOGIN: one line with quoted strings; its literal lines are skipped', () => {
    const r = new Refiller('imap', 'f', { user: 'al"ice', password: 'p\\w', sandbox: false });
    const step = [l('A003 LOGIN <redacted>'), l('<redacted>'), l('<redacted>')];
    expect(r.line(step, 0, facts)).toEqual({ send: 'A003 LOGIN "al\\"ice" "p\\\\w"' });
    expect(r.line(step, 1, facts)).toEqual({ skip: true });
  });

  it.each([
    ['no password for a real server', 'pop3', [l('PASS <redacted>', 9)], {}, /^f\.jsonl:9: "PASS <redacted>" was recorded without its secret, and no password was given to put back$/],
    ['no user for IMAP LOGIN', 'imap', [l('A001 LOGIN <redacted>', 4)], { password: 'x' }, /^f\.jsonl:4: .*no user name was given/],
    ['a mechanism mailproto cannot compute', 'smtp', [l('AUTH XOAUTH2 <redacted>', 7)], { user: 'a', password: 'b' }, /^f\.jsonl:7: cannot refill "AUTH XOAUTH2 <redacted>": mailproto computes PLAIN, LOGIN and CRAM-MD5 responses, not XOAUTH2$/],
    ['a redacted line outside AUTH', 'smtp', [l('NOOP'), l('<redacted>', 8)], { user: 'a', password: 'b' }, /^f\.jsonl:8: cannot refill "<redacted>": it is not part of AUTH or LOGIN$/],
  ] as const)('check() refuses %s, naming the line', (_what, protocol, step, creds, message) => {
    const r = new Refiller(protocol, 'f.jsonl', { ...creds, sandbox: false });
    let err: unknown;
    try {
      r.check([step]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RefillError);
    expect((err as RefillError).message).toMatch(message);
    expect((err as RefillError).tryMessage).toMatch(/--password|record the session again/);
  });

  it('check() accepts what it can refill, and lines with nothing redacted', () => {
    expect(() => sandboxSmtp.check([[l('EHLO me')], [l('AUTH PLAIN <redacted>')], [l('AUTH CRAM-MD5'), l('<redacted>')]])).not.toThrow();
  });
});
