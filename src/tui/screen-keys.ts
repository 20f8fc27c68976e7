/**
 * What each key does on the session screen. Keys that work everywhere (F1, Ctrl-R, Ctrl-C, the raw
 * view, PgUp/PgDn) come first; then the input line (editing, history, completion, the DATA editor)
 * or, after Esc, the conversation (move the selection, open and fold).
 */
import { commonPrefix, complete, completeHeader, wantsSpace } from './completion.js';
import type { Key } from './keys.js';
import { edit, EMPTY, fromText } from './line-editor.js';
import type { Row } from './layout.js';
import type { ScreenModel } from './screen-model.js';

/** Effects that reach outside the screen. */
export type ScreenEffects = {
  /** Leave the screen (after the session has ended). */
  exit(): void;
  /** Ctrl-R. */
  toggleRecording(): void;
  /** Ctrl-L: repaint everything. */
  repaint?(): void;
};

const SANDBOX_USERS = ['alice', 'bob'];
const SANDBOX_ADDRESSES = ['alice@sandbox.test', 'bob@sandbox.test'];

function completionContext(m: ScreenModel) {
  const facts = m.driver.currentFacts();
  const typedAddresses = m.history.entries.flatMap((l) => [...l.matchAll(/<([^<>\s]+@[^<>\s]+)>/g)].map((x) => x[1]!));
  return {
    protocol: m.driver.protocol,
    ...(facts ? { facts } : {}),
    mailboxes: m.driver.memory.mailboxes,
    ...(m.driver.memory.messages !== undefined ? { messages: m.driver.memory.messages } : {}),
    addresses: [...new Set([...(m.options.sandbox ? SANDBOX_ADDRESSES : []), ...typedAddresses])],
    users: m.options.sandbox ? SANDBOX_USERS : [],
  };
}

/** Tab: complete the word before the cursor; again: the next candidate. */
function tab(m: ScreenModel, backwards: boolean): void {
  const { text, cursor } = m.edit;
  const c = m.completion;
  if (c && c.candidates.length > 1) {
    c.index = (c.index + (backwards ? c.candidates.length - 1 : 1)) % c.candidates.length;
    const word = c.candidates[c.index]!;
    m.edit = { text: text.slice(0, c.start) + word + c.tail, cursor: c.start + word.length };
    return;
  }
  const before = text.slice(0, cursor);
  const tail = text.slice(cursor);
  const found = m.inEditor() ? (m.draft.includes('') ? { start: 0, candidates: [] } : completeHeader(before)) : complete(completionContext(m), before);
  const word = before.slice(found.start);
  if (found.candidates.length === 0) {
    m.notice = 'no completion here';
    return;
  }
  if (found.candidates.length === 1) {
    const only = found.candidates[0]!;
    const add = only + (wantsSpace(only) && !tail.startsWith(' ') ? ' ' : '');
    m.edit = { text: before.slice(0, found.start) + add + tail, cursor: found.start + add.length };
    return;
  }
  const prefix = commonPrefix(found.candidates);
  if (prefix.length > word.length) {
    m.edit = { text: before.slice(0, found.start) + prefix + tail, cursor: found.start + prefix.length };
  }
  m.completion = { start: found.start, candidates: found.candidates, index: -1, tail };
}

/** Enter in the input line. */
function submit(m: ScreenModel, effects: ScreenEffects): void {
  let line = m.edit.text;
  if (m.driver.ended) {
    effects.exit();
    return;
  }
  if (m.inEditor()) {
    if (line === '.') sendDraft(m);
    else {
      m.draft.push(line);
      m.edit = EMPTY;
    }
    return;
  }
  const content = m.driver.session.expectsContent();
  if (!content && line.trim() === '') return;
  // A space left by Tab completion is not part of the command (IMAP would answer BAD to it).
  if (!content) line = line.trimEnd();
  if (!content) m.history.add(line);
  m.historyCursor.reset();
  m.edit = EMPTY;
  m.viewport.selectedKey = undefined;
  m.viewport.follow = true;
  m.driver.submit(line);
}

/** The DATA editor's draft goes out line by line (the engine dot-stuffs), then the lone ".". */
function sendDraft(m: ScreenModel): void {
  const lines = [...m.draft, ...(m.edit.text !== '' && m.edit.text !== '.' ? [m.edit.text] : [])];
  m.draft = [];
  m.edit = EMPTY;
  m.viewport.follow = true;
  m.viewport.selectedKey = undefined;
  m.driver.submit(...lines, '.');
}

/** Enter/Space on a row: open or close what it folds. */
function toggle(m: ScreenModel, row: Row | undefined): void {
  if (!row) return;
  const t = row.toggle;
  if (t?.type === 'body') {
    const view = m.blockViews.get(t.blockId) ?? {};
    const open = new Set(view.openRuns ?? []);
    if (open.has(t.runId)) open.delete(t.runId);
    else open.add(t.runId);
    m.setBlockView(t.blockId, { ...view, openRuns: open });
    return;
  }
  const blockId = t?.blockId ?? row.blockId;
  const view = m.blockViews.get(blockId) ?? {};
  const newest = m.driver.conversation.latestBlockId() === blockId;
  const expanded = view.expanded ?? newest;
  m.setBlockView(blockId, { ...view, expanded: !expanded });
}

