/** Goals: reply codes per protocol, lines and their commands, state in the store, all/any. */
import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src/client/events.js';
import { codeMatches, GoalTracker, hasMatchingMessage, replyStatus, type StoreProbe } from '../../../src/lessons/goals.js';
import { LineObserver, findFailedReply } from '../../../src/lessons/observe.js';
import type { Goal, MessageMatch } from '../../../src/lessons/schema.js';

describe('replyStatus', () => {
  it.each([
    ['smtp', '250 2.0.0 OK', '250'],
    ['smtp', '250-SIZE 10485760', undefined],
    ['smtp', '354 End data with <CR><LF>.<CR><LF>', '354'],
    ['smtp', '221', '221'],
    ['pop3', '+OK 2 320', '+OK'],
    ['pop3', '-ERR [IN-USE] locked', '-ERR'],
    ['pop3', '1 604', undefined],
    ['imap', 'A001 OK LOGIN completed', 'OK'],
    ['imap', 'a7 NO [CANNOT] read-only', 'NO'],
    ['imap', '* BAD line too long', 'BAD'],
    ['imap', '+ idling', '+'],
    ['imap', '* 3 EXISTS', undefined],
  ] as const)('%s %j is %s', (protocol, line, code) => {
    expect(replyStatus(protocol, line)?.code).toBe(code);
  });

  it('marks untagged IMAP lines as not tagged', () => {
    expect(replyStatus('imap', '* OK [UIDVALIDITY 3] UIDs valid')).toEqual({ code: 'OK', tagged: false });
  });
});

describe('codeMatches', () => {
  it.each([
    [250, '250', true],
    ['5xx', '550', true],
    ['5xx', '450', false],
    ['55x', '553', true],
    ['+ok', '+OK', true],
    ['-ERR', '+OK', false],
    ['no', 'NO', true],
  ] as const)('%s ~ %s is %s', (spec, code, expected) => {
    expect(codeMatches(spec, code)).toBe(expected);
  });
});

let t = 0;
const send = (text: string): ClientEvent => ({ type: 'send', t: t++, text });
const recv = (text: string, command?: string, inBody = false): ClientEvent => ({ type: 'recv', t: t++, text, inBody, ...(command ? { command } : {}) });

/** Feeds events through a LineObserver into a tracker, as the runner does. */
function follow(goal: Goal, protocol: 'smtp' | 'pop3' | 'imap', events: ClientEvent[], kind: 'command' | 'content' = 'command'): GoalTracker {
  const tracker = new GoalTracker(goal);
  const observer = new LineObserver(() => protocol, () => kind);
  for (const e of events) {
    const observed = observer.observe(e);
    if (observed) tracker.observe(observed, protocol);
  }
  return tracker;
}

describe('GoalTracker with session lines', () => {
  it('matches an IMAP command without its tag, and its tagged reply by the command', () => {
    const events = [send('A003 LOGIN alice password'), recv('A003 OK LOGIN completed', 'A003')];
    expect(follow({ send: '^LOGIN alice' }, 'imap', events).reached).toBe(true);
    expect(follow({ reply: { code: 'OK', command: 'LOGIN' } }, 'imap', events).reached).toBe(true);
    expect(follow({ reply: { code: 'OK', command: 'SELECT' } }, 'imap', events).reached).toBe(false);
    expect(follow({ reply: 'NO' }, 'imap', events).reached).toBe(false);
  });

  it('counts the reply to DATA\'s final dot as a reply to DATA', () => {
    const events = [send('DATA'), recv('354 go ahead', 'DATA'), send('.'), recv('451 4.3.0 try later', '.')];
    expect(follow({ reply: { code: 451, command: 'DATA' } }, 'smtp', events).reached).toBe(true);
  });

  it('does not take a continuation line of a multi-line reply for the reply', () => {
    expect(follow({ reply: 250 }, 'smtp', [send('EHLO x'), recv('250-sandbox.test greets x', 'EHLO')]).reached).toBe(false);
  });

  it('checks the reply text when the goal gives one', () => {
    const goal: Goal = { reply: { code: '+OK', command: 'STAT', text: '^\\+OK 2 ' } };
    expect(follow(goal, 'pop3', [send('STAT'), recv('+OK 3 900', 'STAT')]).reached).toBe(false);
    expect(follow(goal, 'pop3', [send('STAT'), recv('+OK 2 600', 'STAT')]).reached).toBe(true);
  });

  it('matches recv goals on message content too (a header line in RETR)', () => {
    expect(follow({ recv: '^Subject: Lunch' }, 'pop3', [recv('Subject: Lunch on Friday?', 'RETR', true)]).reached).toBe(true);
  });

  it('needs every part of `all`, one part of `any`', () => {
    const events = [send('VRFY bob'), recv('250 2.1.5 bob', 'VRFY')];
    const both: Goal = { all: [{ reply: { code: 250, command: 'VRFY' } }, { reply: { code: 550, command: 'VRFY' } }] };
    expect(follow(both, 'smtp', events).reached).toBe(false);
    expect(follow(both, 'smtp', [...events, send('VRFY carol'), recv('550 5.1.1 no', 'VRFY')]).reached).toBe(true);
    expect(follow({ any: both.all! }, 'smtp', events).reached).toBe(true);
  });
});

