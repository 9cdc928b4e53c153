// Why: the backtest-safe hedge ratio. βₜ and αₜ are fitted on bars t−w+1 … t only, so the spread at t never
// uses a later price. Shares the exact O(n) window moments with the rolling correlation.
import { pairWindowMoments, checkWindow, type PairWindowMoments } from '../rolling/window';
import type { Series } from '../types';
import { checkPair } from './ols';

export interface RollingOlsResult {
  alpha: Float64Array;
  beta: Float64Array;
  /** yₜ − (αₜ + βₜxₜ); NaN until the window fills or where x is constant over the window. */
  spread: Float64Array;
}

/** Rolling OLS from precomputed moments of the pair (a = y, b = x). */
export function rollingOlsFromMoments(m: PairWindowMoments): RollingOlsResult {
  const n = m.cAB.length;
  const alpha = new Float64Array(n).fill(NaN);
  const beta = new Float64Array(n).fill(NaN);
  const spread = new Float64Array(n).fill(NaN);
  for (let t = 0; t < n; t++) {
    const vx = m.m2B[t];
    if (!(vx > 0)) continue;
    const b = m.cAB[t] / vx;
    beta[t] = b;
    alpha[t] = m.meanA[t] - b * m.meanB[t];
    // yₜ − ȳ − β(xₜ − x̄), free of the α + βx cancellation
    spread[t] = m.devA[t] - b * m.devB[t];
  }
  return { alpha, beta, spread };
}

/** Rolling-window OLS of y on [1, x] (window ≥ 2). */
export function rollingOls(y: Series, x: Series, window: number): RollingOlsResult {
  checkPair(y, x, 'rollingOls');
  checkWindow(window, 'rollingOls');
  return rollingOlsFromMoments(pairWindowMoments(y, x, Math.max(window, 2)));
}
