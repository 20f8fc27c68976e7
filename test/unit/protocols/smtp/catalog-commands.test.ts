import { describe, expect, it } from 'vitest';
import {
  SMTP_COMMANDS,
  SMTP_STATES,
  isCommandAllowed,
  lookupSmtpCommand,
  sequenceError,
  type SmtpState,
} from '../../../../src/protocols/smtp/commands.js';
import { SMTP_REPLY_CODES } from '../../../../src/protocols/smtp/reply-codes.js';

function command(name: string) {
  const info = lookupSmtpCommand(name);
  if (!info) throw new Error(`no command ${name}`);
  return info;
}

const ALL: readonly SmtpState[] = ['connected', 'greeted', 'mail', 'rcpt'];

describe('SMTP_COMMANDS', () => {
  it('lists the current and the historic commands', () => {
    expect(SMTP_COMMANDS.map((c) => c.name)).toEqual([
      'HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT', 'STARTTLS', 'AUTH',
      'SEND', 'SOML', 'SAML', 'TURN',
    ]);
    expect(SMTP_STATES).toEqual(ALL);
  });

  it.each(SMTP_COMMANDS.map((c) => [c.name, c] as const))('%s has syntax, summary and RFC', (name, info) => {
    expect(info.syntax.startsWith(name)).toBe(true);
    expect(info.summary.trim()).not.toBe('');
    expect(info.rfc).toMatch(/^RFC \d+/);
  });

  it.each([
    ['HELO', ALL], ['EHLO', ALL], ['RSET', ALL], ['NOOP', ALL], ['QUIT', ALL], ['VRFY', ALL], ['EXPN', ALL], ['HELP', ALL],
    ['MAIL', ['greeted']], ['RCPT', ['mail', 'rcpt']], ['DATA', ['rcpt']], ['BDAT', ['rcpt']],
    ['STARTTLS', ['greeted']], ['AUTH', ['greeted']],
  ] as const)('%s is allowed in %j', (name, states) => {
    const info = command(name);
    expect(info.states).toEqual(states);
    for (const state of ALL) expect(isCommandAllowed(info, state)).toBe((states as readonly SmtpState[]).includes(state));
  });

  it.each([
    ['SEND', /RFC 5321 Appendix F\.6/],
    ['SOML', /RFC 5321 Appendix F\.6/],
    ['SAML', /RFC 5321 Appendix F\.6/],
    ['TURN', /RFC 5321 Appendix F\.1/],
  ])('%s is historic, retired by %s, and allowed in no state', (name, retiredBy) => {
    const info = command(name);
    expect(info.historic).toBe(true);
    expect(info.retired).toMatch(retiredBy);
    expect(info.states).toBeUndefined();
    for (const state of ALL) expect(isCommandAllowed(info, state)).toBe(false);
    expect(sequenceError(info, 'greeted')).toBeUndefined();
  });

  it('lists only replies the reply-code table explains', () => {
    for (const info of SMTP_COMMANDS) {
      const replies = info.replies;
      if (!replies) continue;
      for (const code of [...(replies.intermediate ?? []), ...replies.success, ...replies.error]) {
        expect(SMTP_REPLY_CODES[code], `${info.name} → ${code}`).toBeDefined();
      }
    }
  });
});

describe('lookupSmtpCommand', () => {
  it.each(['rcpt', 'Rcpt', 'RCPT', ' rcpt '])('finds %j case-insensitively', (name) => {
    expect(lookupSmtpCommand(name)?.name).toBe('RCPT');
  });

  it.each(['', 'XCLIENT', 'RCPT TO'])('has nothing for %j', (name) => {
    expect(lookupSmtpCommand(name)).toBeUndefined();
  });
});

describe('sequenceError', () => {
  function wire(name: string, state: SmtpState): string | undefined {
    const r = sequenceError(command(name), state);
    return r && `${r.code} ${r.enhanced} ${r.lines[0]}`;
  }

  it.each([
    ['RCPT', 'greeted', '503 5.5.1 MAIL first: send MAIL FROM:<address> before RCPT'],
    ['RCPT', 'connected', '503 5.5.1 EHLO first: introduce yourself with EHLO <your-domain> before RCPT'],
    ['MAIL', 'connected', '503 5.5.1 EHLO first: introduce yourself with EHLO <your-domain> before MAIL'],
    ['MAIL', 'mail', '503 5.5.1 Nested MAIL: a transaction is already open; finish it with DATA or abort it with RSET'],
    ['MAIL', 'rcpt', '503 5.5.1 Nested MAIL: a transaction is already open; finish it with DATA or abort it with RSET'],
    ['DATA', 'greeted', '503 5.5.1 MAIL first: send MAIL FROM:<address> and RCPT TO:<address> before DATA'],
    ['DATA', 'mail', '503 5.5.1 RCPT first: send RCPT TO:<address> before DATA'],
    ['BDAT', 'mail', '503 5.5.1 RCPT first: send RCPT TO:<address> before BDAT'],
    ['AUTH', 'rcpt', '503 5.5.1 Not inside a mail transaction: finish it with DATA or abort it with RSET before AUTH'],
    ['STARTTLS', 'connected', '503 5.5.1 EHLO first: introduce yourself with EHLO <your-domain> before STARTTLS'],
  ] as const)('%s in state %s → %s', (name, state, expected) => {
    expect(wire(name, state)).toBe(expected);
  });

  it.each([
    ['RCPT', 'mail'], ['RCPT', 'rcpt'], ['DATA', 'rcpt'], ['MAIL', 'greeted'], ['NOOP', 'connected'], ['QUIT', 'rcpt'],
  ] as const)('%s in state %s is allowed', (name, state) => {
    expect(sequenceError(command(name), state)).toBeUndefined();
  });
});
