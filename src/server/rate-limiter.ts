/**
 * Caps how many connections one client address may open per minute, across every service
 * (`--max-connections-per-minute`, a class sandbox's defence against a student's runaway loop).
 * Like Postfix's anvil `smtpd_client_connection_rate_limit`, every attempt counts, refused ones
 * too: a client that keeps hammering stays refused until it slows down.
 */

/** The window the rate is measured over. */
export const RATE_WINDOW_MS = 60_000;
/** Past this many tracked addresses, addresses with no attempt in the window are forgotten. */
const SWEEP_THRESHOLD = 1024;

export class ConnectionRateLimiter {
  /** Attempt times per address, oldest first; never longer than maxPerWindow. */
  private readonly attempts = new Map<string, number[]>();

  /**
   * @param maxPerWindow connections one address may open per window
   * @param now injectable clock, for tests
   */
  constructor(
    readonly maxPerWindow: number,
    private readonly now: () => number = Date.now,
    readonly windowMs: number = RATE_WINDOW_MS,
  ) {
    if (!(Number.isSafeInteger(maxPerWindow) && maxPerWindow > 0)) throw new RangeError('maxPerWindow must be a whole number above 0');
  }

  /** Records an attempt from `address`; false when it is over the rate and must be refused. */
  attempt(address: string): boolean {
    const now = this.now();
    if (this.attempts.size > SWEEP_THRESHOLD) this.sweep(now);
    const times = this.attempts.get(address) ?? [];
    while (times.length > 0 && times[0]! <= now - this.windowMs) times.shift();
    const allowed = times.length < this.maxPerWindow;
    // Memory per address stays bounded: only the newest maxPerWindow attempts matter.
    times.push(now);
    if (times.length > this.maxPerWindow) times.shift();
    this.attempts.set(address, times);
    return allowed;
  }

  /** Addresses currently tracked (for tests of the bound). */
  get tracked(): number {
    return this.attempts.size;
  }

  private sweep(now: number): void {
    for (const [address, times] of this.attempts) {
      if (times.length === 0 || times[times.length - 1]! <= now - this.windowMs) this.attempts.delete(address);
    }
  }
}
