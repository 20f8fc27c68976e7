/**
 * The middle of a session screen, shared by `connect`/`learn` and `replay`: the conversation (or
 * the help or detail overlay in its place) and, when the terminal is wide enough, a right column
 * with the selected exchange's details or a caller's pane.
 */
import { Box, useStdout } from 'ink';
import { useCallback, useEffect, useRef, type ReactElement, type ReactNode } from 'react';
import { ConversationPane } from './ConversationPane.js';
import { DetailPane } from './DetailPane.js';
import type { Frame } from './screen-model.js';
import type { Theme } from './theme.js';
import type { TerminalSize } from './use-terminal-size.js';

/** The room an overlay or a pane gets. */
export type OverlayBox = { readonly width: number; readonly height: number; readonly scroll: number };

export type ConversationAreaProps = {
  readonly frame: Frame;
  readonly theme: Theme;
  /** The help overlay for this screen. */
  readonly help: (box: OverlayBox) => ReactElement;
  /** The right column instead of the detail pane (lessons). */
  readonly side?: ((box: { width: number; height: number }) => ReactNode) | undefined;
};

export function ConversationArea({ frame: f, theme, help, side }: ConversationAreaProps): ReactElement {
  const mainWidth = f.overlay === 'none' ? f.convWidth : f.columns;
  let main: ReactElement;
  if (f.overlay === 'help') main = help({ width: mainWidth, height: f.convHeight, scroll: f.overlayScroll });
  else if (f.overlay === 'detail') main = <DetailPane lines={f.detail} width={mainWidth} height={f.convHeight} scroll={f.overlayScroll} theme={theme} title="Details — Esc or d closes" />;
  else main = <ConversationPane lines={f.lines} width={mainWidth} height={f.convHeight} selectedKey={f.selectedKey} focused={f.focus === 'conversation'} theme={theme} />;
  const right =
    f.overlay === 'none' && f.rightWidth > 0 ? (
      <Box width={f.rightWidth + 1} height={f.convHeight} borderStyle="single" borderTop={false} borderBottom={false} borderRight={false}>
        {side ? side({ width: f.rightWidth, height: f.convHeight }) : <DetailPane lines={f.detail} width={f.rightWidth} height={f.convHeight} theme={theme} />}
      </Box>
    ) : null;
  return (
    <Box flexDirection="row" height={f.convHeight}>
      {main}
      {right}
    </Box>
  );
}

/**
 * Clears the terminal after a resize (the old frame may be wrapped or cut by the terminal, so the
 * next frame starts from a clean screen); not for a fixed size (tests). Returns the clearing
 * function for Ctrl-L.
 */
export function useRepaintOnResize(size: TerminalSize, fixed: boolean): () => void {
  const { write } = useStdout();
  const repaint = useCallback(() => write('\x1b[2J\x1b[H'), [write]);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else if (!fixed) repaint();
  }, [size.columns, size.rows, fixed, repaint]);
  return repaint;
}
