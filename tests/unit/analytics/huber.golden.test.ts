// Why: huber against statsmodels RLM(HuberT) with its defaults on real pairs and synthetic outlier data.
import { afterAll, describe, expect, it } from 'vitest';
import { huber, type HuberOptions } from '../../../src/analytics';
import { loadGolden, relErr, seriesErr, track, worst } from './golden';

interface HuberCase {
  name: string;
  /** Non-default options (statsmodels HuberT(t), fit(maxiter, tol)); {} for the defaults. */
  opts: HuberOptions;
  y: number[];
  x: number[];
  alpha: number;
  beta: number;
  scale: number;
  iterations: number;
  weights: number[];
  residuals: number[];
}
const g = loadGolden<{ cases: HuberCase[] }>('analytics-huber.json');

afterAll(() => {
  if (process.env.GOLDEN_REPORT) console.log('worst relative errors', worst);
});

describe('huber against statsmodels RLM with HuberT(t) and its fit(maxiter, tol)', () => {
  for (const c of g.cases) {
    it(`reproduces params, scale, iteration count, weights and residuals for ${c.name}`, () => {
      const r = huber(c.y, c.x, c.opts);
      for (const k of ['alpha', 'beta', 'scale'] as const) {
        expect(track('huber', relErr(r[k], c[k])), k).toBeLessThanOrEqual(1e-6);
      }
      expect(track('huber', seriesErr(r.weights, c.weights)), 'weights').toBeLessThanOrEqual(1e-6);
      expect(track('huber', seriesErr(r.residuals, c.residuals)), 'residuals').toBeLessThanOrEqual(1e-6);
      const maxIter = c.opts.maxIter ?? 50;
      if (c.iterations < maxIter || c.opts.maxIter !== undefined) expect(r.iterations).toBe(c.iterations);
      // statsmodels hit maxiter: its 'dev' criterion divides by the WLS variance, so on log prices the
      // deviance is ~1e7 and its rounding noise never falls under tol = 1e-8; we may settle exactly earlier.
      else expect(r.iterations).toBeLessThanOrEqual(maxIter);
    });
  }

  it('has option cases that really change the fit, so ignoring an option would fail above', () => {
    const base = g.cases.find((c) => c.name === 'synthetic heavy tails with 5% outliers n=2000')!;
    const byName = (n: string) => g.cases.find((c) => c.name === n)!;
    const t2 = byName('synthetic n=2000, HuberT(t=2)');
    const capped = byName('synthetic n=2000, maxiter=3');
    const loose = byName('synthetic n=2000, tol=1e-3');
    expect(t2.opts).toEqual({ t: 2 });
    expect(capped.opts).toEqual({ maxIter: 3 });
    expect(loose.opts).toEqual({ tol: 1e-3 });
    for (const c of [t2, capped, loose]) expect(c.y).toEqual(base.y);
    for (const c of [t2, capped]) expect(relErr(c.beta, base.beta), c.name).toBeGreaterThan(1e-6);
    expect(capped.iterations).toBe(3);
    // a loose tolerance barely moves β (~1e-8) but stops after 10 iterations instead of 17
    expect(loose.iterations).toBeLessThan(base.iterations);
  });
});

describe('huber edge cases', () => {
  it('returns NaN estimates for fewer than three points, NaN input or a constant regressor', () => {
    expect(Number.isNaN(huber([1, 2], [1, 2]).beta)).toBe(true);
    expect(Number.isNaN(huber([1, 2, NaN, 4], [1, 2, 3, 4]).beta)).toBe(true);
    expect(Number.isNaN(huber([1, 2, 3, 4], [5, 5, 5, 5]).beta)).toBe(true);
  });
  it('stops after the first step with the exact line when the data are collinear (zero MAD scale)', () => {
    const r = huber([3, 5, 7, 9, 11], [1, 2, 3, 4, 5]);
    expect(r.beta).toBeCloseTo(2, 12);
    expect(r.alpha).toBeCloseTo(1, 12);
    expect(r.scale).toBe(0);
    expect(r.iterations).toBe(1);
  });
  it('downweights a gross outlier that OLS would chase', () => {
    const x = Array.from({ length: 30 }, (_, i) => i);
    const y = x.map((v, i) => 2 * v + 1 + (i === 29 ? 500 : Math.sin(i)));
    const r = huber(y, x);
    expect(r.weights[29]).toBeLessThan(0.05);
    expect(Math.abs(r.beta - 2)).toBeLessThan(0.1);
  });
});
