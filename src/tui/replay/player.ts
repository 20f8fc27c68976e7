/**
 * The replay player's state machine: which steps of a recording are on the screen, and when the
 * next one is due. Pure (no timers, no React): the caller passes the time in milliseconds (`now`)
 * to every call and schedules a wake-up from `msUntilNext`, so tests drive it with a fake clock.
 *
 * Decisions:
 * - The position is `shown`, the number of steps on the screen. The first screen holds everything
 *   up to and including the first exchange (the greeting), in both modes.
 * - A "stop" is the position right after an exchange: a step key (--step, or → while playing) shows
 *   the notes and markers in front of the next exchange together with it, since in recordings they
 *   introduce what follows. The last stop is the end, with any notes after the last exchange.
 * - Jumping to a chapter stops right after its marker and the notes that follow it, before its first
 *   exchange: the chapter's introduction, then the next step key shows its first exchange.
 * - Timed mode waits the recording's own pause between two steps, divided by the speed; a pause
 *   longer than MAX_GAP_MS of recording time counts as MAX_GAP_MS (a coffee break in the recording
 *   costs the class two seconds at 1×, half a second at 4×). asciinema's --idle-time-limit does
 *   the same.
 */

/** The longest pause between two steps, in recording milliseconds, before --speed divides it. */
export const MAX_GAP_MS = 2000;
/** Speeds `+` and `-` move between. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;

/** What the player needs of a playback step. */
export type PlayerStep = {
  readonly t: number;
  readonly kind: 'exchange' | 'note' | 'marker';
  readonly label?: string;
};

export type PlayerMode = 'timed' | 'step';

export type PlayerOptions = {
  readonly mode: PlayerMode;
  /** Recording time is divided by this (timed mode). Default 1. */
  readonly speed?: number;
  /** Default MAX_GAP_MS. */
  readonly maxGapMs?: number;
};

export type Chapter = { readonly index: number; readonly count: number; readonly label: string };

export type Progress = {
  /** Exchanges on the screen, and in the whole recording. */
  readonly done: number;
  readonly total: number;
  /** 0..1, by exchanges (by steps when the recording has no exchange). */
  readonly fraction: number;
  /** Recording time of the newest step shown, and of the last step, in ms. */
  readonly t: number;
  readonly duration: number;
  readonly chapter: Chapter | undefined;
};

/** Why a key did nothing, for the control line. */
export type MoveResult = 'moved' | 'at-start' | 'at-end' | 'no-chapter';

export class Player {
  readonly mode: PlayerMode;
  readonly total: number;
  speed: number;
  /** Steps on the screen. */
  shown: number;
  /** Paused by the viewer (timed mode). */
  paused = false;
  private readonly maxGapMs: number;
  /** Timed and playing: when the next step is due. */
  private dueAt: number | undefined;
  /** Paused: what was left of the wait for the next step. */
  private left: number | undefined;
  private readonly markers: number[];
  private readonly exchanges: number[];

  constructor(
    private readonly steps: readonly PlayerStep[],
    opts: PlayerOptions,
    now: number,
  ) {
    this.mode = opts.mode;
    this.speed = opts.speed ?? 1;
    this.maxGapMs = opts.maxGapMs ?? MAX_GAP_MS;
    this.total = steps.length;
    this.markers = steps.flatMap((s, i) => (s.kind === 'marker' ? [i] : []));
    this.exchanges = steps.flatMap((s, i) => (s.kind === 'exchange' ? [i] : []));
    this.shown = this.first();
    this.rearm(now);
  }

  /** The first screen: up to and including the first exchange. */
  first(): number {
    return this.exchanges.length > 0 ? this.exchanges[0]! + 1 : this.total;
  }

  get ended(): boolean {
    return this.shown >= this.total;
  }

  /** Timed, not paused, not at the end. */
  get playing(): boolean {
    return this.mode === 'timed' && !this.paused && !this.ended;
  }

  /** The wait before step `i` shows, after step `i - 1`, in wall milliseconds. */
  delayBefore(i: number): number {
    if (i <= 0 || i >= this.total) return 0;
    const gap = Math.max(0, this.steps[i]!.t - this.steps[i - 1]!.t);
    return Math.min(gap, this.maxGapMs) / this.speed;
  }

  /** Milliseconds until `tick` has something to show; undefined when nothing is due (step mode, paused, ended). */
  msUntilNext(now: number): number | undefined {
    if (!this.playing || this.dueAt === undefined) return undefined;
    return Math.max(0, this.dueAt - now);
  }

