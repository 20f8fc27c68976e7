/**
 * A full-screen Ink app in the terminal's alternate screen, as less and vim do: the screen is
 * entered before the first frame and always restored on the way out, whether the app leaves by
 * itself, by a signal from outside (kill, a closed terminal) or by process exit. Shared by
 * `connect`, `learn` and `replay`.
 */
import { render } from 'ink';
import type { ReactElement } from 'react';

const ALT_SCREEN_ON = '\x1b[?1049h';
const ALT_SCREEN_OFF = '\x1b[?1049l\x1b[?25h';
/** Signals that end the screen from outside; Ctrl-C is a key in raw mode, not a signal. */
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

export type AlternateScreenOptions = {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  /** Settles when the app is done (its onExit was called, or onSignal led to it). */
  readonly left: Promise<unknown>;
  /** What a signal does: it must lead to `left` settling. */
  readonly onSignal: () => void;
};

/**
 * Renders `app` until `left` settles, then unmounts it and restores the terminal. Everything up
 * to the first render happens synchronously, so a session started just before this call cannot
 * emit an event the screen misses.
 */
export async function runInAlternateScreen(app: ReactElement, opts: AlternateScreenOptions): Promise<void> {
  const { stdout, onSignal } = opts;
  const restore = (): void => {
    stdout.write(ALT_SCREEN_OFF);
  };
  stdout.write(ALT_SCREEN_ON);
  process.once('exit', restore);
  // `on`, not `once`: Ink's exit hook (signal-exit) kills the process again with the signal when
  // it finds no other listener left, before the terminal is restored, and a once-listener is
  // removed as it runs.
  for (const sig of SIGNALS) process.on(sig, onSignal);
  const instance = render(app, { stdout, stdin: opts.stdin, exitOnCtrlC: false, maxFps: 120 });
  try {
    await opts.left;
  } finally {
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    restore();
    process.off('exit', restore);
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
}
