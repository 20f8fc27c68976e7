import { describe, expect, it } from 'vitest';
import { FaultSpecError, parseFault } from '../../../src/server/faults.js';

describe('parseFault for POP3', () => {
  it.each([
    ['pop3:PASS:-ERR [IN-USE] Mailbox locked', 'PASS'],
    ['pop3:retr:-ERR [SYS/TEMP] Try again later@0.05', 'RETR'],
    ['pop3:CONNECT:-ERR [SYS/TEMP] Maintenance, come back later', 'CONNECT'],
    ['pop3:DELE:+OK marked, or so it says', 'DELE'],
    ['pop3:STAT:-ERR', 'STAT'],
  ])('%j is accepted', (spec, command) => {
    expect(parseFault(spec)).toMatchObject({ protocol: 'pop3', command });
  });

  it.each([
    ['pop3:RTER:-ERR no', /RTER is not a POP3 command the sandbox runs; use one of USER, PASS, .*UIDL, CONNECT$/],
    ['pop3:LAST:-ERR no', /LAST is not a POP3 command the sandbox runs/],
    ['pop3:PASS:NO [IN-USE] locked', /the reply must start with \+OK or -ERR/],
    ['pop3:PASS:-ERRR locked', /the reply must start with \+OK or -ERR/],
    ['pop3:PASS:-ERR [IN USE] locked', /\[IN USE\] is not a response code/],
    ['pop3:RETR:+OK here it comes', /\+OK to RETR would promise a multi-line answer the fault cannot give/],
    ['pop3:LIST:+OK', /\+OK to LIST would promise a multi-line answer/],
  ])('%j is refused: %s', (spec, message) => {
    expect(() => parseFault(spec)).toThrow(FaultSpecError);
    expect(() => parseFault(spec)).toThrow(message);
  });
});

describe('parseFault for IMAP', () => {
  it.each([
    ['imap:APPEND:NO [OVERQUOTA] Quota exceeded', 'APPEND'],
    ['imap:fetch:NO [UNAVAILABLE] Try again later@0.05', 'FETCH'],
    ['imap:CONNECT:BYE [UNAVAILABLE] Maintenance', 'CONNECT'],
    ['imap:SELECT:NO [NONEXISTENT] no such mailbox', 'SELECT'],
    ['imap:EXPUNGE:BAD', 'EXPUNGE'],
    ['imap:NAMESPACE:OK done', 'NAMESPACE'],
  ])('%j is accepted', (spec, command) => {
    expect(parseFault(spec)).toMatchObject({ protocol: 'imap', command });
  });

  it.each([
    ['imap:FECTH:NO later', /FECTH is not an IMAP command the sandbox runs; use one of .*FETCH.*CONNECT$/],
    ['imap:APPEND:-ERR full', /the reply must start with OK, NO, BAD \(the tag is added\)/],
    ['imap:APPEND:BYE going', /the reply must start with OK, NO, BAD \(the tag is added\)/],
    ['imap:CONNECT:+OK hello', /the reply must start with OK, NO, BAD, BYE/],
    ['imap:APPEND:NO [] full', /\[\] is not a response code/],
  ])('%j is refused: %s', (spec, message) => {
    expect(() => parseFault(spec)).toThrow(FaultSpecError);
    expect(() => parseFault(spec)).toThrow(message);
  });
});
