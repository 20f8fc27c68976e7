/**
 * The SMTP DATA editor: the message typed so far, line by line, as it will go on the wire. A line
 * that starts with "." gets one more "." (dot-stuffing, RFC 5321 §4.5.2), shown here before it is
 * sent so that the learner sees why.
 */
import { Box, Text } from 'ink';
import { memo, type ReactElement } from 'react';
import type { DraftLine } from './screen-model.js';
import { truncate } from './text-width.js';
import type { Theme } from './theme.js';

export type DataEditorProps = {
  readonly draft: readonly DraftLine[];
  /** Draft lines shown (the newest). */
  readonly rows: number;
  readonly width: number;
  readonly theme: Theme;
};

/** Octets the draft takes on the wire, stuffing and CRLFs included. */
export function draftOctets(draft: readonly DraftLine[]): number {
  return draft.reduce((n, l) => n + Buffer.byteLength(l.typed, 'utf8') + (l.stuffed ? 1 : 0) + 2, 0);
}

export const DataEditor = memo(function DataEditor({ draft, rows, width, theme }: DataEditorProps): ReactElement {
  const shown = draft.slice(Math.max(0, draft.length - rows));
  const first = draft.length - shown.length;
  const stuffedColor = theme.fg('stuffed');
  const stuffedCount = draft.filter((l) => l.stuffed).length;
  const header = `── message: ${draft.length} line${draft.length === 1 ? '' : 's'}, ${draftOctets(draft)} octets as sent${stuffedCount ? `, ${stuffedCount} dot-stuffed` : ''} · "." alone or Ctrl-D sends · Backspace on an empty line edits the last`;
  const hintColor = theme.fg('hint');
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end" {...(hintColor ? { color: hintColor } : {})}>
        {truncate(header, width)}
      </Text>
      {shown.map((l, i) => (
        <Text key={first + i} wrap="truncate-end">
          {String(first + i + 1).padStart(4)}{' '}
          {l.stuffed ? (
            <Text bold {...(stuffedColor ? { color: stuffedColor } : {})}>
              .
            </Text>
          ) : null}
          {l.typed}
          {l.stuffed ? <Text {...(stuffedColor ? { color: stuffedColor } : {})}>{'   ← "." added: dot-stuffing'}</Text> : null}
        </Text>
      ))}
    </Box>
  );
});
