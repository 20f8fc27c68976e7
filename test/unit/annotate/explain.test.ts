import { describe, expect, it } from 'vitest';
import {
  ExplainError,
  detectProtocol,
  explain,
  explainProtocols,
  type ExplainProtocol,
  type Explanation,
} from '../../../src/annotate/explain.js';
import { ENHANCED_STATUS_CODES } from '../../../src/protocols/smtp/enhanced-codes.js';
import { SMTP_REPLY_CODES } from '../../../src/protocols/smtp/reply-codes.js';

function kinds(e: Explanation): string[] {
  return e.parts.map((p) => p.kind);
}

function part(e: Explanation, kind: string) {
  return e.parts.find((p) => p.kind === kind);
}

function explainError(input: string, opts = {}): ExplainError {
  try {
    explain(input, opts);
  } catch (err) {
    if (err instanceof ExplainError) return err;
    throw err;
  }
  throw new Error(`explained ${JSON.stringify(input)} without an error`);
}

describe('explain: SMTP', () => {
  it('explains a basic code', () => {
    const e = explain('550');
    expect(e).toMatchObject({ protocol: 'smtp', input: '550', code: 550 });
    expect(e.enhanced).toBeUndefined();
    expect(e.text).toBeUndefined();
    expect(kinds(e)).toEqual(['reply-code', 'reply-digits']);
    expect(e.parts[0]).toMatchObject({ label: '550 reply code', ...SMTP_REPLY_CODES[550] });
    expect(part(e, 'reply-digits')?.label).toBe('5yz Permanent negative completion, x5z Mail system');
  });

  it('explains a code with an enhanced code', () => {
    const e = explain('550 5.1.1');
    expect(e).toMatchObject({ code: 550, enhanced: '5.1.1' });
    expect(e.text).toBeUndefined();
    expect(kinds(e)).toEqual(['reply-code', 'enhanced-code', 'reply-digits', 'enhanced-class', 'enhanced-subject']);
    expect(part(e, 'enhanced-code')).toMatchObject({
      label: '5.1.1 Bad destination mailbox address',
      meaning: ENHANCED_STATUS_CODES['X.1.1']?.meaning,
      rfc: 'RFC 3463 §3.2',
    });
    expect(part(e, 'enhanced-class')?.label).toBe('5.x.x Permanent failure');
    expect(part(e, 'enhanced-subject')?.label).toBe('x.1.x Addressing status');
  });

  it('explains an enhanced code alone', () => {
    const e = explain('5.7.1');
    expect(e.code).toBeUndefined();
    expect(e.enhanced).toBe('5.7.1');
    expect(kinds(e)).toEqual(['enhanced-code', 'enhanced-class', 'enhanced-subject']);
    expect(e.parts[0]?.label).toBe('5.7.1 Delivery not authorized, message refused');
  });

  it('explains a registry key', () => {
    const e = explain('X.7.8');
    expect(e.enhanced).toBe('X.7.8');
    expect(e.parts[0]).toMatchObject({ label: 'X.7.8 Authentication credentials invalid', rfc: 'RFC 4954 §6' });
  });

  it('explains a whole reply line', () => {
    const e = explain('421 4.4.2 timeout');
    expect(e).toMatchObject({ code: 421, enhanced: '4.4.2', text: 'timeout' });
    expect(part(e, 'enhanced-code')?.label).toBe('4.4.2 Bad connection');
    expect(part(e, 'warning')).toBeUndefined();
  });

  it('explains a continuation line with an EHLO keyword', () => {
    const e = explain('250-PIPELINING');
    expect(e).toMatchObject({ code: 250, text: 'PIPELINING' });
    expect(kinds(e)).toEqual(['reply-code', 'continuation', 'ehlo-keyword', 'reply-digits']);
    expect(part(e, 'ehlo-keyword')).toMatchObject({ label: 'PIPELINING (EHLO extension)', rfc: 'RFC 2920' });
    expect(part(e, 'continuation')?.next).toContain('"250 "');
  });

  it.each([
    ['250-SIZE 10485760', /10485760 octets \(about 10 MiB\)/],
    ['250 SIZE 0', /no fixed maximum/],
    ['250-AUTH PLAIN LOGIN', /Mechanisms offered: PLAIN, LOGIN\./],
    ['250-8bitmime', /8-bit/],
  ])('explains the EHLO keyword in %j', (input, meaning) => {
    expect(part(explain(input), 'ehlo-keyword')?.meaning).toMatch(meaning);
  });

  it('does not take ordinary 250 text for a keyword', () => {
    expect(part(explain('250 OK'), 'ehlo-keyword')).toBeUndefined();
    expect(part(explain('250-mail.example.org greets laptop'), 'ehlo-keyword')).toBeUndefined();
  });

  it('explains a continuation line with an enhanced code', () => {
    const e = explain('550-5.1.1 The email account that you tried to reach does not exist.');
    expect(e).toMatchObject({ code: 550, enhanced: '5.1.1', text: 'The email account that you tried to reach does not exist.' });
    expect(kinds(e).slice(0, 3)).toEqual(['reply-code', 'continuation', 'enhanced-code']);
  });

  it('explains an unregistered code by its digits', () => {
    const e = explain('559');
    expect(e.parts[0]?.label).toContain('not defined by RFC 5321');
    expect(part(e, 'reply-digits')?.rfc).toBe('RFC 5321 §4.2.1');
  });

  it('explains an unregistered enhanced detail by class and subject', () => {
    const e = explain('550 5.1.99 odd');
    expect(e.enhanced).toBe('5.1.99');
    expect(part(e, 'enhanced-code')?.label).toBe('5.1.99 (not in the IANA registry)');
    expect(part(e, 'enhanced-subject')?.label).toBe('x.1.x Addressing status');
  });

  it('strips a trailing CRLF', () => {
    expect(explain('250 2.0.0 OK\r\n')).toMatchObject({ input: '250 2.0.0 OK', code: 250, enhanced: '2.0.0', text: 'OK' });
  });

  it.each(['250 5.1.1', '550 2.0.0 OK', '451 5.7.1 no', '221 4.0.0 bye'])('warns when the classes disagree: %j', (input) => {
    const e = explain(input);
    const warning = part(e, 'warning');
    expect(warning?.label).toBe('Warning: the classes disagree');
    expect(warning?.rfc).toBe('RFC 2034 §4');
    const [code, enhanced] = input.split(' ') as [string, string];
    expect(warning?.meaning).toContain(`${code} says`);
    expect(warning?.meaning).toContain(`enhanced code ${enhanced} says`);
  });

  it.each(['250 2.0.0 OK', '550 5.1.1', '421 4.4.2 timeout', '235 2.7.0 Authentication succeeded'])(
    'does not warn when the classes agree: %j',
    (input) => {
      expect(part(explain(input), 'warning')).toBeUndefined();
    },
  );

  it('warns when an intermediate reply carries an enhanced code', () => {
    const e = explain('354 2.0.0 go ahead');
    expect(e.enhanced).toBeUndefined();
    expect(e.text).toBe('2.0.0 go ahead');
    expect(part(e, 'warning')?.label).toBe('Warning: intermediate replies carry no enhanced code');
  });

  it.each([
    ['550 5.01.1 no', /leading zero/],
    ['550 6.1.1 no', /class must be/],
    ['550 5.1000.1 no', /at most three digits/],
  ])('warns about an invalid enhanced code in a reply line: %j', (input, reason) => {
    const e = explain(input);
    expect(e.enhanced).toBeUndefined();
    expect(part(e, 'warning')?.meaning).toMatch(reason);
  });

  it.each(['550', '550 5.1.1', '5.7.1', '421 4.4.2 timeout', '250-PIPELINING', '250 5.1.1', '354 2.0.0 x', '559', 'X.0.0'])(
    'gives every part of %j a label, meaning and RFC',
    (input) => {
      for (const p of explain(input).parts) {
        expect(p.label).not.toBe('');
        expect(p.meaning).not.toBe('');
        expect(p.rfc).toMatch(/^RFC \d+/);
      }
    },
  );
});

