/**
 * Line mode (stdin is not a TTY): each input line is one client command, sent when the previous
 * response is complete; output is `S:`/`C:`/`#` lines, or JSON Lines of events with --json. A thin
 * loop over ClientSession. Knows nothing of ink or react.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ClientSession, type ConnectOptions } from './client-session.js';
import { ClientError } from './errors.js';
import type { ClientEvent } from './events.js';
import { formatEvent } from './line-format.js';
import { isMetaCommand, runMetaCommand, type MetaHost } from './meta-commands.js';
import { Recorder } from './recorder.js';
import { parseTarget } from './target.js';

export type LineModeOptions = ConnectOptions & {
  /** Print JSON Lines of ClientEvents instead of S:/C:/# lines. */
  readonly json?: boolean;
  /** --record FILE. */
  readonly record?: string;
  /** --title: the title in the header of every transcript this session records (--record, :record). */
  readonly title?: string;
  readonly input: Readable;
  /** Receives output, one string per line, without the newline. */
  readonly output: (line: string) => void;
};

export type LineModeResult = {
  readonly exitCode: number;
  /** Why the session did not end normally (for stderr). */
  readonly error?: ClientError;
};

/**
 * Runs a session in line mode until stdin ends (then QUIT/LOGOUT is sent politely), the session is
 * quit, or the server closes. @throws ClientError for a bad target or an unwritable --record file
 * (before connecting).
 */
export async function runLineMode(opts: LineModeOptions): Promise<LineModeResult> {
  const target = typeof opts.target === 'string' ? parseTarget(opts.target) : opts.target;
  const session = new ClientSession();
  const view = { raw: false };
  const print = (e: ClientEvent): void => {
    // JSON escapes C0 controls but not DEL and C1 (U+009B is CSI to a terminal): those too (security.md item 8).
    if (opts.json) opts.output(JSON.stringify(e).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    else for (const line of formatEvent(e, view)) opts.output(line);
  };
  session.on('event', print);
  const recorders: Recorder[] = [];
  const title = opts.title !== undefined ? { title: opts.title } : {};
  if (opts.record) recorders.push(await Recorder.start(session, opts.record, { target: target.text, protocol: target.protocol, ...title }));
  const host: MetaHost = {
    session,
    toggleRaw: () => (view.raw = !view.raw),
    record: async (file) => {
      recorders.push(await Recorder.start(session, file, title));
    },
  };
  const finish = async (error?: ClientError): Promise<LineModeResult> => {
    await Promise.all(recorders.map((r) => r.stop()));
    await session.whenClosed();
    const end = session.ended;
    const err = error ?? end?.error;
    return { exitCode: err ? err.exitCode : 0, ...(err ? { error: err } : {}) };
  };

  // Input is read from the start so that nothing typed early is lost, and stops when the session ends.
  const rl = createInterface({ input: opts.input, crlfDelay: Infinity, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  session.on('event', (e) => {
    if (e.type === 'close') rl.close();
  });

  try {
    await session.connect({ ...opts, target });
  } catch (err) {
    rl.close();
    if (err instanceof ClientError) return finish(err);
    throw err;
  }

  try {
    for (;;) {
      if (session.ended) break;
      const next = await lines.next();
      if (next.done || session.ended) break;
      const line = next.value;
      if (!session.expectsContent()) {
        if (line.trim() === '') continue;
        if (isMetaCommand(line)) {
          if ((await runMetaCommand(line, host)) === 'quit') break;
          continue;
        }
      }
      await session.send(line);
    }
    // stdin ended (or :quit): end politely.
    if (!session.ended) await session.quit();
  } catch (err) {
    if (!(err instanceof ClientError)) throw err;
    if (!session.ended) await session.close();
  } finally {
    rl.close();
  }
  return finish();
}
