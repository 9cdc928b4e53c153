// Why: a backtest is only worth something if the position and equity at bar t depend on nothing after t.
// Property-style: random perturbations of future bars (seeded) never change the past, both for the engine
// itself and end to end through pairAnalytics with the causal hedge ratios (rolling OLS, Kalman).
import { describe, expect, it } from 'vitest';
import {
  backtest,
  backtestInputFromPair,
  pairAnalytics,
  type BacktestResult,
  type HedgeMethod,
} from '../../../src/analytics';
import { normal, prng, randomInput } from './random';

function samePast(a: BacktestResult, b: BacktestResult, t: number): boolean {
  for (let i = 0; i <= t; i++) {
    if (a.bars.position[i] !== b.bars.position[i] || !Object.is(a.bars.equity[i], b.bars.equity[i]))
      return false;
  }
  return true;
}

describe('backtest uses no future bar', () => {
  it('never changes position or equity at bars ≤ t when any bars after t are perturbed (200 random trials)', () => {
    const n = 400;
    const base = randomInput(n, 7);
    const ref = backtest(base);
    expect(ref.summary.trades).toBeGreaterThan(5);
    const rand = prng(11);
    for (let trial = 0; trial < 200; trial++) {
      const t = Math.floor(rand() * (n - 1));
      const y = Float64Array.from(base.y);
      const x = Float64Array.from(base.x);
      const z = Float64Array.from(base.zscore);
      const beta = Float64Array.from(base.beta as Float64Array);
      const count = 1 + Math.floor(rand() * 20);
      for (let k = 0; k < count; k++) {
        const i = t + 1 + Math.floor(rand() * (n - t - 1));
        y[i] += normal(rand) * 50;
        x[i] += normal(rand) * 5;
        z[i] = rand() < 0.2 ? NaN : normal(rand) * 3;
        beta[i] = rand() < 0.2 ? NaN : 10 + rand() * 20;
      }
      const r = backtest({ ...base, y, x, zscore: z, beta });
      expect(samePast(ref, r, t), `trial ${trial}, t = ${t}`).toBe(true);
    }
  });

  it.each<[HedgeMethod]>([['rollingOls'], ['kalman']])(
    'keeps the past of a %s backtest built by backtestInputFromPair when later prices change',
    (method) => {
      const n = 300;
      const base = randomInput(n, 3);
      const barsOf = (close: Float64Array) => ({ time: Float64Array.from(base.time), close });
      const run = (y: Float64Array, x: Float64Array): BacktestResult => {
        const pair = pairAnalytics({ y: barsOf(y), x: barsOf(x), method, window: 30 });
        return backtest({ ...backtestInputFromPair(pair, { feeBps: 1 }), entry: 1.5, exit: 0.25 });
      };
      const ref = run(Float64Array.from(base.y), Float64Array.from(base.x));
      expect(ref.summary.lookAhead).toBe(false);
      expect(ref.summary.trades).toBeGreaterThan(2);
      const rand = prng(5);
      for (let trial = 0; trial < 25; trial++) {
        const t = 40 + Math.floor(rand() * (n - 41));
        const y = Float64Array.from(base.y);
        const x = Float64Array.from(base.x);
        for (let i = t + 1; i < n; i++) {
          y[i] += normal(rand) * 40;
          x[i] += normal(rand) * 2;
        }
        expect(samePast(ref, run(y, x), t), `trial ${trial}, t = ${t}`).toBe(true);
      }
    },
  );

  it('does detect the look-ahead of a whole-window OLS fit, which the summary flags', () => {
    const n = 300;
    const base = randomInput(n, 3);
    const barsOf = (close: Float64Array) => ({ time: Float64Array.from(base.time), close });
    const run = (y: Float64Array): BacktestResult => {
      const pair = pairAnalytics({
        y: barsOf(y),
        x: barsOf(Float64Array.from(base.x)),
        method: 'ols',
        window: 30,
      });
      return backtest({ ...backtestInputFromPair(pair), entry: 1.0, exit: 0.25 });
    };
    const ref = run(Float64Array.from(base.y));
    expect(ref.summary.lookAhead).toBe(true);
    expect(ref.summary.warning).toMatch(/look-ahead/);
    const y = Float64Array.from(base.y);
    for (let i = 250; i < n; i++) y[i] += 500; // a level shift late in the window moves the static β
    expect(samePast(ref, run(y), 240)).toBe(false);
  });
});
