import { describe, expect, it } from 'vitest';
import { plain, redactLine, saslResponse, secret, wordsPrefix } from '../../../src/client/redact.js';
import { typedCommand } from '../../../src/client/sessions/imap-lines.js';

describe('redactLine: the one place secrets become <redacted>', () => {
  it.each([
    [secret('PASS hunter2', 'PASS '), 'PASS <redacted>'],
    [secret('AUTH PLAIN AGFsaWNlAHB3', 'AUTH PLAIN '), 'AUTH PLAIN <redacted>'],
    [secret('cGFzc3dvcmQ='), '<redacted>'],
    [saslResponse('*'), '*'],
    [plain('USER alice'), 'USER alice'],
    [secret('PASS', 'PASS'), 'PASS'],
  ])('%j → %s', (line, shown) => {
    const r = redactLine(line, false);
    expect(r.text).toBe(shown);
    expect(r.redacted === true).toBe(shown.includes('<redacted>'));
    expect(redactLine(line, true)).toEqual({ text: line.text });
  });

  it('wordsPrefix keeps the words before the secret, with their spacing', () => {
    expect(wordsPrefix('APOP  bob 0123', 2)).toBe('APOP  bob ');
    expect(wordsPrefix('PASS', 1)).toBe('PASS');
  });
});

describe('typedCommand (IMAP): tag, verb and what is secret', () => {
  it.each([
    ['LOGIN alice pw', 'A001', { tag: 'A001', verb: 'LOGIN', args: 'alice pw', shown: 'A001 LOGIN <redacted>' }],
    ['x1 login "alice" "p w"', undefined, { tag: 'x1', verb: 'LOGIN', shown: 'x1 login <redacted>' }],
    ['AUTHENTICATE PLAIN AGFsaWNl', 'A002', { verb: 'AUTHENTICATE', shown: 'A002 AUTHENTICATE PLAIN <redacted>' }],
    ['AUTHENTICATE PLAIN', 'A002', { verb: 'AUTHENTICATE', shown: 'A002 AUTHENTICATE PLAIN' }],
    ['UID FETCH 1:* FLAGS', 'A003', { verb: 'UID FETCH', args: '1:* FLAGS', shown: 'A003 UID FETCH 1:* FLAGS' }],
    ['t9 SELECT INBOX', undefined, { tag: 't9', verb: 'SELECT', args: 'INBOX', shown: 't9 SELECT INBOX' }],
  ])('%s', (line, tag, expected) => {
    const cmd = typedCommand(line, tag);
    expect({ tag: cmd.tag, verb: cmd.verb, args: cmd.args, shown: redactLine(cmd.out, false).text }).toMatchObject(expected);
  });
});
