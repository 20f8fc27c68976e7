/**
 * TARGET (design.md): `smtp://host[:port]` and friends, a user as in `imap://alice@host`, and
 * `sandbox:smtp|pop3|imap` for an in-process sandbox.
 */
import { ClientError } from './errors.js';
import type { ClientProtocol } from './events.js';

export type Scheme = 'smtp' | 'submission' | 'smtps' | 'pop3' | 'pop3s' | 'imap' | 'imaps';

type SchemeInfo = { readonly protocol: ClientProtocol; readonly port: number; readonly implicitTls: boolean };

/** Default port and TLS mode per scheme (RFC 5321, 6409, 8314, 1939, 3501). */
export const SCHEMES: Readonly<Record<Scheme, SchemeInfo>> = {
  smtp: { protocol: 'smtp', port: 25, implicitTls: false },
  submission: { protocol: 'smtp', port: 587, implicitTls: false },
  smtps: { protocol: 'smtp', port: 465, implicitTls: true },
  pop3: { protocol: 'pop3', port: 110, implicitTls: false },
  pop3s: { protocol: 'pop3', port: 995, implicitTls: true },
  imap: { protocol: 'imap', port: 143, implicitTls: false },
  imaps: { protocol: 'imap', port: 993, implicitTls: true },
};

export type Target =
  | {
      readonly kind: 'server';
      /** The target as the user wrote it (recorded in transcripts). */
      readonly text: string;
      readonly scheme: Scheme;
      readonly protocol: ClientProtocol;
      /** Host name or address, IPv6 without brackets. */
      readonly host: string;
      readonly port: number;
      readonly implicitTls: boolean;
      readonly user?: string;
    }
  | { readonly kind: 'sandbox'; readonly text: string; readonly protocol: ClientProtocol };

export const TARGET_EXAMPLES = 'smtp://127.0.0.1:2525, imaps://alice@mail.example.org or sandbox:imap';

const SANDBOX_PROTOCOLS: readonly ClientProtocol[] = ['smtp', 'pop3', 'imap'];

function isScheme(name: string): name is Scheme {
  return Object.hasOwn(SCHEMES, name);
}

function bad(text: string, why: string, tryMessage = `mailproto connect ${TARGET_EXAMPLES.split(', ')[0]!}`): ClientError {
  return new ClientError('E_BAD_TARGET', `bad target ${JSON.stringify(text)}: ${why}`, { tryMessage });
}

/**
 * Parses a TARGET.
 * @throws ClientError E_BAD_TARGET (exit 1) with a "try" hint.
 */
export function parseTarget(text: string): Target {
  const input = text.trim();
  const sandbox = /^sandbox:(.*)$/i.exec(input);
  if (sandbox) {
    const protocol = sandbox[1]!.toLowerCase();
    if (!SANDBOX_PROTOCOLS.includes(protocol as ClientProtocol)) {
      throw bad(text, 'the sandbox speaks smtp, pop3 and imap', 'mailproto connect sandbox:smtp (or sandbox:pop3, sandbox:imap)');
    }
    return { kind: 'sandbox', text: input, protocol: protocol as ClientProtocol };
  }
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  if (!schemeMatch) {
    const hint = /^[^\s/:]+(:\d+)?$/.test(input) ? `mailproto connect smtp://${input} (or imap://, pop3://, ...)` : undefined;
    throw bad(text, `a target starts with a scheme: smtp, submission, smtps, pop3, pop3s, imap, imaps, or is sandbox:PROTOCOL`, hint);
  }
  const scheme = schemeMatch[1]!.toLowerCase();
  if (!isScheme(scheme)) {
    throw bad(text, `unknown scheme "${scheme}"; known: ${Object.keys(SCHEMES).join(', ')}`);
  }
  let url: URL;
  try {
    url = new URL(`${scheme}${input.slice(schemeMatch[1]!.length)}`);
  } catch {
    throw bad(text, 'not a valid host[:port]');
  }
  if (url.password) {
    throw bad(text, 'a password in the target would end up in shell history and transcripts', `${scheme}://${url.username}@${url.host} and then :auth plain ${decodeURIComponent(url.username)} PASSWORD`);
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
    throw bad(text, 'a target is only scheme://[user@]host[:port]', `${scheme}://${url.host}`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw bad(text, 'the host is missing');
  const info = SCHEMES[scheme];
  const port = url.port === '' ? info.port : Number(url.port);
  if (port === 0) throw bad(text, 'port 0 is not a port a server listens on');
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  return {
    kind: 'server',
    text: input,
    scheme,
    protocol: info.protocol,
    host,
    port,
    implicitTls: info.implicitTls,
    ...(user ? { user } : {}),
  };
}
