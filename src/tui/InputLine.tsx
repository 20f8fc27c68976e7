/**
 * The hint line and the input line. The hint shows the syntax of the command being typed, a
 * warning when it is not accepted now, completion candidates, or the next step. The cursor is
 * drawn as an inverted character so that it shows on every terminal.
 */
import { Box, Text } from 'ink';
import { memo, type ReactElement } from 'react';
import type { EditState } from './line-editor.js';
import type { Hint } from './syntax-hint.js';
import { textWidth, truncate } from './text-width.js';
import type { Theme } from './theme.js';

export type InputLineProps = {
  readonly prompt: string;
  readonly input: EditState;
  readonly hint: Hint;
  readonly width: number;
  /** The input has the keyboard focus (else the cursor is hidden). */
  readonly focused: boolean;
  readonly theme: Theme;
};

/** The part of the line that fits, scrolled so the cursor stays visible. */
function window(text: string, cursor: number, room: number): { before: string; at: string; after: string } {
  let start = 0;
  if (cursor > room - 1) start = cursor - (room - 1);
  const visible = text.slice(start);
  const c = cursor - start;
  return { before: visible.slice(0, c), at: visible[c] ?? ' ', after: truncate(visible.slice(c + 1), Math.max(0, room - c - 1)) };
}

export const HintLine = memo(function HintLine({ hint, width, theme }: { hint: Hint; width: number; theme: Theme }): ReactElement {
  const role = hint.tone === 'error' ? 'hint-error' : hint.tone === 'next' ? 'next' : 'hint';
  const color = theme.fg(role);
  const mark = hint.tone === 'error' ? '! ' : hint.tone === 'next' ? '→ ' : '  ';
  return (
    <Text wrap="truncate-end" {...(color ? { color } : {})}>
      {truncate(mark + hint.text, width)}
    </Text>
  );
});

export const InputLine = memo(function InputLine({ prompt, input, hint, width, focused, theme }: InputLineProps): ReactElement {
  const room = Math.max(4, width - textWidth(prompt) - 1);
  const w = window(input.text, input.cursor, room);
  const promptColor = theme.fg('key');
  return (
    <Box flexDirection="column" width={width}>
      <HintLine hint={hint} width={width} theme={theme} />
      <Text wrap="truncate-end">
        <Text bold {...(promptColor ? { color: promptColor } : {})}>
          {prompt}
        </Text>
        {w.before}
        <Text inverse={focused}>{w.at}</Text>
        {w.after}
      </Text>
    </Box>
  );
});
