// A small POP3 client for the benchmarks (RFC 1939): one command at a time, multi-line answers
// read up to the lone "." and dot-unstuffed. Not the project's client, on purpose.
//
//   const p = await Pop3Client.connect(port);
//   await p.login('bob', 'password');
//   const r = await p.command('RETR 1', { multi: true });   // { ok, text, lines }
import { connect } from 'node:net';

export class Pop3Error extends Error {}

export class Pop3Client {
  closed = false;
  #socket;
  #buffer = '';
  #lines = [];
  #waiting = [];

  constructor(socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('data', (text) => this.#read(text));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.#waiting.splice(0)) w.reject(new Pop3Error('connection closed'));
    });
  }

  static async connect(port, host = '127.0.0.1') {
    const socket = connect(port, host);
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new Pop3Client(socket);
    const greeting = await client.#answer(false);
    if (!greeting.ok) throw new Pop3Error(`greeting: ${greeting.text}`);
    return client;
  }

  async login(user, password) {
    const u = await this.command(`USER ${user}`);
    if (!u.ok) throw new Pop3Error(`USER: ${u.text}`);
    const p = await this.command(`PASS ${password}`);
    if (!p.ok) throw new Pop3Error(`PASS: ${p.text}`);
  }

  /** Sends a command; with `multi`, a +OK answer is read up to its terminating ".". */
  command(line, { multi = false } = {}) {
    const answer = this.#answer(multi);
    this.#socket.write(`${line}\r\n`);
    return answer;
  }

  async quit() {
    if (this.closed) return { ok: true, text: '' };
    const r = await this.command('QUIT').catch(() => ({ ok: false, text: 'closed' }));
    this.#socket.destroy();
    return r;
  }

  destroy() {
    this.#socket.destroy();
  }

  #answer(multi) {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ multi, resolve, reject });
      this.#drain();
    });
  }

  #read(text) {
    this.#buffer += text;
    let nl;
    while ((nl = this.#buffer.indexOf('\n')) >= 0) {
      this.#lines.push(this.#buffer.slice(0, nl).replace(/\r$/, ''));
      this.#buffer = this.#buffer.slice(nl + 1);
    }
    this.#drain();
  }

  #drain() {
    while (this.#waiting.length > 0 && this.#lines.length > 0) {
      const w = this.#waiting[0];
      const status = this.#lines[0];
      const ok = status.startsWith('+OK');
      if (!w.multi || !ok) {
        this.#lines.shift();
        this.#waiting.shift();
        w.resolve({ ok, text: status, lines: [] });
        continue;
      }
      const end = this.#lines.indexOf('.', 1);
      if (end < 0) return;
      const body = this.#lines.splice(0, end + 1).slice(1, -1).map((l) => (l.startsWith('..') ? l.slice(1) : l));
      this.#waiting.shift();
      w.resolve({ ok, text: status, lines: body });
    }
  }
}
