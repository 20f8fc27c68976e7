/**
 * `mailproto replay FILE` on a terminal: the recording played in the replay screen, in the
 * terminal's alternate screen (restored on the way out). Loaded with a dynamic import by
 * src/cli/replay.ts only when stdin and stdout are terminals and neither --json nor --against is
 * given, so printed replays never load Ink or React.
 */
import { runInAlternateScreen } from './alternate-screen.js';
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

/** Plays the recording until the viewer leaves. Resolves to what to print after the screen is gone. */
export async function runReplayTui(opts: ReplayTuiOptions): Promise<{ readonly summary: readonly string[] }> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const { header, file } = opts.transcript;
  let leave!: () => void;
  const left = new Promise<void>((resolve) => (leave = resolve));
  await installInkFrameCache();
  await runInAlternateScreen(
    <ReplayScreen
      steps={opts.steps}
      recording={{ protocol: header.protocol, target: header.target, title: header.title, started: header.started }}
      mode={opts.step ? 'step' : 'timed'}
      {...(opts.speed !== undefined ? { speed: opts.speed } : {})}
      onExit={leave}
    />,
    { stdout, stdin, left, onSignal: leave },
  );
  return { summary: [`mailproto: the replay of ${file} has ended`] };
}
