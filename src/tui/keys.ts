/**
 * Terminal input → keys. Ink hands over one escape sequence, or one run of ordinary characters,
 * per input event; a run may hold several keys when typing is fast or text is pasted ("EHLO me\r"),
 * so runs are split here. Ink's own useInput reports F1 as nothing at all and a pasted run as one
 * key, which is why the TUI decodes input itself.
 */

export type KeyName =
  | 'text'
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'tab'
  | 'shift-tab'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'pageup'
  | 'pagedown'
  | 'escape'
  | 'f1'
  | 'f2'
  | 'f3'
  | 'f4'
  | 'f5'
  | 'f6'
  | 'f7'
  | 'f8'
  | 'f9'
  | 'f10'
  | 'ctrl'
  | 'unknown';

export type Key = {
  readonly name: KeyName;
  /** Printable text for `text`; the letter for `ctrl` (`c` for Ctrl-C). */
  readonly text?: string;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  readonly meta?: boolean;
};

/** CSI/SS3 sequences without the ESC, and what they mean. */
const SEQUENCES: Readonly<Record<string, KeyName>> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  '[H': 'home',
  '[F': 'end',
  OH: 'home',
  OF: 'end',
  '[1~': 'home',
  '[7~': 'home',
  '[4~': 'end',
  '[8~': 'end',
  '[5~': 'pageup',
  '[6~': 'pagedown',
  '[3~': 'delete',
  '[Z': 'shift-tab',
  OP: 'f1',
  '[11~': 'f1',
  '[[A': 'f1',
  OQ: 'f2',
  '[12~': 'f2',
  '[[B': 'f2',
  OR: 'f3',
  '[13~': 'f3',
  '[[C': 'f3',
  OS: 'f4',
  '[14~': 'f4',
  '[[D': 'f4',
  '[15~': 'f5',
  '[[E': 'f5',
  '[17~': 'f6',
  '[18~': 'f7',
  '[19~': 'f8',
  '[20~': 'f9',
  '[21~': 'f10',
};

/** `ESC [ 1 ; m X`: arrows and Home/End with modifiers (m-1 is a bit set: 1 shift, 2 alt, 4 ctrl). */
const MODIFIED = /^\[1;(\d+)([ABCDHFPQRS])$/;
const FINAL: Readonly<Record<string, KeyName>> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', P: 'f1', Q: 'f2', R: 'f3', S: 'f4' };
/** `ESC [ n ; m ~`: PgUp/PgDn/Delete with modifiers. */
const MODIFIED_TILDE = /^\[(\d+);(\d+)~$/;

function decodeEscape(seq: string): Key {
  if (seq === '') return { name: 'escape' };
  const known = SEQUENCES[seq];
  if (known) return { name: known };
  const m = MODIFIED.exec(seq);
  if (m) {
    const bits = Number(m[1]) - 1;
    return { name: FINAL[m[2]!]!, shift: (bits & 1) !== 0, meta: (bits & 2) !== 0, ctrl: (bits & 4) !== 0 };
  }
  const t = MODIFIED_TILDE.exec(seq);
  if (t) {
    const base = SEQUENCES[`[${t[1]}~`];
    const bits = Number(t[2]) - 1;
    if (base) return { name: base, shift: (bits & 1) !== 0, meta: (bits & 2) !== 0, ctrl: (bits & 4) !== 0 };
  }
  // ESC ESC [ A and friends: the same key with Alt.
  if (seq.startsWith('\x1b')) return { ...decodeEscape(seq.slice(1)), meta: true };
  // ESC x: Alt-x.
  if (seq.length === 1) return { name: 'text', text: seq, meta: true };
  return { name: 'unknown', text: seq };
}

function controlKey(c: number): Key {
  if (c === 0x0d || c === 0x0a) return { name: 'enter' };
  if (c === 0x7f || c === 0x08) return { name: 'backspace' };
  if (c === 0x09) return { name: 'tab' };
  if (c === 0x1b) return { name: 'escape' };
  if (c >= 0x01 && c <= 0x1a) return { name: 'ctrl', text: String.fromCharCode(c + 0x60), ctrl: true };
  return { name: 'unknown' };
}

/** Length of the escape sequence at `i` (ESC included): CSI, SS3, ESC ESC ..., or ESC + one character. */
function sequenceLength(input: string, i: number): number {
  const next = input[i + 1];
  if (next === undefined) return 1;
  if (next === '\x1b') return 1 + sequenceLength(input, i + 1);
  if (next === 'O') return Math.min(3, input.length - i);
  if (next !== '[') return 2;
  let j = i + 2;
  // Legacy function keys: ESC [ [ A.
  if (input[j] === '[') return Math.min(4, input.length - i);
  while (j < input.length) {
    const c = input.charCodeAt(j);
    if (c >= 0x40 && c <= 0x7e) return j - i + 1;
    j++;
  }
  return input.length - i;
}

/**
 * Decodes input into keys, in order. Printable runs become one `text` key each. Ink passes one
 * escape sequence per event; several in one string (a test, a fast terminal) are split here too.
 */
export function decodeInput(input: string): Key[] {
  const keys: Key[] = [];
  let run = '';
  let i = 0;
  const flush = (): void => {
    if (run) keys.push({ name: 'text', text: run });
    run = '';
  };
  while (i < input.length) {
    const c = input.charCodeAt(i);
    if (c === 0x1b) {
      flush();
      const n = sequenceLength(input, i);
      keys.push(n === 1 ? { name: 'escape' } : decodeEscape(input.slice(i + 1, i + n)));
      i += n;
      continue;
    }
    if (c < 0x20 || c === 0x7f) {
      flush();
      // CR LF from a paste is one Enter, not two.
      if (c === 0x0d && input.charCodeAt(i + 1) === 0x0a) i++;
      keys.push(controlKey(c));
    } else {
      run += input[i];
    }
    i++;
  }
  flush();
  return keys;
}
