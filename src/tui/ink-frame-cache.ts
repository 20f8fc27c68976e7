/**
 * Ink turns every line of every frame into styled characters (ANSI tokenizing) and measures every
 * character's width, with caches that live for one frame only. A keystroke changes one line of
 * the screen, yet the whole screen is tokenized again: at 120x40 that was a third of a frame's
 * time. This keeps those two caches across frames, bounded, so an unchanged line costs a lookup.
 *
 * It reaches into Ink's Output (not part of Ink's public API): the patch is applied only when the
 * shape it expects is there, and does nothing otherwise (`installed` says which). Ink is pinned
 * in package.json; test/unit/tui/ink-frame-cache.test.ts fails if the shape changes.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Distinct lines kept (a few screens' worth); the oldest go first. */
export const FRAME_CACHE_LINES = 4096;
/** Distinct strings whose display width is kept. */
export const FRAME_CACHE_WIDTHS = 8192;

type Caches = {
  getStyledChars(line: string): unknown;
  getStringWidth(text: string): number;
};

let installed = false;

/** A Map that forgets its oldest entries past `max`. */
function bounded<V>(max: number): { get(k: string): V | undefined; set(k: string, v: V): void } {
  const map = new Map<string, V>();
  return {
    get: (k) => map.get(k),
    set: (k, v) => {
      map.set(k, v);
      if (map.size > max) map.delete(map.keys().next().value as string);
    },
  };
}

/** Patches Ink's per-frame caches to last across frames. Returns whether it could. Idempotent. */
export async function installInkFrameCache(): Promise<boolean> {
  if (installed) return true;
  const inkEntry = createRequire(import.meta.url).resolve('ink');
  const { default: Output } = (await import(pathToFileURL(join(dirname(inkEntry), 'output.js')).href)) as {
    default: new (opts: { width: number; height: number }) => { caches?: Caches };
  };
  const caches = new Output({ width: 1, height: 1 }).caches;
  const proto = caches && (Object.getPrototypeOf(caches) as Caches);
  if (!proto || typeof proto.getStyledChars !== 'function' || typeof proto.getStringWidth !== 'function') return false;
  const styled = bounded<unknown>(FRAME_CACHE_LINES);
  const widths = bounded<number>(FRAME_CACHE_WIDTHS);
  const styledOf = proto.getStyledChars;
  const widthOf = proto.getStringWidth;
  proto.getStyledChars = function (this: Caches, line: string) {
    let hit = styled.get(line);
    if (hit === undefined) {
      hit = styledOf.call(this, line);
      styled.set(line, hit);
    }
    return hit;
  };
  proto.getStringWidth = function (this: Caches, text: string) {
    let hit = widths.get(text);
    if (hit === undefined) {
      hit = widthOf.call(this, text);
      widths.set(text, hit);
    }
    return hit;
  };
  installed = true;
  return true;
}
