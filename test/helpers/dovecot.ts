/**
 * A real Dovecot for integration tests (../shared/peers/dovecot.sh) and a tiny
 * IMAP client that keeps the server's bytes as they came, so tests can compare
 * FETCH data byte for byte.
 *
 * Wire text is handled as byte strings (latin1): one char per octet, so a
 * literal's {n} is the string length.
 */

import { spawn } from 'node:child_process';
import { createServer, connect, type Socket } from 'node:net';
import { chmodSync, closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the peers script. Its output goes to a file, not a pipe: the Dovecot
 * daemon it starts inherits stdio, and a pipe would stay open as long as it runs.
 */
async function runScript(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn('bash', [DOVECOT_SCRIPT, ...args], { env, stdio: ['ignore', fd, fd] });
    const code = await new Promise<number | null>((ok, fail) => {
      child.once('error', fail);
      child.once('exit', ok);
    });
    if (code !== 0) throw new Error(`dovecot.sh ${args[0]} failed (${code}): ${readFileSync(logFile, 'latin1').slice(-2000)}`);
  } finally {
    closeSync(fd);
  }
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The peers script lives in shared/, beside the repository. */
export const DOVECOT_SCRIPT = resolve(repoRoot, '../shared/peers/dovecot.sh');

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export type DovecotPeer = { readonly dir: string; readonly imapPort: number; stop(): Promise<void> };

/**
 * Starts Dovecot on free loopback ports with its state in `dir`. Throws (so the
 * test fails, not skips) when Dovecot or the peers script is missing.
 */
export async function startDovecot(dir: string): Promise<DovecotPeer> {
  if (!existsSync(DOVECOT_SCRIPT)) throw new Error(`missing ${DOVECOT_SCRIPT}`);
  const [imap, imaps, pop3, pop3s] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    PEER_IMAP: String(imap),
    PEER_IMAPS: String(imaps),
    PEER_POP3: String(pop3),
    PEER_POP3S: String(pop3s),
  };
  // Dovecot's unprivileged processes read the passwd file and certificates in `dir`.
  chmodSync(dir, 0o755);
  const log = resolve(dir, 'peer-script.log');
  await runScript(['start', dir], env, log);
  return {
    dir,
    imapPort: imap,
    stop: () => runScript(['stop', dir], env, log),
  };
}

export type TaggedResponse = {
  /** Every line before the tagged one, literals included, as sent (byte string). */
  readonly untagged: string;
  /** The tagged completion line without CRLF. */
  readonly tagged: string;
};

/** A minimal IMAP4rev1 client: synchronizing literals, raw responses. */
export class ImapTestClient {
  private buffer = '';
  private waiters: (() => void)[] = [];
  private closed = false;
  private tagCounter = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<ImapTestClient> {
    const socket = connect(port, host);
    socket.setNoDelay(true);
    await new Promise<void>((ok, fail) => {
      socket.once('connect', ok);
      socket.once('error', fail);
    });
    const client = new ImapTestClient(socket);
    const greeting = await client.readLine();
    if (!greeting.startsWith('* OK')) throw new Error(`unexpected greeting: ${greeting}`);
    return client;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async waitForData(): Promise<void> {
    if (this.closed) throw new Error('connection closed');
    await new Promise<void>((ok) => this.waiters.push(ok));
  }

  private async readLine(): Promise<string> {
    for (;;) {
      const i = this.buffer.indexOf('\r\n');
      if (i >= 0) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 2);
        return line;
      }
      await this.waitForData();
    }
  }

  private async readBytes(n: number): Promise<string> {
    while (this.buffer.length < n) await this.waitForData();
    const out = this.buffer.slice(0, n);
    this.buffer = this.buffer.slice(n);
    return out;
  }

  /** One response line with its literals inlined as `{n}\r\n<bytes>`. */
  private async readResponse(): Promise<string> {
    let text = '';
    for (;;) {
      const line = await this.readLine();
      text += line;
      const m = /\{(\d+)\}$/.exec(line);
      if (!m) return text;
      text += '\r\n' + (await this.readBytes(Number(m[1])));
    }
  }

  /**
   * Sends a command. `parts` are joined by synchronizing literals: each part
   * after the first is sent as `{n}` + CRLF, after the server's "+".
   */
  async command(text: string, ...literals: Buffer[]): Promise<TaggedResponse> {
    const tag = `T${++this.tagCounter}`;
    let untagged = '';
    if (literals.length === 0) {
      this.socket.write(`${tag} ${text}\r\n`);
    } else {
      this.socket.write(`${tag} ${text} {${literals[0]!.length}}\r\n`);
      for (let i = 0; i < literals.length; i++) {
        for (;;) {
          const line = await this.readResponse();
          if (line.startsWith('+')) break;
          if (line.startsWith(`${tag} `)) return { untagged, tagged: line };
          untagged += line + '\r\n';
        }
        this.socket.write(literals[i]!);
        const next = literals[i + 1];
        this.socket.write(next === undefined ? '\r\n' : ` {${next.length}}\r\n`);
      }
    }
    for (;;) {
      const line = await this.readResponse();
      if (line.startsWith(`${tag} `)) return { untagged, tagged: line };
      untagged += line + '\r\n';
    }
  }

  /** Like command(), but throws unless the completion is OK. */
  async ok(text: string, ...literals: Buffer[]): Promise<string> {
    const res = await this.command(text, ...literals);
    if (!/^\S+ OK\b/.test(res.tagged)) throw new Error(`${text.split(' ')[0]} failed: ${res.tagged}`);
    return res.untagged;
  }

  async logout(): Promise<void> {
    try {
      await this.command('LOGOUT');
    } catch {
      // the server may close first
    }
    this.socket.destroy();
  }
}

/**
 * Reads one IMAP value starting at `pos` (atom, quoted string, literal or a
 * parenthesized list) and returns where it ends.
 */
export function skipImapValue(text: string, pos: number): number {
  const ch = text[pos];
  if (ch === '"') {
    let i = pos + 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return i + 1;
  }
  if (ch === '{') {
    const close = text.indexOf('}', pos);
    const n = Number(text.slice(pos + 1, close));
    return close + 3 + n;
  }
  if (ch === '(') {
    let i = pos + 1;
    while (text[i] !== ')') {
      if (i >= text.length) throw new Error('unbalanced list');
      if (text[i] === ' ') i++;
      else i = skipImapValue(text, i);
    }
    return i + 1;
  }
  let i = pos;
  // atoms, including BODY[HEADER.FIELDS (A B)]<0> section specs
  while (i < text.length && !' )'.includes(text[i]!)) {
    if (text[i] === '[') i = text.indexOf(']', i);
    i++;
  }
  return i;
}

/** Splits the untagged FETCH responses into `{ seq, items: Map<ITEM NAME, raw value> }`. */
export function parseFetchResponses(untagged: string): { seq: number; items: Map<string, string> }[] {
  const out: { seq: number; items: Map<string, string> }[] = [];
  const re = /\* (\d+) FETCH \(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(untagged)) !== null) {
    const items = new Map<string, string>();
    let i = m.index + m[0].length;
    while (untagged[i] !== ')') {
      if (untagged[i] === ' ') {
        i++;
        continue;
      }
      const nameEnd = skipImapValue(untagged, i);
      const name = untagged.slice(i, nameEnd);
      i = nameEnd + 1;
      const valueEnd = skipImapValue(untagged, i);
      items.set(name, untagged.slice(i, valueEnd));
      i = valueEnd;
    }
    re.lastIndex = i;
    out.push({ seq: Number(m[1]), items });
  }
  return out;
}
