// Why: "how often would this rule have fired?" must answer with the live semantics, so the history is fed
// bar by bar through a fresh engine (the same step function as live), never through a vectorised copy of
// the rules that could drift from it.
import { pairAnalytics } from '../analytics';
import { createAlertEngine } from './engine';
import type { AlertBars } from './metrics';
import type { AlertRule } from './types';

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
  { ok: true; series: MetricSeries; lookAhead: boolean } | { ok: false; reason: string };

/**
 * A rule's metric over a whole bar history, for backtestRule. Pair metrics come from one pairAnalytics run,
 * so with OLS/Huber every value uses the whole-window fit (lookAhead: true), unlike the live value at that
 * bar; rolling OLS and Kalman are free of look-ahead. adfPValue and staleness have no per-bar history.
 */
export function metricHistory(rule: AlertRule, y: AlertBars, x?: AlertBars): MetricHistory {
  const cut = (b: AlertBars): { time: Float64Array; close: Float64Array } => {
    const k = Math.min(b.finalCount ?? b.openTime.length, b.openTime.length, b.close.length);
    return { time: b.openTime.subarray(0, k), close: b.close.subarray(0, k) };
  };
  if (rule.metric === 'lastPrice') {
    const b = cut(y);
    return { ok: true, series: { time: b.time, value: b.close }, lookAhead: false };
  }
  if (rule.metric === 'staleness' || rule.metric === 'adfPValue') {
    return { ok: false, reason: `${rule.metric} has no per-bar history to backtest` };
  }
  if (!x) return { ok: false, reason: 'a pair metric needs the bars of both legs' };
  let r;
  try {
    r = pairAnalytics({ y: cut(y), x: cut(x), method: rule.method, window: rule.window });
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
  const value =
    rule.metric === 'zscore'
      ? r.zScore
      : rule.metric === 'spread'
        ? r.spread
        : rule.metric === 'correlation'
          ? r.corrReturns
          : r.beta;
  return { ok: true, series: { time: r.time, value }, lookAhead: r.lookAhead };
}
