/**
 * Recording on and off (Ctrl-R, `:record FILE`, `--record FILE`): one Recorder at a time, a new
 * transcript file each time recording is switched on without a name.
 */
import { resolve } from 'node:path';
import type { ClientSession } from '../client/client-session.js';
import { Recorder } from '../client/recorder.js';

/** `mailproto-smtp-2025-01-31T10-20-30.jsonl` in the working directory. */
export function defaultTranscriptName(protocol: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-');
  return `mailproto-${protocol}-${stamp}.jsonl`;
}

export class RecordingSwitch {
  private recorder: Recorder | undefined;
  private current: string | undefined;
  private readonly listeners = new Set<() => void>();

  /** `header`: what the transcript's first line names (known before the session connects). */
  constructor(
    private readonly session: ClientSession,
    private readonly header: { readonly target: string; readonly protocol: 'smtp' | 'pop3' | 'imap'; readonly title?: string },
    private readonly cwd = process.cwd(),
  ) {}

  /** The transcript being written, or undefined when not recording. */
  get file(): string | undefined {
    return this.current;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Starts recording into `file` (stopping any recording first). @throws ClientError E_FILE. */
  async start(file?: string): Promise<string> {
    await this.stop();
    const path = resolve(this.cwd, file ?? defaultTranscriptName(this.header.protocol));
    this.recorder = await Recorder.start(this.session, path, this.header);
    this.current = path;
    this.changed();
    return path;
  }

  async stop(): Promise<void> {
    const r = this.recorder;
    if (!r) return;
    this.recorder = undefined;
    this.current = undefined;
    await r.stop();
    this.changed();
  }

  /** Ctrl-R: on with a new file, or off. Resolves to the file when switched on. */
  async toggle(): Promise<string | undefined> {
    if (this.recorder) {
      await this.stop();
      return undefined;
    }
    return this.start();
  }
}
