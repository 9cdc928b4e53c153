// Why: "how often would this rule have fired?" must give exactly what the live engine would have done.
import { describe, expect, it } from 'vitest';
import {
  BACKTEST_WORK_BUDGET,
  backtestBars,
  backtestRule,
  createAlertEngine,
  lookbackBars,
  metricHistory,
  type AlertRule,
} from '../../../src/alerts';
import { ols, pairAnalytics, rollingZScore } from '../../../src/analytics';
import { MIN, T0, rule } from './helpers';
import { syntheticPair } from './synthetic';

function series(values: number[]): { time: Float64Array; value: Float64Array } {
  return { time: Float64Array.from(values, (_, i) => T0 + i * MIN), value: Float64Array.from(values) };
}

describe('backtestRule', () => {
  it('returns the same firings as feeding a fresh engine bar by bar', () => {
    const n = 2_000;
    const values = Array.from(
      { length: n },
      (_, i) => 2.5 * Math.sin(i / 7) + Math.sin(i / 1.3) + (i % 97 === 0 ? NaN : 0),
    );
    const rules: AlertRule[] = [
      rule({ cooldownMs: 5 * MIN }),
      rule({ condition: 'crossesBelow', threshold: -1.5, hysteresis: 0.5 }),
      rule({ condition: 'crossesAbove', threshold: 0, cooldownMs: 0 }),
    ];
    for (const r of rules) {
      const s = series(values);
      const bt = backtestRule(r, s);
      const e = createAlertEngine({ rules: [r] });
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        for (const ev of e.evaluate(r.id, { barTime: s.time[i], value: s.value[i] }, s.time[i]))
          times.push(ev.barTime);
      }
      expect(bt.counts.fired).toBeGreaterThan(5);
      expect(Array.from(bt.firings.time)).toEqual(times);
      for (let k = 0; k < times.length; k++) expect(bt.firings.value[k]).toBe(values[(times[k] - T0) / MIN]);
      expect(bt.counts.missing).toBe(Math.ceil(n / 97));
      expect(bt.counts.bars).toBe(n);
    }
  });

  it('counts cooldown suppressions and stale bars, and backtests a disabled rule as if enabled', () => {
    const r = rule({ hysteresis: 0, cooldownMs: 5 * MIN, enabled: false });
    const bt = backtestRule(r, series([1, 3, 1, 3, 3, 3, 3, 3, 3]), {
      dataAgeMs: Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1e9]),
    });
    expect(Array.from(bt.firings.time)).toEqual([T0 + MIN, T0 + 6 * MIN]);
    expect(bt.counts).toEqual({ bars: 9, fired: 2, suppressed: 3, missing: 0, stale: 1 });
  });
});

describe('metricHistory', () => {
  it('gives the dashboard z-score series for a rolling fit, which depends only on trailing bars', () => {
    const { y, x } = syntheticPair(300);
    const h = metricHistory(rule({ method: 'rollingOls', window: 30 }), y, x);
    const ref = pairAnalytics({
      y: { time: y.openTime, close: y.close },
      x: { time: x.openTime, close: x.close },
      method: 'rollingOls',
      window: 30,
    });
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(h.series.time).toEqual(ref.time);
    for (let i = 0; i < ref.n; i++) {
      if (Number.isNaN(ref.zScore[i])) expect(h.series.value[i]).toBeNaN();
      else
        expect(Math.abs(h.series.value[i] - ref.zScore[i])).toBeLessThan(
          1e-9 * Math.max(1, Math.abs(ref.zScore[i])),
        );
    }
    // no look-ahead flag: the history is always trailing, so the result has only these fields
    expect(Object.keys(h).sort()).toEqual(['ok', 'series', 'skipped']);
  });

  it('fits a static OLS hedge on the trailing lookback at each bar, as the live rule does, never on later bars', () => {
    const { y, x } = syntheticPair(300);
    const window = 30;
    const L = lookbackBars(rule({ window }));
    const h = metricHistory(rule({ method: 'ols', window }), y, x);
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    for (const k of [60, L - 1, L, 299]) {
      const from = Math.max(0, k + 1 - L);
      const fit = ols(y.close.subarray(from, k + 1), x.close.subarray(from, k + 1));
      const z = rollingZScore(fit.residuals, window);
      expect(h.series.value[k]).toBeCloseTo(z[z.length - 1], 9);
    }
    // the whole-history fit (look-ahead) would give other values
    const whole = rollingZScore(ols(y.close, x.close).residuals, window);
    expect(Math.abs(h.series.value[100] - whole[100])).toBeGreaterThan(1e-6);
  });

  it('backtests the ADF p-value bar by bar, and refuses staleness and a pair metric without its second leg', () => {
    const { y, x } = syntheticPair(120);
    const p = metricHistory(
      rule({ method: 'rollingOls', window: 20, metric: 'adfPValue', threshold: 0.05 }),
      y,
      x,
    );
    expect(p.ok).toBe(true);
    if (p.ok) {
      const last = p.series.value[p.series.value.length - 1];
      expect(last).toBeGreaterThanOrEqual(0);
      expect(last).toBeLessThanOrEqual(1);
    }
    expect(metricHistory(rule({ metric: 'staleness', threshold: 5 }), y, x)).toEqual({
      ok: false,
      reason: 'staleness has no per-bar history to backtest',
    });
    expect(metricHistory(rule({ metric: 'zscore' }), y)).toEqual({
      ok: false,
      reason: 'a pair metric needs the bars of both legs',
    });
    const lp = metricHistory(rule({ metric: 'lastPrice', symbol: 'BTCUSDT', threshold: 1 }), y);
    expect(lp.ok && Array.from(lp.series.value)).toEqual(Array.from(y.close));
  });

  it('replays only the newest bars when the history is longer than the limit, and says how many it left out', () => {
    const { y, x } = syntheticPair(300);
    const h = metricHistory(rule({ method: 'rollingOls', window: 30 }), y, x, 100);
    expect(h.ok && h.skipped).toBe(200);
    expect(h.ok && h.series.time.length).toBe(100);
    expect(h.ok && h.series.time[0]).toBe(y.openTime[200]);
    const lp = metricHistory(
      rule({ metric: 'lastPrice', symbol: 'BTCUSDT', threshold: 1 }),
      y,
      undefined,
      50,
    );
    expect(lp.ok && lp.skipped).toBe(250);
    expect(lp.ok && Array.from(lp.series.value)).toEqual(Array.from(y.close.subarray(250)));
  });
});

describe('backtestBars', () => {
  it('divides the work budget by the bars each replayed bar refits, between 1 and 2,000 bars', () => {
    expect(BACKTEST_WORK_BUDGET).toBe(400_000);
    expect(backtestBars(rule({ window: 5 }))).toBe(2_000); // lookback 70: the cap
    expect(backtestBars(rule({ window: 60 }))).toBe(1_379); // lookback 290
    expect(backtestBars(rule({ window: 2_000 }))).toBe(49); // lookback 8,050
    // a lookback longer than the aligned history refits only what there is
    expect(backtestBars(rule({ window: 2_000 }), 4_000)).toBe(100);
    // no floor above 1: one bar at this size already refits 400,050 bars (over a second)
    expect(backtestBars(rule({ window: 100_000 }))).toBe(1);
    // a last-price rule is a stored close per bar: one unit each
    expect(backtestBars(rule({ metric: 'lastPrice', symbol: 'BTCUSDT', threshold: 1 }))).toBe(400_000);
  });
});
