/** Replies compared by meaning (replay --against): what must agree, and what may differ. */
import { describe, expect, it } from 'vitest';
import type { ClientEvent, ClientProtocol } from '../../../src/client/events.js';
import { replyMeanings, sameMeaning } from '../../../src/transcript/compare.js';

const recv = (text: string, extra: { command?: string; inBody?: boolean } = {}): ClientEvent => ({ type: 'recv', t: 0, text, ...extra });
const keys = (protocol: ClientProtocol, events: ClientEvent[], greeting = false): string[] => replyMeanings(protocol, events, greeting).map((m) => m.key);

describe('replyMeanings', () => {
  it.each([
    ['smtp', ['250-sandbox.test greets me', '250-PIPELINING', '250 HELP'], ['250']],
    ['smtp', ['250 2.1.5 <bob@x> OK'], ['250 2.1.5']],
    ['smtp', ['354 go ahead', '250 2.0.0 queued as 1234'], ['354', '250 2.0.0']],
    ['smtp', ['334 VXNlcm5hbWU6', '334 UGFzc3dvcmQ6', '235 2.7.0 ok'], ['334', '334', '235 2.7.0']],
    ['smtp', ['550'], ['550']],
    ['pop3', ['+OK 2 messages'], ['+OK']],
    ['pop3', ['-ERR [IN-USE] locked by another session'], ['-ERR [IN-USE]']],
    ['pop3', ['-ERR [SYS/TEMP] try later'], ['-ERR [SYS/TEMP]']],
    ['pop3', ['+ '], []],
  ] as const)('%s %j → %j', (protocol, lines, expected) => {
    expect(keys(protocol, lines.map((l) => recv(l)))).toEqual(expected);
  });

  it('POP3: body lines and the final "." do not count', () => {
    expect(keys('pop3', [recv('+OK 120 octets'), recv('+OK inside the body', { inBody: true }), recv('.')])).toEqual(['+OK']);
  });

  it('IMAP: the tagged completion and its response code name, not untagged data, literals or the ")" after one', () => {
    const events = [
      recv('* 3 EXISTS', { command: 'A004' }),
      recv('* OK [UIDVALIDITY 1795] UIDs valid', { command: 'A004' }),
      recv('* 1 FETCH (BODY[] {12}', { command: 'A004' }),
      recv('A004 OK not the end', { command: 'A004', inBody: true }),
      recv(')', { command: 'A004' }),
      recv('A004 OK [READ-WRITE] SELECT completed', { command: 'A004' }),
    ];
    expect(keys('imap', events)).toEqual(['OK [READ-WRITE]']);
    expect(keys('imap', [recv('+ Ready', { command: 'A005' }), recv('A005 NO [TRYCREATE] no such mailbox', { command: 'A005' })])).toEqual(['NO [TRYCREATE]']);
  });

  it('IMAP greeting: its untagged status counts, later untagged lines do not', () => {
    expect(keys('imap', [recv('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready')], true)).toEqual(['* OK [CAPABILITY]']);
    expect(keys('imap', [recv('* PREAUTH logged in')], true)).toEqual(['* PREAUTH']);
    expect(keys('imap', [recv('* OK ready')], false)).toEqual([]);
  });
});

describe('sameMeaning', () => {
  const m = (protocol: ClientProtocol, ...lines: string[]) => replyMeanings(protocol, lines.map((l) => recv(l, { command: 'A1' })), false);
  it.each([
    [m('smtp', '250 2.1.5 ok'), m('smtp', '250 2.1.5 Recipient <bob@example.org> OK'), true],
    [m('smtp', '250 2.1.5 ok'), m('smtp', '550 5.1.1 no such user'), false],
    [m('smtp', '250 2.1.5 ok'), m('smtp', '250 2.1.0 ok'), false],
    [m('smtp', '250 2.1.5 ok'), m('smtp', '250 ok'), false],
    [m('imap', 'A1 OK [UIDVALIDITY 3] done'), m('imap', 'A1 OK [UIDVALIDITY 9] fine'), true],
    [m('imap', 'A1 OK [READ-WRITE] done'), m('imap', 'A1 OK [READ-ONLY] done'), false],
    [m('pop3', '-ERR [IN-USE] x'), m('pop3', '-ERR x'), false],
    [m('smtp', '354 go', '250 2.0.0 ok'), m('smtp', '354 go'), false],
  ])('%j vs %j: %s', (a, b, same) => {
    expect(sameMeaning(a, b)).toBe(same);
  });
});