  /** Shows every step that is due by `now`. True when something changed. */
  tick(now: number): boolean {
    if (!this.playing || this.dueAt === undefined) return false;
    let changed = false;
    while (!this.ended && this.dueAt !== undefined && this.dueAt <= now) {
      this.shown++;
      changed = true;
      // From when it was due, not from now: a late timer does not slow the whole replay down.
      this.dueAt = this.ended ? undefined : this.dueAt + this.delayBefore(this.shown);
    }
    return changed;
  }

  /** Space in timed mode. */
  togglePause(now: number): void {
    if (this.mode !== 'timed') return;
    if (this.paused) {
      this.paused = false;
      this.dueAt = this.ended ? undefined : now + (this.left ?? this.delayBefore(this.shown));
      this.left = undefined;
    } else {
      this.left = this.dueAt === undefined ? undefined : Math.max(0, this.dueAt - now);
      this.paused = true;
      this.dueAt = undefined;
    }
  }

  /** `+`/`-`: the next speed up or down; the wait under way is rescaled. */
  changeSpeed(direction: 1 | -1, now: number): number {
    const i = direction > 0 ? SPEEDS.findIndex((s) => s > this.speed) : SPEEDS.findLastIndex((s) => s < this.speed);
    if (i < 0) return this.speed;
    const next = SPEEDS[i]!;
    const ratio = this.speed / next;
    if (this.dueAt !== undefined) this.dueAt = now + Math.max(0, this.dueAt - now) * ratio;
    if (this.left !== undefined) this.left *= ratio;
    this.speed = next;
    return next;
  }

  /** Next step key: up to and including the next exchange (or the end). */
  next(now: number): MoveResult {
    if (this.ended) return 'at-end';
    const j = this.exchanges.find((x) => x >= this.shown);
    return this.moveTo(j === undefined ? this.total : j + 1, now);
  }

  /** Back one stop (← ): the position after the previous exchange. */
  back(now: number): MoveResult {
    const first = this.first();
    if (this.shown <= first) return 'at-start';
    const stops = this.exchanges.map((x) => x + 1).filter((s) => s >= first && s < this.shown);
    return this.moveTo(stops.at(-1) ?? first, now);
  }

  /** After marker `m` and the notes right behind it. */
  private intro(m: number): number {
    let i = m + 1;
    while (i < this.total && this.steps[i]!.kind === 'note') i++;
    return i;
  }

  nextMarker(now: number): MoveResult {
    const m = this.markers.find((x) => this.intro(x) > this.shown);
    if (m === undefined) return 'no-chapter';
    return this.moveTo(this.intro(m), now);
  }

  /** The start of this chapter, or of the one before when at its start already; the first screen before the first. */
  prevMarker(now: number): MoveResult {
    const before = this.markers.filter((x) => this.intro(x) < this.shown);
    const m = before.at(-1);
    if (m === undefined) return this.shown <= this.first() ? 'at-start' : this.moveTo(this.first(), now);
    return this.moveTo(this.intro(m), now);
  }

  home(now: number): MoveResult {
    return this.shown === this.first() ? 'at-start' : this.moveTo(this.first(), now);
  }

  end(now: number): MoveResult {
    return this.ended ? 'at-end' : this.moveTo(this.total, now);
  }

  private moveTo(position: number, now: number): MoveResult {
    this.shown = Math.max(0, Math.min(this.total, position));
    this.rearm(now);
    return 'moved';
  }

  /** After a move: the wait for the next step starts now. */
  private rearm(now: number): void {
    if (this.paused) {
      this.left = this.ended ? undefined : this.delayBefore(this.shown);
      this.dueAt = undefined;
    } else this.dueAt = this.mode === 'timed' && !this.ended ? now + this.delayBefore(this.shown) : undefined;
  }

  /** The chapter the newest step shown belongs to. */
  chapter(): Chapter | undefined {
    let k = -1;
    for (let i = 0; i < this.markers.length && this.markers[i]! < this.shown; i++) k = i;
    if (k < 0) return undefined;
    return { index: k + 1, count: this.markers.length, label: this.steps[this.markers[k]!]!.label ?? '' };
  }

  /** The newest note shown in the current chapter (index into the steps), if any. */
  currentNote(): number | undefined {
    const start = this.markers.filter((m) => m < this.shown).at(-1) ?? -1;
    for (let i = this.shown - 1; i > start; i--) if (this.steps[i]!.kind === 'note') return i;
    return undefined;
  }

  progress(): Progress {
    const done = this.exchanges.filter((x) => x < this.shown).length;
    const total = this.exchanges.length;
    const fraction = total > 0 ? done / total : this.total > 0 ? this.shown / this.total : 1;
    return {
      done,
      total,
      fraction,
      t: this.shown > 0 ? this.steps[this.shown - 1]!.t : 0,
      duration: this.total > 0 ? this.steps[this.total - 1]!.t : 0,
      chapter: this.chapter(),
    };
  }
}
