// Why: REST must answer only from what the market has "already done" (trades replayed so far), with the
// same ids the WebSocket delivered, so the app's backfill can be checked against its live stream.
import { formatScaled, SCALE_DIGITS } from './decimal';
import type { ReplayTrade, SymbolMeta } from './recording';

/** A trade as delivered: times and id already shifted for the current loop. */
export interface DeliveredTrade {
  rec: ReplayTrade;
  loop: number;
  E: number;
  T: number;
  t: number;
}

/** REST `/fapi/v1/aggTrades` item (also the payload of the `@aggTrade` event minus e/E/s). */
export interface AggTradeItem {
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
}

/** Binance kline row: [openTime, o, h, l, c, volume, closeTime, quoteVolume, count, takerBuyVol, takerBuyQuoteVol, "0"]. */
export type KlineRow = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

export interface AggTradesQuery {
  fromId?: number;
  startTime?: number;
  endTime?: number;
  limit: number;
}

export interface KlinesQuery {
  intervalMs: number;
  startTime?: number;
  endTime?: number;
  limit: number;
}

interface SymbolHistory {
  trades: DeliveredTrade[];
  aggs: AggTradeItem[];
}

/** First index i with key(arr[i]) >= value (arr sorted by key). */
function lowerBound<T>(arr: readonly T[], value: number, key: (x: T) => number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(arr[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class History {
  private readonly bySymbol = new Map<string, SymbolHistory>();

  /** limit: trades (and aggregates) kept per symbol; the oldest are dropped beyond it. */
  constructor(
    private readonly symbols: ReadonlyMap<string, SymbolMeta>,
    private readonly limit: number,
  ) {
    this.clear();
  }

  clear(): void {
    for (const s of this.symbols.keys()) this.bySymbol.set(s, { trades: [], aggs: [] });
  }

  addTrade(trade: DeliveredTrade): void {
    const h = this.bySymbol.get(trade.rec.symbol);
    if (!h) return;
    h.trades.push(trade);
    if (h.trades.length > this.limit * 1.1) h.trades.splice(0, h.trades.length - this.limit);
  }

  addAgg(symbol: string, agg: AggTradeItem): void {
    const h = this.bySymbol.get(symbol);
    if (!h) return;
    h.aggs.push(agg);
    if (h.aggs.length > this.limit * 1.1) h.aggs.splice(0, h.aggs.length - this.limit);
  }

  tradeCount(symbol: string): number {
    return this.bySymbol.get(symbol)?.trades.length ?? 0;
  }

  /** Most recent trades (`/fapi/v1/trades`), oldest first. */
  recentTrades(symbol: string, limit: number): DeliveredTrade[] {
    const trades = this.bySymbol.get(symbol)?.trades ?? [];
    return trades.slice(Math.max(0, trades.length - limit));
  }

  /**
   * `/fapi/v1/aggTrades`: fromId, else startTime, is the lower bound and results run forward from it;
   * endTime (and startTime alongside fromId) filter. With no lower bound: the latest `limit` items.
   */
  aggTrades(symbol: string, q: AggTradesQuery): AggTradeItem[] {
    const aggs = this.bySymbol.get(symbol)?.aggs ?? [];
    const inRange = (x: AggTradeItem): boolean =>
      (q.startTime === undefined || x.T >= q.startTime) && (q.endTime === undefined || x.T <= q.endTime);
    if (q.fromId !== undefined || q.startTime !== undefined) {
      const from =
        q.fromId !== undefined
          ? lowerBound(aggs, q.fromId, (x) => x.a)
          : lowerBound(aggs, q.startTime ?? 0, (x) => x.T);
      const out: AggTradeItem[] = [];
      for (let i = from; i < aggs.length && out.length < q.limit; i++) {
        const x = aggs[i];
        if (q.endTime !== undefined && x.T > q.endTime) break;
        if (inRange(x)) out.push(x);
      }
      return out;
    }
    const end = q.endTime === undefined ? aggs.length : lowerBound(aggs, q.endTime + 1, (x) => x.T);
    return aggs.slice(Math.max(0, end - q.limit), end);
  }

  /**
   * Klines built from the delivered MARKET trades, bucketed by trade time T. Bars run from the first
   * traded bucket to the bucket holding `now` (the forming bar); buckets without trades repeat the
   * previous close with zero volume, as Binance does. startTime/endTime select by open time.
   */
  klines(symbol: string, q: KlinesQuery, now: number): KlineRow[] {
    const meta = this.symbols.get(symbol);
    const trades = this.bySymbol.get(symbol)?.trades ?? [];
    if (!meta || trades.length === 0) return [];
    const iv = q.intervalMs;
    const firstBucket = Math.floor(trades[0].T / iv) * iv;
    let lastBucket = Math.floor(Math.max(now, trades[trades.length - 1].T) / iv) * iv;
    if (q.endTime !== undefined) lastBucket = Math.min(lastBucket, Math.floor(q.endTime / iv) * iv);
    let from: number;
    let to: number;
    if (q.startTime !== undefined) {
      from = Math.max(firstBucket, Math.ceil(q.startTime / iv) * iv);
      to = Math.min(lastBucket, from + (q.limit - 1) * iv);
    } else {
      to = lastBucket;
      from = Math.max(firstBucket, to - (q.limit - 1) * iv);
    }
    const rows: KlineRow[] = [];
    let i = lowerBound(trades, from, (t) => t.T);
    let prevClose = trades[0].rec.pScaled;
    for (let j = i - 1; j >= 0; j--) {
      if (!trades[j].rec.market) continue;
      prevClose = trades[j].rec.pScaled;
      break;
    }
    const pp = meta.pricePrecision;
    const qp = meta.quantityPrecision;
    const price = (v: bigint): string => formatScaled(v, SCALE_DIGITS, pp);
    const qty = (v: bigint): string => formatScaled(v, SCALE_DIGITS, qp);
    const quote = (v: bigint): string => formatScaled(v, 2 * SCALE_DIGITS, pp + qp);
    for (let open = from; open <= to; open += iv) {
      let o = prevClose;
      let h = prevClose;
      let l = prevClose;
      let c = prevClose;
      let vol = 0n;
      let quoteVol = 0n;
      let takerVol = 0n;
      let takerQuote = 0n;
      let count = 0;
      for (; i < trades.length && trades[i].T < open + iv; i++) {
        const { pScaled: p, qScaled: size, m, market } = trades[i].rec;
        if (!market) continue; // insurance-fund and ADL trades do not build bars
        if (count === 0) {
          o = p;
          h = p;
          l = p;
        }
        if (p > h) h = p;
        if (p < l) l = p;
        c = p;
        count++;
        vol += size;
        quoteVol += p * size;
        if (!m) {
          takerVol += size;
          takerQuote += p * size;
        }
      }
      prevClose = c;
      rows.push([
        open,
        price(o),
        price(h),
        price(l),
        price(c),
        qty(vol),
        open + iv - 1,
        quote(quoteVol),
        count,
        qty(takerVol),
        quote(takerQuote),
        '0',
      ]);
    }
    return rows;
  }
}
