// Why: whole-series mean / variance evaluated from shifted, double-double sums so that price-level
// inputs (≈ 60,000 with tiny variation) keep full relative accuracy against an exact rational reference.
import { addD, addProd, centredMoment } from './dd';
import type { Series } from '../types';

export interface Moments {
  /** Number of finite values used. */
  count: number;
  mean: number;
  /** Sample variance (ddof = 1); NaN when count < 2; exactly 0 for a constant series. */
  variance: number;
}

/** Mean and sample variance of the finite values of `s` (non-finite values are skipped, like pandas' skipna). */
export function moments(s: Series): Moments {
  const n = s.length;
  let k = NaN;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(s[i])) {
      k = s[i];
      break;
    }
  }
  if (Number.isNaN(k)) return { count: 0, mean: NaN, variance: NaN };
  const acc = new Float64Array(4); // [S1 hi, S1 lo, S2 hi, S2 lo]
  let count = 0;
  let constant = true;
  for (let i = 0; i < n; i++) {
    const v = s[i];
    if (!Number.isFinite(v)) continue;
    const d = v - k;
    if (v !== k) constant = false;
    addD(acc, 0, d);
    addProd(acc, 2, d, d);
    count++;
  }
  const mean = k + (acc[0] + acc[1]) / count;
  if (count < 2) return { count, mean, variance: NaN };
  if (constant) return { count, mean: k, variance: 0 };
  const m2 = centredMoment(acc[0], acc[1], acc[0], acc[1], acc[2], acc[3], count);
  return { count, mean, variance: Math.max(m2, 0) / (count - 1) };
}
