// Why: a fixed silence timeout either misses dead sockets on busy symbols or kills healthy ones on quiet
// symbols; scaling it by the recent inter-arrival gaps (with a floor) fits both. Gaps are kept per symbol in a
// fixed ring so memory stays bounded however long the session runs.

export const WATCHDOG_FLOOR_MS = 15_000;
export const WATCHDOG_GAP_MULTIPLIER = 20;
export const GAP_RING_SIZE = 64;

interface SymbolGaps {
  ring: Float64Array;
  n: number; // samples stored (≤ ring length)
  next: number; // write index
  lastArrival: number; // NaN after a break in continuity
  lastAt: number; // last arrival ever, for status
}

export class ArrivalStats {
  private readonly bySymbol = new Map<string, SymbolGaps>();

  constructor(private readonly ringSize = GAP_RING_SIZE) {}

  /** Record a trade's local arrival time. */
  record(symbol: string, at: number): void {
    let g = this.bySymbol.get(symbol);
    if (!g) {
      g = { ring: new Float64Array(this.ringSize), n: 0, next: 0, lastArrival: NaN, lastAt: NaN };
      this.bySymbol.set(symbol, g);
    }
    if (!Number.isNaN(g.lastArrival)) {
      g.ring[g.next] = Math.max(0, at - g.lastArrival);
      g.next = (g.next + 1) % g.ring.length;
      if (g.n < g.ring.length) g.n++;
    }
    g.lastArrival = at;
    g.lastAt = at;
  }

  /** After a disconnect the next arrival must not be measured against the last one (the outage is no gap). */
  breakContinuity(symbols: Iterable<string>): void {
    for (const s of symbols) {
      const g = this.bySymbol.get(s);
      if (g) g.lastArrival = NaN;
    }
  }

  medianGap(symbol: string): number | null {
    const g = this.bySymbol.get(symbol);
    if (!g || g.n === 0) return null;
    const xs = Array.from(g.ring.subarray(0, g.n)).sort((a, b) => a - b);
    const mid = xs.length >> 1;
    return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  }

  lastArrival(symbol: string): number | null {
    const g = this.bySymbol.get(symbol);
    return g && !Number.isNaN(g.lastAt) ? g.lastAt : null;
  }

  /**
   * Silence allowed on a socket carrying `symbols`: max(floor, k × median gap). Any trade on the socket resets
   * the watchdog, so the most active symbol (smallest median) sets the pace.
   */
  watchdogTimeout(symbols: Iterable<string>): number {
    let best = Infinity;
    for (const s of symbols) {
      const m = this.medianGap(s);
      if (m !== null && m < best) best = m;
    }
    return watchdogTimeoutMs(Number.isFinite(best) ? best : null);
  }
}

export function watchdogTimeoutMs(medianGapMs: number | null): number {
  return Math.max(WATCHDOG_FLOOR_MS, WATCHDOG_GAP_MULTIPLIER * (medianGapMs ?? 0));
}
