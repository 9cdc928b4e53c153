// Why: the metric values alerts fire on must be the dashboard's own analytics at the newest final bar, and
// one pair computation must serve every rule that shares (pair, timeframe, method, window).
import { describe, expect, it } from 'vitest';
import {
  barsToReadAll,
  computeMetric,
  computeMetrics,
  createAlertEngine,
  createMetricMemo,
  type AlertBars,
  type MetricContext,
} from '../../../src/alerts';
import { adf, logReturns, ols, rollingCorrelation, rollingOls, rollingZScore } from '../../../src/analytics';
import { MIN, T0, rule } from './helpers';
import { syntheticPair } from './synthetic';

const N = 200;
const { y, x } = syntheticPair(N);
const last = T0 + (N - 1) * MIN;

function ctx(
  bars: Record<string, AlertBars>,
  now = last + MIN,
  extra: Partial<MetricContext> = {},
): MetricContext {
  return { bars: (s) => bars[s], now, ...extra };
}
const both = ctx({ BTCUSDT: y, ETHUSDT: x });

describe('computeMetric for pair metrics', () => {
  it('returns the rolling z-score of the rolling-OLS spread at the newest bar, as the analytics compute it', () => {
    const spread = rollingOls(y.close, x.close, 40).spread;
    const z = rollingZScore(spread, 40);
    const obs = computeMetric(rule({ method: 'rollingOls', window: 40 }), both);
    expect(obs.value).toBe(z[N - 1]);
    expect(obs.barTime).toBe(last);
    expect(obs.dataAgeMs).toBe(MIN);
  });

  it('returns the z-score of the static OLS residuals over the rule’s lookback (window × 4 + 50 bars) for method ols', () => {
    const L = 30 * 4 + 50;
    expect(N).toBeGreaterThan(L); // the fit must not use the older bars
    const z = rollingZScore(ols(y.close.subarray(N - L), x.close.subarray(N - L)).residuals, 30);
    expect(computeMetric(rule({ method: 'ols', window: 30 }), both).value).toBeCloseTo(z[L - 1], 12);
  });

  it('returns spread, hedge ratio, log-return correlation and the ADF p-value of the spread', () => {
    const ro = rollingOls(y.close, x.close, 40);
    const base = { method: 'rollingOls' as const, window: 40 };
    expect(computeMetric(rule({ ...base, metric: 'spread' }), both).value).toBe(ro.spread[N - 1]);
    expect(computeMetric(rule({ ...base, metric: 'hedgeRatio' }), both).value).toBe(ro.beta[N - 1]);
    const corr = rollingCorrelation(logReturns(y.close), logReturns(x.close), 40);
    expect(computeMetric(rule({ ...base, metric: 'correlation', threshold: 0.5 }), both).value).toBeCloseTo(
      corr[N - 1],
      12,
    );
    const p = adf(ro.spread.subarray(39)).pValue;
    expect(computeMetric(rule({ ...base, metric: 'adfPValue', threshold: 0.05 }), both).value).toBeCloseTo(
      p,
      12,
    );
  });

  it('uses only final bars and dates the data by the older leg', () => {
    const yLagging = { ...y, finalCount: N - 3 };
    const obs = computeMetric(rule(), ctx({ BTCUSDT: yLagging, ETHUSDT: { ...x, finalCount: N - 1 } }));
    expect(obs.barTime).toBe(T0 + (N - 4) * MIN);
    expect(obs.dataAgeMs).toBe(last + MIN - (T0 + (N - 4) * MIN));
  });

  it('reports missing values with a reason: no bars, an unfilled window, no ADF', () => {
    const none = computeMetric(rule(), ctx({ BTCUSDT: y }));
    expect(none.value).toBeNaN();
    expect(none.reason).toBe('no final 1m bars for ETHUSDT');
    const short = syntheticPair(10);
    const unfilled = computeMetric(rule({ window: 60 }), ctx({ BTCUSDT: short.y, ETHUSDT: short.x }));
    expect(unfilled.value).toBeNaN();
    expect(unfilled.reason).toMatch(/z-score is undefined at the last bar \(window 60, 10 aligned bars/);
    const noAdf = computeMetric(
      rule({ metric: 'adfPValue', threshold: 0.05 }),
      ctx({ BTCUSDT: short.y, ETHUSDT: short.x }),
    );
    expect(noAdf.reason).toMatch(/ADF needs at least 20/);
  });
});

describe('computeMetric for symbol metrics', () => {
  it('returns the last final close for lastPrice', () => {
    const obs = computeMetric(rule({ metric: 'lastPrice', symbol: 'ETHUSDT', threshold: 100 }), both);
    expect(obs).toEqual({ barTime: last, value: x.close[N - 1], dataAgeMs: MIN });
  });

  it('returns seconds since the last trade for staleness, or a lower bound from the newest bar', () => {
    const r = rule({ metric: 'staleness', symbol: 'BTCUSDT', threshold: 30 });
    const now = last + 5 * MIN;
    const withTrade = computeMetric(r, ctx({ BTCUSDT: y }, now, { lastTradeTime: () => now - 42_000 }));
    expect(withTrade).toEqual({ barTime: now, value: 42, dataAgeMs: 0 });
    // newest bar opened at `last` and ended at last + 1 min: at least 4 min without a trade
    expect(computeMetric(r, ctx({ BTCUSDT: y }, now)).value).toBe(240);
    expect(computeMetric(r, ctx({}, now)).reason).toBe('no trades or 1m bars for BTCUSDT');
  });
});

describe('computeMetrics', () => {
  it('runs the pair analytics once per (pair, timeframe, method, window) and again only on a new bar', () => {
    const rules = [
      rule({ id: 'a' }),
      rule({ id: 'b', condition: 'below', threshold: -2 }),
      rule({ id: 'c', metric: 'spread', threshold: 5 }),
      rule({ id: 'd', metric: 'hedgeRatio', threshold: 3 }),
      rule({ id: 'e', window: 30 }),
      rule({ id: 'f', metric: 'lastPrice', symbol: 'BTCUSDT', threshold: 1 }),
      rule({ id: 'g', enabled: false, method: 'kalman' }),
    ];
    const memo = createMetricMemo();
    const bars: Record<string, AlertBars> = {
      BTCUSDT: { ...y, finalCount: N - 1 },
      ETHUSDT: { ...x, finalCount: N - 1 },
    };
    const first = computeMetrics(rules, ctx(bars), memo);
    expect(memo.computations).toBe(2);
    expect([...first.keys()]).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(first.get('a')!.value).toBe(first.get('b')!.value);
    computeMetrics(rules, ctx(bars), memo);
    expect(memo.computations).toBe(2);
    bars.BTCUSDT = y;
    bars.ETHUSDT = x;
    const next = computeMetrics(rules, ctx(bars), memo);
    expect(memo.computations).toBe(4);
    expect(next.get('a')!.barTime).toBe(last);
  });

  it('feeds the engine end to end: a rule on the real z-score fires when the threshold is below it', () => {
    const z = computeMetric(rule(), both).value;
    const rules = [rule({ id: 'hit', threshold: z - 0.5 }), rule({ id: 'miss', threshold: z + 0.5 })];
    const engine = createAlertEngine({ rules, clock: () => 1 });
    const events = engine.evaluateAll(computeMetrics(rules, both), last + MIN);
    expect(events.map((e) => [e.ruleId, e.value, e.barTime])).toEqual([['hit', z, last]]);
    expect(engine.state('miss')!.status).toBe('armed');
  });

  it('marks a pair rule stale when one leg stops getting bars', () => {
    const rules = [rule({ threshold: -100 })];
    const engine = createAlertEngine({ rules });
    const lagging = ctx({ BTCUSDT: y, ETHUSDT: { ...x, finalCount: N - 10 } });
    expect(engine.evaluateAll(computeMetrics(rules, lagging), lagging.now)).toEqual([]);
    expect(engine.state('r1')!.status).toBe('stale');
  });
});

describe('barsToReadAll', () => {
  it('is the most bars any enabled rule reads, ignores disabled rules and is 0 without rules', () => {
    const small = rule({ id: 'a', window: 10 }); // 2 × (4 × 10 + 50) = 180
    const big = rule({ id: 'b', window: 100 }); // 2 × (4 × 100 + 50) = 900
    const price = rule({ id: 'c', metric: 'lastPrice', symbol: 'BTCUSDT' }); // 50
    expect(barsToReadAll([small, big, price])).toBe(900);
    expect(barsToReadAll([small, { ...big, enabled: false }, price])).toBe(180);
    expect(barsToReadAll([price])).toBe(50);
    expect(barsToReadAll([])).toBe(0);
  });
});
