// A small, fast IMAP client for the benchmarks (deliberately not the project's client: it must not
// annotate, record or wait for anything it does not need). It speaks over a raw socket, reads
// literals by their octet count (so a FETCH of 250 MB of BODY[] costs no string building), counts
// untagged responses and literal octets per command, and pipelines commands when asked.
//
//   const c = await ImapClient.connect(port);          // reads the greeting
//   await c.command('LOGIN alice password');
//   const r = await c.command('UID SEARCH SUBJECT x', { keep: true });   // r.untagged: the lines
//   await c.append('INBOX', buffer);                    // LITERAL+ when offered, else waits for "+"
//   c.onUntagged = (line) => ...                        // every untagged line (literals as {n})
//   await c.idle(); ... await c.done();
import { connect } from 'node:net';

const LF = 0x0a;
/** A line ending in a literal announcement: `{123}` (server literals are always synchronizing). */
const LITERAL_AT_END = /\{(\d+)\+?\}\r?$/;

export class ImapError extends Error {}

export class ImapClient {
  /** Called with every untagged line (literal contents replaced by their `{n}` announcement). */
  onUntagged = undefined;
  /** Called when the connection closes. */
  onClose = undefined;
  capabilities = new Set();
  closed = false;

  #socket;
  #tag = 0;
  /** Commands waiting for their tagged completion, by tag. */
  #pending = new Map();
  /** The command that receives untagged responses (the oldest pending one). */
  #order = [];
  /** Someone waiting for a "+" continuation. */
  #continuation = [];
  // Reader state: the current response's line text so far, and literal octets still to skip.
  #chunks = [];
  #line = '';
  #literalLeft = 0;
  #literalParts = undefined;
  #greeting;

