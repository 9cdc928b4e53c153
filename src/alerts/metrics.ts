// Why: turns bar series into the one value per rule the engine needs, with the dashboard's own analytics
// (pairAnalytics: same methods, window, raw prices, inner join), so an alert never disagrees with the chart.
// pairAnalytics (with its ADF) is the expensive part: it runs once per (pair, timeframe, method, window)
// per new bar and is shared by every rule with that key.
import { pairAnalytics, type PairAnalyticsResult } from '../analytics';
import { INTERVAL_MS, type Interval } from '../domain/types';
import { SYMBOL_METRICS, type AlertRule, type MetricObservation } from './types';

/** Columnar bars as the storage worker returns them (BarColumns fits); only the final bars are used. */
export interface AlertBars {
  openTime: Float64Array;
  close: Float64Array;
  /** Number of leading final bars (default: all). */
  finalCount?: number;
}

export interface MetricContext {
  bars(symbol: string, timeframe: Interval): AlertBars | null | undefined;
  /** Evaluation time (ms): wall time live, bar time in a replay. */
  now: number;
  /** Time (ms) of the symbol's last trade, for 'staleness' (else estimated from the bars, see below). */
  lastTradeTime?(symbol: string): number | null | undefined;
  /** Only the last N aligned bars go into pairAnalytics (its `lastN`); default lookbackBars(rule). */
  lookback?: number;
}

interface MemoEntry {
  stamp: string;
  result: PairAnalyticsResult | null;
  error: string | null;
}

/** Shares pairAnalytics results across rules; an entry is recomputed when either leg gains a final bar. */
export class MetricMemo {
  private readonly entries = new Map<string, MemoEntry>();
  /** How many times pairAnalytics actually ran (for tests and diagnostics). */
  computations = 0;

