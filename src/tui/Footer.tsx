/**
 * The keys, in a footer that changes with the focus. Key names in brackets-free `Key action`
 * pairs, so that they read without colour.
 */
import { memo, type ReactElement } from 'react';
import { KeyHints } from './KeyHints.js';
import type { Focus } from './screen-model.js';
import type { Theme } from './theme.js';

export type FooterProps = {
  readonly focus: Focus;
  readonly editor: boolean;
  /** Scrolled away from the newest line: say how to get back. */
  readonly scrolled: boolean;
  readonly theme: Theme;
  /** The caller's keys (lessons), shown right after F1 while the input has the focus. */
  readonly extra?: ReadonlyArray<readonly [string, string]>;
};

const INPUT_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['F1/?', 'help'],
  ['Tab', 'complete'],
  ['↑↓', 'history'],
  ['PgUp/PgDn', 'scroll'],
  ['Esc', 'select reply'],
  ['^R', 'record'],
  ['F2/^O', 'raw'],
  ['^C', 'quit'],
];

const EDITOR_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['Enter', 'next line'],
  ['.', 'alone: send'],
  ['^D', 'send'],
  ['Tab', 'header names'],
  ['PgUp/PgDn', 'scroll'],
  ['^C', 'quit'],
];

const CONVERSATION_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['↑↓/jk', 'select'],
  ['Enter/Space', 'open/fold'],
  ['d', 'details'],
  ['PgUp/PgDn', 'scroll'],
  ['g/G', 'top/end'],
  ['Esc', 'back to input'],
  ['^C', 'quit'],
];

export const Footer = memo(function Footer({ focus, editor, scrolled, theme, extra }: FooterProps): ReactElement {
  const base = focus === 'conversation' ? CONVERSATION_KEYS : editor ? EDITOR_KEYS : INPUT_KEYS;
  const keys = extra && focus === 'input' && !editor ? [base[0]!, ...extra, ...base.slice(1)] : base;
  const items = scrolled ? [[focus === 'conversation' ? 'End/G' : 'End', 'newest'] as const, ...keys] : keys;
  return <KeyHints keys={items} theme={theme} />;
});
