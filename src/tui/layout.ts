/**
 * Conversation blocks → the lines of the conversation pane, wrapped to its width. Folding:
 * the newest block is shown whole; an older block with more than FOLD_AFTER items shows its first
 * and last and a `[+]` row for the rest; message content is one `[+]` row until opened. The raw
 * view shows every wire line with its line end and nothing else. Each block's lines are cached by
 * its revision and view, so new events and keystrokes never re-wrap 10,000 lines.
 */
import type { ClientProtocol } from '../client/events.js';
import { visibleLineEnd } from '../client/server-text.js';
import type { Block, Conversation, Entry } from './conversation.js';
import { contentSummary, foldSummary } from './summaries.js';
import { wrapText } from './text-width.js';
import { GUTTER, MARKERS, replyTone, type Tone } from './theme.js';

/** Blocks with more items than this fold when they are not the newest. */
export const FOLD_AFTER = 4;
/** Client content (DATA) up to this many lines is shown as typed; longer content folds. */
export const CLIENT_CONTENT_INLINE = 8;

export type RowKind = 'send' | 'recv' | 'note' | 'info' | 'warning' | 'tls' | 'close' | 'local' | 'fold' | 'body';

export type Toggle = { readonly type: 'fold'; readonly blockId: number } | { readonly type: 'body'; readonly blockId: number; readonly runId: number };

export type Row = {
  readonly key: string;
  readonly kind: RowKind;
  readonly text: string;
  /** Columns in front of the marker (IMAP untagged lines sit under their command). */
  readonly indent: number;
  readonly blockId: number;
  readonly entry?: Entry;
  readonly selectable: boolean;
  readonly toggle?: Toggle;
  readonly tone?: Tone;
  /** Message content line (dimmed). */
  readonly content?: boolean;
};

/** One terminal line of the pane: a piece of a row. */
export type DisplayLine = { readonly row: Row; readonly text: string; readonly first: boolean; /** Which wrapped piece of the row. */ readonly part: number };

/** How the learner has set one block: folded or not, which content runs are open. */
export type BlockView = { readonly expanded?: boolean; readonly openRuns?: ReadonlySet<number> };

export type LayoutView = {
  readonly raw: boolean;
  /** Pane width in columns. */
  readonly width: number;
  readonly blocks: ReadonlyMap<number, BlockView>;
};

type Item = { readonly kind: 'entry'; readonly entry: Entry } | { readonly kind: 'run'; readonly entries: Entry[] };

const NO_VIEW: BlockView = {};

/** Consecutive message content lines become one run; a server line with annotations is never content. */
function items(block: Block): Item[] {
  const out: Item[] = [];
  for (const e of block.entries) {
    const content = e.content && e.notes.length === 0 && (e.kind === 'recv' || e.kind === 'send');
    const last = out[out.length - 1];
    if (content && last?.kind === 'run' && last.entries[0]!.kind === e.kind) last.entries.push(e);
    else if (content) out.push({ kind: 'run', entries: [e] });
    else out.push({ kind: 'entry', entry: e });
  }
  return out;
}

function entryRows(block: Block, e: Entry, protocol: ClientProtocol, indentUntagged: boolean): Row[] {
  const untagged = indentUntagged && e.kind === 'recv' && (e.raw.startsWith('* ') || e.raw.startsWith('+ ') || e.raw === '+');
  const indent = untagged ? 2 : 0;
  const kind = e.kind === 'close' ? 'close' : e.kind;
  const rows: Row[] = [];
  const lines = e.kind === 'send' || e.kind === 'recv' ? [e.text] : e.text.split('\n');
  lines.forEach((text, i) => {
    rows.push({
      key: `e${e.id}${i ? `.${i}` : ''}`,
      kind,
      text,
      indent,
      blockId: block.id,
      entry: e,
      selectable: i === 0 && (e.kind === 'recv' || e.kind === 'send' || e.kind === 'local'),
      ...(e.kind === 'recv' ? { tone: replyTone(e.raw, protocol) } : {}),
      ...(e.content ? { content: true } : {}),
    });
  });
  e.notes.forEach((note, n) =>
    note.split('\n').forEach((text, i) => rows.push({ key: `e${e.id}n${n}.${i}`, kind: 'note', text, indent: indent + 3, blockId: block.id, selectable: false })),
  );
  return rows;
}