  get(key: string, stamp: string, compute: () => PairAnalyticsResult): MemoEntry {
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) return hit;
    this.computations++;
    let entry: MemoEntry;
    try {
      entry = { stamp, result: compute(), error: null };
    } catch (e) {
      entry = { stamp, result: null, error: e instanceof Error ? e.message : String(e) };
    }
    this.entries.set(key, entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}

export function createMetricMemo(): MetricMemo {
  return new MetricMemo();
}

/**
 * Aligned final bars a pair rule's metric is computed over: enough for the window's rolling fit, z-score and
 * correlation to settle, and the same for the live value and the alert backtest at every bar.
 */
export function lookbackBars(rule: AlertRule): number {
  return rule.window * 4 + 50;
}

/**
 * Bars of each leg to read for a rule: twice its lookback, so gaps in one leg still leave enough aligned; a
 * symbol rule needs only the newest final bar, but bars still inside the finality grace come after it.
 */
export function barsToRead(rule: AlertRule): number {
  return SYMBOL_METRICS.includes(rule.metric) ? 50 : 2 * lookbackBars(rule);
}

/**
 * Bars of each leg to read for one evaluation of a rule set: the most any enabled rule needs (0 without one).
 * Every evaluation path (finalised batch, clock tick) reads this many, whichever of the rules it evaluates,
 * so a leg's bars, and with them the memo's stamp, are the same in both and the shared computation is reused.
 */
export function barsToReadAll(rules: readonly AlertRule[]): number {
  let n = 0;
  for (const r of rules) if (r.enabled) n = Math.max(n, barsToRead(r));
  return n;
}

/** Key of the shared pair computation a rule needs. */
export function pairKey(rule: AlertRule, lookback?: number): string {
  return `${rule.pair.y}|${rule.pair.x}|${rule.timeframe}|${rule.method}|${rule.window}|${lookback ?? ''}`;
}

function finalBars(b: AlertBars | null | undefined): { time: Float64Array; close: Float64Array } | null {
  if (!b) return null;
  const n = Math.min(b.finalCount ?? b.openTime.length, b.openTime.length, b.close.length);
  if (n <= 0) return null;
  return { time: b.openTime.subarray(0, n), close: b.close.subarray(0, n) };
}

const missing = (barTime: number, reason: string): MetricObservation => ({ barTime, value: NaN, reason });

function symbolMetric(rule: AlertRule, ctx: MetricContext): MetricObservation {
  const symbol = rule.symbol ?? rule.pair.y;
  const raw = ctx.bars(symbol, rule.timeframe);
  if (rule.metric === 'staleness') {
    // barTime = now: staleness changes with the clock, not with bars
    const traded = ctx.lastTradeTime?.(symbol);
    if (typeof traded === 'number' && Number.isFinite(traded)) {
      return { barTime: ctx.now, value: Math.max(0, ctx.now - traded) / 1000, dataAgeMs: 0 };
    }
    // no trade time: the newest bar (forming one included) ended at openTime + Δ, so its last trade is
    // no later than that; now − (openTime + Δ) is a lower bound, which never fires early
    const n = raw ? Math.min(raw.openTime.length, raw.close.length) : 0;
    if (!raw || n === 0) return missing(ctx.now, `no trades or ${rule.timeframe} bars for ${symbol}`);
    const end = raw.openTime[n - 1] + INTERVAL_MS[rule.timeframe];
    return { barTime: ctx.now, value: Math.max(0, ctx.now - end) / 1000, dataAgeMs: 0 };
  }
  const bars = finalBars(raw);
  if (!bars) return missing(NaN, `no final ${rule.timeframe} bars for ${symbol}`);
  const last = bars.time.length - 1;
  const t = bars.time[last];
  return { barTime: t, value: bars.close[last], dataAgeMs: ctx.now - t };
}

function pairValue(rule: AlertRule, r: PairAnalyticsResult, i: number): { value: number; reason?: string } {
  const undef = (what: string): string =>
    `${what} is undefined at the last bar (window ${rule.window}, ${r.n} aligned bars; constant or too short?)`;
  switch (rule.metric) {
    case 'zscore':
      return { value: r.zScore[i], reason: undef('z-score') };
    case 'spread':
      return { value: r.spread[i], reason: undef('spread') };
    case 'correlation':
      return { value: r.corrReturns[i], reason: undef('return correlation') };
    case 'hedgeRatio':
      return { value: r.beta[i], reason: undef('hedge ratio') };
    case 'adfPValue':
      return { value: r.adf ? r.adf.pValue : NaN, reason: r.adfReason ?? 'ADF could not be computed' };
    default:
      return { value: NaN, reason: `${rule.metric} is not a pair metric` };
  }
}

/** The metric value of one rule at the newest final bar(s). Never throws: problems come back as NaN + reason. */
export function computeMetric(
  rule: AlertRule,
  ctx: MetricContext,
  memo: MetricMemo = new MetricMemo(),
): MetricObservation {
  if (rule.metric === 'lastPrice' || rule.metric === 'staleness') return symbolMetric(rule, ctx);
  const y = finalBars(ctx.bars(rule.pair.y, rule.timeframe));
  const x = finalBars(ctx.bars(rule.pair.x, rule.timeframe));
  if (!y || !x) {
    return missing(NaN, `no final ${rule.timeframe} bars for ${!y ? rule.pair.y : rule.pair.x}`);
  }
  const yLast = y.time[y.time.length - 1];
  const xLast = x.time[x.time.length - 1];
  const stamp = `${y.time.length}:${yLast}:${x.time.length}:${xLast}`;
  const lastN = ctx.lookback ?? lookbackBars(rule);
  const entry = memo.get(pairKey(rule, lastN), stamp, () =>
    pairAnalytics({ y, x, method: rule.method, window: rule.window, lastN }),
  );
  const r = entry.result;
  if (!r) return missing(NaN, `analytics failed: ${entry.error ?? 'unknown error'}`);
  if (r.n === 0)
    return missing(NaN, `${rule.pair.y} and ${rule.pair.x} have no common ${rule.timeframe} bars`);
  const i = r.n - 1;
  const { value, reason } = pairValue(rule, r, i);
  const obs: MetricObservation = {
    barTime: r.time[i],
    value,
    // the older leg decides: a pair is only as fresh as its stalest symbol
    dataAgeMs: ctx.now - Math.min(yLast, xLast),
  };
  if (!Number.isFinite(value) && reason !== undefined) obs.reason = reason;
  return obs;
}

/** Observations for many rules at once (disabled rules skipped), sharing one memo. */
export function computeMetrics(
  rules: readonly AlertRule[],
  ctx: MetricContext,
  memo: MetricMemo = new MetricMemo(),
): Map<string, MetricObservation> {
  const out = new Map<string, MetricObservation>();
  for (const rule of rules) if (rule.enabled) out.set(rule.id, computeMetric(rule, ctx, memo));
  return out;
}
