/**
 * The conversation as the TUI shows it: ClientEvents gathered into blocks, one per command the
 * learner sent (its replies, their annotations, message content, TLS and meta-command output
 * under it). A mutable store with revision numbers, so that a screen holding 10,000 lines only
 * re-lays out the blocks that changed. Every text is escaped for the terminal on the way in
 * (security.md item 8); the raw text is kept for the explainer.
 */
import type { ClientEvent } from '../client/events.js';
import { instructorText, tlsLines } from '../client/line-format.js';
import { escapeForTerminal } from '../client/server-text.js';

export type EntryKind = 'send' | 'recv' | 'info' | 'warning' | 'tls' | 'close' | 'local';

export type Entry = {
  readonly id: number;
  readonly kind: EntryKind;
  /** Display text, escaped; info and TLS entries may hold several lines. */
  readonly text: string;
  /** The line as it came or went (unescaped): what the explainer reads. */
  readonly raw: string;
  /** The line end on the wire, for the raw view. */
  readonly eol?: string;
  /** Message content: a server body line (POP3 RETR, an IMAP literal) or a client DATA/literal/SASL line. */
  readonly content: boolean;
  /** Annotations of this line, escaped, in order. */
  readonly notes: string[];
};

export type BlockKind = 'greeting' | 'exchange' | 'local' | 'end';

export type Block = {
  readonly id: number;
  readonly kind: BlockKind;
  /** The client line (or typed meta-command) that opened the block. */
  readonly command?: Entry;
  readonly entries: Entry[];
  /** Bumped whenever the block changes, so cached layouts know to redo it. */
  rev: number;
};

function escapeLines(text: string): string {
  return text
    .split('\n')
    .map((l) => escapeForTerminal(l).replace(/\t/g, '    '))
    .join('\n');
}

export class Conversation {
  readonly blocks: Block[] = [];
  /** Bumped on every change. */
  rev = 0;
  /** send and recv lines held, for the status of big sessions and the benchmark. */
  lineCount = 0;
  private nextId = 1;
  private lastSend: Entry | undefined;
  private lastRecv: Entry | undefined;

  private newEntry(kind: EntryKind, raw: string, extra: { eol?: string; content?: boolean } = {}): Entry {
    return {
      id: this.nextId++,
      kind,
      text: kind === 'recv' || kind === 'send' ? escapeForTerminal(raw).replace(/\t/g, '    ') : escapeLines(raw),
      raw,
      ...(extra.eol !== undefined ? { eol: extra.eol } : {}),
      content: extra.content ?? false,
      notes: [],
    };
  }

  private openBlock(kind: BlockKind, command?: Entry): Block {
    const block: Block = { id: this.nextId++, kind, entries: [], rev: 0, ...(command ? { command } : {}) };
    this.blocks.push(block);
    return block;
  }

  private current(): Block {
    return this.blocks[this.blocks.length - 1] ?? this.openBlock('greeting');
  }

  private touch(block: Block): void {
    block.rev++;
    this.rev++;
  }

  /**
   * Takes one session event. `contentMode` says whether the session expected content (not a
   * command) when a `send` happened: content stays in the block of the command that asked for it.
   */
  ingest(e: ClientEvent, contentMode: boolean): void {
    switch (e.type) {
      case 'send': {
        const entry = this.newEntry('send', e.text, { eol: e.eol ?? '\r\n', content: contentMode });
        this.lastSend = entry;
        this.lineCount++;
        if (contentMode && this.blocks.length > 0) {
          const block = this.current();
          block.entries.push(entry);
          this.touch(block);
        } else {
          this.openBlock('exchange', entry);
          this.rev++;
        }
        return;
      }
      case 'recv': {
        const entry = this.newEntry('recv', e.text, { eol: e.eol ?? '\r\n', content: e.inBody ?? false });
        this.lastRecv = entry;
        this.lineCount++;
        this.append(entry);
        return;
      }
      case 'annotation': {
        const target = e.about === 'send' ? this.lastSend : this.lastRecv;
        if (!target) {
          this.append(this.newEntry('info', e.text));
          return;
        }
        target.notes.push(escapeLines(e.text));
        // The block holding the target is nearly always the last one; search back a little.
        for (let i = this.blocks.length - 1; i >= 0 && i >= this.blocks.length - 3; i--) {
          const b = this.blocks[i]!;
          if (b.command === target || b.entries.includes(target)) {
            this.touch(b);
            return;
          }
        }
        this.rev++;
        return;
      }
      case 'tls':
        this.append(this.newEntry('tls', tlsLines(e).map((l) => l.slice(3)).join('\n')));
        return;
      case 'warning':
        this.append(this.newEntry('warning', e.text));
        return;
      case 'info':
        // An instructor's :note / :marker reads as it does in line mode and in replay.
        this.append(this.newEntry('info', e.instructor ? instructorText(e.instructor, e.text) : e.text));
        return;
      case 'close': {
        const why = e.reason === 'quit' ? 'session ended' : `session ended: ${e.message ?? e.reason}`;
        const block = this.openBlock('end');
        block.entries.push(this.newEntry('close', why));
        this.rev++;
        return;
      }
    }
  }

  /** A meta-command the learner typed (not sent to the server): its output goes under it. */
  addLocal(line: string): void {
    this.openBlock('local', this.newEntry('local', line));
    this.rev++;
  }

  private append(entry: Entry): void {
    const block = this.current();
    block.entries.push(entry);
    this.touch(block);
  }

  /** The id of the newest exchange (it is shown unfolded; meta-command output does not fold it). */
  latestBlockId(): number | undefined {
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const b = this.blocks[i]!;
      if (b.kind === 'exchange' || b.kind === 'greeting') return b.id;
    }
    return undefined;
  }

  findBlock(id: number): Block | undefined {
    // Blocks are in id order: binary search.
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.blocks[mid]!;
      if (b.id === id) return b;
      if (b.id < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
