// Why: the backtest's robust hedge option (a Huber fit on each trailing window) must equal statsmodels
// RLM(HuberT) fitted window by window on real closes, give the reference backtest when run end to end through
// the app's signal builder, and never use a bar after t for β or z at t (same window as rolling OLS).
import { describe, expect, it } from 'vitest';
import { backtest, pairAnalytics, rollingZScore, type BacktestResult } from '../../../src/analytics';
import { rollingHuber, rollingHuberInputFromPair } from '../../../src/analytics/backtest';
import { createAnalyticsService } from '../../../src/services/analyticsService';
import { nums, seriesErr } from '../analytics/golden';
import { expectMatches, loadCases, toInput, type GoldenCase } from './cases';
import { normal, prng, randomInput } from './random';

const cases = loadCases('backtest-rolling-huber.json');
/** The issue asks for 1e-6; the fits agree to ~1e-14 (same IRLS path, same iteration count in every window). */
const TOL = 1e-9;

const huberOf = (c: GoldenCase) => {
  if (!c.huber) throw new Error(`${c.name} has no Huber reference`);
  return c.huber;
};

/** The app's path: align in the pair pipeline, then the rolling Huber signal, then the backtest. */
function appRun(c: GoldenCase): BacktestResult {
  const time = Float64Array.from(c.input.time);
  const pair = pairAnalytics({
    y: { time, close: Float64Array.from(c.input.y) },
    x: { time, close: Float64Array.from(c.input.x) },
    method: 'rollingOls',
    window: huberOf(c).window,
    barsPerYear: c.input.barsPerYear,
  });
  const input = rollingHuberInputFromPair(pair, { feeBps: c.input.feeBps });
  return backtest({ ...input, entry: c.input.entry, exit: c.input.exit });
}

