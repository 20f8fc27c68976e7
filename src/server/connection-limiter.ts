/**
 * Caps concurrent connections for the whole sandbox and per client address (security.md item 21).
 * Shared by every listener, so that one flood cannot starve the other protocols.
 */

export const DEFAULT_MAX_CLIENTS = 100;
export const DEFAULT_MAX_CLIENTS_PER_ADDRESS = 50;

export class ConnectionLimiter {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(
    readonly maxClients: number = DEFAULT_MAX_CLIENTS,
    readonly maxPerAddress: number = DEFAULT_MAX_CLIENTS_PER_ADDRESS,
  ) {}

  get active(): number {
    return this.total;
  }

  /**
   * Takes a slot for a new connection. Returns a release function, or a reason when the limit is
   * reached (the caller answers 421 / `* BYE` / `-ERR` and closes).
   */
  acquire(address: string): { release: () => void } | { refused: 'total' | 'address' } {
    if (this.total >= this.maxClients) return { refused: 'total' };
    const mine = this.perAddress.get(address) ?? 0;
    if (mine >= this.maxPerAddress) return { refused: 'address' };
    this.total += 1;
    this.perAddress.set(address, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const n = (this.perAddress.get(address) ?? 1) - 1;
        if (n <= 0) this.perAddress.delete(address);
        else this.perAddress.set(address, n);
      },
    };
  }
}
