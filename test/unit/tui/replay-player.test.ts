/**
 * The replay player's state machine, driven by a fake clock: the pace with --speed and the cap on
 * long pauses, --step, pause, chapters, back, the end, and the progress it reports.
 */
import { describe, expect, it } from 'vitest';
import { MAX_GAP_MS, Player, type PlayerStep } from '../../../src/tui/replay/player.js';

const ex = (t: number): PlayerStep => ({ t, kind: 'exchange' });
const note = (t: number, label: string): PlayerStep => ({ t, kind: 'note', label });
const marker = (t: number, label: string): PlayerStep => ({ t, kind: 'marker', label });

/**
 * 0 greeting, 1 EHLO, 2 marker Sending, 3 note, 4 MAIL, 5 RCPT (after a 60 s coffee break),
 * 6 marker Leaving, 7 QUIT, 8 a closing note.
 */
const STEPS: PlayerStep[] = [
  ex(100),
  ex(600),
  marker(700, 'Sending'),
  note(700, 'the envelope comes first'),
  ex(1000),
  ex(61_000),
  marker(61_100, 'Leaving'),
  ex(61_500),
  note(61_600, 'that was all'),
];

describe('Player, timed', () => {
  it('starts with the greeting shown and shows each step at the recording pace', () => {
    const p = new Player(STEPS, { mode: 'timed' }, 0);
    expect(p.shown).toBe(1);
    expect(p.msUntilNext(0)).toBe(500);
    expect(p.tick(499)).toBe(false);
    expect(p.tick(500)).toBe(true);
    expect(p.shown).toBe(2);
    // marker 100 ms later, its note at the same time, MAIL 300 ms after that
    expect(p.msUntilNext(500)).toBe(100);
    p.tick(600);
    expect(p.shown).toBe(4);
    expect(p.msUntilNext(600)).toBe(300);
  });

  it('--speed divides the pauses; a long pause counts as MAX_GAP_MS before the division', () => {
    const p = new Player(STEPS, { mode: 'timed', speed: 4 }, 0);
    expect(p.delayBefore(1)).toBe(125);
    expect(p.delayBefore(5)).toBe(MAX_GAP_MS / 4);
    const slow = new Player(STEPS, { mode: 'timed' }, 0);
    expect(slow.delayBefore(5)).toBe(MAX_GAP_MS);
  });

  it('a late wake-up shows every step that is due, and the pace is kept from when each was due', () => {
    const p = new Player(STEPS, { mode: 'timed' }, 0);
    // due: 500, 600, 600, 900, 2900 (capped), 3000, 3400, 3500
    p.tick(950);
    expect(p.shown).toBe(5);
    expect(p.msUntilNext(950)).toBe(1950);
    p.tick(10_000);
    expect(p.shown).toBe(STEPS.length);
    expect(p.ended).toBe(true);
    expect(p.playing).toBe(false);
    expect(p.msUntilNext(10_000)).toBeUndefined();
  });

  it('Space pauses and plays on with the wait that was left', () => {
    const p = new Player(STEPS, { mode: 'timed' }, 0);
    p.togglePause(200);
    expect(p.paused).toBe(true);
    expect(p.msUntilNext(5000)).toBeUndefined();
    expect(p.tick(5000)).toBe(false);
    p.togglePause(5000);
    expect(p.msUntilNext(5000)).toBe(300);
    p.tick(5300);
    expect(p.shown).toBe(2);
  });

  it('+ and - change the speed and rescale the wait under way', () => {
    const p = new Player(STEPS, { mode: 'timed' }, 0);
    expect(p.changeSpeed(1, 100)).toBe(2);
    expect(p.msUntilNext(100)).toBe(200);
    expect(p.changeSpeed(-1, 100)).toBe(1);
    expect(p.changeSpeed(-1, 100)).toBe(0.5);
    expect(p.msUntilNext(100)).toBe(800);
  });

  it('a move while playing starts the wait for the following step from now', () => {
    const p = new Player(STEPS, { mode: 'timed' }, 0);
    p.next(50);
    expect(p.shown).toBe(2);
    expect(p.msUntilNext(50)).toBe(100);
  });
});