describe('rolling Huber hedge against statsmodels RLM(HuberT) on each trailing window', () => {
  it('has real 1 s cases with trades, without fees and with fees', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
    expect(cases.some((c) => c.input.feeBps > 0)).toBe(true);
    for (const c of cases) expect(c.expected.trades.length).toBeGreaterThan(0);
  });

  it('fits α, β and the spread of every window to 1e-9 of statsmodels (windows that hit maxiter included), NaN before the window fills', () => {
    const c = cases[0];
    const h = huberOf(c);
    const fit = rollingHuber(c.input.y, c.input.x, h.window);
    expect(seriesErr(fit.beta, h.beta)).toBeLessThanOrEqual(TOL);
    expect(seriesErr(fit.alpha, h.alpha)).toBeLessThanOrEqual(TOL);
    expect(seriesErr(fit.spread, h.spread)).toBeLessThanOrEqual(TOL);
    expect(fit.beta.slice(0, h.window - 1).every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(fit.beta[h.window - 1])).toBe(true);
    // the real data has windows where statsmodels stops at maxiter: the fits must agree there too
    expect(h.iterations.filter((it) => it >= 50).length).toBeGreaterThan(0);
  });

  it('gives the reference z-score (rolling z of that spread over the same window) to 1e-9', () => {
    const c = cases[0];
    const h = huberOf(c);
    const z = rollingZScore(rollingHuber(c.input.y, c.input.x, h.window).spread, h.window);
    expect(seriesErr(z, c.input.zscore)).toBeLessThanOrEqual(TOL);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    'runs the reference backtest on the statsmodels signal: %s',
    (_name, c) => {
      expectMatches(backtest(toInput(c)), c);
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    'gives the reference positions, trades and equity through the app’s signal builder: %s',
    (_name, c) => {
      const r = appRun(c);
      expect(Array.from(r.bars.position)).toEqual(c.expected.bars.position);
      expect(r.trades.length).toBe(c.expected.trades.length);
      expect(seriesErr(r.bars.hedge, c.expected.bars.hedge)).toBeLessThanOrEqual(TOL);
      expect(seriesErr(r.bars.equity, c.expected.bars.equity)).toBeLessThanOrEqual(TOL);
      expect(r.summary.lookAhead).toBe(false);
    },
  );
});

describe('rolling Huber hedge has no look-ahead', () => {
  it('keeps β, z, position and equity at bars ≤ t when every later price is perturbed (20 trials)', () => {
    const n = 240;
    const base = randomInput(n, 9);
    const run = (y: Float64Array, x: Float64Array) => {
      const time = Float64Array.from(base.time);
      const pair = pairAnalytics({
        y: { time, close: y },
        x: { time, close: x },
        method: 'rollingOls',
        window: 25,
      });
      const input = rollingHuberInputFromPair(pair, { feeBps: 1 });
      return { input, result: backtest({ ...input, entry: 1.5, exit: 0.25 }) };
    };
    const ref = run(Float64Array.from(base.y), Float64Array.from(base.x));
    expect(ref.result.summary.trades).toBeGreaterThan(2);
    const rand = prng(13);
    for (let trial = 0; trial < 20; trial++) {
      const t = 30 + Math.floor(rand() * (n - 31));
      const y = Float64Array.from(base.y);
      const x = Float64Array.from(base.x);
      for (let i = t + 1; i < n; i++) {
        y[i] += normal(rand) * 40;
        x[i] += normal(rand) * 2;
      }
      const r = run(y, x);
      const past = (a: ArrayLike<number>) => Array.from(a).slice(0, t + 1);
      expect(past(r.input.beta as Float64Array), `β, trial ${trial}`).toEqual(
        past(ref.input.beta as Float64Array),
      );
      expect(past(r.input.zscore), `z, trial ${trial}`).toEqual(past(ref.input.zscore));
      expect(past(r.result.bars.position)).toEqual(past(ref.result.bars.position));
      expect(past(r.result.bars.equity)).toEqual(past(ref.result.bars.equity));
    }
  });

  it('converts a log-price β to units of X per unit of Y, as the other hedges do', () => {
    const c = cases[0];
    const time = Float64Array.from(c.input.time);
    const pair = pairAnalytics({
      y: { time, close: Float64Array.from(c.input.y) },
      x: { time, close: Float64Array.from(c.input.x) },
      method: 'rollingOls',
      priceTransform: 'log',
      window: 30,
    });
    const input = rollingHuberInputFromPair(pair);
    const logFit = rollingHuber(c.input.y.map(Math.log), c.input.x.map(Math.log), 30);
    const t = c.input.time.length - 1;
    expect(input.beta as Float64Array).toHaveLength(c.input.time.length);
    expect((input.beta as Float64Array)[t]).toBeCloseTo((logFit.beta[t] * c.input.y[t]) / c.input.x[t], 9);
  });

  it('refuses a window too short for a Huber fit with a message', () => {
    expect(() => rollingHuber([1, 2, 3], [1, 2, 4], 2)).toThrow(/window must be at least 3 bars/);
    expect(() => rollingHuber([1, 2, 3], [1, 2], 3)).toThrow(/same length/);
  });
});

describe('rolling Huber hedge through the analytics service', () => {
  it('is accepted as a causal hedge, reported as its own method, and equals the library path', async () => {
    const c = cases[1];
    const time = Float64Array.from(c.input.time);
    const r = await createAnalyticsService().backtest({
      y: { time, close: Float64Array.from(c.input.y) },
      x: { time, close: Float64Array.from(c.input.x) },
      window: 30,
      barsPerYear: c.input.barsPerYear,
      entry: c.input.entry,
      exit: c.input.exit,
      feeBps: c.input.feeBps,
      hedge: 'rollingHuber',
    });
    expect(r.hedge).toBe('rollingHuber');
    expect(r.method).toBe('rollingHuber');
    expect(r.lookAhead).toBe(false);
    expect(r.warning).toBeNull();
    expect(Array.from(r.bars.position)).toEqual(c.expected.bars.position);
    expect(seriesErr(r.bars.equity, c.expected.bars.equity)).toBeLessThanOrEqual(TOL);
    expect(seriesErr(r.bars.z, c.input.zscore)).toBeLessThanOrEqual(TOL);
    expect(nums(c.input.zscore).length).toBe(r.bars.z.length);
  });
});
