// Why: the one public entry of the alert engine (pure TypeScript: no DOM, no worker globals, no storage),
// so the lead can run it in whichever worker or tab holds the live session.
export * from './types';
export {
  createAlertEngine,
  type AlertEngine,
  type AlertEngineOptions,
  type AlertEngineState,
  type ImportStateResult,
  type ObservationSource,
} from './engine';
export { ruleSignature, resolvedHysteresis } from './compile';
export {
  computeMetric,
  computeMetrics,
  createMetricMemo,
  pairKey,
  barsToRead,
  barsToReadAll,
  lookbackBars,
  MetricMemo,
  type AlertBars,
  type MetricContext,
} from './metrics';
export {
  backtestBars,
  backtestRule,
  metricHistory,
  BACKTEST_WORK_BUDGET,
  MAX_BACKTEST_BARS,
  type BacktestOptions,
  type BacktestResult,
  type MetricHistory,
  type MetricSeries,
} from './backtest';
export {
  exportRules,
  parseRules,
  RULES_FORMAT,
  RULES_VERSION,
  MAX_RULES,
  MAX_RULES_BYTES,
  type ParseRulesResult,
} from './rulesJson';
export { validateRule, SYMBOL_PATTERN, RULE_ID_PATTERN, MAX_NAME_LENGTH, type RuleCheck } from './validate';
