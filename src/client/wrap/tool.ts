/**
 * What `mailproto wrap` knows about the tool it runs, from its command line alone: where it
 * connects, whether it speaks TLS itself, which protocol `-starttls` names, and its quirks
 * (openssl s_client's command letters, line ends without -C / -crlf).
 */
import { basename } from 'node:path';
import type { ClientProtocol } from '../events.js';
import { isLoopbackHost } from '../session-settings.js';

export type ToolKind = 'openssl' | 'nc' | 'telnet' | 'gnutls-cli' | 'other';

export type WrappedTool = {
  readonly kind: ToolKind;
  /** The command line as typed, for titles and messages. */
  readonly display: string;
  readonly host?: string;
  readonly port?: number;
  /** The tool speaks TLS itself: every line seen here travelled inside TLS. */
  readonly secure: boolean;
  /** `openssl s_client -starttls PROTO`: the tool read the greeting and did STARTTLS before anything is shown. */
  readonly starttls?: ClientProtocol;
  /** A protocol the command line suggests (-starttls, a well-known port). */
  readonly hint?: ClientProtocol;
  /** openssl s_client without -quiet, -ign_eof or -nocommands: typed lines starting with Q, R, K or k are its own commands. */
  readonly commandLetters: boolean;
  /** Advice about the command line, shown once before the tool starts. */
  readonly advice: readonly string[];
};

const PORTS: Readonly<Record<number, ClientProtocol>> = {
  25: 'smtp', 465: 'smtp', 587: 'smtp', 2525: 'smtp', 2465: 'smtp', 2587: 'smtp',
  110: 'pop3', 995: 'pop3', 2110: 'pop3', 2995: 'pop3',
  143: 'imap', 993: 'imap', 2143: 'imap', 2993: 'imap',
};

const STARTTLS_NAMES: Readonly<Record<string, ClientProtocol>> = { smtp: 'smtp', lmtp: 'smtp', pop3: 'pop3', imap: 'imap' };

/** openbsd nc and ncat options that take a value. */
const NC_VALUE_OPTIONS = new Set('IiMmOPpsTVWwXxe'.split(''));

function port(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 && n <= 65535 ? n : undefined;
}

/** `host:port`, `[v6]:port`. */
function hostPort(text: string): { host?: string; port?: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]*)(?::(\d+))?$/.exec(text);
  if (!m) return {};
  const p = port(m[2]);
  return { ...(m[1] ? { host: m[1] } : {}), ...(p ? { port: p } : {}) };
}

function valueOf(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === name || a === `-${name}`) return args[i + 1];
    if (a.startsWith(`${name}=`) || a.startsWith(`-${name}=`)) return a.slice(a.indexOf('=') + 1);
  }
  return undefined;
}

function has(args: readonly string[], ...names: string[]): boolean {
  return args.some((a) => names.includes(a) || names.includes(a.replace(/^--/, '-')));
}

function openssl(args: readonly string[]): Partial<WrappedTool> & { advice: string[] } {
  const target = hostPort(valueOf(args, '-connect') ?? '');
  const host = target.host ?? valueOf(args, '-host');
  const p = target.port ?? port(valueOf(args, '-port'));
  const starttls = STARTTLS_NAMES[(valueOf(args, '-starttls') ?? '').toLowerCase()];
  const advice: string[] = [];
  const commandLetters = !has(args, '-quiet', '-ign_eof', '-nocommands');
  if (commandLetters) {
    advice.push('openssl s_client takes typed lines that start with Q (quit), R (renegotiate) or K/k (key update) as its own commands and does not send them: add -quiet, -ign_eof or -nocommands, or type such commands in lower case');
  }
  if (!has(args, '-crlf')) advice.push('openssl s_client ends each line with a bare LF; mail protocols want CRLF (RFC 5321 §2.3.8): add -crlf for strict servers');
  return { kind: 'openssl', secure: true, commandLetters, advice, ...(host ? { host } : {}), ...(p ? { port: p } : {}), ...(starttls ? { starttls } : {}) };
}

