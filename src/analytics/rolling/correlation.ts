// Why: pandas `a.rolling(w).corr(b)` (Pearson over each full window), computed from the shared exact
// window moments. A window in which either leg is exactly constant has an undefined correlation: NaN.
import type { Series } from '../types';
import { checkWindow, pairWindowMoments, type PairWindowMoments } from './window';

/** Correlation series from precomputed pair moments (lets pairAnalytics share one pass with rolling OLS). */
export function correlationFromMoments(m: PairWindowMoments): Float64Array {
  const n = m.cAB.length;
  const out = new Float64Array(n).fill(NaN);
  for (let t = 0; t < n; t++) {
    const va = m.m2A[t];
    const vb = m.m2B[t];
    if (va > 0 && vb > 0) {
      const r = m.cAB[t] / (Math.sqrt(va) * Math.sqrt(vb));
      out[t] = r > 1 ? 1 : r < -1 ? -1 : r;
    }
  }
  return out;
}

/** Rolling Pearson correlation; NaN until the window fills and where either window has a NaN or is constant. */
export function rollingCorrelation(a: Series, b: Series, window: number): Float64Array {
  checkWindow(window, 'rollingCorrelation');
  if (a.length !== b.length) throw new RangeError('rollingCorrelation: series lengths differ');
  if (window < 2) return new Float64Array(a.length).fill(NaN);
  return correlationFromMoments(pairWindowMoments(a, b, window));
}
