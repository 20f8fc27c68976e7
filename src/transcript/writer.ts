/**
 * Writes a transcript file: the header, then events in order. The file is created with mode 0600
 * (a recording made with --show-secrets holds passwords). Callers pass events that are already
 * redacted; the writer stores what it is given.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { TRANSCRIPT_VERSION, type TranscriptEvent, type TranscriptHeader } from './format.js';

export type { TranscriptEvent, TranscriptHeader } from './format.js';

export class TranscriptWriter {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly stream: WriteStream,
    readonly path: string,
  ) {}

  /**
   * Creates (or truncates) `path` and writes the header line.
   * @throws the file system's error (ENOENT, EACCES, ...) when the file cannot be created.
   */
  static async create(path: string, header: Omit<TranscriptHeader, 'type' | 'version'>): Promise<TranscriptWriter> {
    const stream = createWriteStream(path, { flags: 'w', mode: 0o600 });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => {
        stream.off('error', reject);
        resolve();
      });
      stream.once('error', reject);
    });
    const writer = new TranscriptWriter(stream, path);
    const full: TranscriptHeader = { type: 'header', version: TRANSCRIPT_VERSION, ...header };
    writer.line(full);
    return writer;
  }

  private line(value: object): void {
    this.stream.write(`${JSON.stringify(value)}\n`);
  }

  /** Appends one event (ignored after close). */
  write(event: TranscriptEvent): void {
    if (this.closing) return;
    this.line(event);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    return this.closing;
  }
}