function netcat(args: readonly string[]): Partial<WrappedTool> & { advice: string[] } {
  const positional: string[] = [];
  let crlf = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--crlf') crlf = true;
    else if (a.startsWith('--')) {
      if (!a.includes('=') && /^--(source|source-port|wait|proxy|proxy-type|proxy-auth|exec|sh-exec|lua-exec|output|hex-dump|idle-timeout|ssl-cert|ssl-key|ssl-trustfile|ssl-ciphers|ssl-servername|ssl-alpn|max-conns|allow|allowfile|deny|denyfile)$/.test(a)) i++;
    } else if (a.startsWith('-') && a.length > 1) {
      if (a.slice(1).includes('C')) crlf = true;
      if (NC_VALUE_OPTIONS.has(a.at(-1)!)) i++;
    } else positional.push(a);
  }
  const secure = has(args, '--ssl');
  const p = port(positional[1]);
  const advice = crlf ? [] : ['nc ends each line with a bare LF; mail protocols want CRLF (RFC 5321 §2.3.8): run nc -C'];
  return { kind: 'nc', secure, commandLetters: false, advice, ...(positional[0] ? { host: positional[0] } : {}), ...(p ? { port: p } : {}) };
}

function positionalHostPort(kind: ToolKind, args: readonly string[]): Partial<WrappedTool> & { advice: string[] } {
  const positional = args.filter((a) => !a.startsWith('-'));
  const p = port(positional[1]) ?? port(valueOf(args, '-p')) ?? port(valueOf(args, '--port'));
  return { kind, secure: false, commandLetters: false, advice: [], ...(positional[0] ? { host: positional[0] } : {}), ...(p ? { port: p } : {}) };
}

function gnutls(args: readonly string[]): Partial<WrappedTool> & { advice: string[] } {
  const base = positionalHostPort('gnutls-cli', args);
  const starttls = STARTTLS_NAMES[(valueOf(args, '--starttls-proto') ?? '').toLowerCase()];
  // Plain --starttls (-s) waits for the user's signal before TLS: lines before it are not secure.
  return { ...base, secure: !has(args, '--starttls', '-s') || starttls !== undefined, ...(starttls ? { starttls } : {}) };
}

/** Describes the tool from `command args...`. */
export function describeTool(command: string, args: readonly string[]): WrappedTool {
  const name = basename(command);
  const parts =
    name === 'openssl' && args[0] === 's_client'
      ? openssl(args.slice(1))
      : /^(nc|ncat|netcat)(\.\w+)?$/.test(name)
        ? netcat(args)
        : name === 'telnet'
          ? positionalHostPort('telnet', args)
          : name === 'gnutls-cli'
            ? gnutls(args)
            : { kind: 'other' as const, secure: false, commandLetters: false, advice: [] };
  const hint = parts.starttls ?? (parts.port !== undefined ? PORTS[parts.port] : undefined);
  return {
    kind: parts.kind ?? 'other',
    display: [command, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' '),
    secure: parts.secure ?? false,
    commandLetters: parts.commandLetters ?? false,
    advice: parts.advice ?? [],
    ...(parts.host ? { host: parts.host } : {}),
    ...(parts.port ? { port: parts.port } : {}),
    ...(parts.starttls ? { starttls: parts.starttls } : {}),
    ...(hint ? { hint } : {}),
  };
}

/** True when the tool connects to a loopback address (or says nothing about where). */
export function toolOnLoopback(tool: WrappedTool): boolean {
  return tool.host === undefined || isLoopbackHost(tool.host);
}

/** The target as a TARGET URL for transcripts (`smtp://127.0.0.1:2525`), or the command line. */
export function toolTarget(tool: WrappedTool, protocol: ClientProtocol): string {
  if (!tool.host) return tool.display;
  const scheme = tool.secure && !tool.starttls ? `${protocol}s` : protocol;
  const host = tool.host.includes(':') ? `[${tool.host}]` : tool.host;
  return `${scheme}://${host}${tool.port ? `:${tool.port}` : ''}`;
}

/** What to run instead when the server agreed to STARTTLS/STLS and this tool cannot do TLS. */
export function tlsToolSuggestion(tool: WrappedTool, protocol: ClientProtocol): string {
  const where = tool.host ? `${tool.host.includes(':') ? `[${tool.host}]` : tool.host}:${tool.port ?? 'PORT'}` : 'HOST:PORT';
  return `mailproto wrap -- openssl s_client -quiet -crlf -starttls ${protocol} -connect ${where}`;
}
