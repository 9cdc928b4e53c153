// Why: log returns feed volatility and return correlations; log1p of the exact price difference keeps full
// relative accuracy for the tiny 1 s returns, where log(p₁) − log(p₀) cancels ~10 of 16 digits.
import type { Series } from '../types';

/** pandas `np.log(p).diff()`: NaN at index 0 and wherever either price is NaN or not positive. */
export function logReturns(prices: Series): Float64Array {
  const n = prices.length;
  const out = new Float64Array(n);
  if (n > 0) out[0] = NaN;
  for (let i = 1; i < n; i++) {
    const p0 = prices[i - 1];
    const p1 = prices[i];
    // p1 − p0 is exact when the prices are within a factor 2 of each other (Sterbenz)
    out[i] = p0 > 0 && p1 > 0 ? Math.log1p((p1 - p0) / p0) : Math.log(p1) - Math.log(p0);
  }
  return out;
}
