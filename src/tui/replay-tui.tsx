/**
 * `mailproto replay FILE` on a terminal: the recording played in the replay screen, in the
 * terminal's alternate screen (restored on the way out). Loaded with a dynamic import by
 * src/cli/replay.ts only when stdin and stdout are terminals and neither --json nor --against is
 * given, so printed replays never load Ink or React.
 */
import { render } from 'ink';
import { installInkFrameCache } from './ink-frame-cache.js';
import type { PlaybackStep } from '../transcript/playback.js';
import type { Transcript } from '../transcript/reader.js';
import { ReplayScreen } from './replay/ReplayScreen.js';

export type ReplayTuiOptions = {
  readonly steps: readonly PlaybackStep[];
  readonly transcript: Transcript;
  /** --speed; default 1 (the recording's own pace). */
  readonly speed?: number;
  /** --step: one exchange per key. */
  readonly step?: boolean;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
};

const ALT_SCREEN_ON = '\x1b[?1049h';
const ALT_SCREEN_OFF = '\x1b[?1049l\x1b[?25h';
/** Signals that end the screen from outside (kill, a closed terminal); Ctrl-C is a key in raw mode. */
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

/** Plays the recording until the viewer leaves. Resolves to what to print after the screen is gone. */
export async function runReplayTui(opts: ReplayTuiOptions): Promise<{ readonly summary: readonly string[] }> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const { header, file } = opts.transcript;
  let leave!: () => void;
  const left = new Promise<void>((resolve) => (leave = resolve));
  const restore = (): void => {
    stdout.write(ALT_SCREEN_OFF);
  };
  stdout.write(ALT_SCREEN_ON);
  process.once('exit', restore);
  // `on`, not `once`: Ink's exit hook (signal-exit) kills the process again with the signal when
  // it finds no other listener left, which a `once` listener is not while it runs.
  const onSignal = (): void => leave();
  for (const sig of SIGNALS) process.on(sig, onSignal);
  await installInkFrameCache();
  const instance = render(
    <ReplayScreen
      steps={opts.steps}
      recording={{ protocol: header.protocol, target: header.target, title: header.title, started: header.started }}
      mode={opts.step ? 'step' : 'timed'}
      {...(opts.speed !== undefined ? { speed: opts.speed } : {})}
      onExit={leave}
    />,
    { stdout, stdin, exitOnCtrlC: false, maxFps: 120 },
  );
  try {
    await left;
  } finally {
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    restore();
    process.off('exit', restore);
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
  return { summary: [`mailproto: the replay of ${file} has ended`] };
}
