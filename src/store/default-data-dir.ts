/**
 * Where the sandbox keeps its data when `--data` is not given (design.md "Sandbox server"):
 * - Linux and other Unix: `$XDG_DATA_HOME/mailproto/sandbox`, default `~/.local/share/mailproto/sandbox`
 *   (XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and ignored);
 * - macOS: `~/Library/Application Support/mailproto/sandbox`;
 * - Windows: `%LOCALAPPDATA%\mailproto\sandbox`, default `%USERPROFILE%\AppData\Local\...`.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export const APP_DIR = 'mailproto';
export const SANDBOX_DIR = 'sandbox';

export type PlatformInfo = {
  readonly platform?: NodeJS.Platform;
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
};

/** The default DATA directory for this user and platform (arguments exist for tests). */
export function defaultDataDir(info: PlatformInfo = {}): string {
  const platform = info.platform ?? process.platform;
  const env = info.env ?? process.env;
  const home = info.home ?? homedir();
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA && win32.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : win32.join(home, 'AppData', 'Local');
    return win32.join(local, APP_DIR, SANDBOX_DIR);
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_DIR, SANDBOX_DIR);
  const xdg = env.XDG_DATA_HOME && posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : posix.join(home, '.local', 'share');
  return posix.join(xdg, APP_DIR, SANDBOX_DIR);
}
