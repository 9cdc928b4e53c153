// Why: "how often would this rule have fired?" must answer with the live semantics, so the history is fed
// bar by bar through a fresh engine (the same step function as live), never through a vectorised copy of
// the rules that could drift from it.
import { createAlertEngine } from './engine';
import { barsToRead, computeMetric, MetricMemo, type AlertBars } from './metrics';
import type { AlertRule } from './types';

/** Most recent bars a pair rule is backtested over: each bar is one pairAnalytics over the rule's lookback
 * (~0.3 ms for a 60-bar window), so 2,000 bars stay under a second in the storage worker. */
export const MAX_BACKTEST_BARS = 2_000;

export interface MetricSeries {
  /** Bar open times (ms), increasing. */
  time: Float64Array;
  /** Metric value per bar; NaN = missing. */
  value: Float64Array;
}

export interface BacktestOptions {
  /** Optional age of the data behind each value (ms); without it no bar is stale (now = bar time). */
  dataAgeMs?: Float64Array;
  staleMultiple?: number;
}

export interface BacktestResult {
  /** Firings to mark on a chart: bar time and metric value. */
  firings: MetricSeries;
  counts: {
    bars: number;
    fired: number;
    /** Firings the cooldown swallowed. */
    suppressed: number;
    missing: number;
    stale: number;
  };
}

/** Replay a rule over a stored metric history with fresh state (the rule is treated as enabled). */
export function backtestRule(
  rule: AlertRule,
  series: MetricSeries,
  opts: BacktestOptions = {},
): BacktestResult {
  const n = Math.min(series.time.length, series.value.length);
  const engine = createAlertEngine({
    rules: [{ ...rule, enabled: true }],
    staleMultiple: opts.staleMultiple,
  });
  const ft: number[] = [];
  const fv: number[] = [];
  let missing = 0;
  let stale = 0;
  for (let i = 0; i < n; i++) {
    const barTime = series.time[i];
    const age = opts.dataAgeMs?.[i];
    const events = engine.evaluate(
      rule.id,
      age === undefined
        ? { barTime, value: series.value[i] }
        : { barTime, value: series.value[i], dataAgeMs: age },
      barTime,
    );
    const s = engine.state(rule.id)!.status;
    if (s === 'missing') missing++;
    else if (s === 'stale') stale++;
    for (const e of events) {
      ft.push(e.barTime);
      fv.push(e.value);
    }
  }
  const st = engine.state(rule.id)!;
  return {
    firings: { time: Float64Array.from(ft), value: Float64Array.from(fv) },
    counts: { bars: n, fired: st.fired, suppressed: st.suppressed, missing, stale },
  };
}

export type MetricHistory =
  | {
      ok: true;
      /** Every value is computed from bars up to its own bar, as the live rule sees them (no look-ahead). */
      series: MetricSeries;
      /** Bars of history left out because only the newest MAX_BACKTEST_BARS are replayed. */
      skipped: number;
    }
  | { ok: false; reason: string };

/** First index i with a[i] >= t (a increasing). */
function lowerBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A rule's metric at every bar of a history, for backtestRule, computed by the live code path itself: at each
 * bar time both legs share, computeMetric sees exactly what the live evaluation sees when that bar is
 * finalised (the last barsToRead(rule) final bars of each leg up to that bar, never a later one). So an
 * OLS/Huber/Kalman fit is the trailing fit the live rule uses, free of look-ahead, and the ADF p-value can be
 * backtested too. Staleness has no per-bar history. Only the newest `maxBars` shared bar times are replayed.
 */
export function metricHistory(
  rule: AlertRule,
  y: AlertBars,
  x?: AlertBars,
  maxBars = MAX_BACKTEST_BARS,
): MetricHistory {
  const cut = (b: AlertBars): { time: Float64Array; close: Float64Array } => {
    const k = Math.min(b.finalCount ?? b.openTime.length, b.openTime.length, b.close.length);
    return { time: b.openTime.subarray(0, k), close: b.close.subarray(0, k) };
  };
  if (rule.metric === 'lastPrice') {
    const b = cut(y);
    return { ok: true, series: { time: b.time, value: b.close }, skipped: 0 };
  }
  if (rule.metric === 'staleness') {
    return { ok: false, reason: `${rule.metric} has no per-bar history to backtest` };
  }
  if (!x) return { ok: false, reason: 'a pair metric needs the bars of both legs' };
  const yb = cut(y);
  const xb = cut(x);
  // bar times both legs have: the times a live pair observation can carry (inner join)
  const common: number[] = [];
  for (let i = 0, j = 0; i < yb.time.length && j < xb.time.length;) {
    if (yb.time[i] === xb.time[j]) {
      common.push(yb.time[i]);
      i++;
      j++;
    } else if (yb.time[i] < xb.time[j]) i++;
    else j++;
  }
  const skipped = Math.max(0, common.length - maxBars);
  const read = barsToRead(rule);
  const upTo = (b: { time: Float64Array; close: Float64Array }, t: number): AlertBars => {
    const end = lowerBound(b.time, t) + 1; // b.time[end - 1] === t
    const start = Math.max(0, end - read);
    return { openTime: b.time.subarray(start, end), close: b.close.subarray(start, end) };
  };
  const n = common.length - skipped;
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  const memo = new MetricMemo();
  for (let k = 0; k < n; k++) {
    const t = common[skipped + k];
    const bars = { [rule.pair.x]: upTo(xb, t), [rule.pair.y]: upTo(yb, t) };
    const obs = computeMetric(rule, { now: t, bars: (symbol) => bars[symbol] }, memo);
    time[k] = t;
    value[k] = obs.barTime === t ? obs.value : NaN;
  }
  return { ok: true, series: { time, value }, skipped };
}
