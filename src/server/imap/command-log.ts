/**
 * What the session log shows of a client command: the command line with literals shown as
 * `{n}`, and nothing of a secret (conventions.md 6, security.md 24): LOGIN's password and
 * AUTHENTICATE's data are replaced by `<redacted>` and the event is marked `redacted: true`.
 */
import { findImapCommand } from '../../protocols/imap/commands.js';
import type { FramedCommand } from '../../protocols/imap/framer.js';
import { MAX_LOGGED_RESPONSE } from './limits.js';

export type LoggedCommand = { readonly text: string; readonly redacted: boolean };

/** The log text of a framed command. */
export function commandLogText(framed: FramedCommand): LoggedCommand {
  const spec = findImapCommand(framed.command);
  if (spec?.sensitive) {
    const first = typeof framed.parts[0] === 'string' ? framed.parts[0] : '';
    // AUTHENTICATE keeps its mechanism name: `a AUTHENTICATE PLAIN <redacted>`.
    const words = first.split(' ');
    const shown = framed.command === 'AUTHENTICATE' ? words.slice(0, 3).join(' ') : `${framed.tag} ${framed.command}`;
    const hasSecret = framed.command !== 'AUTHENTICATE' || words.length > 3 || framed.parts.length > 1;
    return { text: hasSecret ? `${shown} <redacted>` : shown, redacted: hasSecret };
  }
  const text = framed.parts.map((p) => (typeof p === 'string' ? p : `{${p.data.length}}`)).join('');
  return { text: cut(text), redacted: false };
}

/** The first line of a serialized response, cut to a length that suits a log. */
export function responseLogText(wire: Buffer): string {
  const head = wire.subarray(0, MAX_LOGGED_RESPONSE + 2).toString('latin1');
  const eol = head.indexOf('\r\n');
  const line = eol >= 0 ? head.slice(0, eol) : head;
  return cut(line);
}

function cut(text: string): string {
  return text.length > MAX_LOGGED_RESPONSE ? `${text.slice(0, MAX_LOGGED_RESPONSE)}...` : text;
}
