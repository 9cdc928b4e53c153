// Why: "how often would this rule have fired?" must give exactly what the live engine would have done.
import { describe, expect, it } from 'vitest';
import { backtestRule, createAlertEngine, metricHistory, type AlertRule } from '../../../src/alerts';
import { pairAnalytics } from '../../../src/analytics';
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
  it('gives the dashboard z-score series of the pair, flagging look-ahead for static fits', () => {
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
    expect(Array.from(h.series.value)).toEqual(Array.from(ref.zScore));
    expect(h.lookAhead).toBe(false);
    const ols = metricHistory(rule({ method: 'ols', metric: 'hedgeRatio', threshold: 1 }), y, x);
    expect(ols.ok && ols.lookAhead).toBe(true);
  });

  it('refuses metrics without a per-bar history and pair metrics without the second leg', () => {
    const { y } = syntheticPair(50);
    expect(metricHistory(rule({ metric: 'adfPValue', threshold: 0.05 }), y, y)).toMatchObject({ ok: false });
    expect(metricHistory(rule({ metric: 'zscore' }), y)).toEqual({
      ok: false,
      reason: 'a pair metric needs the bars of both legs',
    });
    const lp = metricHistory(rule({ metric: 'lastPrice', symbol: 'BTCUSDT', threshold: 1 }), y);
    expect(lp.ok && Array.from(lp.series.value)).toEqual(Array.from(y.close));
  });
});
