/**
 * The detail pane: the selected reply explained in full (src/annotate), its RFC sections and what
 * to try next. Also used full-screen as the `d` overlay on terminals too narrow for the pane.
 */
import { Box, Text } from 'ink';
import { memo, useMemo, type ReactElement } from 'react';
import type { DetailLine, DetailRole } from './detail.js';
import { wrapText } from './text-width.js';
import type { Role, Theme } from './theme.js';

export type DetailPaneProps = {
  readonly lines: readonly DetailLine[];
  readonly width: number;
  readonly height: number;
  /** Lines scrolled past (the overlay scrolls with PgUp/PgDn). */
  readonly scroll?: number;
  readonly theme: Theme;
  /** Heading above the content. */
  readonly title?: string;
};

const ROLES: Readonly<Record<DetailRole, Role>> = {
  title: 'heading',
  heading: 'heading',
  text: 'server',
  note: 'note',
  next: 'next',
  rfc: 'rfc',
  error: 'warning',
};

type Wrapped = { readonly key: string; readonly text: string; readonly role: DetailRole };

/** Paragraphs wrapped to the pane, with a blank line before each heading. */
export function wrapDetail(lines: readonly DetailLine[], width: number): Wrapped[] {
  const out: Wrapped[] = [];
  lines.forEach((l, n) => {
    if ((l.role === 'heading' || l.role === 'title') && out.length > 0) out.push({ key: `${n}b`, text: '', role: 'text' });
    const indent = l.indent ?? 0;
    wrapText(l.text, Math.max(8, width - indent)).forEach((piece, i) => out.push({ key: `${n}.${i}`, text: ' '.repeat(indent) + piece, role: l.role }));
  });
  return out;
}

export const DetailPane = memo(function DetailPane({ lines, width, height, scroll = 0, theme, title }: DetailPaneProps): ReactElement {
  const inner = width - 2;
  const wrapped = useMemo(() => wrapDetail(lines, inner), [lines, inner]);
  const bodyHeight = height - (title ? 1 : 0);
  const top = Math.max(0, Math.min(scroll, wrapped.length - bodyHeight));
  const visible = wrapped.slice(top, top + bodyHeight);
  const more = wrapped.length - (top + visible.length);
  return (
    <Box flexDirection="column" width={width} height={height} paddingLeft={1}>
      {title ? (
        <Text bold wrap="truncate-end">
          {title}
          {more > 0 ? ` (${more} more lines below)` : ''}
        </Text>
      ) : null}
      {visible.map((w) => {
        const color = theme.fg(ROLES[w.role]);
        return (
          <Text key={w.key} wrap="truncate-end" bold={w.role === 'title' || w.role === 'heading'} {...(color ? { color } : {})}>
            {w.text === '' ? ' ' : w.text}
          </Text>
        );
      })}
    </Box>
  );
});
