/**
 * The conversation pane: only the visible slice of the display lines is rendered (windowing), so
 * a session of 10,000 lines costs what a screenful costs (lines come pre-wrapped to the width, so
 * nothing needs clipping). Each line: a gutter that marks the selection, the direction marker (`C:`, `S:`, `#`), then the text in its colour.
 */
import { Box, Text } from 'ink';
import { memo, type ReactElement } from 'react';
import { markerOf, type DisplayLine, type Row } from './layout.js';
import { GUTTER, SELECTED_GUTTER, type Role, type Theme } from './theme.js';

export type ConversationPaneProps = {
  /** The visible display lines, top to bottom. */
  readonly lines: readonly DisplayLine[];
  readonly width: number;
  readonly height: number;
  readonly selectedKey: string | undefined;
  /** The conversation has the keyboard focus (the selection is shown brighter). */
  readonly focused: boolean;
  readonly theme: Theme;
};

function roleOf(row: Row): Role {
  if (row.content) return 'content';
  switch (row.kind) {
    case 'send':
      return 'client';
    case 'recv':
      return row.tone ?? 'server';
    case 'note':
      return 'note';
    case 'info':
      return 'info';
    case 'warning':
      return 'warning';
    case 'tls':
      return 'tls';
    case 'local':
      return 'local';
    case 'close':
      return 'close';
    case 'fold':
    case 'body':
      return 'fold';
  }
}

const Line = memo(function Line({ line, selected, focused, theme }: { line: DisplayLine; selected: boolean; focused: boolean; theme: Theme }): ReactElement {
  const { row } = line;
  const marker = line.first ? markerOf(row) : ' '.repeat(markerOf(row).length);
  const gutter = selected && line.first ? SELECTED_GUTTER : GUTTER;
  const role = roleOf(row);
  const markerColor = theme.fg(row.kind === 'recv' ? 'server' : role);
  const color = theme.fg(role);
  // As few styled pieces as possible: Ink re-tokenizes every styled string of the screen per frame.
  return (
    <Text wrap="truncate-end">
      {gutter}
      {' '.repeat(row.indent)}
      <Text {...(markerColor ? { color: markerColor } : {})} bold={row.kind === 'send' || row.kind === 'recv'}>
        {marker}
      </Text>
      <Text {...(color ? { color } : {})} inverse={selected && focused}>
        {line.text}
      </Text>
    </Text>
  );
});

/** The conversation, windowed. */
export const ConversationPane = memo(function ConversationPane(props: ConversationPaneProps): ReactElement {
  const { lines, width, height, selectedKey, focused, theme } = props;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.map((line) => (
        <Line key={`${line.row.key}:${line.part}`} line={line} selected={line.first && line.row.key === selectedKey} focused={focused} theme={theme} />
      ))}
    </Box>
  );
});
