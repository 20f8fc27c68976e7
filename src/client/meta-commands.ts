/**
 * Meta-commands (design.md): lines that start with `:` are for mailproto, not for the server.
 * Shared by line mode and the TUI; what differs (the raw view, where a recording goes) is the host's.
 */
import { detectProtocol, explain, explainerFor, formatExplanation, isExplainProtocol, ExplainError } from '../annotate/explain.js';
import { b64 } from '../protocols/sasl.js';
import type { ClientSession } from './client-session.js';
import { ClientError } from './errors.js';
import { helpText } from './help.js';
import { isSaslName, SASL_NAMES } from './sasl-client.js';

export type MetaHost = {
  readonly session: ClientSession;
  /** `:raw`: toggles the byte view; returns whether it is on now. */
  toggleRaw(): boolean;
  /** `:record FILE`: starts recording the rest of the session. */
  record(file: string): Promise<void>;
};

/** True for a line that is a meta-command (when the session does not expect content). */
export function isMetaCommand(line: string): boolean {
  return /^\s*:[a-z0-9]/i.test(line);
}

/** Splits `:name arg...` into the name and the rest (the rest keeps its spaces). */
function parse(line: string): { readonly name: string; readonly rest: string } {
  const m = /^\s*:(\S*)\s?(.*)$/.exec(line)!;
  return { name: m[1]!.toLowerCase(), rest: m[2]! };
}

/** `\0` in `:b64` input stands for a NUL byte (AUTH PLAIN's separator). */
function unescapeNul(text: string): string {
  return text.replace(/\\0/g, '\0');
}

/**
 * Runs one meta-command. Output goes to the session's events (`info`, `warning`). Resolves to
 * 'quit' after `:quit`. Session errors (the server closed) propagate.
 */
export async function runMetaCommand(line: string, host: MetaHost): Promise<'continue' | 'quit'> {
  const { session } = host;
  const { name, rest } = parse(line);
  const args = rest.trim() === '' ? [] : rest.trim().split(/\s+/);
  const protocol = session.protocol ?? 'smtp';
  try {
    switch (name) {
      case 'help':
        session.info(helpText(protocol, args[0]));
        break;
      case 'starttls':
        await session.startTls();
        break;
      case 'auth': {
        const mech = (args[0] ?? '').toLowerCase();
        const user = args.length >= 3 ? args[1] : session.targetUser;
        const password = args.length >= 3 ? args.slice(2).join(' ') : args[1];
        if (!isSaslName(mech) || user === undefined || password === undefined) {
          session.warn(`usage: :auth ${SASL_NAMES.join('|')} USER PASS (USER may be left out when the target names one)`);
          break;
        }
        await session.authenticate(mech, user, password);
        break;
      }
      case 'send': {
        const bdat = args[0] === '--bdat';
        const file = bdat ? rest.trim().slice('--bdat'.length).trim() : rest.trim();
        if (!file) {
          session.warn('usage: :send [--bdat] FILE');
          break;
        }
        await session.sendFile(file, { bdat });
        break;
      }
      case 'b64':
        session.info(`base64: ${b64(unescapeNul(rest))}`);
        break;
      case 'unb64': {
        const text = rest.trim();
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
          session.warn(`not base64: ${text}`);
          break;
        }
        session.info(`decoded: ${Buffer.from(text, 'base64').toString('utf8')}`);
        break;
      }
      case 'explain': {
        // The session's protocol first; a code of another protocol (`:explain IN-USE` in IMAP, `:explain 550` in POP3) is still explained.
        const own = isExplainProtocol(protocol) ? protocol : undefined;
        const text = rest.trim();
        const protocolOpt = own && (explainerFor(own).detect(text) || !detectProtocol(text)) ? { protocol: own } : {};
        try {
          session.info(formatExplanation(explain(rest, protocolOpt)));
        } catch (err) {
          if (!(err instanceof ExplainError)) throw err;
          session.warn(`${err.message}. Try: :explain ${protocol === 'smtp' ? '550 5.1.1' : 'with a whole reply line'}`);
        }
        break;
      }
      case 'raw':
        session.info(host.toggleRaw() ? 'raw view on: line ends are shown as \\r\\n' : 'raw view off');
        break;
      case 'record': {
        const file = rest.trim();
        if (!file) {
          session.warn('usage: :record FILE');
          break;
        }
        await host.record(file);
        session.info(`recording to ${file}`);
        break;
      }
      case 'note':
      case 'marker': {
        // Instructor notes and chapter markers: nothing is sent; a recording keeps them.
        const text = rest.trim();
        if (!text) {
          session.warn(`usage: :${name} ${name === 'note' ? 'TEXT' : 'LABEL'}`);
          break;
        }
        session.mark(name, text);
        break;
      }
      case 'quit':
        await session.quit();
        return 'quit';
      default:
        session.warn(`unknown meta-command :${name}; :help lists them`);
    }
  } catch (err) {
    // A file that cannot be read is the learner's to fix; the session goes on.
    if (err instanceof ClientError && err.code === 'E_FILE') {
      session.warn(`${err.message}${err.tryMessage ? `. Try: ${err.tryMessage}` : ''}`);
      return 'continue';
    }
    throw err;
  }
  return 'continue';
}
