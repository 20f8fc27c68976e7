/**
 * Everything the session screen shows, as a plain object the components render: the visible
 * slice of the conversation, the selected reply's details, the status line, the hint and the
 * input. Keys change it through screen-keys.ts. No React here, so a keystroke costs a few
 * object updates and the conversation is only re-laid out when it or its folding changed.
 */
import { escapeForTerminal } from '../client/server-text.js';
import { detailFor, type DetailLine } from './detail.js';
import { History, HistoryCursor } from './history.js';
import { Layout, type BlockView, type DisplayLine } from './layout.js';
import { EMPTY, type EditState } from './line-editor.js';
import type { SessionDriver } from './session-driver.js';
import { stateLabel, type StatusInfo } from './status.js';
import { syntaxHint, type Hint } from './syntax-hint.js';
import { Viewport } from './viewport.js';

/** Below this width the detail pane hides itself (it opens as an overlay with `d`). */
export const DETAIL_MIN_COLUMNS = 100;
/** Draft lines of the DATA editor shown above the input. */
export const EDITOR_ROWS = 6;

export type Focus = 'input' | 'conversation';
export type Overlay = 'none' | 'help' | 'detail';

export type ScreenOptions = {
  /** How the server is named in the status line. */
  readonly server: string;
  /** The target is the built-in sandbox (hints can name its users). */
  readonly sandbox: boolean;
  /** Width of a side pane supplied by the caller (lessons), which takes the detail pane's place. */
  readonly sideWidth?: number;
  /** The history file's directory; undefined keeps history in memory. */
  readonly historyDir?: string;
};

export type CompletionState = { readonly start: number; readonly candidates: readonly string[]; index: number; readonly tail: string };

/** The DATA editor's draft, as it will go on the wire. */
export type DraftLine = { readonly typed: string; readonly stuffed: boolean };

export type Frame = {
  readonly columns: number;
  readonly rows: number;
  readonly convWidth: number;
  readonly convHeight: number;
  /** 0 when the right column is hidden. */
  readonly rightWidth: number;
  readonly lines: readonly DisplayLine[];
  readonly selectedKey: string | undefined;
  readonly scroll: { readonly top: number; readonly total: number; readonly follow: boolean };
  readonly detail: readonly DetailLine[];
  readonly status: StatusInfo;
  readonly hint: Hint;
  readonly input: EditState;
  readonly prompt: string;
  readonly draft: readonly DraftLine[] | undefined;
  readonly focus: Focus;
  readonly overlay: Overlay;
  readonly overlayScroll: number;
  readonly ended: boolean;
};

export class ScreenModel {
  readonly layout: Layout;
  readonly viewport = new Viewport();
  readonly history: History;
  readonly historyCursor: HistoryCursor;
  columns = 80;
  rows = 24;
  edit: EditState = EMPTY;
  draft: string[] = [];
  focus: Focus = 'input';
  overlay: Overlay = 'none';
  overlayScroll = 0;
  raw = false;
  blockViews = new Map<number, BlockView>();
  completion: CompletionState | undefined;
  /** Set by a key that needs a message in the hint line until the next key. */
  notice: string | undefined;
  recording: string | undefined;
  /** Width of the caller's side pane now (it may come and go); undefined: the detail pane's place. */
  sideWidth: number | undefined;
  /** Rows of a caller's pane above the conversation. */
  topRows = 0;
  private cachedLines: { rev: number; views: Map<number, BlockView>; raw: boolean; width: number; lines: DisplayLine[] } | undefined;
  private cachedSlice: { lines: DisplayLine[]; top: number; height: number; slice: DisplayLine[] } | undefined;
  private cachedDetail: { key: string | undefined; rev: number; state: string | undefined; detail: DetailLine[] } | undefined;

  constructor(
    readonly driver: SessionDriver,
    readonly options: ScreenOptions,
  ) {
    this.layout = new Layout(driver.protocol);
    this.history = History.load(driver.protocol, options.historyDir);
    this.historyCursor = new HistoryCursor(this.history);
    driver.toggleRaw = () => this.toggleRaw();
    this.sideWidth = options.sideWidth;
  }

  resize(columns: number, rows: number): void {
    this.columns = Math.max(20, columns);
    this.rows = Math.max(8, rows);
  }

  toggleRaw(): boolean {
    this.raw = !this.raw;
    return this.raw;
  }

  /** The session is in SMTP DATA: the input is the message editor. */
  inEditor(): boolean {
    return this.driver.protocol === 'smtp' && this.driver.currentFacts()?.state === 'data' && !this.driver.ended;
  }

  rightWidth(): number {
    if (this.sideWidth) return Math.min(this.sideWidth, Math.floor(this.columns / 2));
    if (this.columns < DETAIL_MIN_COLUMNS) return 0;
    return Math.max(34, Math.min(60, Math.floor(this.columns * 0.38)));
  }

  convWidth(): number {
    const right = this.rightWidth();
    return right ? this.columns - right - 1 : this.columns;
  }

  convHeight(): number {
    const editor = this.inEditor() ? Math.min(this.draft.length, EDITOR_ROWS) + 1 : 0;
    // One row is left free below the screen so that Ink never takes the clear-everything path.
    return Math.max(3, this.rows - 1 - 4 - editor - this.topRows);
  }

