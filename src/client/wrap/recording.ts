/**
 * `mailproto wrap --record FILE`: the protocol lines that passed through the tool, as a transcript
 * (design.md "Transcript format"; the same events as `connect --record`, credentials already
 * redacted). The header names the protocol, which is known only once the first server line is
 * seen, so events wait in memory until then (only warnings can come before it).
 */
import { rm, writeFile } from 'node:fs/promises';
import { TranscriptWriter, type TranscriptEvent } from '../../transcript/writer.js';
import type { ClientEvent, ClientProtocol } from '../events.js';
import { toTranscriptEvent } from '../recorder.js';
import { toolTarget, type WrappedTool } from './tool.js';
import { WrapError } from './wrap-error.js';

/** Events kept while the protocol is unknown. */
const MAX_WAITING_EVENTS = 256;

export class WrapRecording {
  private writer: Promise<TranscriptWriter> | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly waiting: TranscriptEvent[] = [];

  private constructor(
    readonly file: string,
    private readonly tool: WrappedTool,
  ) {}

  /** Creates the file now (mode 0600), so that a path that cannot be written fails before the tool starts. @throws WrapError */
  static async open(file: string, tool: WrappedTool): Promise<WrapRecording> {
    try {
      await writeFile(file, '', { mode: 0o600 });
    } catch (err) {
      throw new WrapError('E_FILE', `cannot write the transcript ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
        tryMessage: 'a path in a directory you can write to',
      });
    }
    return new WrapRecording(file, tool);
  }

  /** Records one event; `protocol` is the tap's protocol so far. */
  add(event: ClientEvent, protocol: ClientProtocol | undefined): void {
    const e = toTranscriptEvent(event, event.t);
    if (!e) return;
    if (!this.writer && protocol) this.begin(protocol);
    if (!this.writer) {
      if (this.waiting.length < MAX_WAITING_EVENTS) this.waiting.push(e);
      return;
    }
    const writer = this.writer;
    this.chain = this.chain.then(async () => (await writer).write(e));
  }

  private begin(protocol: ClientProtocol): void {
    const header = { protocol, target: toolTarget(this.tool, protocol), started: new Date().toISOString(), title: `mailproto wrap -- ${this.tool.display}` };
    const writer = TranscriptWriter.create(this.file, header);
    this.writer = writer;
    const waiting = this.waiting.splice(0);
    this.chain = this.chain.then(async () => {
      const w = await writer;
      for (const e of waiting) w.write(e);
    });
  }

  /**
   * Finishes the file. Returns false when no protocol was ever recognised: then nothing could be
   * recorded and the empty file is removed.
   */
  async close(): Promise<boolean> {
    if (!this.writer) {
      await rm(this.file, { force: true });
      return false;
    }
    await this.chain;
    await (await this.writer).close();
    return true;
  }
}
