// Why: "how often would this rule have fired?" must answer with the live semantics, so the history is fed
// bar by bar through a fresh engine (the same step function as live), never through a vectorised copy of
// the rules that could drift from it.
import { createAlertEngine } from './engine';
import { barsToRead, computeMetric, lookbackBars, MetricMemo, type AlertBars } from './metrics';
import { SYMBOL_METRICS, type AlertRule } from './types';

/** Most bars a pair rule is backtested over, whatever its window (a small-window rule reaches it). */
export const MAX_BACKTEST_BARS = 2_000;

/**
 * Work a backtest may do, in bar × lookback units: each replayed bar of a pair rule runs pairAnalytics over
 * up to lookbackBars(rule) aligned bars (its fit, z-score, correlation and ADF grow about linearly with that
 * length), and the backtest runs synchronously in the storage worker, beside the live feed. Measured through
 * the storage service over 2 × 172,800 stored 1s bars (2-core machine with other work running): 1.5-3 µs per
 * unit (OLS, Huber, Kalman, rolling OLS; windows 60-100,000), 0.6-1.3 s per backtest, the slowest at
 * window 40,000. Before this budget a window of 2,000 replayed 2,000 bars in 21 s.
 */
export const BACKTEST_WORK_BUDGET = 400_000;

/**
 * Bars to replay for a rule: the work budget divided by what one bar costs (its lookback, or all the aligned
 * history when that is shorter), between 1 and MAX_BACKTEST_BARS. A symbol rule (last price) costs about one
 * unit per bar (a stored close through the engine), so it replays up to BACKTEST_WORK_BUDGET bars.
 * There is no larger floor on purpose: a window of 10,000 already costs ~0.1 s per bar, so a floor of 100 bars
 * would block the worker for 10 s or more; the result says how many bars were left out instead.
 */
export function backtestBars(rule: AlertRule, available = Infinity): number {
  if (SYMBOL_METRICS.includes(rule.metric)) return BACKTEST_WORK_BUDGET;
  const perBar = Math.max(1, Math.min(lookbackBars(rule), available));
  return Math.max(1, Math.min(MAX_BACKTEST_BARS, Math.floor(BACKTEST_WORK_BUDGET / perBar)));
}

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
      /** Bars of the given history left out because only the newest `maxBars` are replayed. */
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
 * backtested too. Staleness has no per-bar history. Only the newest `maxBars` bar times (shared by both legs
 * for a pair rule) are replayed; the bars before them serve only as the first replayed bars' lookback.
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
    const skipped = Math.max(0, b.time.length - maxBars);
    return {
      ok: true,
      series: { time: b.time.subarray(skipped), value: b.close.subarray(skipped) },
      skipped,
    };
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
