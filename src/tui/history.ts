/**
 * Input history, one per protocol, kept in the user's state directory
 * (`$XDG_STATE_HOME/mailproto/history-smtp`, default `~/.local/state/mailproto/history-smtp`).
 * Lines that carry a secret (PASS, LOGIN, AUTH with a response, :auth) are kept for this session
 * only, never written to disk.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import type { ClientProtocol } from '../client/events.js';

/** Lines kept per protocol. */
export const HISTORY_LIMIT = 500;

/** The state directory for this user and platform (XDG Base Directory spec on Unix). */
export function stateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA && win32.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : win32.join(home, 'AppData', 'Local');
    return win32.join(local, 'mailproto', 'state');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'mailproto', 'state');
  const xdg = env.XDG_STATE_HOME && posix.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : posix.join(home, '.local', 'state');
  return posix.join(xdg, 'mailproto');
}

/** True for a line that holds a credential. */
export function holdsSecret(line: string): boolean {
  const words = line.trim().split(/\s+/);
  const verb = (words[0] ?? '').toUpperCase();
  const second = (words[1] ?? '').toUpperCase();
  if (verb === 'PASS' || verb === 'APOP' || verb === ':AUTH' || verb === 'LOGIN' || (second === 'LOGIN' && verb !== 'AUTH')) return true;
  if ((verb === 'AUTH' || verb === 'AUTHENTICATE' || second === 'AUTHENTICATE') && words.length > (second === 'AUTHENTICATE' ? 3 : 2)) return true;
  return false;
}

export class History {
  private readonly lines: string[];
  private readonly file: string | undefined;

  private constructor(lines: string[], file: string | undefined) {
    this.lines = lines;
    this.file = file;
  }

  /** Loads the protocol's history; `dir` undefined keeps it in memory only. */
  static load(protocol: ClientProtocol, dir: string | undefined): History {
    if (!dir) return new History([], undefined);
    const file = join(dir, `history-${protocol}`);
    let lines: string[] = [];
    try {
      lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    } catch {
      // No history yet.
    }
    return new History(lines.slice(-HISTORY_LIMIT), file);
  }

  get entries(): readonly string[] {
    return this.lines;
  }

  /** Adds a line (not a repeat of the last one) and saves the history unless it holds a secret. */
  add(line: string): void {
    if (line.trim() === '' || this.lines[this.lines.length - 1] === line) return;
    this.lines.push(line);
    if (this.lines.length > HISTORY_LIMIT) this.lines.splice(0, this.lines.length - HISTORY_LIMIT);
    if (!this.file || holdsSecret(line)) return;
    try {
      mkdirSync(join(this.file, '..'), { recursive: true, mode: 0o700 });
      const saved = this.lines.filter((l) => !holdsSecret(l));
      writeFileSync(this.file, `${saved.join('\n')}\n`, { mode: 0o600 });
    } catch {
      // History is a convenience: a read-only home must not stop the session.
    }
  }
}

/** Walks the history with Up/Down, keeping what was being typed before the walk began. */
export class HistoryCursor {
  private index: number;
  private draft = '';

  constructor(private readonly history: History) {
    this.index = history.entries.length;
  }

  /** The older entry, or undefined at the oldest. */
  up(current: string): string | undefined {
    if (this.index === this.history.entries.length) this.draft = current;
    if (this.index === 0) return undefined;
    this.index--;
    return this.history.entries[this.index];
  }

  /** The newer entry, the draft at the end, or undefined when already there. */
  down(): string | undefined {
    if (this.index >= this.history.entries.length) return undefined;
    this.index++;
    return this.index === this.history.entries.length ? this.draft : this.history.entries[this.index];
  }

  /** Back to the end, after a line is sent. */
  reset(): void {
    this.index = this.history.entries.length;
    this.draft = '';
  }
}
