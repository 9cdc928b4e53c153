// Why: the single O(n) engine behind every rolling statistic. Running sums are kept as double-double values
// of data shifted by an anchor that lies inside the current window (re-anchored, with an O(w) exact
// recomputation, once every w steps, so the total stays O(n)). Shifted prices are exact differences
// (Sterbenz) and their products are formed exactly, so the centred moments are accurate to a few ulps even
// on 1 s bars where prices sit flat for seconds — pandas' plain running sums drift by ~1e-6 there.
// Exactly-constant windows are detected from run lengths of equal values, never from a tiny float variance.
import { addD, addProd, centredMoment, subProd } from '../numeric/dd';
import type { Series } from '../types';

export function checkWindow(window: number, name: string): void {
  if (!Number.isInteger(window) || window < 1) {
    throw new RangeError(`${name}: window must be a positive integer, got ${String(window)}`);
  }
}

/** Per-window centred moments of one series; arrays are indexed by the window's last row. */
export interface SingleWindowMoments {
  /** Mean of the window (NaN where the window is incomplete or contains a non-finite value). */
  mean: Float64Array;
  /** Σ (s − mean)² over the window (0 exactly for constant windows). */
  m2: Float64Array;
  /** Offset of s[t] from the window mean, (s[t] − anchor) − (mean − anchor), computed without cancellation. */
  dev: Float64Array;
}

/**
 * Centred moments of every full window of `s`. Rows before the window fills, or whose window contains a
 * non-finite value, are NaN.
 */
export function singleWindowMoments(s: Series, w: number): SingleWindowMoments {
  const n = s.length;
  const mean = new Float64Array(n).fill(NaN);
  const m2 = new Float64Array(n).fill(NaN);
  const dev = new Float64Array(n).fill(NaN);
  const acc = new Float64Array(4); // S1 (dd), S2 (dd) of s − k
  let k = 0;
  let bad = 0; // non-finite values in the window
  let run = 0; // length of the run of equal finite values ending at t
  let sinceAnchor = w; // forces an anchor at the first full window
  for (let t = 0; t < n; t++) {
    const v = s[t];
    const finite = Number.isFinite(v);
    run = finite ? (t > 0 && v === s[t - 1] ? run + 1 : 1) : 0;
    if (finite) {
      const d = v - k;
      addD(acc, 0, d);
      addProd(acc, 2, d, d);
    } else bad++;
    if (t >= w) {
      const o = s[t - w];
      if (Number.isFinite(o)) {
        const d = o - k;
        addD(acc, 0, -d);
        subProd(acc, 2, d, d);
      } else bad--;
    }
    if (t < w - 1) continue;
    if (++sinceAnchor >= w && bad === 0) {
      // re-anchor on s[t] (it lies in every window of the next w rows) and recompute exactly
      sinceAnchor = 0;
      k = v;
      acc.fill(0);
      for (let i = t - w + 1; i <= t; i++) {
        const d = s[i] - k;
        addD(acc, 0, d);
        addProd(acc, 2, d, d);
      }
    }
    if (bad > 0) continue;
    const mk = (acc[0] + acc[1]) / w;
    mean[t] = k + mk;
    dev[t] = v - k - mk;
    m2[t] = run >= w ? 0 : Math.max(centredMoment(acc[0], acc[1], acc[0], acc[1], acc[2], acc[3], w), 0);
  }
  return { mean, m2, dev };
}

/** Per-window centred moments of a pair of series (a, b), indexed by the window's last row. */
export interface PairWindowMoments {
  /** Window means. */
  meanA: Float64Array;
  meanB: Float64Array;
  /** a[t] − mean(a) and b[t] − mean(b) for the window ending at t. */
  devA: Float64Array;
  devB: Float64Array;
  /** Σ(a − ā)², Σ(b − b̄)², Σ(a − ā)(b − b̄) over the window; m2 is exactly 0 for constant windows. */
  m2A: Float64Array;
  m2B: Float64Array;
  cAB: Float64Array;
}

/** Centred first and second moments of every full window of the pair; NaN where either leg is non-finite. */
export function pairWindowMoments(a: Series, b: Series, w: number): PairWindowMoments {
  const n = Math.min(a.length, b.length);
  const mk = (): Float64Array => new Float64Array(n).fill(NaN);
  const out: PairWindowMoments = {
    meanA: mk(),
    meanB: mk(),
    devA: mk(),
    devB: mk(),
    m2A: mk(),
    m2B: mk(),
    cAB: mk(),
  };
  // dd slots: 0 SA, 2 SB, 4 SAA, 6 SBB, 8 SAB
  const acc = new Float64Array(10);
  let ka = 0;
  let kb = 0;
  let bad = 0;
  let runA = 0;
  let runB = 0;
  let sinceAnchor = w;
  const add = (va: number, vb: number, sign: 1 | -1): void => {
    const da = va - ka;
    const db = vb - kb;
    if (sign > 0) {
      addD(acc, 0, da);
      addD(acc, 2, db);
      addProd(acc, 4, da, da);
      addProd(acc, 6, db, db);
      addProd(acc, 8, da, db);
    } else {
      addD(acc, 0, -da);
      addD(acc, 2, -db);
      subProd(acc, 4, da, da);
      subProd(acc, 6, db, db);
      subProd(acc, 8, da, db);
    }
  };
  for (let t = 0; t < n; t++) {
    const va = a[t];
    const vb = b[t];
    const finite = Number.isFinite(va) && Number.isFinite(vb);
    runA = Number.isFinite(va) ? (t > 0 && va === a[t - 1] ? runA + 1 : 1) : 0;
    runB = Number.isFinite(vb) ? (t > 0 && vb === b[t - 1] ? runB + 1 : 1) : 0;
    if (finite) add(va, vb, 1);
    else bad++;
    if (t >= w) {
      const oa = a[t - w];
      const ob = b[t - w];
      if (Number.isFinite(oa) && Number.isFinite(ob)) add(oa, ob, -1);
      else bad--;
    }
    if (t < w - 1) continue;
    if (++sinceAnchor >= w && bad === 0) {
      sinceAnchor = 0;
      ka = va;
      kb = vb;
      acc.fill(0);
      for (let i = t - w + 1; i <= t; i++) add(a[i], b[i], 1);
    }
    if (bad > 0) continue;
    const ma = (acc[0] + acc[1]) / w;
    const mb = (acc[2] + acc[3]) / w;
    out.meanA[t] = ka + ma;
    out.meanB[t] = kb + mb;
    out.devA[t] = va - ka - ma;
    out.devB[t] = vb - kb - mb;
    const constA = runA >= w;
    const constB = runB >= w;
    out.m2A[t] = constA ? 0 : Math.max(centredMoment(acc[0], acc[1], acc[0], acc[1], acc[4], acc[5], w), 0);
    out.m2B[t] = constB ? 0 : Math.max(centredMoment(acc[2], acc[3], acc[2], acc[3], acc[6], acc[7], w), 0);
    out.cAB[t] = constA || constB ? 0 : centredMoment(acc[0], acc[1], acc[2], acc[3], acc[8], acc[9], w);
  }
  return out;
}