  constructor(socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    let onGreeting;
    this.#greeting = new Promise((resolve, reject) => {
      onGreeting = { resolve, reject };
    });
    this.#order.push({ greeting: onGreeting, untagged: 0, octets: 0, lines: [] });
    socket.on('data', (chunk) => this.#read(chunk));
    socket.on('error', (err) => this.#fail(err));
    socket.on('close', () => {
      this.closed = true;
      this.#fail(new ImapError('connection closed'));
      this.onClose?.();
    });
  }

  /** Connects and reads the greeting (and the capabilities it may carry). */
  static async connect(port, host = '127.0.0.1') {
    const socket = connect(port, host);
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new ImapClient(socket);
    const greeting = await client.#greeting;
    if (!/^\* (OK|PREAUTH)/i.test(greeting)) throw new ImapError(`greeting: ${greeting}`);
    client.#noteCapabilities(greeting);
    return client;
  }

  /** LOGIN, then CAPABILITY (servers change the list after login). */
  async login(user, password) {
    const r = await this.command(`LOGIN ${quote(user)} ${quote(password)}`);
    if (r.status !== 'OK') throw new ImapError(`LOGIN ${user}: ${r.text}`);
    await this.command('CAPABILITY', { keep: true });
    return r;
  }

  /**
   * Sends a command and resolves with its completion: { tag, status, text, untagged (count),
   * octets (literal octets received), lines (untagged lines, only with keep), ms }.
   */
  command(text, { keep = false } = {}) {
    const tag = `b${(++this.#tag).toString(36)}`;
    const done = this.#expect(tag, keep);
    this.#socket.write(`${tag} ${text}\r\n`);
    return done;
  }

  /** APPEND with a literal: non-synchronizing when the server offers LITERAL+ (RFC 7888). */
  async append(mailbox, message, { flags } = {}) {
    const tag = `b${(++this.#tag).toString(36)}`;
    const head = `${tag} APPEND ${quote(mailbox)}${flags ? ` (${flags.join(' ')})` : ''}`;
    const done = this.#expect(tag, false);
    if (this.capabilities.has('LITERAL+')) {
      this.#socket.write(`${head} {${message.length}+}\r\n`);
      this.#socket.write(message);
      this.#socket.write('\r\n');
      return done;
    }
    const go = this.#waitContinuation();
    this.#socket.write(`${head} {${message.length}}\r\n`);
    const answer = await Promise.race([go, done]);
    if (answer && answer.tag === tag) return answer;
    this.#socket.write(message);
    this.#socket.write('\r\n');
    return done;
  }

  /** Starts IDLE (RFC 2177); resolves at the "+" continuation. Call done() to end it. */
  async idle() {
    const tag = `b${(++this.#tag).toString(36)}`;
    this.#idle = this.#expect(tag, false);
    const go = this.#waitContinuation();
    this.#socket.write(`${tag} IDLE\r\n`);
    const answer = await Promise.race([go, this.#idle]);
    if (answer && answer.tag === tag) throw new ImapError(`IDLE refused: ${answer.status} ${answer.text}`);
  }

  #idle;

  /** Ends IDLE; resolves with IDLE's tagged completion. */
  done() {
    const idle = this.#idle;
    this.#idle = undefined;
    this.#socket.write('DONE\r\n');
    return idle;
  }

  /** LOGOUT and close (errors ignored: the benchmark is finishing). */
  async logout() {
    if (this.closed) return;
    try {
      await this.command('LOGOUT');
    } catch {
      // closed meanwhile
    }
    this.#socket.destroy();
  }

  destroy() {
    this.#socket.destroy();
  }

  #expect(tag, keep) {
    return new Promise((resolve, reject) => {
      const entry = { tag, keep, resolve, reject, untagged: 0, octets: 0, lines: [], started: performance.now() };
      this.#pending.set(tag, entry);
      this.#order.push(entry);
    });
  }

  #waitContinuation() {
    return new Promise((resolve) => this.#continuation.push(resolve));
  }

  #noteCapabilities(line) {
    const m = /\[CAPABILITY ([^\]]*)\]/i.exec(line) ?? /^\* CAPABILITY (.*)$/i.exec(line);
    if (m) this.capabilities = new Set(m[1].trim().toUpperCase().split(/\s+/));
  }

  #read(chunk) {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.#literalLeft > 0) {
        const n = Math.min(this.#literalLeft, chunk.length - pos);
        this.#literalLeft -= n;
        const target = this.#order[0];
        if (target) target.octets += n;
        if (this.#literalParts) this.#literalParts.push(chunk.subarray(pos, pos + n));
        pos += n;
        if (this.#literalLeft === 0 && this.#literalParts) {
          // Kept responses get short literals inline (quoted), so SEARCH/ENVELOPE text stays readable.
          const lit = Buffer.concat(this.#literalParts).toString('utf8');
          this.#line += JSON.stringify(lit);
          this.#literalParts = undefined;
        }
        continue;
      }
      const lf = chunk.indexOf(LF, pos);
      if (lf < 0) {
        this.#chunks.push(chunk.subarray(pos));
        return;
      }
      let part;
      if (this.#chunks.length > 0) {
        this.#chunks.push(chunk.subarray(pos, lf));
        part = Buffer.concat(this.#chunks).toString('utf8');
        this.#chunks = [];
      } else {
        part = chunk.toString('utf8', pos, lf);
      }
      pos = lf + 1;
      const last = part.charCodeAt(part.length - 1);
      const m = last === 0x7d || (last === 0x0d && part.charCodeAt(part.length - 2) === 0x7d) ? LITERAL_AT_END.exec(part) : null;
      if (m) {
        this.#literalLeft = Number(m[1]);
        const target = this.#order[0];
        const keepIt = target?.keep && this.#literalLeft <= 65536;
        this.#line += keepIt ? part.slice(0, m.index) : part.replace(/\r$/, '');
        if (keepIt) this.#literalParts = [];
        if (this.#literalLeft === 0 && this.#literalParts) {
          this.#line += '""';
          this.#literalParts = undefined;
        }
        continue;
      }
      const line = this.#line + part.replace(/\r$/, '');
      this.#line = '';
      this.#response(line);
    }
  }

  #response(line) {
    if (line.startsWith('+')) {
      const waiter = this.#continuation.shift();
      if (waiter) waiter(line);
      return;
    }
    if (line.startsWith('* ')) {
      const target = this.#order[0];
      if (target?.greeting) {
        this.#order.shift();
        target.greeting.resolve(line);
        return;
      }
      if (/^\* CAPABILITY /i.test(line) || /\[CAPABILITY /i.test(line)) this.#noteCapabilities(line);
      if (target) {
        target.untagged++;
        if (target.keep) target.lines.push(line);
      }
      this.onUntagged?.(line);
      return;
    }
    const sp = line.indexOf(' ');
    const tag = line.slice(0, sp);
    const entry = this.#pending.get(tag);
    if (!entry) return;
    this.#pending.delete(tag);
    this.#order.splice(this.#order.indexOf(entry), 1);
    const rest = line.slice(sp + 1);
    const sp2 = rest.indexOf(' ');
    const status = (sp2 < 0 ? rest : rest.slice(0, sp2)).toUpperCase();
    const text = sp2 < 0 ? '' : rest.slice(sp2 + 1);
    if (/\[CAPABILITY /i.test(text)) this.#noteCapabilities(text);
    entry.resolve({ tag, status, text, untagged: entry.untagged, octets: entry.octets, lines: entry.lines, ms: performance.now() - entry.started });
  }

  #fail(err) {
    for (const entry of this.#order) {
      if (entry.greeting) entry.greeting.reject(err);
      else entry.reject(err);
    }
    this.#order = [];
    this.#pending.clear();
    for (const waiter of this.#continuation) waiter(undefined);
    this.#continuation = [];
  }
}

/** An IMAP quoted string (RFC 3501 §9 quoted). */
export function quote(s) {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The numbers of a `* SEARCH 1 2 3` line. */
export function searchResults(lines) {
  const out = [];
  for (const line of lines) {
    const m = /^\* SEARCH(.*)$/i.exec(line);
    if (m) for (const n of m[1].trim().split(/\s+/)) if (n) out.push(Number(n));
  }
  return out;
}
