import { describe, expect, it } from 'vitest';
import { MAX_APPEND_OCTETS, MAX_COMMAND_OCTETS, MAX_LITERAL_OCTETS } from '../../../../src/protocols/imap/limits.js';
import { type LiteralInfo, createLiteralPolicy } from '../../../../src/protocols/imap/literal-policy.js';

const info = (command: string, size: number, octets = 20): LiteralInfo => ({ tag: 'a', command, size, nonSync: false, octets });

describe('createLiteralPolicy', () => {
  const policy = createLiteralPolicy();

  it.each([
    ['LOGIN', MAX_LITERAL_OCTETS, 20, 'accept'],
    ['LOGIN', MAX_LITERAL_OCTETS + 1, 20, 'BAD'],
    ['UID SEARCH', 1000, MAX_COMMAND_OCTETS - 1000, 'accept'],
    ['UID SEARCH', 1000, MAX_COMMAND_OCTETS - 999, 'BAD'],
    ['APPEND', MAX_APPEND_OCTETS, 40, 'accept'],
    ['APPEND', MAX_APPEND_OCTETS + 1, 40, 'NO'],
    ['', Number.POSITIVE_INFINITY, 5, 'BAD'],
  ])('%s {%i} after %i octets: %s', (command, size, octets, outcome) => {
    const decision = policy(info(command, size, octets));
    expect(decision === 'accept' ? 'accept' : decision.status).toBe(outcome);
    if (decision !== 'accept') expect(decision.code).toBe('TOOBIG');
  });

  it('uses the server\'s configured limits', () => {
    const small = createLiteralPolicy({ maxAppendOctets: 1000, maxLiteralOctets: 10, maxCommandOctets: 100 });
    expect(small(info('APPEND', 1001))).toEqual({
      status: 'NO',
      code: 'TOOBIG',
      reject: "message of 1001 octets is over this server's APPEND limit of 1000 octets",
    });
    expect(small(info('LOGIN', 11))).toMatchObject({ status: 'BAD', reject: 'literal of 11 octets is over the limit of 10 octets for LOGIN' });
    expect(small(info('LOGIN', 10, 91))).toMatchObject({ status: 'BAD', reject: 'command is over the limit of 100 octets' });
  });
});