function runRows(block: Block, run: Entry[], view: BlockView): Row[] {
  const runId = run[0]!.id;
  const clientShort = run[0]!.kind === 'send' && run.length <= CLIENT_CONTENT_INLINE;
  if (clientShort) return run.map((e) => ({ key: `e${e.id}`, kind: 'send', text: e.text, indent: 0, blockId: block.id, entry: e, selectable: false, content: true }));
  const open = view.openRuns?.has(runId) ?? false;
  const head: Row = { key: `r${runId}`, kind: 'body', text: contentSummary(run, open), indent: 2, blockId: block.id, selectable: true, toggle: { type: 'body', blockId: block.id, runId } };
  if (!open) return [head];
  return [head, ...run.map((e): Row => ({ key: `e${e.id}`, kind: e.kind === 'send' ? 'send' : 'recv', text: e.text, indent: 2, blockId: block.id, entry: e, selectable: false, content: true }))];
}

/** The rows of one block. `newest`: the block is shown whole unless the learner folded it. */
export function blockRows(block: Block, view: BlockView, protocol: ClientProtocol, newest: boolean): Row[] {
  const rows: Row[] = [];
  const indentUntagged = protocol === 'imap' && block.command !== undefined;
  if (block.command) rows.push(...entryRows(block, block.command, protocol, false));
  const all = items(block);
  const foldable = all.length > FOLD_AFTER;
  const expanded = !foldable || (view.expanded ?? newest);
  const emit = (item: Item): void => {
    if (item.kind === 'entry') rows.push(...entryRows(block, item.entry, protocol, indentUntagged));
    else rows.push(...runRows(block, item.entries, view));
  };
  if (expanded) {
    all.forEach(emit);
    // A block the learner expanded by hand can be folded again from its last row.
    if (foldable && view.expanded) {
      const hidden = all.slice(1, -1).flatMap((i) => (i.kind === 'entry' ? [i.entry] : i.entries));
      rows.push({ key: `f${block.id}`, kind: 'fold', text: foldSummary(hidden, protocol, true), indent: 2, blockId: block.id, selectable: true, toggle: { type: 'fold', blockId: block.id } });
    }
    return rows;
  }
  emit(all[0]!);
  const middle = all.slice(1, -1);
  const hidden = middle.flatMap((i) => (i.kind === 'entry' ? [i.entry] : i.entries));
  rows.push({ key: `f${block.id}`, kind: 'fold', text: foldSummary(hidden, protocol, false), indent: 2, blockId: block.id, selectable: true, toggle: { type: 'fold', blockId: block.id } });
  emit(all[all.length - 1]!);
  return rows;
}

/** Raw view: the wire lines only, with their line ends made visible. */
export function rawRows(block: Block): Row[] {
  const wire = [...(block.command ? [block.command] : []), ...block.entries].filter((e) => e.kind === 'send' || e.kind === 'recv');
  return wire.map((e) => ({
    key: `e${e.id}`,
    kind: e.kind === 'send' ? 'send' : 'recv',
    text: `${e.text}${visibleLineEnd(e.eol ?? '\r\n')}`,
    indent: 0,
    blockId: block.id,
    entry: e,
    selectable: true,
  }));
}

/** The marker for a row kind (3 columns). */
export function markerOf(row: Row): string {
  return MARKERS[row.kind];
}

/** Wraps rows into pane lines: marker and indent on the first line, aligned text after. */
export function wrapRows(rows: readonly Row[], width: number): DisplayLine[] {
  const out: DisplayLine[] = [];
  for (const row of rows) {
    const lead = GUTTER.length + row.indent + markerOf(row).length;
    const pieces = wrapText(row.text, Math.max(8, width - lead));
    pieces.forEach((text, i) => out.push({ row, text, first: i === 0, part: i }));
  }
  return out;
}

type Cached = { readonly rev: number; readonly view: BlockView; readonly raw: boolean; readonly width: number; readonly newest: boolean; readonly lines: DisplayLine[] };

/** Lays out a conversation, re-doing only the blocks whose content or view changed. */
export class Layout {
  private readonly cache = new Map<number, Cached>();

  constructor(private readonly protocol: ClientProtocol) {}

  build(conv: Conversation, view: LayoutView): DisplayLine[] {
    const latest = conv.latestBlockId();
    const out: DisplayLine[] = [];
    for (const block of conv.blocks) {
      const bv = view.blocks.get(block.id) ?? NO_VIEW;
      const newest = block.id === latest;
      let c = this.cache.get(block.id);
      if (!c || c.rev !== block.rev || c.view !== bv || c.raw !== view.raw || c.width !== view.width || c.newest !== newest) {
        const rows = view.raw ? rawRows(block) : blockRows(block, bv, this.protocol, newest);
        c = { rev: block.rev, view: bv, raw: view.raw, width: view.width, newest, lines: wrapRows(rows, view.width) };
        this.cache.set(block.id, c);
      }
      for (const l of c.lines) out.push(l);
    }
    return out;
  }
}
