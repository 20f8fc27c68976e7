import { describe, expect, it } from 'vitest';
import type { SessionFacts } from '../../../src/annotate/context.js';
import { SessionMemory } from '../../../src/tui/session-memory.js';

const recv = (text: string) => ({ type: 'recv' as const, t: 0, text });
const facts = (protocol: SessionFacts['protocol'], state: string): SessionFacts => ({ protocol, state, secure: false, loopback: true, capabilities: [] });

describe('what the screen remembers from the conversation', () => {
  it('IMAP: mailboxes from LIST and LSUB, the message count from EXISTS and EXPUNGE', () => {
    const m = new SessionMemory('imap');
    for (const l of ['* LIST (\\HasNoChildren) "." "INBOX"', '* LIST (\\HasNoChildren \\Sent) "." Sent', '* LSUB () "/" "My \\"Stuff\\""', '* 3 EXISTS', '* 2 EXPUNGE']) m.observe(recv(l));
    expect([...m.mailboxes]).toEqual(['INBOX', 'Sent', 'My "Stuff"']);
    expect(m.messages).toBe(2);
  });

  it('POP3: the count from the login reply and from STAT', () => {
    const m = new SessionMemory('pop3');
    m.observe(recv('+OK Logged in as alice: maildrop has 1 message (604 octets)'));
    expect(m.messages).toBe(1);
    m.typed('STAT', false);
    m.observe(recv('+OK 4 2000'));
    expect(m.messages).toBe(4);
  });

  it('the user is the one typed, once the server accepted the login', () => {
    const imap = new SessionMemory('imap');
    imap.typed('LOGIN "alice" password', false);
    imap.settle(facts('imap', 'not-authenticated'));
    expect(imap.user).toBeUndefined();
    imap.settle(facts('imap', 'authenticated'));
    expect(imap.user).toBe('alice');

    const pop3 = new SessionMemory('pop3');
    pop3.typed('USER bob', false);
    pop3.settle(facts('pop3', 'transaction'));
    expect(pop3.user).toBe('bob');
  });

  it('SMTP: from AUTH PLAIN, AUTH LOGIN and :auth, confirmed by 235', () => {
    const plain = new SessionMemory('smtp');
    plain.typed(`AUTH PLAIN ${Buffer.from('\0alice\0password').toString('base64')}`, false);
    plain.observe(recv('235 2.7.0 Authentication successful'));
    expect(plain.user).toBe('alice');

    const login = new SessionMemory('smtp');
    login.typed('AUTH LOGIN', false);
    login.typed(Buffer.from('bob').toString('base64'), true);
    login.typed(Buffer.from('password').toString('base64'), true);
    login.observe(recv('235 2.7.0 ok'));
    expect(login.user).toBe('bob');

    const meta = new SessionMemory('smtp');
    meta.typed(':auth plain carol secret', false);
    meta.observe(recv('535 5.7.8 no'));
    expect(meta.user).toBeUndefined();
  });

  it('a user named in the target counts once logged in', () => {
    const m = new SessionMemory('imap', 'dave');
    m.settle(facts('imap', 'selected'));
    expect(m.user).toBe('dave');
  });
});
