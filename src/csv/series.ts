// Why: bars travel as columns (BarColumns: typed arrays) from parse to plan to the store; a million bars as
// objects would cost ~10× the memory. These helpers grow, merge, compare and coarsen such columns. Coarsening is
// exact: open = first, close = last, high/low extremes, sums in fixed point (storage/fixed.ts).
import type { BarColumns, Interval } from '../domain/types';
import { INTERVAL_MS } from '../domain/types';
import { FixedSum } from '../storage/fixed';
import type { BarBook } from '../storage/importBars';

export const VALUE_FIELDS = [
  'open',
  'high',
  'low',
  'close',
  'volume',
  'trades',
  'quoteVolume',
  'takerBuyVolume',
] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

export function emptyColumns(symbol: string, interval: Interval, n: number): BarColumns {
  return {
    symbol,
    interval,
    source: 'upload',
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    trades: new Float64Array(n),
    quoteVolume: new Float64Array(n),
    takerBuyVolume: new Float64Array(n),
    finalCount: n,
  };
}

/** Copies row i of `from` into row j of `to`. */
export function copyRow(from: BarColumns, i: number, to: BarColumns, j: number): void {
  to.openTime[j] = from.openTime[i];
  for (const f of VALUE_FIELDS) to[f][j] = from[f][i];
}

/** First field whose value differs between a[i] and b[j], or null when the bars are identical. */
export function firstDifference(a: BarColumns, i: number, b: BarColumns, j: number): ValueField | null {
  for (const f of VALUE_FIELDS) if (a[f][i] !== b[f][j]) return f;
  return null;
}

/** Rows appended one at a time, ascending; capacity doubles. */
export class BlockBuilder {
  n = 0;
  /** File line of the last row (for duplicate messages). */
  lastLine = 0;
  lastTime = -Infinity;
  private cols: BarColumns;

  constructor(
    readonly symbol: string,
    readonly interval: Interval,
    capacity = 1024,
  ) {
    this.cols = emptyColumns(symbol, interval, capacity);
  }

  push(
    t: number,
    o: number,
    h: number,
    l: number,
    c: number,
    v: number,
    tr: number,
    q: number,
    tb: number,
  ): void {
    if (this.n === this.cols.openTime.length) this.grow();
    const k = this.n++;
    const x = this.cols;
    x.openTime[k] = t;
    x.open[k] = o;
    x.high[k] = h;
    x.low[k] = l;
    x.close[k] = c;
    x.volume[k] = v;
    x.trades[k] = tr;
    x.quoteVolume[k] = q;
    x.takerBuyVolume[k] = tb;
    this.lastTime = t;
  }

  /** True when the last row has exactly these values (an identical duplicate). */
  sameAsLast(
    o: number,
    h: number,
    l: number,
    c: number,
    v: number,
    tr: number,
    q: number,
    tb: number,
  ): boolean {
    const x = this.cols;
    const k = this.n - 1;
    return (
      x.open[k] === o &&
      x.high[k] === h &&
      x.low[k] === l &&
      x.close[k] === c &&
      x.volume[k] === v &&
      x.trades[k] === tr &&
      x.quoteVolume[k] === q &&
      x.takerBuyVolume[k] === tb
    );
  }

  private grow(): void {
    const next = emptyColumns(this.symbol, this.interval, Math.max(16, this.cols.openTime.length * 2));
    next.openTime.set(this.cols.openTime);
    for (const f of VALUE_FIELDS) next[f].set(this.cols[f]);
    this.cols = next;
  }

  finish(): BarColumns {
    const out = emptyColumns(this.symbol, this.interval, this.n);
    out.openTime.set(this.cols.openTime.subarray(0, this.n));
    for (const f of VALUE_FIELDS) out[f].set(this.cols[f].subarray(0, this.n));
    return out;
  }
}

