// Why: the spread's rolling z-score, defined exactly as pandas
// `(s − s.rolling(w).mean()) / s.rolling(w).std()` but evaluated without pandas' running-sum drift.
import type { Series } from '../types';
import { checkWindow, singleWindowMoments } from './window';

/**
 * Rolling z-score with sample std (ddof = 1). NaN until the window fills, for windows that contain a NaN,
 * and where the window is exactly constant (std = 0, as pandas gives 0/0). w = 1 gives all NaN.
 */
export function rollingZScore(series: Series, window: number): Float64Array {
  checkWindow(window, 'rollingZScore');
  const n = series.length;
  const out = new Float64Array(n).fill(NaN);
  if (window < 2) return out;
  const { m2, dev } = singleWindowMoments(series, window);
  for (let t = window - 1; t < n; t++) {
    const q = m2[t];
    if (q > 0) out[t] = dev[t] / Math.sqrt(q / (window - 1));
  }
  return out;
}
