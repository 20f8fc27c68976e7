/**
 * The status line: protocol, server, session state, TLS, user, recording; shown inverted, with
 * `│` between fields so that it reads without colour too.
 */
import { Text } from 'ink';
import { memo, type ReactElement } from 'react';
import { statusFields, type StatusInfo } from './status.js';
import { fit } from './text-width.js';
import type { Theme } from './theme.js';

export type StatusLineProps = { readonly status: StatusInfo; readonly width: number; readonly theme: Theme };

export const StatusLine = memo(function StatusLine({ status, width, theme }: StatusLineProps): ReactElement {
  const text = ` ${statusFields(status, width).join(' │ ')}`;
  const color = status.recording ? theme.fg('error') : undefined;
  return (
    <Text inverse wrap="truncate-end" {...(color ? { color } : {})}>
      {fit(text, width)}
    </Text>
  );
});