/** Union by openTime of two ascending series; on equal times `b` wins (b = the incoming data). */
export function mergeSeries(a: BarColumns, b: BarColumns): BarColumns {
  if (a.openTime.length === 0) return b;
  if (b.openTime.length === 0) return a;
  const out = emptyColumns(b.symbol, b.interval, a.openTime.length + b.openTime.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.openTime.length || j < b.openTime.length) {
    const ta = i < a.openTime.length ? a.openTime[i] : Infinity;
    const tb = j < b.openTime.length ? b.openTime[j] : Infinity;
    if (tb <= ta) {
      copyRow(b, j++, out, k++);
      if (ta === tb) i++;
    } else copyRow(a, i++, out, k++);
  }
  return slice(out, k);
}

function slice(c: BarColumns, n: number): BarColumns {
  if (n === c.openTime.length) return c;
  const out = emptyColumns(c.symbol, c.interval, n);
  out.openTime.set(c.openTime.subarray(0, n));
  for (const f of VALUE_FIELDS) out[f].set(c[f].subarray(0, n));
  return out;
}

/** Sorted distinct buckets of `coarse` that the times of `c` fall in. */
export function bucketsOf(c: BarColumns, coarse: Interval): number[] {
  const d = INTERVAL_MS[coarse];
  const out: number[] = [];
  for (let i = 0; i < c.openTime.length; i++) {
    const b = Math.floor(c.openTime[i] / d) * d;
    if (out.length === 0 || out[out.length - 1] !== b) out.push(b);
  }
  return out;
}

export interface Derived {
  bars: BarColumns;
  book: BarBook;
}

/** Exact coarser bars of `fine` for the given sorted buckets (buckets without fine bars are skipped). */
export function deriveCoarser(fine: BarColumns, coarse: Interval, buckets: readonly number[]): Derived {
  const d = INTERVAL_MS[coarse];
  const df = INTERVAL_MS[fine.interval];
  const n = buckets.length;
  const out = emptyColumns(fine.symbol, coarse, n);
  const book: BarBook = {
    openTs: new Float64Array(n),
    openId: new Float64Array(n),
    closeTs: new Float64Array(n),
    closeId: new Float64Array(n),
    vw: new Float64Array(n),
    vf: new Float64Array(n),
    qw: new Float64Array(n),
    qf: new Float64Array(n),
    tw: new Float64Array(n),
    tf: new Float64Array(n),
  };
  const bk = book as { [K in keyof BarBook]: Float64Array };
  const v = new FixedSum();
  const q = new FixedSum();
  const tb = new FixedSum();
  let i = 0;
  let k = 0;
  for (const b of buckets) {
    while (i < fine.openTime.length && fine.openTime[i] < b) i++;
    if (i >= fine.openTime.length || fine.openTime[i] >= b + d) continue;
    v.w = v.f = q.w = q.f = tb.w = tb.f = 0;
    out.openTime[k] = b;
    out.open[k] = fine.open[i];
    bk.openTs[k] = fine.openTime[i];
    let hi = -Infinity;
    let lo = Infinity;
    let trades = 0;
    let last = i;
    for (; i < fine.openTime.length && fine.openTime[i] < b + d; i++) {
      if (fine.high[i] > hi) hi = fine.high[i];
      if (fine.low[i] < lo) lo = fine.low[i];
      trades += fine.trades[i];
      v.addNumber(fine.volume[i]);
      q.addNumber(fine.quoteVolume[i]);
      tb.addNumber(fine.takerBuyVolume[i]);
      last = i;
    }
    out.high[k] = hi;
    out.low[k] = lo;
    out.close[k] = fine.close[last];
    bk.closeTs[k] = fine.openTime[last] + df - 1;
    out.trades[k] = trades;
    out.volume[k] = v.value();
    out.quoteVolume[k] = q.value();
    out.takerBuyVolume[k] = tb.value();
    bk.vw[k] = v.w;
    bk.vf[k] = v.f;
    bk.qw[k] = q.w;
    bk.qf[k] = q.f;
    bk.tw[k] = tb.w;
    bk.tf[k] = tb.f;
    k++;
  }
  if (k === n) return { bars: out, book };
  const cut = (a: ArrayLike<number>): Float64Array => (a as Float64Array).slice(0, k);
  return {
    bars: slice(out, k),
    book: Object.fromEntries(Object.entries(book).map(([key, a]) => [key, cut(a)])) as unknown as BarBook,
  };
}
