/**
 * A footer line of key hints ("F1 help  ^C quit"), keys in bold in the theme's key colour. Every
 * screen ends with one; `children` follow the keys on the same line.
 */
import { Text } from 'ink';
import { memo, type ReactElement, type ReactNode } from 'react';
import type { Theme } from './theme.js';

/** A key and what it does. */
export type KeyHint = readonly [key: string, what: string];

export const KeyHints = memo(function KeyHints({ keys, theme, children }: { keys: readonly KeyHint[]; theme: Theme; children?: ReactNode }): ReactElement {
  const keyColor = theme.fg('key');
  return (
    <Text wrap="truncate-end">
      {keys.map(([k, what], i) => (
        <Text key={k}>
          {i > 0 ? '  ' : ''}
          <Text bold {...(keyColor ? { color: keyColor } : {})}>
            {k}
          </Text>{' '}
          {what}
        </Text>
      ))}
      {children}
    </Text>
  );
});
