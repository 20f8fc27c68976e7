/**
 * The input line as a value: text and cursor, changed by keys the way readline changes them
 * (Ctrl-A/E, Ctrl-U/K/W, word moves with Ctrl-Left/Right). Pure, so it is tested without a screen.
 */
import type { Key } from './keys.js';

export type EditState = { readonly text: string; readonly cursor: number };

export const EMPTY: EditState = { text: '', cursor: 0 };

export function fromText(text: string): EditState {
  return { text, cursor: text.length };
}

function wordLeft(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && text[i - 1] === ' ') i--;
  while (i > 0 && text[i - 1] !== ' ') i--;
  return i;
}

function wordRight(text: string, cursor: number): number {
  let i = cursor;
  while (i < text.length && text[i] === ' ') i++;
  while (i < text.length && text[i] !== ' ') i++;
  return i;
}

/** The state after an editing key, or undefined when the key does not edit the line. */
export function edit(s: EditState, key: Key): EditState | undefined {
  const { text, cursor } = s;
  switch (key.name) {
    case 'text':
      if (key.meta) return undefined;
      return { text: text.slice(0, cursor) + key.text! + text.slice(cursor), cursor: cursor + key.text!.length };
    case 'backspace':
      if (cursor === 0) return s;
      return { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
    case 'delete':
      return { text: text.slice(0, cursor) + text.slice(cursor + 1), cursor };
    case 'left':
      return { text, cursor: key.ctrl || key.meta ? wordLeft(text, cursor) : Math.max(0, cursor - 1) };
    case 'right':
      return { text, cursor: key.ctrl || key.meta ? wordRight(text, cursor) : Math.min(text.length, cursor + 1) };
    case 'home':
      return { text, cursor: 0 };
    case 'end':
      return { text, cursor: text.length };
    case 'ctrl':
      switch (key.text) {
        case 'a':
          return { text, cursor: 0 };
        case 'e':
          return { text, cursor: text.length };
        case 'b':
          return { text, cursor: Math.max(0, cursor - 1) };
        case 'f':
          return { text, cursor: Math.min(text.length, cursor + 1) };
        case 'u':
          return { text: text.slice(cursor), cursor: 0 };
        case 'k':
          return { text: text.slice(0, cursor), cursor };
        case 'w': {
          const to = wordLeft(text, cursor);
          return { text: text.slice(0, to) + text.slice(cursor), cursor: to };
        }
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}
