/**
 * F1 / `?`: the keys, the meta-commands and the protocol's commands (from the catalog, via the
 * client's `:help`), in a scrollable overlay over the conversation.
 */
import { memo, useMemo, type ReactElement } from 'react';
import { helpText } from '../client/help.js';
import type { ClientProtocol } from '../client/events.js';
import type { DetailLine } from './detail.js';
import { DetailPane } from './DetailPane.js';
import type { Theme } from './theme.js';

export const KEY_HELP: ReadonlyArray<readonly [string, string]> = [
  ['Enter', 'send the line (it waits for the previous reply to complete)'],
  ['Tab / Shift-Tab', 'complete commands, arguments, mailbox names, message numbers; again: next candidate'],
  ['Up / Down', 'input history (kept per protocol, without passwords)'],
  ['Ctrl-Up / Ctrl-Down', 'select the previous / next line without leaving the input'],
  ['PgUp / PgDn', 'scroll the conversation'],
  ['Esc', 'move to the conversation: Up/Down select, Enter or Space open and fold, d details, g/G top/end, Esc back'],
  ['F1 or ?', 'this help (? on an empty line)'],
  ['F2 or Ctrl-O', 'raw view: every line as on the wire, CR LF shown as \\r\\n'],
  ['Ctrl-R', 'start or stop recording a transcript (JSON Lines) in the working directory'],
  ['Ctrl-L', 'repaint the screen'],
  ['Ctrl-C', 'quit: QUIT or LOGOUT is sent first when the session is idle'],
  ['In DATA', 'type the message line by line; "." alone or Ctrl-D sends it; dot-stuffing is shown as it will be sent'],
];

export type HelpOverlayProps = {
  readonly protocol: ClientProtocol;
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
  readonly theme: Theme;
  /** The caller's own keys (lessons), listed first. */
  readonly extra?: ReadonlyArray<readonly [string, string]> | undefined;
};

export const HelpOverlay = memo(function HelpOverlay({ protocol, width, height, scroll, theme, extra }: HelpOverlayProps): ReactElement {
  const lines = useMemo((): DetailLine[] => {
    const out: DetailLine[] = [];
    if (extra?.length) {
      out.push({ text: 'Lesson keys', role: 'heading' });
      for (const [k, what] of extra) out.push({ text: `${k.padEnd(20)} ${what}`, role: 'text', indent: 2 });
    }
    out.push({ text: 'Keys', role: 'heading' });
    for (const [k, what] of KEY_HELP) out.push({ text: `${k.padEnd(20)} ${what}`, role: 'text', indent: 2 });
    out.push({ text: 'Commands (type them as the protocol wants them; lines starting with ":" are for mailproto)', role: 'heading' });
    for (const l of helpText(protocol).split('\n')) out.push({ text: l, role: l.startsWith(' ') ? 'text' : 'heading' });
    return out;
  }, [protocol, extra]);
  return <DetailPane lines={lines} width={width} height={height} scroll={scroll} theme={theme} title="Help — Esc, q or F1 closes, PgUp/PgDn scroll" />;
});