describe('Player, --step', () => {
  it('never moves by itself; each step key shows the next exchange with the marker and note before it', () => {
    const p = new Player(STEPS, { mode: 'step' }, 0);
    expect(p.shown).toBe(1);
    expect(p.msUntilNext(0)).toBeUndefined();
    expect(p.tick(1_000_000)).toBe(false);
    p.next(0);
    expect(p.shown).toBe(2);
    p.next(0);
    expect(p.shown).toBe(5);
    expect(p.chapter()).toEqual({ index: 1, count: 2, label: 'Sending' });
    expect(p.currentNote()).toBe(3);
    p.next(0);
    p.next(0);
    expect(p.shown).toBe(8);
    expect(p.chapter()?.label).toBe('Leaving');
    expect(p.currentNote()).toBeUndefined();
    // The closing note comes with the last key: then it is the end.
    expect(p.next(0)).toBe('moved');
    expect(p.shown).toBe(9);
    expect(p.ended).toBe(true);
    expect(p.next(0)).toBe('at-end');
  });

  it('back goes to the previous exchange, never before the first screen', () => {
    const p = new Player(STEPS, { mode: 'step' }, 0);
    expect(p.back(0)).toBe('at-start');
    p.end(0);
    p.back(0);
    expect(p.shown).toBe(8);
    p.back(0);
    expect(p.shown).toBe(6);
    p.back(0);
    p.back(0);
    expect(p.shown).toBe(2);
    p.back(0);
    expect(p.shown).toBe(1);
  });

  it('n and p jump to a chapter: its marker and notes, before its first exchange', () => {
    const p = new Player(STEPS, { mode: 'step' }, 0);
    expect(p.nextMarker(0)).toBe('moved');
    expect(p.shown).toBe(4);
    expect(p.chapter()?.label).toBe('Sending');
    p.nextMarker(0);
    expect(p.shown).toBe(7);
    expect(p.nextMarker(0)).toBe('no-chapter');
    p.next(0);
    expect(p.shown).toBe(8);
    // p: the start of this chapter, then the one before, then the first screen
    p.prevMarker(0);
    expect(p.shown).toBe(7);
    p.prevMarker(0);
    expect(p.shown).toBe(4);
    p.prevMarker(0);
    expect(p.shown).toBe(1);
    expect(p.prevMarker(0)).toBe('at-start');
  });

  it('Home and End', () => {
    const p = new Player(STEPS, { mode: 'step' }, 0);
    expect(p.home(0)).toBe('at-start');
    p.end(0);
    expect(p.ended).toBe(true);
    expect(p.end(0)).toBe('at-end');
    p.home(0);
    expect(p.shown).toBe(1);
  });

  it('progress counts exchanges and gives the recording time and chapter', () => {
    const p = new Player(STEPS, { mode: 'step' }, 0);
    expect(p.progress()).toEqual({ done: 1, total: 5, fraction: 0.2, t: 100, duration: 61_600, chapter: undefined });
    p.nextMarker(0);
    p.next(0);
    expect(p.progress()).toMatchObject({ done: 3, total: 5, t: 1000, chapter: { index: 1, count: 2, label: 'Sending' } });
    p.end(0);
    expect(p.progress()).toMatchObject({ done: 5, fraction: 1, t: 61_600 });
  });

  it('a recording with notes before the greeting shows them on the first screen; an empty one is at its end', () => {
    const p = new Player([note(0, 'hello class'), ex(10), ex(20)], { mode: 'step' }, 0);
    expect(p.shown).toBe(2);
    expect(p.currentNote()).toBe(0);
    const empty = new Player([], { mode: 'timed' }, 0);
    expect(empty.ended).toBe(true);
    expect(empty.progress().fraction).toBe(1);
    expect(empty.msUntilNext(0)).toBeUndefined();
  });
});
