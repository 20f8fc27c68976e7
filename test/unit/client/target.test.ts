import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../../src/client/target.js';

describe('parseTarget', () => {
  it.each([
    ['smtp://mail.example.org', { scheme: 'smtp', protocol: 'smtp', host: 'mail.example.org', port: 25, implicitTls: false }],
    ['submission://mail.example.org', { scheme: 'submission', protocol: 'smtp', port: 587, implicitTls: false }],
    ['smtps://mail.example.org', { scheme: 'smtps', protocol: 'smtp', port: 465, implicitTls: true }],
    ['pop3://127.0.0.1:2110', { protocol: 'pop3', host: '127.0.0.1', port: 2110, implicitTls: false }],
    ['pop3s://h', { protocol: 'pop3', port: 995, implicitTls: true }],
    ['imap://alice@host', { protocol: 'imap', host: 'host', port: 143, user: 'alice' }],
    ['imaps://alice%40example.org@host:10993/', { protocol: 'imap', port: 10993, implicitTls: true, user: 'alice@example.org' }],
    ['IMAP://[::1]:2143', { protocol: 'imap', host: '::1', port: 2143 }],
  ])('%s', (text, expected) => {
    expect(parseTarget(text)).toMatchObject({ kind: 'server', text, ...expected });
  });

  it.each(['sandbox:smtp', 'sandbox:pop3', 'sandbox:IMAP'])('%s is an in-process sandbox', (text) => {
    expect(parseTarget(text)).toEqual({ kind: 'sandbox', text, protocol: text.slice(8).toLowerCase() });
  });

  it.each([
    ['', /starts with a scheme/],
    ['mail.example.org', /Try|scheme/],
    ['http://example.org', /unknown scheme "http"/],
    ['smtp://', /host|valid/],
    ['smtp://host:0', /port 0/],
    ['smtp://host:65536', /not a valid/],
    ['smtp://host/INBOX', /only scheme:\/\/\[user@\]host\[:port\]/],
    ['imap://alice:pw@host', /password in the target/],
    ['sandbox:ftp', /sandbox speaks/],
  ])('%j is refused with a hint', (text, message) => {
    let error: unknown;
    try {
      parseTarget(text);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ name: 'ClientError', code: 'E_BAD_TARGET', exitCode: 1, tryMessage: expect.any(String) });
    expect(`${(error as Error).message} ${(error as { tryMessage: string }).tryMessage}`).toMatch(message);
  });

  it('a password in the target never reaches the hint', () => {
    expect(() => parseTarget('imap://alice:hunter2@host')).toThrow(expect.objectContaining({ tryMessage: expect.not.stringContaining('hunter2') }));
  });
});
