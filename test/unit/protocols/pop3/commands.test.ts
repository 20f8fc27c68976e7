import { describe, expect, it } from 'vitest';
import { POP3_COMMANDS, isMultilineReply, lookupPop3Command, wrongStateText, type Pop3CommandInfo } from '../../../../src/protocols/pop3/commands.js';
import { DEFAULT_IDLE_TIMEOUT_MS, MAX_BAD_BEFORE_LOGIN, MAX_COMMAND_LINE } from '../../../../src/protocols/pop3/limits.js';
import { POP3_HANDLERS } from '../../../../src/server/pop3/registry.js';

function command(name: string): Pop3CommandInfo {
  const info = lookupPop3Command(name);
  if (!info) throw new Error(`no command ${name}`);
  return info;
}

describe('POP3_COMMANDS', () => {
  it('lists the current commands, then the historic ones', () => {
    expect(POP3_COMMANDS.map((c) => c.name)).toEqual([
      'USER', 'PASS', 'APOP', 'AUTH', 'STLS', 'CAPA', 'QUIT', 'STAT', 'LIST', 'RETR', 'DELE', 'NOOP', 'RSET', 'TOP', 'UIDL',
      'LAST', 'RPOP',
    ]);
  });

  it.each(POP3_COMMANDS.map((c) => [c.name, c] as const))('%s has syntax, summary and RFC', (name, info) => {
    expect(info.syntax.startsWith(name)).toBe(true);
    expect(info.summary.trim()).not.toBe('');
    expect(info.rfc).toMatch(/^RFC \d+/);
  });

  it.each(POP3_COMMANDS.filter((c) => !c.retired).map((c) => [c.name] as const))('%s has states and a server handler', (name) => {
    expect(command(name).states?.length).toBeGreaterThan(0);
    expect(POP3_HANDLERS.has(name)).toBe(true);
  });

  it.each([
    ['USER', ['authorization']], ['PASS', ['authorization']], ['APOP', ['authorization']], ['AUTH', ['authorization']],
    ['STLS', ['authorization']], ['CAPA', ['authorization', 'transaction']], ['QUIT', ['authorization', 'transaction']],
    ['STAT', ['transaction']], ['LIST', ['transaction']], ['RETR', ['transaction']], ['DELE', ['transaction']],
    ['NOOP', ['transaction']], ['RSET', ['transaction']], ['TOP', ['transaction']], ['UIDL', ['transaction']],
  ] as const)('%s is allowed in %j', (name, states) => {
    expect(command(name).states).toEqual(states);
  });

  it.each([['list'], ['Uidl'], [' retr ']])('lookup is case-insensitive and trims: %j', (name) => {
    expect(lookupPop3Command(name)?.name).toBe(name.trim().toUpperCase());
  });

  it.each([['XTND'], [''], ['STARTTLS'], ['LISTX']])('%j is not a POP3 command', (name) => {
    expect(lookupPop3Command(name)).toBeUndefined();
  });
});

describe('isMultilineReply (RFC 1939 §5)', () => {
  it.each([
    ['LIST', '', true], ['LIST', '1', false], ['LIST', '  ', true], ['LIST', ' 2 ', false],
    ['UIDL', '', true], ['UIDL', '1', false],
    ['AUTH', '', true], ['AUTH', 'PLAIN', false],
    ['RETR', '1', true], ['TOP', '1 0', true], ['CAPA', '', true],
    ['STAT', '', false], ['DELE', '1', false], ['USER', 'alice', false], ['STLS', '', false], ['QUIT', '', false], ['NOOP', '', false],
  ])('%s %j → %s', (name, args, expected) => {
    expect(isMultilineReply(command(name), args)).toBe(expected);
  });
});

describe('historic commands', () => {
  it.each([
    ['LAST', /RFC 1725/, /RFC 1939/],
    ['RPOP', /RFC 1460/, /RFC 1939/],
  ])('%s is retired, naming the RFC that removed it', (name, removedBy, current) => {
    const info = command(name);
    expect(info.retired).toMatch(removedBy);
    expect(info.retired).toMatch(current);
    expect(info.states).toBeUndefined();
    expect(POP3_HANDLERS.has(name)).toBe(false);
  });

  it('LAST points to UIDL instead', () => {
    expect(command('LAST').retired).toMatch(/use UIDL/);
  });
});

describe('wrongStateText', () => {
  it('before login it says to log in first', () => {
    expect(wrongStateText(command('RETR'), 'authorization')).toMatch(/^RETR needs a login first: USER <name> then PASS <password>/);
  });
  it('after login it says you are logged in already', () => {
    expect(wrongStateText(command('USER'), 'transaction')).toMatch(/^USER is only valid before login; you are logged in already/);
  });
});

describe('limits', () => {
  it.each([
    ['MAX_COMMAND_LINE is RFC 2449 §4\'s 255 octets', MAX_COMMAND_LINE, 255],
    ['3 bad commands before login (security.md 19)', MAX_BAD_BEFORE_LOGIN, 3],
    ['idle timeout of 10 minutes (RFC 1939 §3)', DEFAULT_IDLE_TIMEOUT_MS, 600_000],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});