function globalKey(m: ScreenModel, key: Key, effects: ScreenEffects): boolean {
  const height = m.convHeight();
  const total = m.allLines().length;
  if (m.overlay !== 'none') {
    if (key.name === 'escape' || key.name === 'f1' || key.name === 'enter' || (key.name === 'text' && (key.text === 'q' || key.text === '?' || key.text === 'd'))) {
      m.overlay = 'none';
      m.overlayScroll = 0;
    } else if (key.name === 'pagedown' || key.name === 'down' || key.name === 'pageup' || key.name === 'up') {
      const step = key.name.startsWith('page') ? height - 1 : 1;
      m.overlayScroll = Math.max(0, m.overlayScroll + (key.name === 'pagedown' || key.name === 'down' ? step : -step));
    } else if (key.name === 'ctrl' && key.text === 'c') return false;
    return true;
  }
  switch (key.name) {
    case 'f1':
      m.overlay = 'help';
      return true;
    case 'f2':
      m.toggleRaw();
      return true;
    case 'pageup':
    case 'pagedown':
      m.viewport.scrollBy(key.name === 'pageup' ? -(height - 1) : height - 1, total, height);
      if (m.focus === 'conversation') m.viewport.selectVisible(m.allLines(), height);
      return true;
    case 'ctrl':
      if (key.text === 'r') effects.toggleRecording();
      else if (key.text === 'o') m.toggleRaw();
      else if (key.text === 'l') effects.repaint?.();
      else return false;
      return true;
    default:
      return false;
  }
}

function conversationKey(m: ScreenModel, key: Key): void {
  const lines = m.allLines();
  const height = m.convHeight();
  const t = key.name === 'text' && !key.meta ? key.text : undefined;
  if (key.name === 'up' || t === 'k') m.viewport.move(lines, -1, height);
  else if (key.name === 'down' || t === 'j') m.viewport.move(lines, 1, height);
  else if (key.name === 'home' || t === 'g') {
    m.viewport.scrollTo('top', lines.length, height);
    m.viewport.selectVisible(lines, height);
  } else if (key.name === 'end' || t === 'G') {
    m.viewport.scrollTo('bottom', lines.length, height);
    m.viewport.selectedKey = undefined;
  } else if (key.name === 'enter' || t === ' ' || key.name === 'right' || key.name === 'left') toggle(m, m.viewport.selectedRow(lines));
  else if (t === 'd') m.overlay = 'detail';
  else if (t === '?') m.overlay = 'help';
  else if (key.name === 'escape' || key.name === 'tab' || t === 'i') m.focus = 'input';
  else if (t !== undefined) {
    m.focus = 'input';
    inputKey(m, key, { exit: () => undefined, toggleRecording: () => undefined });
  }
}

function inputKey(m: ScreenModel, key: Key, effects: ScreenEffects): void {
  if (key.name !== 'tab' && key.name !== 'shift-tab') m.completion = undefined;
  const editor = m.inEditor();
  const empty = m.edit.text === '';
  switch (key.name) {
    case 'enter':
      submit(m, effects);
      return;
    case 'tab':
    case 'shift-tab':
      tab(m, key.name === 'shift-tab');
      return;
    case 'escape':
      m.focus = 'conversation';
      return;
    case 'up':
    case 'down': {
      if (key.ctrl || key.meta) {
        m.viewport.move(m.allLines(), key.name === 'up' ? -1 : 1, m.convHeight());
        return;
      }
      if (editor) return;
      const next = key.name === 'up' ? m.historyCursor.up(m.edit.text) : m.historyCursor.down();
      if (next !== undefined) m.edit = fromText(next);
      return;
    }
    case 'end':
      // At the end of the line already: back to the newest line of the conversation.
      if (m.edit.cursor === m.edit.text.length) {
        m.viewport.scrollTo('bottom', m.allLines().length, m.convHeight());
        return;
      }
      break;
    case 'backspace':
      if (editor && empty && m.draft.length > 0) {
        m.edit = fromText(m.draft.pop()!);
        return;
      }
      break;
    case 'ctrl':
      if (key.text === 'd' && editor) {
        sendDraft(m);
        return;
      }
      break;
    case 'text':
      if (key.text === '?' && empty && !editor && !m.driver.session.expectsContent()) {
        m.overlay = 'help';
        return;
      }
      break;
    default:
      break;
  }
  const next = edit(m.edit, key.name === 'text' ? { ...key, text: key.text!.replace(/[\u0080-\u009f]/g, '') } : key);
  if (next) m.edit = next;
}

/**
 * Handles one key. Returns 'quit' for Ctrl-C (the caller ends the session politely first), else
 * whether anything may have changed.
 */
export function handleKey(m: ScreenModel, key: Key, effects: ScreenEffects): 'quit' | boolean {
  // No Alt bindings here: Alt-x is Esc then x arriving together (typed fast, or pasted).
  if (key.name === 'text' && key.meta) {
    handleKey(m, { name: 'escape' }, effects);
    return handleKey(m, { name: 'text', text: key.text! }, effects);
  }
  m.notice = undefined;
  if (key.name === 'ctrl' && key.text === 'c') return 'quit';
  if (key.name === 'ctrl' && key.text === 'd' && m.edit.text === '' && !m.inEditor()) return 'quit';
  if (globalKey(m, key, effects)) return true;
  if (m.focus === 'conversation') conversationKey(m, key);
  else inputKey(m, key, effects);
  return true;
}