  /** All display lines of the conversation, re-laid out only when something changed. */
  allLines(): DisplayLine[] {
    const conv = this.driver.conversation;
    const width = this.convWidth();
    const c = this.cachedLines;
    if (c && c.rev === conv.rev && c.views === this.blockViews && c.raw === this.raw && c.width === width) return c.lines;
    const lines = this.layout.build(conv, { raw: this.raw, width, blocks: this.blockViews });
    this.cachedLines = { rev: conv.rev, views: this.blockViews, raw: this.raw, width, lines };
    return lines;
  }

  /** Replaces one block's view (a new map, so caches see the change). */
  setBlockView(blockId: number, view: BlockView): void {
    const next = new Map(this.blockViews);
    next.set(blockId, view);
    this.blockViews = next;
  }

  private visible(lines: DisplayLine[], top: number, height: number): DisplayLine[] {
    const c = this.cachedSlice;
    if (c && c.lines === lines && c.top === top && c.height === height) return c.slice;
    const slice = lines.slice(top, top + height);
    this.cachedSlice = { lines, top, height, slice };
    return slice;
  }

  private detail(lines: DisplayLine[]): DetailLine[] {
    const row = this.viewport.selectedRow(lines);
    const facts = this.driver.currentFacts();
    const key = row?.key;
    const c = this.cachedDetail;
    const rev = this.driver.conversation.rev;
    if (c && c.key === key && c.rev === rev && c.state === facts?.state) return c.detail;
    const detail = detailFor(row, { protocol: this.driver.protocol, sandbox: this.options.sandbox, ...(facts ? { facts } : {}), ...this.messagesOpt() });
    this.cachedDetail = { key, rev, state: facts?.state, detail };
    return detail;
  }

  private messagesOpt(): { messages?: number } {
    const m = this.driver.memory.messages;
    return m === undefined ? {} : { messages: m };
  }

  private lastExchange(): { lastCommand?: string; lastReply?: string } {
    const blocks = this.driver.conversation.blocks;
    for (let i = blocks.length - 1; i >= 0; i--) {
      const b = blocks[i]!;
      if (b.kind !== 'exchange' || !b.command) continue;
      const replies = b.entries.filter((e) => e.kind === 'recv');
      const words = b.command.raw.trim().split(/\s+/);
      const verb = this.driver.protocol === 'imap' ? (words[1] ?? '') : (words[0] ?? '');
      return { lastCommand: verb, ...(replies.length ? { lastReply: replies[replies.length - 1]!.raw } : {}) };
    }
    return {};
  }

  hint(): Hint {
    if (this.notice) return { text: this.notice, tone: 'hint' };
    if (this.driver.ended) return { text: 'the session has ended: Enter or Ctrl-C leaves, PgUp/Esc to read back', tone: 'next' };
    if (this.completion && this.completion.candidates.length > 1) {
      const c = this.completion;
      return { text: c.candidates.map((x, i) => (i === c.index ? `[${x}]` : x)).join('  '), tone: 'hint' };
    }
    const facts = this.driver.currentFacts();
    if (!facts) return { text: `connecting to ${this.options.server}…`, tone: 'hint' };
    return syntaxHint(
      {
        protocol: this.driver.protocol,
        facts,
        content: this.driver.session.expectsContent(),
        sandbox: this.options.sandbox,
        ...this.messagesOpt(),
        ...this.lastExchange(),
      },
      this.edit.text,
    );
  }

  status(): StatusInfo {
    const facts = this.driver.currentFacts();
    return {
      protocol: this.driver.protocol,
      server: this.options.server,
      state: stateLabel(facts, this.driver.ended),
      tls: facts?.secure ?? false,
      ...(this.driver.memory.user ? { user: this.driver.memory.user } : {}),
      ...(this.recording ? { recording: this.recording } : {}),
      busy: this.driver.busy,
      raw: this.raw,
    };
  }

  /** Draft lines with dot-stuffing as it will be sent (RFC 5321 §4.5.2). */
  draftLines(): DraftLine[] {
    return this.draft.map((typed) => ({ typed, stuffed: typed.startsWith('.') }));
  }

  frame(): Frame {
    const lines = this.allLines();
    const height = this.convHeight();
    const top = this.viewport.top(lines.length, height);
    const selected = this.viewport.selectedIndex(lines);
    const rightWidth = this.rightWidth();
    const editor = this.inEditor();
    return {
      columns: this.columns,
      rows: this.rows,
      convWidth: this.convWidth(),
      convHeight: height,
      rightWidth,
      lines: this.visible(lines, top, height),
      selectedKey: selected >= 0 ? lines[selected]!.row.key : undefined,
      scroll: { top, total: lines.length, follow: this.viewport.follow },
      detail: rightWidth > 0 || this.overlay === 'detail' ? this.detail(lines) : [],
      status: this.status(),
      hint: this.hint(),
      input: { text: escapeForTerminal(this.edit.text), cursor: this.edit.cursor },
      prompt: editor ? 'data> ' : this.driver.session.expectsContent() ? '...> ' : `${this.driver.protocol}> `,
      draft: editor ? this.draftLines() : undefined,
      focus: this.focus,
      overlay: this.overlay,
      overlayScroll: this.overlayScroll,
      ended: this.driver.ended,
    };
  }
}
