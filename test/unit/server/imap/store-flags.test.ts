import { describe, expect, it } from 'vitest';
import { checkFlags, normalizeFlags, PERMANENT_FLAGS } from '../../../../src/server/imap/store-flags.js';

describe('checkFlags', () => {
  it.each([
    [[]],
    [['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft']],
    [['\\seen', '\\DELETED']],
    [['$Work', 'NonJunk', '$Label1', 'a.b-c_d+e']],
  ])('accepts %j', (flags) => {
    expect(checkFlags(flags)).toBeUndefined();
  });

  it.each([
    [['\\Recent'], /\\Recent is set by the server only/],
    [['\\Seen', '\\recent'], /\\Recent/],
    [['\\Foo'], /\\Foo is not a system flag/],
    [['\\*'], /\\\* is not a system flag/],
    [['\\'], /is not a system flag/],
    [['two words'], /not a valid keyword/],
    [['a(b'], /not a valid keyword/],
    [['a]b'], /not a valid keyword/],
    [['a%'], /not a valid keyword/],
    [['a*'], /not a valid keyword/],
    [['a"b'], /not a valid keyword/],
    [['caf\u00e9'], /not a valid keyword/],
    [[''], /not a valid keyword/],
    [['k'.repeat(65)], /too long/],
  ])('refuses %j', (flags, message) => {
    expect(checkFlags(flags)).toMatch(message);
  });
});

describe('normalizeFlags', () => {
  it.each([
    [['\\seen', '\\ANSWERED', '\\fLaGgEd', '\\deleted', '\\draft', '\\recent'], ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft', '\\Recent']],
    [['$Work', '\\Seen'], ['$Work', '\\Seen']],
    [['\\Seen', '\\SEEN', '$work', '$Work'], ['\\Seen', '$work']],
    [['\\Custom'], ['\\Custom']],
    [[], []],
  ])('%j → %j', (flags, expected) => {
    expect(normalizeFlags(flags)).toEqual(expected);
  });
});

it('PERMANENT_FLAGS lists the storable system flags and \\*', () => {
  expect(PERMANENT_FLAGS).toEqual(['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft', '\\*']);
});
