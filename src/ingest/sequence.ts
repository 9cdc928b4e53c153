// Why: Binance trade ids are strictly increasing per symbol, so ids alone tell duplicates (replayed frames
// after a reconnect, double subscriptions) from holes (dropped frames, outages). Continuity is tracked in the
// underlying trade-id space (t for trades, f..l for aggTrades), keyed by symbol: an aggTrade's f/l are trade
// ids, so a switch between the @trade and @aggTrade routes mid-session is still checked correctly.
import type { Gap, Source, Tick } from '../domain/types';

/** Last stored underlying trade id per symbol (a Tick's `lastTradeId`), optionally with its trade time. */
export type SeedEntry = number | { lastTradeId: number; ts: number };

export interface SequenceCounts {
  accepted: number;
  duplicates: number;
  gaps: number;
  /** Sum of `missed` over all gaps. */
  missed: number;
  /** aggTrades whose f..l range straddles the last seen id (only at a trade→aggTrade switch); kept. */
  overlaps: number;
}

interface Last {
  id: number;
  ts: number; // NaN when seeded without a time
}

export class SequenceTracker {
  private readonly last = new Map<string, Last>();
  readonly counts: SequenceCounts = { accepted: 0, duplicates: 0, gaps: 0, missed: 0, overlaps: 0 };

  constructor(
    private readonly source: Source,
    private readonly onGap?: (gap: Gap) => void,
    seed?: Readonly<Record<string, SeedEntry>>,
  ) {
    if (seed) for (const [symbol, entry] of Object.entries(seed)) this.seed(symbol, entry);
  }

  /** Start a symbol's sequence from a stored id, so the first live trade after a reload is checked against it. */
  seed(symbol: string, entry: SeedEntry): void {
    const id = typeof entry === 'number' ? entry : entry.lastTradeId;
    const ts = typeof entry === 'number' ? NaN : entry.ts;
    if (!Number.isSafeInteger(id) || id < 0) return;
    const cur = this.last.get(symbol);
    if (!cur || id > cur.id) this.last.set(symbol, { id, ts });
  }

  /**
   * Returns true when the tick is new and should be kept; false for a duplicate (counted, dropped).
   * A hole before the tick is reported through `onGap` (and the tick is still kept).
   */
  accept(tick: Tick): boolean {
    const prev = this.last.get(tick.symbol);
    if (prev === undefined) {
      this.last.set(tick.symbol, { id: tick.lastTradeId, ts: tick.ts });
      this.counts.accepted++;
      return true;
    }
    if (tick.lastTradeId <= prev.id) {
      this.counts.duplicates++;
      return false;
    }
    if (tick.firstTradeId > prev.id + 1) {
      const fromId = prev.id + 1;
      const toId = tick.firstTradeId - 1;
      const gap: Gap = {
        symbol: tick.symbol,
        source: this.source,
        fromId,
        toId,
        // A seed without a time leaves the hole's start unknown; the new trade's time is the tightest bound we have.
        fromTs: Number.isNaN(prev.ts) ? tick.ts : prev.ts,
        toTs: tick.ts,
        missed: toId - fromId + 1,
        status: 'open',
      };
      this.counts.gaps++;
      this.counts.missed += gap.missed;
      this.onGap?.(gap);
    } else if (tick.firstTradeId <= prev.id) {
      this.counts.overlaps++;
    }
    prev.id = tick.lastTradeId;
    prev.ts = tick.ts;
    this.counts.accepted++;
    return true;
  }

  lastTradeId(symbol: string): number | undefined {
    return this.last.get(symbol)?.id;
  }

  /** Last underlying trade id per symbol: what a caller persists and passes back as `seedLastIds`. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [symbol, l] of this.last) out[symbol] = l.id;
    return out;
  }
}
