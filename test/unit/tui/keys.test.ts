import { describe, expect, it } from 'vitest';
import { decodeInput, type Key } from '../../../src/tui/keys.js';

describe('decodeInput: terminal input → keys', () => {
  it.each<[string, string, Key[]]>([
    ['a typed letter', 'a', [{ name: 'text', text: 'a' }]],
    ['a pasted command with Enter', 'EHLO me\r', [{ name: 'text', text: 'EHLO me' }, { name: 'enter' }]],
    ['CR LF from a paste is one Enter', 'a\r\nb', [{ name: 'text', text: 'a' }, { name: 'enter' }, { name: 'text', text: 'b' }]],
    ['two lines typed fast', 'x\ry\r', [{ name: 'text', text: 'x' }, { name: 'enter' }, { name: 'text', text: 'y' }, { name: 'enter' }]],
    ['Backspace (DEL)', '\x7f', [{ name: 'backspace' }]],
    ['Backspace (BS)', '\b', [{ name: 'backspace' }]],
    ['Tab', '\t', [{ name: 'tab' }]],
    ['Ctrl-C', '\x03', [{ name: 'ctrl', text: 'c', ctrl: true }]],
    ['Ctrl-R', '\x12', [{ name: 'ctrl', text: 'r', ctrl: true }]],
    ['Esc alone', '\x1b', [{ name: 'escape' }]],
    ['Up', '\x1b[A', [{ name: 'up' }]],
    ['Down (application mode)', '\x1bOB', [{ name: 'down' }]],
    ['PgUp', '\x1b[5~', [{ name: 'pageup' }]],
    ['PgDn', '\x1b[6~', [{ name: 'pagedown' }]],
    ['Home', '\x1b[H', [{ name: 'home' }]],
    ['End (vt)', '\x1b[4~', [{ name: 'end' }]],
    ['Delete', '\x1b[3~', [{ name: 'delete' }]],
    ['Shift-Tab', '\x1b[Z', [{ name: 'shift-tab' }]],
    ['F1 (xterm)', '\x1bOP', [{ name: 'f1' }]],
    ['F1 (vt220)', '\x1b[11~', [{ name: 'f1' }]],
    ['F1 (linux console)', '\x1b[[A', [{ name: 'f1' }]],
    ['F2', '\x1bOQ', [{ name: 'f2' }]],
    ['Ctrl-Up', '\x1b[1;5A', [{ name: 'up', shift: false, meta: false, ctrl: true }]],
    ['Shift-PgUp', '\x1b[5;2~', [{ name: 'pageup', shift: true, meta: false, ctrl: false }]],
    ['Alt-b', '\x1bb', [{ name: 'text', text: 'b', meta: true }]],
    ['Alt-Up (ESC ESC [A)', '\x1b\x1b[A', [{ name: 'up', meta: true }]],
  ])('%s', (_what, input, keys) => {
    expect(decodeInput(input)).toEqual(keys);
  });

  it('an unknown sequence is reported, not typed', () => {
    expect(decodeInput('\x1b[99~')).toEqual([{ name: 'unknown', text: '[99~' }]);
  });
});

describe('several keys in one input', () => {
  it('splits escape sequences from text and from each other', () => {
    expect(decodeInput('\x1b[A\x1b[Bx\x1bOP').map((k) => k.name)).toEqual(['up', 'down', 'text', 'f1']);
  });
});
