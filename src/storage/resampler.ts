// Why: the exact resampling rules live here, free of SQL, so incremental ingest and rebuildBars share one
// implementation and give identical bars. A bar covers [openTime, openTime + Δ) with
// openTime = floor(T / Δ)·Δ (UTC ms); open/close are the first/last trade by (T, trade id) so late trades
// land correctly; sums are exact fixed-point (see fixed.ts).
import type { Interval, Tick } from '../domain/types';
import { INTERVALS, INTERVAL_MS } from '../domain/types';
import { FRAC_SCALE, parts, splitTick } from './fixed';

/** A bar's accumulated state, including the bookkeeping that makes merges exact and order-independent. */
export interface BarAcc {
  symbol: string;
  interval: Interval;
  openTime: number;
  open: number;
  openTs: number;
  openId: number;
  close: number;
  closeTs: number;
  closeId: number;
  high: number;
  low: number;
  trades: number;
  /** Volume Σq as whole units + 1e-8 units. */
  vw: number;
  vf: number;
  /** Quote volume Σp·q. */
  qw: number;
  qf: number;
  /** Taker-buy volume Σq where the buyer was the taker (buyerMaker false). */
  tw: number;
  tf: number;
}

export function bucketOf(ts: number, interval: Interval): number {
  const d = INTERVAL_MS[interval];
  return Math.floor(ts / d) * d;
}

/** True when (ts, id) orders strictly before (ts2, id2). */
function before(ts: number, id: number, ts2: number, id2: number): boolean {
  return ts < ts2 || (ts === ts2 && id < id2);
}

/** Merges `b` into `a` (same bar). Commutative and associative, hence independent of arrival order. */
export function mergeAcc(a: BarAcc, b: BarAcc): void {
  if (before(b.openTs, b.openId, a.openTs, a.openId)) {
    a.open = b.open;
    a.openTs = b.openTs;
    a.openId = b.openId;
  }
  if (before(a.closeTs, a.closeId, b.closeTs, b.closeId)) {
    a.close = b.close;
    a.closeTs = b.closeTs;
    a.closeId = b.closeId;
  }
  if (b.high > a.high) a.high = b.high;
  if (b.low < a.low) a.low = b.low;
  a.trades += b.trades;
  a.vw += b.vw;
  a.vf += b.vf;
  if (a.vf >= FRAC_SCALE) {
    a.vf -= FRAC_SCALE;
    a.vw += 1;
  }
  a.qw += b.qw;
  a.qf += b.qf;
  if (a.qf >= FRAC_SCALE) {
    a.qf -= FRAC_SCALE;
    a.qw += 1;
  }
  a.tw += b.tw;
  a.tf += b.tf;
  if (a.tf >= FRAC_SCALE) {
    a.tf -= FRAC_SCALE;
    a.tw += 1;
  }
}

interface SymbolBuckets {
  /** Per interval: openTime → accumulator of this batch. */
  byInterval: Map<number, BarAcc>[];
  /** Per interval: the accumulator the previous tick hit (ticks mostly arrive in time order). */
  last: (BarAcc | undefined)[];
}

/**
 * Aggregates a batch of market ticks into per-bar deltas for every interval, in memory; the store then
 * reads/merges/writes each touched bar once per batch instead of once per tick.
 */
export class BatchAggregator {
  private readonly symbols = new Map<string, SymbolBuckets>();

  add(t: Tick): void {
    let sb = this.symbols.get(t.symbol);
    if (sb === undefined) {
      sb = {
        byInterval: INTERVALS.map(() => new Map<number, BarAcc>()),
        last: INTERVALS.map(() => undefined),
      };
      this.symbols.set(t.symbol, sb);
    }
    splitTick(t.price, t.size);
    const { vw, vf, qw, qf } = parts;
    const taker = !t.buyerMaker;
    for (let i = 0; i < INTERVALS.length; i++) {
      const interval = INTERVALS[i];
      const d = INTERVAL_MS[interval];
      const openTime = Math.floor(t.ts / d) * d;
      let acc = sb.last[i];
      if (acc === undefined || acc.openTime !== openTime) {
        acc = sb.byInterval[i].get(openTime);
        if (acc === undefined) {
          acc = {
            symbol: t.symbol,
            interval,
            openTime,
            open: t.price,
            openTs: t.ts,
            openId: t.tradeId,
            close: t.price,
            closeTs: t.ts,
            closeId: t.tradeId,
            high: t.price,
            low: t.price,
            trades: t.tradeCount,
            vw,
            vf,
            qw,
            qf,
            tw: taker ? vw : 0,
            tf: taker ? vf : 0,
          };
          sb.byInterval[i].set(openTime, acc);
          sb.last[i] = acc;
          continue;
        }
        sb.last[i] = acc;
      }
      if (before(t.ts, t.tradeId, acc.openTs, acc.openId)) {
        acc.open = t.price;
        acc.openTs = t.ts;
        acc.openId = t.tradeId;
      }
      if (before(acc.closeTs, acc.closeId, t.ts, t.tradeId)) {
        acc.close = t.price;
        acc.closeTs = t.ts;
        acc.closeId = t.tradeId;
      }
      if (t.price > acc.high) acc.high = t.price;
      if (t.price < acc.low) acc.low = t.price;
      acc.trades += t.tradeCount;
      acc.vw += vw;
      acc.vf += vf;
      if (acc.vf >= FRAC_SCALE) {
        acc.vf -= FRAC_SCALE;
        acc.vw += 1;
      }
      acc.qw += qw;
      acc.qf += qf;
      if (acc.qf >= FRAC_SCALE) {
        acc.qf -= FRAC_SCALE;
        acc.qw += 1;
      }
      if (taker) {
        acc.tw += vw;
        acc.tf += vf;
        if (acc.tf >= FRAC_SCALE) {
          acc.tf -= FRAC_SCALE;
          acc.tw += 1;
        }
      }
    }
  }

  get size(): number {
    let n = 0;
    for (const sb of this.symbols.values()) for (const m of sb.byInterval) n += m.size;
    return n;
  }

  *bars(): IterableIterator<BarAcc> {
    for (const sb of this.symbols.values()) for (const m of sb.byInterval) yield* m.values();
  }
}