describe('explain: input it cannot explain', () => {
  it.each(['garbage', 'hello world', '55', '5500', '+OKAY ready', '* bogus!', 'NOTACODE'])('rejects %j as not a reply', (input) => {
    const err = explainError(input);
    expect(err.code).toBe('E_NOT_A_REPLY');
    expect(err.message).toBe(`not a reply code I know: ${input}`);
    expect(err.tryMessage).toBe('mailproto explain 550 5.1.1');
  });

  it.each(['600', '199', '260 x'])('rejects %j as an invalid reply code', (input) => {
    expect(explainError(input).code).toBe('E_BAD_REPLY_CODE');
  });

  it.each([
    ['5.01.1', /leading zero/],
    ['6.1.1', /class must be 2, 4 or 5/],
    ['5.1000.1', /at most three digits/],
    ['X.9.9', /registry/],
  ])('rejects %j as an invalid enhanced code', (input, reason) => {
    const err = explainError(input);
    expect(err.code).toBe('E_BAD_ENHANCED_CODE');
    expect(err.message).toMatch(reason);
  });

  it('rejects empty input and several lines', () => {
    expect(explainError('   ').code).toBe('E_EMPTY_INPUT');
    expect(explainError('250-a\r\n250 b').code).toBe('E_MULTIPLE_LINES');
  });

  it('escapes control characters it echoes', () => {
    const err = explainError('\x1b]0;title\x07');
    expect(err.message).not.toMatch(/[\x00-\x1f]/);
    expect(err.message).toContain('\\x1b]0;title\\x07');
  });
});

describe('the explainer registry', () => {
  it('has SMTP, POP3 and IMAP', () => {
    expect(explainProtocols()).toEqual(['smtp', 'pop3', 'imap']);
  });

  it.each([
    ['550 5.1.1', 'smtp'],
    ['5.7.1', 'smtp'],
    ['250 OK', 'smtp'],
    ['+OK', 'pop3'],
    ['-ERR [IN-USE] locked', 'pop3'],
    ['[SYS/TEMP]', 'pop3'],
    ['* OK [UIDVALIDITY 3] UIDs valid', 'imap'],
    ['A1 NO [AUTHENTICATIONFAILED] Invalid credentials', 'imap'],
    ['* 3 EXISTS', 'imap'],
    ['* PREAUTH hi', 'imap'],
    ['+ Ready for literal data', 'imap'],
    ['[TRYCREATE]', 'imap'],
    ['garbage', undefined],
  ])('detects the protocol of %j', (input, protocol) => {
    expect(detectProtocol(input)).toBe(protocol);
  });

  it('uses an explicit protocol', () => {
    expect(explain('550', { protocol: 'smtp' }).protocol).toBe('smtp');
  });

  it('rejects a protocol without an explainer', () => {
    const err = explainError('550', { protocol: 'nntp' as ExplainProtocol });
    expect(err.code).toBe('E_UNKNOWN_PROTOCOL');
    expect(err.tryMessage).toBe('one of: smtp, pop3, imap');
  });
});