function probe(messages: Array<{ flags: string[]; raw: string }>, folders: string[] = ['INBOX']): StoreProbe {
  return {
    messages: async () => messages.map((m) => ({ flags: m.flags, read: async () => Buffer.from(m.raw.replace(/\n/g, '\r\n')) })),
    folderExists: async (_user, name) => folders.includes(name),
  };
}

const REPORT = 'From: Carol <carol@example.org>\nTo: alice@sandbox.test\nCc: bob@sandbox.test\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= and the report\n\nNumbers inside.\n--b1--\n';

describe('state goals', () => {
  const match = (m: Partial<MessageMatch>): MessageMatch => ({ user: 'alice', mailbox: 'INBOX', ...m });

  it.each([
    ['subject, decoded', match({ subject: 'Grüße and' }), true],
    ['a header', match({ header: { Cc: '^bob@' } }), true],
    ['a header that is not there', match({ header: { 'Reply-To': '.' } }), false],
    ['flags it has', match({ flags: ['\\Seen'] }), true],
    ['flags it lacks', match({ flags: ['\\Flagged'] }), false],
    ['not_flags', match({ not_flags: ['\\Seen'] }), false],
    ['no_headers', match({ no_headers: ['Bcc'] }), true],
    ['no_headers it has', match({ no_headers: ['cc'] }), false],
    ['the body, line by line', match({ body: '^--b1--$' }), true],
  ])('%s', async (_what, m, expected) => {
    expect(await hasMatchingMessage(probe([{ flags: ['\\Seen'], raw: REPORT }]), m)).toBe(expected);
  });

  it('matches a field that occurs more than once (Received) when one occurrence matches', async () => {
    const trail = 'Received: from relay.example.org by mx.sandbox.test; Mon, 02 Mar 2026 09:01:00 +0000\nReceived: from pc.home.example\n  by relay.example.org; Mon, 02 Mar 2026 09:00:00 +0000\nSubject: trail\n\nbody\n';
    const messages = probe([{ flags: [], raw: trail }]);
    expect(await hasMatchingMessage(messages, match({ header: { Received: '^from pc\\.home\\.example\\s+by relay' } }))).toBe(true);
    expect(await hasMatchingMessage(messages, match({ header: { Received: 'mx\\.sandbox\\.test' } }))).toBe(true);
    expect(await hasMatchingMessage(messages, match({ header: { Received: 'elsewhere\\.example' } }))).toBe(false);
  });

  it('counts state parts while they hold, and event parts once seen', async () => {
    const goal: Goal = { all: [{ send: '^QUIT' }, { no_message: { user: 'bob', mailbox: 'INBOX', subject: 'spam' } }] };
    const tracker = follow(goal, 'pop3', [send('QUIT')]);
    await tracker.checkState(probe([{ flags: [], raw: 'Subject: spam\n\nbuy\n' }]));
    expect(tracker.reached).toBe(false);
    await tracker.checkState(probe([]));
    expect(tracker.reached).toBe(true);
    await tracker.checkState(probe([{ flags: [], raw: 'Subject: spam\n\nbuy\n' }]));
    expect(tracker.reached).toBe(false);
  });

  it('checks folders', async () => {
    const tracker = new GoalTracker({ folder: { user: 'alice', name: 'Projects' } });
    await tracker.checkState(probe([], ['INBOX', 'Projects']));
    expect(tracker.reached).toBe(true);
  });
});

describe('findFailedReply', () => {
  it('finds the last failure with the explanation that followed it', () => {
    const events: ClientEvent[] = [
      send('RCPT TO:<nobody@sandbox.test>'),
      recv('550 5.1.1 no such user', 'RCPT'),
      { type: 'annotation', t: 1, about: 'recv', text: '550 5.1.1 Recipient refused (RFC 5321)' },
    ];
    expect(findFailedReply(events, 'smtp')).toEqual({ reply: '550 5.1.1 no such user', explanation: ['550 5.1.1 Recipient refused (RFC 5321)'] });
    expect(findFailedReply([recv('250 OK', 'RCPT')], 'smtp')).toBeUndefined();
    expect(findFailedReply([recv('-ERR no such message', 'RETR')], 'pop3')?.reply).toBe('-ERR no such message');
  });
});
