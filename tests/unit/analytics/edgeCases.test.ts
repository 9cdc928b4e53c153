// Why: behaviour at the edges (empty, one or two points, NaN, window longer than the data, constant data)
// and the O(n) rolling engine's accuracy on long, flat, re-anchored series.
import { describe, expect, it } from 'vitest';
import {
  BARS_PER_YEAR,
  huber,
  kalman,
  logReturns,
  ols,
  priceStats,
  rollingCorrelation,
  rollingZScore,
} from '../../../src/analytics';

const allNaN = (a: ArrayLike<number>): boolean => Array.from(a).every((v) => Number.isNaN(v));

/** Direct O(n·w) two-pass z-score, accurate on short windows of small integers. */
function naiveZ(s: number[], w: number): number[] {
  return s.map((v, t) => {
    if (t < w - 1) return NaN;
    const win = s.slice(t - w + 1, t + 1);
    const m = win.reduce((a, b) => a + b, 0) / w;
    const sd = Math.sqrt(win.reduce((a, b) => a + (b - m) ** 2, 0) / (w - 1));
    return sd === 0 ? NaN : (v - m) / sd;
  });
}

describe('ols edge cases', () => {
  it('returns NaN estimates for zero or one point and NaN standard errors for two points', () => {
    expect(ols([], []).residuals.length).toBe(0);
    expect(Number.isNaN(ols([], []).beta)).toBe(true);
    expect(Number.isNaN(ols([1], [2]).beta)).toBe(true);
    const two = ols([1, 3], [0, 1]);
    expect(two.beta).toBe(2);
    expect(two.alpha).toBe(1);
    expect(Number.isNaN(two.betaStdErr)).toBe(true);
  });
  it('propagates NaN input to every output like statsmodels with missing="none"', () => {
    const r = ols([1, 2, NaN, 4], [1, 2, 3, 4]);
    expect(Number.isNaN(r.beta)).toBe(true);
    expect(allNaN(r.residuals)).toBe(true);
  });
  it('fits a constant y exactly: α = y, β = 0, zero residuals and standard errors, R² undefined (0/0)', () => {
    const r = ols([3, 3, 3, 3], [1, 2, 3, 5]);
    expect(r.alpha).toBe(3);
    expect(r.beta).toBe(0);
    expect(Array.from(r.residuals)).toEqual([0, 0, 0, 0]);
    expect(r.alphaStdErr).toBe(0);
    expect(r.betaStdErr).toBe(0);
    // 1 − SSR/TSS with both 0 (statsmodels prints −inf here only because its β is 3e-16 instead of 0)
    expect(Number.isNaN(r.rSquared)).toBe(true);
  });
  it('returns NaN for a constant regressor and throws on mismatched lengths', () => {
    expect(Number.isNaN(ols([1, 2, 3], [5, 5, 5]).beta)).toBe(true);
    expect(() => ols([1, 2], [1])).toThrow(/same length/);
  });
  it('keeps full accuracy on prices near 60,000 where normal equations lose about nine digits', () => {
    const x = Array.from({ length: 1000 }, (_, i) => 60_000 + ((i * 37) % 101) * 0.1);
    const y = x.map((v, i) => 3 * v - 7 + (i % 2 ? 0.05 : -0.05));
    const r = ols(y, x);
    expect(Math.abs(r.beta - 3)).toBeLessThan(1e-2);
    // the residuals are the ±0.05 pattern minus a tiny fitted part; their sum is exactly zero in theory
    expect(Math.abs(r.residuals.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
  });
});

describe('rolling statistics edge cases', () => {
  it('returns all NaN when the window is longer than the series or equal to 1', () => {
    expect(allNaN(rollingZScore([1, 2, 3], 5))).toBe(true);
    expect(allNaN(rollingZScore([1, 2, 3], 1))).toBe(true);
    expect(allNaN(rollingCorrelation([1, 2, 3], [3, 1, 2], 4))).toBe(true);
    expect(rollingZScore([], 3).length).toBe(0);
  });
  it('gives an empty correlation for empty legs and NaN for a single pair of values', () => {
    expect(rollingCorrelation([], [], 3).length).toBe(0);
    expect(rollingCorrelation([], [], 2).length).toBe(0);
    const one = rollingCorrelation([1], [2], 2);
    expect(one.length).toBe(1);
    expect(Number.isNaN(one[0])).toBe(true);
  });
  it('rejects non-integer or non-positive windows and mismatched lengths', () => {
    expect(() => rollingZScore([1, 2, 3], 0)).toThrow(RangeError);
    expect(() => rollingZScore([1, 2, 3], 2.5)).toThrow(RangeError);
    expect(() => rollingCorrelation([1, 2], [1], 2)).toThrow(RangeError);
  });
  it('gives NaN for an exactly constant window even after large values left it', () => {
    const s = [1e9, -1e9, 5, 5, 5, 5, 6];
    const z = rollingZScore(s, 4);
    expect(Number.isNaN(z[5])).toBe(true); // window [5, 5, 5, 5]
    expect(z[6]).toBeCloseTo(1.5, 12); // window [5, 5, 5, 6]: (6 − 5.25) / 0.5
  });
  it('gives NaN for any window that contains a NaN and recovers after it leaves', () => {
    const z = rollingZScore([1, 2, NaN, 4, 5, 7, 6], 3);
    expect(Array.from(z.slice(0, 5), Number.isNaN)).toEqual([true, true, true, true, true]);
    expect(z[5]).toBeCloseTo(naiveZ([4, 5, 7], 3)[2], 12);
  });
  it('gives NaN correlation where either leg is constant over the window', () => {
    const c = rollingCorrelation([1, 1, 1, 2, 3], [1, 2, 3, 4, 6], 3);
    expect(Number.isNaN(c[2])).toBe(true);
    expect(c[4]).toBeCloseTo(0.9819805060619657, 12);
  });
  it('stays exact over 100,000 flat-then-jumping prices across many re-anchorings', () => {
    const n = 100_000;
    const w = 50;
    const s: number[] = [];
    let p = 64_000;
    for (let i = 0; i < n; i++) {
      if (i % 7 === 0) p += ((i * 7919) % 11) - 5; // steps of whole dollars, flat in between
      s.push(p);
    }
    const z = rollingZScore(s, w);
    for (const t of [w - 1, 777, 5000, 50_003, n - 1]) {
      const ref = naiveZ(
        s.slice(t - w + 1, t + 1).map((v) => v - 64_000),
        w,
      )[w - 1];
      if (Number.isNaN(ref)) expect(Number.isNaN(z[t])).toBe(true);
      else expect(Math.abs(z[t] - ref)).toBeLessThan(1e-12);
    }
  });
});

describe('logReturns, priceStats and kalman edge cases', () => {
  it('puts NaN at index 0 and around NaN prices', () => {
    expect(logReturns([]).length).toBe(0);
    expect(allNaN(logReturns([5]))).toBe(true);
    const r = logReturns([100, 110, NaN, 121]);
    expect(r[1]).toBeCloseTo(Math.log(1.1), 15);
    expect(Number.isNaN(r[2]) && Number.isNaN(r[3])).toBe(true);
  });
  it('summarises empty, single and constant price series without throwing', () => {
    expect(priceStats([], 60).count).toBe(0);
    const one = priceStats([5], 60);
    expect(one.mean).toBe(5);
    expect(Number.isNaN(one.std)).toBe(true);
    const flat = priceStats([7, 7, 7, 7], BARS_PER_YEAR['1m']);
    expect(flat.std).toBe(0);
    expect(flat.annualizedVol).toBe(0);
    expect(flat.lastReturn).toBe(0);
  });
  it('skips NaN prices in the moments like pandas', () => {
    const s = priceStats([1, NaN, 3], 1);
    expect(s.count).toBe(2);
    expect(s.mean).toBe(2);
    expect(s.last).toBe(3);
  });
  it('exports the 365 × 24 h crypto year for each bar interval', () => {
    expect(BARS_PER_YEAR).toEqual({ '1s': 31_536_000, '1m': 525_600, '5m': 105_120 });
  });
  it('starts Kalman from θ = 0 so the first forecast error is y₀, and skips NaN rows', () => {
    const r = kalman([10, NaN, 12, 13], [1, 2, 3, 4]);
    expect(r.spread[0]).toBe(10);
    expect(Number.isNaN(r.spread[1])).toBe(true);
    expect(r.beta[1]).toBe(r.beta[0]);
    expect(Number.isFinite(r.spread[2])).toBe(true);
    // a skipped row only propagates the state: its posterior variance grows by Vw = δ / (1 − δ)
    const vw = 1e-4 / (1 - 1e-4);
    expect(r.betaStd[1] ** 2).toBeCloseTo(r.betaStd[0] ** 2 + vw, 15);
    expect(r.alphaStd[1] ** 2).toBeCloseTo(r.alphaStd[0] ** 2 + vw, 15);
    expect(r.betaStd[2]).toBeLessThan(r.betaStd[1]); // and an observation shrinks it again
    const noA = kalman([2, 4, 6], [1, 2, 3], { intercept: false });
    expect(Array.from(noA.alpha)).toEqual([0, 0, 0]);
    expect(Array.from(noA.alphaStd)).toEqual([0, 0, 0]);
    expect(kalman([], []).beta.length).toBe(0);
  });
});

describe('kalman and huber at lengths 0, 1, 2 and on constant data', () => {
  const vw = 1e-4 / (1 - 1e-4);
  const ve = 1e-3;

  it('makes one Kalman update from θ = 0, P = 0 for a single observation (closed form)', () => {
    const [x, y] = [2, 10];
    const q = vw * (x * x + 1) + ve;
    const r = kalman([y], [x]);
    expect(r.spread[0]).toBe(y);
    expect(r.spreadStd[0]).toBeCloseTo(Math.sqrt(q), 15);
    expect(r.beta[0]).toBeCloseTo((vw * x * y) / q, 14);
    expect(r.alpha[0]).toBeCloseTo((vw * y) / q, 14);
    expect(r.betaStd[0]).toBeCloseTo(Math.sqrt(vw - (vw * x) ** 2 / q), 14);
    expect(r.alphaStd[0]).toBeCloseTo(Math.sqrt(vw - vw ** 2 / q), 14);
  });

  it('gives for two observations the first two steps of any longer run (the filter is causal)', () => {
    const y = [10, 11, 9, 12];
    const x = [2, 3, 2.5, 4];
    const two = kalman(y.slice(0, 2), x.slice(0, 2));
    const four = kalman(y, x);
    for (const k of ['beta', 'alpha', 'spread', 'spreadStd', 'betaStd', 'alphaStd'] as const) {
      expect(Array.from(two[k]), k).toEqual(Array.from(four[k].subarray(0, 2)));
    }
    expect(Math.abs(two.spread[1])).toBeLessThan(Math.abs(two.spread[0]));
  });

  it('tracks constant prices: finite states, a forecast error shrinking towards 0 and a bounded β std', () => {
    const n = 200;
    const r = kalman(new Array(n).fill(5), new Array(n).fill(2));
    expect(Array.from(r.beta).every(Number.isFinite)).toBe(true);
    // the error halves about every step until it is exactly 0 (the fitted value rounds to y)
    for (let t = 1; t < n; t++) {
      expect(Math.abs(r.spread[t])).toBeLessThanOrEqual(Math.abs(r.spread[t - 1]));
    }
    expect(Math.abs(r.spread[30])).toBeLessThan(1e-6);
    expect(2 * r.beta[n - 1] + r.alpha[n - 1]).toBeCloseTo(5, 3);
    // β and α are not separately identified by a constant x, so their stds keep growing, but slowly
    expect(r.betaStd[n - 1]).toBeGreaterThan(r.betaStd[0]);
    expect(r.betaStd[n - 1]).toBeLessThan(Math.sqrt(n * vw));
  });

  it('returns NaN estimates with empty or one-element weights and residuals for huber of 0 or 1 points', () => {
    const zero = huber([], []);
    expect(Number.isNaN(zero.beta) && Number.isNaN(zero.alpha) && Number.isNaN(zero.scale)).toBe(true);
    expect(zero.iterations).toBe(0);
    expect(zero.weights.length).toBe(0);
    expect(zero.residuals.length).toBe(0);
    const one = huber([1], [2]);
    expect(Number.isNaN(one.beta)).toBe(true);
    expect(one.iterations).toBe(0);
    expect(allNaN(one.weights) && one.weights.length === 1).toBe(true);
    expect(allNaN(one.residuals) && one.residuals.length === 1).toBe(true);
    expect(() => huber([1, 2], [1])).toThrow(/same length/);
  });
});
