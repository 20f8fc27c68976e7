/**
 * Colours and direction markers. Every kind of line has a marker that reads without colour
 * (`C:` client, `S:` server, `#` explanation), so NO_COLOR and monochrome terminals lose nothing
 * but the colour. https://no-color.org: NO_COLOR set to anything but the empty string.
 */

export type Tone = 'ok' | 'pending' | 'temporary' | 'error' | 'neutral';

export type Theme = {
  readonly color: boolean;
  /** An Ink colour name, or undefined when colour is off. */
  readonly fg: (role: Role) => string | undefined;
};

export type Role =
  | 'client'
  | 'server'
  | 'note'
  | 'info'
  | 'warning'
  | 'tls'
  | 'local'
  | 'fold'
  | 'content'
  | 'close'
  | 'hint'
  | 'hint-error'
  | 'key'
  | 'heading'
  | 'next'
  | 'rfc'
  | 'stuffed'
  | Tone;

const COLORS: Readonly<Record<Role, string>> = {
  client: 'cyan',
  server: 'white',
  note: 'yellow',
  info: 'magenta',
  warning: 'red',
  tls: 'blue',
  local: 'cyan',
  fold: 'gray',
  content: 'gray',
  close: 'magenta',
  hint: 'gray',
  'hint-error': 'red',
  key: 'cyan',
  heading: 'white',
  next: 'green',
  rfc: 'gray',
  stuffed: 'yellow',
  ok: 'green',
  pending: 'cyan',
  temporary: 'yellow',
  error: 'red',
  neutral: 'white',
};

/** True when colour should be used: NO_COLOR unset or empty, and TERM not "dumb". */
export function colorWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

export function makeTheme(color: boolean): Theme {
  return { color, fg: (role) => (color ? COLORS[role] : undefined) };
}

/** The marker in front of each kind of conversation line (3 columns). */
export const MARKERS = {
  send: 'C: ',
  recv: 'S: ',
  note: '#  ',
  info: 'i  ',
  warning: '!  ',
  tls: '#  ',
  local: '>  ',
  close: '-- ',
  fold: '   ',
  body: '   ',
} as const;

/** The gutter column in front of the marker: shows the selected line without relying on colour. */
export const SELECTED_GUTTER = '▶ ';
export const GUTTER = '  ';

/** The tone of a server line: success, waiting for more, temporary failure, failure. */
export function replyTone(text: string, protocol: 'smtp' | 'pop3' | 'imap'): Tone {
  if (protocol === 'smtp') {
    const smtp = /^(\d)\d\d(?:[ -]|$)/.exec(text);
    if (!smtp) return 'neutral'; return smtp[1] === '2' ? 'ok' : smtp[1] === '3' ? 'pending' : smtp[1] === '4' ? 'temporary' : smtp[1] === '5' ? 'error' : 'neutral';
  }
  if (/^\+OK\b/i.test(text)) return 'ok';
  if (/^-ERR\b/i.test(text)) return 'error';
  if (/^\+( |$)/.test(text)) return 'pending';
  const imap = /^(?:\*|[A-Za-z0-9.]+) (OK|NO|BAD|BYE|PREAUTH)\b/i.exec(text);
  if (imap) {
    const s = imap[1]!.toUpperCase();
    return s === 'OK' || s === 'PREAUTH' ? 'ok' : s === 'NO' || s === 'BYE' ? 'temporary' : 'error';
  }
  return 'neutral';
}
