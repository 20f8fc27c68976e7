import { describe, expect, it } from 'vitest';
import { FaultSpecError, parseFault } from '../../../../src/server/faults.js';

describe('parseFault for SMTP', () => {
  it.each([
    ['smtp:RCPT:452 4.2.2 Mailbox full', { command: 'RCPT', reply: '452 4.2.2 Mailbox full', probability: 1 }],
    ['smtp:rcpt:452 4.2.2 Mailbox full@0.3', { command: 'RCPT', reply: '452 4.2.2 Mailbox full', probability: 0.3 }],
    ['smtp:DATA:451 4.3.0 Try again later@.5', { command: 'DATA', reply: '451 4.3.0 Try again later', probability: 0.5 }],
    ['smtp:CONNECT:421 4.3.2 Service shutting down', { command: 'CONNECT', reply: '421 4.3.2 Service shutting down', probability: 1 }],
    ['smtp:EOD:554 5.7.1 Message rejected as spam', { command: 'EOD', reply: '554 5.7.1 Message rejected as spam', probability: 1 }],
    ['smtp:VRFY:252 2.5.0 Cannot VRFY user', { command: 'VRFY', reply: '252 2.5.0 Cannot VRFY user', probability: 1 }],
    ['smtp:MAIL:421', { command: 'MAIL', reply: '421', probability: 1 }],
    // An address with @ in the text is not taken for a probability.
    ['smtp:RCPT:550 5.1.1 <bob@sandbox.test> unknown', { command: 'RCPT', reply: '550 5.1.1 <bob@sandbox.test> unknown', probability: 1 }],
    // Text that is not an enhanced code is left alone.
    ['smtp:HELO:550 Go away', { command: 'HELO', reply: '550 Go away', probability: 1 }],
  ])('%j is accepted', (spec, expected) => {
    expect(parseFault(spec)).toEqual({ protocol: 'smtp', ...expected });
  });

  it.each([
    ['smtp:RCTP:452 4.2.2 Mailbox full', /RCTP is not an SMTP command the sandbox runs; use one of HELO, EHLO, MAIL, RCPT, DATA, .*CONNECT, EOD$/],
    ['smtp:TURN:250 OK', /TURN is not an SMTP command the sandbox runs/],
    ['smtp:RCPT:Mailbox full', /the reply must start with a three-digit SMTP code/],
    ['smtp:RCPT:4522 Mailbox full', /the reply must start with a three-digit SMTP code/],
    ['smtp:DATA:354 go ahead', /354 is an intermediate reply/],
    ['smtp:RCPT:199 hm', /199 is not an SMTP reply code/],
    ['smtp:RCPT:460 hm', /460 is not an SMTP reply code/],
    ['smtp:RCPT:452 5.2.2 Mailbox full', /5\.2\.2 does not match 452: the enhanced code's class must be the reply's first digit/],
    ['smtp:RCPT:452 4.02.2 Mailbox full', /4\.02\.2 is not a valid enhanced status code: the subject "02" has a leading zero/],
    ['smtp:RCPT:452 4.2.2 Mailbox full@1.5', /probability must be above 0 and at most 1/],
  ])('%j is refused: %s', (spec, message) => {
    expect(() => parseFault(spec)).toThrow(FaultSpecError);
    expect(() => parseFault(spec)).toThrow(message);
  });

  it('leaves the replies of POP3 and IMAP faults to their protocols', () => {
    expect(parseFault('pop3:PASS:-ERR [IN-USE] Mailbox locked')).toMatchObject({ protocol: 'pop3', command: 'PASS' });
    expect(parseFault('imap:APPEND:NO [OVERQUOTA] Quota exceeded@0.3')).toMatchObject({ protocol: 'imap', probability: 0.3 });
  });
});
