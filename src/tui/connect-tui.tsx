/**
 * `mailproto connect` on a terminal: the session screen over a ClientSession, in the terminal's
 * alternate screen (restored on the way out, as less and vim do). Loaded with a dynamic import by
 * src/cli/connect.ts only on a TTY, so line mode, `explain` and `--version` never load Ink or React.
 */
import { runInAlternateScreen } from './alternate-screen.js';
import { installInkFrameCache } from './ink-frame-cache.js';
import { ClientSession, type ConnectOptions } from '../client/client-session.js';
import { ClientError } from '../client/errors.js';
import { runMetaCommand } from '../client/meta-commands.js';
import { escapeForTerminal } from '../client/server-text.js';
import { parseTarget } from '../client/target.js';
import { stateDir } from './history.js';
import { RecordingSwitch } from './recording.js';
import { SessionScreen } from './SessionScreen.js';

export type ConnectTuiOptions = ConnectOptions & {
  /** --record FILE: record from the greeting on. */
  readonly record?: string;
  /** --title: the transcript's title. */
  readonly title?: string;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
};

export type ConnectTuiResult = {
  readonly exitCode: number;
  /** Why the session did not end normally (for stderr). */
  readonly error?: ClientError;
  /** What to print after the screen is gone. */
  readonly summary: readonly string[];
};

/**
 * Runs the interactive session until the learner leaves. @throws ClientError for a bad target
 * or an unwritable --record file (before the screen opens).
 */
export async function runConnectTui(opts: ConnectTuiOptions): Promise<ConnectTuiResult> {
  const target = typeof opts.target === 'string' ? parseTarget(opts.target) : opts.target;
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  // Before the session exists: nothing may come between connect() and the first render.
  await installInkFrameCache();
  const session = new ClientSession();
  const recording = new RecordingSwitch(session, { target: target.text, protocol: target.protocol, ...(opts.title !== undefined ? { title: opts.title } : {}) });
  if (opts.record) await recording.start(opts.record);
  let lastReply: string | undefined;
  session.on('event', (e) => {
    if (e.type === 'recv' && !e.inBody) lastReply = escapeForTerminal(e.text);
  });

  let leave!: () => void;
  const left = new Promise<void>((resolve) => (leave = resolve));
  const onSignal = (): void => {
    void session.close().finally(leave);
  };
  // connect() names the target at once and emits nothing before its first await, so the screen
  // (rendered synchronously below) sees every event, and shows "connecting" meanwhile.
  let connectError: ClientError | undefined;
  session.connect({ ...opts, target }).catch((err: unknown) => {
    if (!(err instanceof ClientError)) throw err;
    // Nothing to look at when the connection could not even be made: leave and say why.
    connectError = err;
    leave();
  });
  await runInAlternateScreen(
    <SessionScreen
      session={session}
      protocol={target.protocol}
      server={target.text}
      sandbox={target.kind === 'sandbox'}
      recording={recording}
      historyDir={stateDir()}
      onExit={leave}
      runMeta={(line, ui) => runMetaCommand(line, { session, toggleRaw: ui.toggleRaw, record: async (file) => void (await recording.start(file)) })}
    />,
    { stdout, stdin, left, onSignal },
  );
  if (!session.ended) await session.close();
  const file = recording.file;
  await recording.stop();
  await session.whenClosed();
  const error = connectError ?? session.ended?.error;
  const summary = [`mailproto: the session with ${target.text} has ended`, ...(lastReply ? [`last reply: ${lastReply}`] : []), ...(file ? [`transcript: ${file}`] : [])];
  return { exitCode: error ? error.exitCode : 0, ...(error ? { error } : {}), summary };
}
