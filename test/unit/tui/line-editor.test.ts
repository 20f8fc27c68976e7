import { describe, expect, it } from 'vitest';
import type { Key } from '../../../src/tui/keys.js';
import { edit, type EditState } from '../../../src/tui/line-editor.js';

const at = (text: string, cursor = text.length): EditState => ({ text, cursor });

describe('the input line editor', () => {
  it.each<[string, EditState, Key, EditState | undefined]>([
    ['types at the cursor', at('EHLO', 2), { name: 'text', text: 'xy' }, at('EHxyLO', 4)],
    ['Backspace', at('EHLO'), { name: 'backspace' }, at('EHL')],
    ['Backspace at the start does nothing', at('EHLO', 0), { name: 'backspace' }, at('EHLO', 0)],
    ['Delete', at('EHLO', 1), { name: 'delete' }, at('ELO', 1)],
    ['Left, Right', at('ab', 1), { name: 'left' }, at('ab', 0)],
    ['Right stops at the end', at('ab'), { name: 'right' }, at('ab')],
    ['Home', at('MAIL FROM'), { name: 'home' }, at('MAIL FROM', 0)],
    ['Ctrl-A', at('MAIL FROM'), { name: 'ctrl', text: 'a', ctrl: true }, at('MAIL FROM', 0)],
    ['Ctrl-E', at('MAIL FROM', 0), { name: 'ctrl', text: 'e', ctrl: true }, at('MAIL FROM')],
    ['Ctrl-U deletes before the cursor', at('MAIL FROM', 5), { name: 'ctrl', text: 'u', ctrl: true }, at('FROM', 0)],
    ['Ctrl-K deletes after the cursor', at('MAIL FROM', 4), { name: 'ctrl', text: 'k', ctrl: true }, at('MAIL', 4)],
    ['Ctrl-W deletes the word before the cursor', at('RCPT TO:<bob>'), { name: 'ctrl', text: 'w', ctrl: true }, at('RCPT ')],
    ['Ctrl-Left moves a word', at('FETCH 1 BODY[]'), { name: 'left', ctrl: true }, at('FETCH 1 BODY[]', 8)],
    ['Ctrl-Right moves a word', at('FETCH 1 BODY[]', 0), { name: 'right', ctrl: true }, at('FETCH 1 BODY[]', 5)],
    ['Enter is not an editing key', at('x'), { name: 'enter' }, undefined],
    ['Alt-x is not typed', at('x'), { name: 'text', text: 'x', meta: true }, undefined],
  ])('%s', (_what, state, key, expected) => {
    expect(edit(state, key)).toEqual(expected);
  });
});
