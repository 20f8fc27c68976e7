/**
 * A scripted stand-in for ClientSession (the screen's SessionPort) for TUI unit and component
 * tests: the test decides what the "server" answers to each line and what the session's facts
 * are, and the session emits the same events the real engine does.
 */
import { EventEmitter } from 'node:events';
import type { SessionFacts } from '../../src/annotate/context.js';
import type { ClientEvent, ClientProtocol } from '../../src/client/events.js';
import type { SessionEnd } from '../../src/client/session-base.js';
import type { Target } from '../../src/client/target.js';
import type { SessionPort } from '../../src/tui/session-driver.js';

export type Reply = { readonly lines: readonly string[]; readonly notes?: readonly string[]; readonly state?: string; readonly content?: boolean; readonly body?: readonly string[] };

export class FakeSession implements SessionPort {
  private readonly emitter = new EventEmitter();
  readonly sent: string[] = [];
  state: string;
  contentMode = false;
  selected: SessionFacts['selected'];
  capabilities: string[] = [];
  ended: SessionEnd | undefined;
  readonly target: Target;
  /** The answer to each line; undefined answers nothing. */
  script: (line: string) => Reply | undefined = () => undefined;
  quitCalls = 0;

  constructor(
    readonly protocol: ClientProtocol,
    initialState: string,
  ) {
    this.state = initialState;
    this.target = { kind: 'sandbox', text: `sandbox:${protocol}`, protocol };
  }

  on(_name: 'event', listener: (e: ClientEvent) => void): this {
    this.emitter.on('event', listener);
    return this;
  }

  off(_name: 'event', listener: (e: ClientEvent) => void): this {
    this.emitter.off('event', listener);
    return this;
  }

  emit(e: ClientEvent): void {
    this.emitter.emit('event', e);
  }

  /** The server says something (with annotations, one per line when given). */
  serverSays(lines: readonly string[], notes: readonly string[] = [], opts: { inBody?: boolean } = {}): void {
    lines.forEach((text, i) => {
      this.emit({ type: 'recv', t: 0, text, eol: '\r\n', ...(opts.inBody ? { inBody: true } : {}) });
      if (notes[i]) this.emit({ type: 'annotation', t: 0, text: notes[i]!, about: 'recv' });
    });
  }

  facts(): SessionFacts {
    return { protocol: this.protocol, secure: false, loopback: true, state: this.state, capabilities: this.capabilities, ...(this.selected ? { selected: this.selected } : {}) };
  }

  expectsContent(): boolean {
    return this.contentMode;
  }

  async send(line: string): Promise<void> {
    this.sent.push(line);
    // As in the engine: the "." that ends DATA is a command again, not content.
    if (this.state === 'data' && line === '.') this.contentMode = false;
    const wire = this.state === 'data' && line.startsWith('.') && line !== '.' ? `.${line}` : line;
    this.emit({ type: 'send', t: 0, text: wire, eol: '\r\n' });
    const reply = this.script(line);
    if (!reply) return;
    await Promise.resolve();
    const [status, ...rest] = reply.lines;
    if (status !== undefined) this.serverSays([status], reply.notes ?? []);
    if (reply.body) this.serverSays(reply.body, [], { inBody: true });
    if (rest.length) this.serverSays(rest);
    if (reply.state !== undefined) this.state = reply.state;
    if (reply.content !== undefined) this.contentMode = reply.content;
  }

  async quit(): Promise<void> {
    this.quitCalls++;
    await this.send(this.protocol === 'imap' ? 'A999 LOGOUT' : 'QUIT');
    this.end();
  }

  async close(): Promise<void> {
    this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = { reason: 'quit' };
    this.emit({ type: 'close', t: 0, reason: 'quit', exitCode: 0 });
  }

  warn(text: string): void {
    this.emit({ type: 'warning', t: 0, text });
  }
}

/** An SMTP fake that answers like the sandbox (enough for the screen's tests). */
export function smtpFake(): FakeSession {
  const s = new FakeSession('smtp', 'connected');
  s.script = (line) => {
    const verb = line.split(' ')[0]!.toUpperCase();
    if (s.state === 'data') {
      if (line !== '.') return undefined;
      return { lines: ['250 2.0.0 Ok: queued'], notes: ['250 Message accepted.'], state: 'greeted', content: false };
    }
    switch (verb) {
      case 'EHLO':
        return { lines: ['250-sandbox.test greets you', '250-SIZE 10485760', '250-8BITMIME', '250-PIPELINING', '250-STARTTLS', '250 HELP'], notes: ['250 EHLO accepted'], state: 'greeted' };
      case 'MAIL':
        return { lines: ['250 2.1.0 Sender OK'], notes: ['250 2.1.0 Sender accepted'], state: 'mail' };
      case 'RCPT':
        return { lines: ['250 2.1.5 Recipient OK'], notes: ['250 2.1.5 Recipient accepted'], state: 'rcpt' };
      case 'DATA':
        return { lines: ['354 End data with <CR><LF>.<CR><LF>'], notes: ['354 Send the message now'], state: 'data', content: true };
      default:
        return { lines: ['502 5.5.2 Command not recognized'], notes: ['502 not implemented'] };
    }
  };
  return s;
}
