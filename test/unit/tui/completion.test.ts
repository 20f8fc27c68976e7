import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionFacts } from '../../../src/annotate/context.js';
import { commonPrefix, complete, completeHeader, wantsSpace, type CompletionContext } from '../../../src/tui/completion.js';

const facts = (protocol: SessionFacts['protocol'], state: string, capabilities: string[] = []): SessionFacts => ({ protocol, state, secure: false, loopback: true, capabilities });

const smtp: CompletionContext = { protocol: 'smtp', facts: facts('smtp', 'greeted', ['SIZE', '8BITMIME', 'STARTTLS']), mailboxes: [], addresses: ['alice@sandbox.test', 'bob@sandbox.test'], users: ['alice', 'bob'] };
const pop3: CompletionContext = { protocol: 'pop3', facts: facts('pop3', 'transaction'), mailboxes: [], messages: 3, addresses: [], users: ['alice'] };
const imap: CompletionContext = { protocol: 'imap', facts: facts('imap', 'selected', ['IMAP4rev1', 'AUTH=PLAIN', 'IDLE']), mailboxes: ['INBOX', 'Sent', 'My Stuff'], messages: 2, addresses: [], users: ['alice'] };

describe('tab completion', () => {
  it.each<[string, CompletionContext, string, string[]]>([
    ['SMTP command names', smtp, 'EH', ['EHLO']],
    ['lower case typing still finds the command', smtp, 'ma', ['MAIL']],
    ['commands allowed now come first', { ...smtp, facts: facts('smtp', 'rcpt') }, 'R', ['RCPT', 'RSET']],
    ['MAIL FROM:< and the known addresses', smtp, 'MAIL ', ['FROM:<', 'FROM:<alice@sandbox.test>', 'FROM:<bob@sandbox.test>']],
    ['an address after TO:<', smtp, 'RCPT TO:<b', ['TO:<bob@sandbox.test>']],
    ['MAIL parameters from the EHLO keywords', smtp, 'MAIL FROM:<a@b> ', ['SIZE=', 'BODY=8BITMIME']],
    ['SASL mechanisms after AUTH', smtp, 'AUTH ', ['PLAIN', 'LOGIN', 'CRAM-MD5']],
    ['POP3 message numbers', pop3, 'RETR ', ['1', '2', '3']],
    ['POP3 TOP line counts', pop3, 'TOP 1 ', ['0', '5', '10']],
    ['IMAP mailbox names from LIST, quoted when needed', imap, 'SELECT ', ['INBOX', 'Sent', '"My Stuff"']],
    ['IMAP mailbox prefix', imap, 'EXAMINE S', ['Sent']],
    ['IMAP with the learner\'s own tag', imap, 'a1 SELECT I', ['INBOX']],
    ['IMAP sequence sets from EXISTS', imap, 'FETCH ', ['1', '2', '1:*', '2:*']],
    ['FETCH items', imap, 'FETCH 1 BODY', ['BODYSTRUCTURE', 'BODY[]', 'BODY.PEEK[]', 'BODY[HEADER]', 'BODY[TEXT]']],
    ['STORE actions', imap, 'STORE 1 +', ['+FLAGS', '+FLAGS.SILENT']],
    ['STORE flags', imap, 'STORE 1 +FLAGS (\\S', ['(\\Seen)']],
    ['COPY target mailbox', imap, 'COPY 1 S', ['Sent']],
    ['UID sub-commands', imap, 'UID F', ['UID FETCH']],
    ['SEARCH keys', imap, 'SEARCH UNS', ['UNSEEN']],
    ['AUTHENTICATE offers what the server announced', { ...imap, facts: facts('imap', 'not-authenticated', ['AUTH=PLAIN']) }, 'AUTHENTICATE ', ['PLAIN']],
    ['meta-commands', smtp, ':a', [':auth']],
    [':auth mechanisms', smtp, ':auth ', ['plain', 'login', 'cram-md5']],
  ])('%s', (_what, ctx, typed, expected) => {
    expect(complete(ctx, typed).candidates).toEqual(expected);
  });

  it('replaces only the word before the cursor', () => {
    expect(complete(imap, 'a1 SELECT Se').start).toBe('a1 SELECT '.length);
    expect(complete(smtp, '  EH').start).toBe(2);
  });

  it('completes file names for :send', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailproto-complete-'));
    writeFileSync(join(dir, 'hello.eml'), 'x');
    mkdirSync(join(dir, 'mail'));
    expect(complete({ ...smtp, cwd: dir }, ':send h').candidates).toEqual(['hello.eml']);
    expect(complete({ ...smtp, cwd: dir }, ':send ').candidates).toEqual(['hello.eml', 'mail/']);
  });

  it('offers header names in the DATA editor', () => {
    expect(completeHeader('Su').candidates).toEqual(['Subject: ']);
    expect(completeHeader('Subject: x').candidates).toEqual([]);
  });

  it('common prefix and whether a space follows', () => {
    expect(commonPrefix(['FROM:<', 'FROM:<alice@x>'])).toBe('FROM:<');
    expect(commonPrefix(['RCPT', 'RSET'])).toBe('R');
    expect(wantsSpace('EHLO')).toBe(true);
    expect(wantsSpace('FROM:<')).toBe(false);
    expect(wantsSpace('SIZE=')).toBe(false);
    expect(wantsSpace('mail/')).toBe(false);
  });
});
