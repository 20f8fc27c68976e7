import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../src/store/default-data-dir.js';

describe('defaultDataDir', () => {
  it.each([
    ['linux', {}, '/home/u', '/home/u/.local/share/mailproto/sandbox'],
    ['linux', { XDG_DATA_HOME: '/data/xdg' }, '/home/u', '/data/xdg/mailproto/sandbox'],
    ['linux', { XDG_DATA_HOME: 'relative/xdg' }, '/home/u', '/home/u/.local/share/mailproto/sandbox'],
    ['freebsd', { XDG_DATA_HOME: '' }, '/home/u', '/home/u/.local/share/mailproto/sandbox'],
    ['darwin', {}, '/Users/u', '/Users/u/Library/Application Support/mailproto/sandbox'],
    ['win32', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'C:\\Users\\u', 'C:\\Users\\u\\AppData\\Local\\mailproto\\sandbox'],
    ['win32', {}, 'C:\\Users\\u', 'C:\\Users\\u\\AppData\\Local\\mailproto\\sandbox'],
  ] as const)('%s %j home %s -> %s', (platform, env, home, expected) => {
    expect(defaultDataDir({ platform, env: { ...env }, home })).toBe(expected);
  });
});
