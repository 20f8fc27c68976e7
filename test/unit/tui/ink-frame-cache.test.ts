/**
 * Ink's per-frame caches kept across frames (src/tui/ink-frame-cache.ts): the patch finds the
 * shape it expects in the pinned Ink, and frames drawn with it are the frames Ink draws without it.
 */
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { FRAME_CACHE_LINES, FRAME_CACHE_WIDTHS, installInkFrameCache } from '../../../src/tui/ink-frame-cache.js';

function Screen({ n }: { n: number }) {
  const rows = Array.from({ length: 12 }, (_, i) => h(Text, { key: i, color: i % 2 ? 'yellow' : 'cyan', bold: i % 3 === 0 }, `S: 250-line ${i} ${'x'.repeat(i)} é 漢字`));
  return h(Box, { flexDirection: 'column' }, ...rows, h(Text, { inverse: n % 2 === 1 }, `smtp> ${'a'.repeat(n)}`));
}

/** Every frame of a screen whose input line grows, one key at a time. */
function frames(): string[] {
  const app = render(h(Screen, { n: 0 }));
  const out: string[] = [app.lastFrame() ?? ''];
  for (let n = 1; n <= 6; n++) {
    app.rerender(h(Screen, { n }));
    out.push(app.lastFrame() ?? '');
  }
  app.unmount();
  return out;
}

describe('installInkFrameCache', () => {
  it('finds Ink\'s output caches in the pinned Ink, and draws the same frames as Ink alone', async () => {
    const before = frames();
    expect(await installInkFrameCache()).toBe(true);
    expect(await installInkFrameCache()).toBe(true);
    const after = frames();
    expect(after).toEqual(before);
    expect(after[6]).toContain('smtp> aaaaaa');
    expect(after[3]).toContain('S: 250-line 11 xxxxxxxxxxx é 漢字');
  });

  it('is bounded', () => {
    expect(FRAME_CACHE_LINES).toBeGreaterThanOrEqual(1024);
    expect(FRAME_CACHE_LINES).toBeLessThanOrEqual(16_384);
    expect(FRAME_CACHE_WIDTHS).toBeLessThanOrEqual(65_536);
  });
});
