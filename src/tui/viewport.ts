/**
 * Scrolling and selection over the conversation's display lines: which slice is visible (only
 * that slice is rendered), which reply is selected, and moving both with keys. Follows the newest
 * line until the learner scrolls up.
 */
import type { DisplayLine, Row } from './layout.js';

export class Viewport {
  /** First visible display line, when not following. */
  private topLine = 0;
  /** Stick to the bottom: new lines scroll into view. */
  follow = true;
  /** The selected row's key; undefined selects the newest server line. */
  selectedKey: string | undefined;

  /** The first visible line for `total` lines in `height` rows. */
  top(total: number, height: number): number {
    const max = Math.max(0, total - height);
    if (this.follow) return max;
    return Math.min(this.topLine, max);
  }

  scrollBy(delta: number, total: number, height: number): void {
    const next = this.top(total, height) + delta;
    const max = Math.max(0, total - height);
    this.topLine = Math.max(0, Math.min(next, max));
    this.follow = this.topLine >= max;
  }

  scrollTo(where: 'top' | 'bottom', total: number, height: number): void {
    if (where === 'bottom') this.follow = true;
    else {
      this.follow = total <= height;
      this.topLine = 0;
    }
  }

  /** Index of the first display line of the selected row (or of the newest server line). */
  selectedIndex(lines: readonly DisplayLine[]): number {
    if (this.selectedKey !== undefined) {
      for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.first && lines[i]!.row.key === this.selectedKey) return i;
    }
    for (let i = lines.length - 1; i >= 0; i--) {
      const l = lines[i]!;
      if (l.first && l.row.selectable && l.row.kind === 'recv') return i;
    }
    return -1;
  }

  selectedRow(lines: readonly DisplayLine[]): Row | undefined {
    const i = this.selectedIndex(lines);
    return i >= 0 ? lines[i]!.row : undefined;
  }

  /** Moves the selection to the next selectable row up or down and scrolls it into view. */
  move(lines: readonly DisplayLine[], direction: -1 | 1, height: number): void {
    let i = this.selectedIndex(lines);
    if (i < 0) i = direction < 0 ? lines.length : -1;
    for (let j = i + direction; j >= 0 && j < lines.length; j += direction) {
      const l = lines[j]!;
      if (l.first && l.row.selectable) {
        this.selectedKey = l.row.key;
        this.reveal(j, lines, height);
        return;
      }
    }
  }

  /** Selects the first selectable row at or below the top of the view (after PgUp/PgDn). */
  selectVisible(lines: readonly DisplayLine[], height: number): void {
    const top = this.top(lines.length, height);
    for (let j = top; j < Math.min(lines.length, top + height); j++) {
      const l = lines[j]!;
      if (l.first && l.row.selectable) {
        this.selectedKey = l.row.key;
        return;
      }
    }
  }

  /** Scrolls so that the row starting at `index` is visible, all of it when it fits. */
  reveal(index: number, lines: readonly DisplayLine[], height: number): void {
    const total = lines.length;
    const top = this.top(total, height);
    let end = index + 1;
    while (end < total && !lines[end]!.first && end - index < height) end++;
    if (index < top) this.topLine = index;
    else if (end > top + height) this.topLine = end - height;
    else return;
    const max = Math.max(0, total - height);
    this.topLine = Math.max(0, Math.min(this.topLine, max));
    this.follow = this.topLine >= max;
  }
}
