// A small SMTP client for the benchmarks: one connection, one transaction at a time, replies read
// whole (multi-line ones too), DATA dot-stuffed. Not the project's client, on purpose.
//
//   const s = await SmtpClient.connect(port);   // greeting + EHLO
//   const r = await s.send('a@x', ['bob@sandbox.test'], buffer);
//   // r: { code, text, sentAt (performance.now() when the final "." went out), ackAt }
import { connect } from 'node:net';

export class SmtpError extends Error {}

export class SmtpClient {
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
      for (const w of this.#waiting.splice(0)) w.reject(new SmtpError('connection closed'));
    });
  }

  static async connect(port, host = '127.0.0.1', heloName = 'bench.test') {
    const socket = connect(port, host);
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new SmtpClient(socket);
    const greeting = await client.#reply();
    if (greeting.code !== 220) throw new SmtpError(`greeting: ${greeting.code} ${greeting.text}`);
    const ehlo = await client.command(`EHLO ${heloName}`);
    if (ehlo.code !== 250) throw new SmtpError(`EHLO: ${ehlo.code} ${ehlo.text}`);
    return client;
  }

  /** Sends a command line and resolves with its (whole) reply: { code, text }. */
  command(line) {
    const reply = this.#reply();
    this.#socket.write(`${line}\r\n`);
    return reply;
  }

  /** One transaction. Resolves with the reply to the end of data, and when it was sent and answered. */
  async send(from, to, message) {
    const mail = await this.command(`MAIL FROM:<${from}>`);
    if (mail.code !== 250) return { ...mail, stage: 'MAIL' };
    for (const rcpt of to) {
      const r = await this.command(`RCPT TO:<${rcpt}>`);
      if (r.code !== 250 && r.code !== 251) return { ...r, stage: 'RCPT' };
    }
    const data = await this.command('DATA');
    if (data.code !== 354) return { ...data, stage: 'DATA' };
    const reply = this.#reply();
    this.#socket.write(dotStuff(message));
    this.#socket.write('.\r\n');
    const sentAt = performance.now();
    const r = await reply;
    return { ...r, stage: 'EOD', sentAt, ackAt: performance.now() };
  }

  async quit() {
    if (this.closed) return;
    try {
      await this.command('QUIT');
    } catch {
      // closed meanwhile
    }
    this.#socket.destroy();
  }

  destroy() {
    this.#socket.destroy();
  }

  #reply() {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
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

  /** Hands complete replies (`250-...` lines up to `250 ...`) to the waiters in order. */
  #drain() {
    while (this.#waiting.length > 0) {
      const end = this.#lines.findIndex((l) => l.length < 4 || l[3] !== '-');
      if (end < 0) return;
      const lines = this.#lines.splice(0, end + 1);
      const last = lines[lines.length - 1];
      this.#waiting.shift().resolve({ code: Number(last.slice(0, 3)), text: lines.map((l) => l.slice(4)).join('\n') });
    }
  }
}

/** CRLF line ends and a dot doubled at the start of a line (RFC 5321 §4.5.2); ends in CRLF. */
export function dotStuff(message) {
  let text = message.toString('latin1').replace(/\r?\n/g, '\r\n');
  if (!text.endsWith('\r\n')) text += '\r\n';
  return Buffer.from(text.replace(/^\./gm, '..'), 'latin1');
}
