import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { History, HISTORY_LIMIT, HistoryCursor, holdsSecret, stateDir } from '../../../src/tui/history.js';

describe('input history', () => {
  it('lives in the XDG state directory, one file per protocol', () => {
    expect(stateDir({ XDG_STATE_HOME: '/s' }, 'linux', '/home/a')).toBe('/s/mailproto');
    expect(stateDir({}, 'linux', '/home/a')).toBe('/home/a/.local/state/mailproto');
    expect(stateDir({ XDG_STATE_HOME: 'relative' }, 'linux', '/home/a')).toBe('/home/a/.local/state/mailproto');
    expect(stateDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/mailproto/state');
  });

  it('is saved and loaded again, without the lines that hold a password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailproto-history-'));
    const h = History.load('imap', dir);
    for (const l of ['LOGIN alice password', 'SELECT INBOX', 'FETCH 1 BODY[]', 'FETCH 1 BODY[]']) h.add(l);
    expect(h.entries).toEqual(['LOGIN alice password', 'SELECT INBOX', 'FETCH 1 BODY[]']);
    expect(readFileSync(join(dir, 'history-imap'), 'utf8')).toBe('SELECT INBOX\nFETCH 1 BODY[]\n');
    expect(History.load('imap', dir).entries).toEqual(['SELECT INBOX', 'FETCH 1 BODY[]']);
    expect(History.load('smtp', dir).entries).toEqual([]);
  });

  it('keeps at most HISTORY_LIMIT lines', () => {
    const h = History.load('smtp', undefined);
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h.add(`NOOP ${i}`);
    expect(h.entries.length).toBe(HISTORY_LIMIT);
    expect(h.entries[0]).toBe('NOOP 10');
  });

  it.each([
    ['PASS secret', true],
    ['a1 LOGIN alice pw', true],
    ['LOGIN alice pw', true],
    ['AUTH PLAIN AGFsaWNlAHB3', true],
    [':auth plain alice pw', true],
    ['APOP alice 1234', true],
    ['AUTH LOGIN', false],
    ['A1 AUTHENTICATE PLAIN', false],
    ['USER alice', false],
    ['MAIL FROM:<a@b>', false],
  ])('%s holds a secret: %s', (line, secret) => {
    expect(holdsSecret(line)).toBe(secret);
  });

  it('Up and Down walk the history and come back to what was being typed', () => {
    const h = History.load('smtp', undefined);
    h.add('EHLO me');
    h.add('NOOP');
    const c = new HistoryCursor(h);
    expect(c.up('MAI')).toBe('NOOP');
    expect(c.up('NOOP')).toBe('EHLO me');
    expect(c.up('EHLO me')).toBeUndefined();
    expect(c.down()).toBe('NOOP');
    expect(c.down()).toBe('MAI');
    expect(c.down()).toBeUndefined();
  });
});
