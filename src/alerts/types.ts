// Why: the alert vocabulary (rules, observations, log entries) and every default in one place, so the engine,
// the metric computer, the JSON validator and the UI agree on what a rule means. DOM-free and worker-free.
import type { HedgeMethod } from '../analytics';
import type { Interval } from '../domain/types';

export type AlertMetric =
  'zscore' | 'spread' | 'correlation' | 'hedgeRatio' | 'adfPValue' | 'lastPrice' | 'staleness';
export const ALERT_METRICS: readonly AlertMetric[] = [
  'zscore',
  'spread',
  'correlation',
  'hedgeRatio',
  'adfPValue',
  'lastPrice',
  'staleness',
];
/** Metrics of one symbol (they need `rule.symbol`); every other metric is a property of the pair. */
export const SYMBOL_METRICS: readonly AlertMetric[] = ['lastPrice', 'staleness'];

export type AlertCondition = 'above' | 'below' | 'crossesAbove' | 'crossesBelow';
export const ALERT_CONDITIONS: readonly AlertCondition[] = ['above', 'below', 'crossesAbove', 'crossesBelow'];

export const HEDGE_METHODS: readonly HedgeMethod[] = ['ols', 'huber', 'kalman', 'rollingOls'];

export interface AlertRule {
  /** Stable identifier, `^[A-Za-z0-9_-]{1,64}$`; the engine keys its state by it. */
  id: string;
  name: string;
  /** The dashboard pair: y is the dependent leg, x the hedge leg. */
  pair: { y: string; x: string };
  /** lastPrice / staleness only: the symbol watched (any symbol, not necessarily a leg). */
  symbol?: string;
  timeframe: Interval;
  /** Hedge-ratio method and window in bars, exactly as the dashboard's pairAnalytics request. */
  method: HedgeMethod;
  window: number;
  metric: AlertMetric;
  condition: AlertCondition;
  threshold: number;
  /** Re-arm distance in metric units; absent = `defaultHysteresis(metric, threshold)`. */
  hysteresis?: number;
  /** Minimum bar-time distance between two firings (ms); absent = DEFAULT_COOLDOWN_MS. */
  cooldownMs?: number;
  enabled: boolean;
}

/** One metric value of one rule at one bar, as fed to the engine. */
export interface MetricObservation {
  /** Open time (ms) of the bar the value belongs to; for staleness, the evaluation time. */
  barTime: number;
  /** NaN means missing. */
  value: number;
  /** Age of the newest data behind the value (ms); absent = evaluation time − barTime. */
  dataAgeMs?: number;
  /** Why the value is missing, shown as the rule's reason. */
  reason?: string;
}

/** One firing: exactly the alert-log row. */
export interface AlertEvent {
  /** Evaluation wall time (ms). */
  time: number;
  ruleId: string;
  ruleName: string;
  metric: AlertMetric;
  value: number;
  threshold: number;
  condition: AlertCondition;
  barTime: number;
}
export type AlertLogEntry = AlertEvent;

/**
 * idle: nothing evaluated yet; armed: may fire; fired: fired and waiting to re-arm (hysteresis);
 * missing / stale: the last evaluation had no usable value (see reason); disabled.
 */
export type RuleStatus = 'idle' | 'armed' | 'fired' | 'missing' | 'stale' | 'disabled';

export interface RuleStateView {
  status: RuleStatus;
  reason: string | null;
  armed: boolean;
  /** Last finite value of the current unbroken run of valid observations (NaN after a gap). */
  lastValue: number;
  lastBarTime: number;
  cooldownUntil: number;
  lastFiredAt: number;
  fired: number;
  /** Firings swallowed by the cooldown. */
  suppressed: number;
}

export const DEFAULT_COOLDOWN_MS = 60_000;
/** Data are stale when the newest bar is older than this many timeframes at evaluation time. */
export const DEFAULT_STALE_MULTIPLE = 3;

/**
 * Default hysteresis per metric. Unit-free metrics get absolute values; price-unit metrics (spread, hedge
 * ratio, last price) get a fraction of |threshold| because their scale depends on the pair.
 */
export function defaultHysteresis(metric: AlertMetric, threshold: number): number {
  switch (metric) {
    case 'zscore':
      return 0.2; // σ units
    case 'correlation':
      return 0.05;
    case 'adfPValue':
      return 0.01;
    case 'staleness':
      return 1; // seconds
    case 'lastPrice':
      return Math.abs(threshold) * 0.001; // 0.1 %
    case 'spread':
    case 'hedgeRatio':
      return Math.abs(threshold) * 0.01; // 1 %
  }
}
