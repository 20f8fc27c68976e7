import { describe, expect, it } from 'vitest';
import {
  IMAP_COMMANDS,
  type ImapState,
  commandSpecFor,
  findImapCommand,
  isAllowedInState,
  stateRefusal,
} from '../../../../src/protocols/imap/commands.js';
import { parseCommand } from '../../../../src/protocols/imap/parser.js';

describe('IMAP command catalog', () => {
  it('has one entry per name', () => {
    const names = IMAP_COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has an example for every entry that the parser accepts', () => {
    for (const spec of IMAP_COMMANDS) {
      const parsed = parseCommand(spec.example.includes('{') ? `${spec.example}\r\n${'x'.repeat(310)}` : spec.example);
      expect(commandSpecFor(parsed)?.name).toBe(spec.name === 'UID' ? 'UID FETCH' : spec.name);
    }
  });

  it.each([
    ['CAPABILITY', ['not-authenticated', 'authenticated', 'selected']],
    ['ID', ['not-authenticated', 'authenticated', 'selected']],
    ['LOGIN', ['not-authenticated']],
    ['STARTTLS', ['not-authenticated']],
    ['SELECT', ['authenticated', 'selected']],
    ['IDLE', ['authenticated', 'selected']],
    ['ENABLE', ['authenticated']],
    ['FETCH', ['selected']],
    ['UID EXPUNGE', ['selected']],
    ['UNSELECT', ['selected']],
  ])('%s is valid in %j', (name, states) => {
    const spec = findImapCommand(name);
    expect(spec?.states).toEqual(states);
    for (const state of ['not-authenticated', 'authenticated', 'selected', 'logout'] as ImapState[]) {
      expect(isAllowedInState(spec!, state)).toBe(states.includes(state));
    }
  });

  it.each([
    ['IDLE', 'IDLE'],
    ['MOVE', 'MOVE'],
    ['UID MOVE', 'MOVE'],
    ['UID EXPUNGE', 'UIDPLUS'],
    ['NAMESPACE', 'NAMESPACE'],
    ['ID', 'ID'],
    ['ENABLE', 'ENABLE'],
    ['UNSELECT', 'UNSELECT'],
    ['STARTTLS', 'STARTTLS'],
    ['FETCH', undefined],
  ])('%s needs capability %s', (name, capability) => {
    expect(findImapCommand(name)?.capability).toBe(capability);
  });

  it('marks the commands whose arguments are secrets', () => {
    expect(IMAP_COMMANDS.filter((c) => c.sensitive).map((c) => c.name)).toEqual(['AUTHENTICATE', 'LOGIN']);
  });

  it('finds entries case-insensitively and for parsed UID commands', () => {
    expect(findImapCommand(' uid   fetch ')?.name).toBe('UID FETCH');
    expect(commandSpecFor({ name: 'EXPUNGE', uid: true })?.rfc).toBe('RFC 4315 §2.1');
    expect(commandSpecFor({ name: 'EXPUNGE', uid: false })?.rfc).toBe('RFC 3501 §6.4.3');
    expect(findImapCommand('XYZZY')).toBeUndefined();
  });

  it.each([
    ['FETCH', 'not-authenticated', 'FETCH needs a selected mailbox: log in, then SELECT one'],
    ['SELECT', 'not-authenticated', 'SELECT needs you to be logged in: LOGIN or AUTHENTICATE first'],
    ['FETCH', 'authenticated', 'FETCH needs a selected mailbox: SELECT or EXAMINE one first'],
    ['LOGIN', 'selected', 'LOGIN is only valid before login, and you are logged in'],
    ['ENABLE', 'selected', 'ENABLE is only valid after login and before SELECT'],
    ['NOOP', 'logout', 'NOOP: the session is ending'],
  ])('refuses %s in %s: %s', (name, state, message) => {
    expect(stateRefusal(findImapCommand(name)!, state as ImapState)).toBe(message);
  });
});
