import { describe, expect, it } from 'vitest';
import type { SessionFacts } from '../../../src/annotate/context.js';
import { nextSteps } from '../../../src/tui/next-steps.js';
import { stateLabel, statusFields } from '../../../src/tui/status.js';
import { syntaxHint, type HintContext } from '../../../src/tui/syntax-hint.js';

const facts = (protocol: SessionFacts['protocol'], state: string, extra: Partial<SessionFacts> = {}): SessionFacts => ({ protocol, state, secure: false, loopback: true, capabilities: [], ...extra });
const ctx = (protocol: SessionFacts['protocol'], state: string, extra: Partial<HintContext> = {}): HintContext => ({ protocol, facts: facts(protocol, state), content: false, sandbox: true, ...extra });

describe('inline syntax hints', () => {
  it.each<[string, HintContext, string, string | RegExp, string]>([
    ['the syntax of the command being typed', ctx('smtp', 'greeted'), 'MAIL FROM:<al', /^MAIL FROM:<reverse-path> \[parameters\] — .*RFC 5321/, 'hint'],
    ['a half-typed name lists the matches', ctx('smtp', 'greeted'), 'R', 'RCPT TO:<forward-path> [parameters]  ·  RSET', 'hint'],
    ['a command not accepted in this state', ctx('smtp', 'connected'), 'DATA', /^DATA — not accepted now \(connected\); it needs: rcpt$/, 'error'],
    ['an unknown command', ctx('smtp', 'greeted'), 'HELLO there', 'HELLO is not a SMTP command; Tab lists them', 'error'],
    ['IMAP past the learner\'s own tag', ctx('imap', 'authenticated'), 'x1 SELECT IN', /^SELECT mailbox — /, 'hint'],
    ['meta-commands', ctx('pop3', 'authorization'), ':auth pl', /^:auth plain\|login\|cram-md5 \[USER\] PASS — /, 'hint'],
    ['the next step on an empty line', ctx('smtp', 'connected'), '', /^try: EHLO localhost/, 'next'],
    ['in DATA: how to end the message', ctx('smtp', 'data', { content: true }), 'Subject', /a line with only "\." sends it/, 'next'],
    ['after AUTH: a base64 answer is wanted', ctx('smtp', 'greeted', { content: true, lastCommand: 'AUTH', lastReply: '334 VXNlcm5hbWU6' }), '', /base64 answer/, 'next'],
    ['while IDLE: DONE', ctx('imap', 'selected', { content: true, lastCommand: 'IDLE', lastReply: '+ idling' }), '', /type DONE/, 'next'],
  ])('%s', (_what, c, typed, text, tone) => {
    const hint = syntaxHint(c, typed);
    if (typeof text === 'string') expect(hint.text).toBe(text);
    else expect(hint.text).toMatch(text);
    expect(hint.tone).toBe(tone);
  });
});

describe('next steps', () => {
  it('walk a newcomer through SMTP, with the sandbox users', () => {
    const first = (state: string) => nextSteps(facts('smtp', state), { sandbox: true })[0]?.command;
    expect(['connected', 'greeted', 'mail', 'rcpt', 'data'].map(first)).toEqual(['EHLO localhost', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'DATA', 'Subject: hello']);
  });

  it('use placeholders for a real server, and offer STARTTLS when it is there', () => {
    const steps = nextSteps(facts('imap', 'not-authenticated', { capabilities: ['STARTTLS'] }), { sandbox: false });
    expect(steps.map((s) => s.command)).toEqual(['LOGIN USER PASSWORD', ':starttls']);
  });

  it('do not suggest RETR 1 in an empty maildrop', () => {
    expect(nextSteps(facts('pop3', 'transaction'), { sandbox: true, messages: 0 }).map((s) => s.command)).not.toContain('RETR 1');
  });
});

describe('status line', () => {
  it.each<[SessionFacts | undefined, boolean, string]>([
    [facts('smtp', 'mail'), false, 'mail transaction (sender given)'],
    [facts('smtp', 'data'), false, 'mail transaction (message data)'],
    [facts('pop3', 'transaction'), false, 'transaction (logged in)'],
    [facts('imap', 'selected', { selected: { name: 'INBOX', readOnly: false } }), false, 'selected INBOX (read-write)'],
    [facts('imap', 'selected', { selected: { name: 'Sent', readOnly: true } }), false, 'selected Sent (read-only)'],
    [undefined, false, 'connecting'],
    [facts('imap', 'authenticated'), true, 'closed'],
  ])('%j ended=%s → %s', (f, ended, label) => {
    expect(stateLabel(f, ended)).toBe(label);
  });

  it('names protocol, server, state, TLS, user and recording; drops the server when narrow', () => {
    const s = { protocol: 'imap' as const, server: 'imaps://mail.example.org', state: 'selected INBOX (read-write)', tls: true, user: 'alice', recording: '/tmp/x/session.jsonl', busy: false, raw: false };
    expect(statusFields(s)).toEqual(['IMAP', 'imaps://mail.example.org', 'selected INBOX (read-write)', 'TLS on', 'user alice', 'REC session.jsonl']);
    expect(statusFields(s, 80)).toEqual(['IMAP', 'selected INBOX (read-write)', 'TLS on', 'user alice', 'REC session.jsonl']);
    expect(statusFields({ ...s, raw: true, recording: undefined, user: undefined }, 60)).toEqual(['RAW VIEW', 'IMAP', 'selected INBOX', 'TLS on', 'user -', 'rec off']);
  });
});
