// Why: the per-leg summary card. Mean/std use the shifted double-double moments so they match the exact
// rational value; volatility is annualised with a 24/7 crypto year (365 × 24 h of bars).
import type { Interval } from '../../domain/types';
import { moments } from '../numeric/moments';
import type { Series } from '../types';
import { logReturns } from './returns';

/** Bars in a 365 × 24 h year, per bar interval. */
export const BARS_PER_YEAR: Readonly<Record<Interval, number>> = {
  '1s': 31_536_000,
  '1m': 525_600,
  '5m': 105_120,
};

export interface PriceStats {
  /** Number of finite prices. */
  count: number;
  mean: number;
  /** Sample standard deviation (ddof = 1) of the prices. */
  std: number;
  /** Last finite price. */
  last: number;
  /** Last log return, log(pₙ₋₁ / pₙ₋₂) (NaN when fewer than two prices). */
  lastReturn: number;
  /** std(log returns, ddof = 1) × √barsPerYear. */
  annualizedVol: number;
}

/** Summary statistics of one price series; non-finite prices are skipped like pandas' skipna. */
export function priceStats(prices: Series, barsPerYear: number): PriceStats {
  const m = moments(prices);
  let last = NaN;
  for (let i = prices.length - 1; i >= 0; i--) {
    if (Number.isFinite(prices[i])) {
      last = prices[i];
      break;
    }
  }
  const r = logReturns(prices);
  const rm = moments(r);
  return {
    count: m.count,
    mean: m.mean,
    std: Math.sqrt(m.variance),
    last,
    lastReturn: r.length >= 2 ? r[r.length - 1] : NaN,
    annualizedVol: Math.sqrt(rm.variance) * Math.sqrt(barsPerYear),
  };
}
