import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src/client/events.js';
import { formatEvent } from '../../../src/client/line-format.js';
import { helpText } from '../../../src/client/help.js';

describe('line mode output (design.md "Line mode")', () => {
  it.each<[ClientEvent, boolean, string[]]>([
    [{ type: 'recv', t: 1, text: '220 hi \x1b[2J', eol: '\r\n' }, false, ['S: 220 hi \\x1b[2J']],
    [{ type: 'recv', t: 1, text: '220 hi', eol: '\n' }, true, ['S: 220 hi\\n']],
    [{ type: 'send', t: 1, text: 'EHLO me', eol: '\r\n' }, true, ['C: EHLO me\\r\\n']],
    [{ type: 'send', t: 1, text: 'PASS <redacted>', redacted: true }, false, ['C: PASS <redacted>']],
    [{ type: 'annotation', t: 1, text: '220 Service ready', about: 'recv' }, false, ['#  220 Service ready']],
    [{ type: 'warning', t: 1, text: 'careful' }, false, ['#  warning: careful']],
    [{ type: 'info', t: 1, text: 'a\nb' }, false, ['#  a', '#  b']],
    [{ type: 'info', t: 1, text: 'AUTH comes after TLS', instructor: 'note' }, false, ['#  note: AUTH comes after TLS']],
    [{ type: 'info', t: 1, text: 'Log in \x1b[2J', instructor: 'marker' }, false, ['#  == Log in \\x1b[2J ==']],
    [{ type: 'close', t: 1, reason: 'quit' }, false, []],
  ])('%j (raw %s)', (event, raw, lines) => {
    expect(formatEvent(event, { raw })).toEqual(lines);
  });

  it('prints the TLS summary as # lines', () => {
    const lines = formatEvent(
      { type: 'tls', t: 1, version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', subject: 'CN=x', issuer: 'CN=x', validFrom: 'a', validTo: 'b', fingerprint256: 'AA:BB', authorized: false, verifyError: 'self-signed' },
      { raw: false },
    );
    expect(lines).toEqual([
      '#  TLS TLSv1.3, cipher TLS_AES_256_GCM_SHA384',
      '#  certificate subject: CN=x',
      '#  issued by: CN=x',
      '#  valid from a to b',
      '#  SHA-256 fingerprint: AA:BB',
      '#  certificate NOT verified: self-signed',
    ]);
  });
});

describe(':help', () => {
  it.each([
    ['smtp', 'rcpt', /^RCPT TO:<forward-path>.*\n.*recipient[\s\S]*RFC 5321/],
    ['pop3', 'RETR', /^RETR <msg>[\s\S]*allowed in: transaction[\s\S]*RFC 1939/],
    ['imap', 'uid fetch', /^UID FETCH[\s\S]*RFC/],
    ['imap', ':auth', /^:auth plain\|login\|cram-md5/],
    ['smtp', 'FROB', /no SMTP command or meta-command named FROB/],
  ] as const)('%s %s', (protocol, topic, expected) => {
    expect(helpText(protocol, topic)).toMatch(expected);
  });

  it('without a topic lists the commands and the meta-commands', () => {
    const text = helpText('imap');
    expect(text).toMatch(/^IMAP commands:/);
    expect(text).toContain('LOGIN');
    expect(text).toContain(':send [--bdat] FILE');
  });
});
