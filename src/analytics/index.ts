// Why: the one public entry of the analytics core (pure TypeScript: no DOM, no worker globals).
export type { Series } from './types';
export { ols, type OlsResult } from './regression/ols';
export { kalman, type KalmanOptions, type KalmanResult } from './regression/kalman';
export { logReturns } from './stats/returns';
export { priceStats, BARS_PER_YEAR, type PriceStats } from './stats/priceStats';
export { normalCdf, erf, erfc } from './stats/normal';
export { rollingZScore } from './rolling/zscore';
export { rollingCorrelation } from './rolling/correlation';
export { adf, type AdfOptions, type AdfResult, type AdfRegression, type AdfAutolag } from './adf/adf';
export { mackinnonP, mackinnonCrit } from './adf/mackinnon';
export { huber, type HuberOptions, type HuberResult } from './regression/huber';
export { rollingOls, type RollingOlsResult } from './regression/rollingOls';
export { alignBars, type Aligned } from './align';
export {
  pairAnalytics,
  resultTransferables,
  type BarSeries,
  type JoinMode,
  type HedgeMethod,
  type PriceTransform,
  type PairAnalyticsRequest,
  type PairAnalyticsResult,
  type StaticFit,
} from './pairAnalytics';
export {
  backtest,
  sweep,
  backtestInputFromPair,
  backtestColumns,
  tradeColumns,
  type BacktestInput,
  type BacktestBars,
  type BacktestResult,
  type SweepInput,
  type SweepGrid,
  type SweepMetric,
  type SweepOptions,
  type SweepResult,
  type Summary,
  type Trade,
  type PairForBacktest,
  type FromPairOptions,
} from './backtest';
export { dashboardAnalytics, dashboardTransferables, type DashboardResult } from './dashboard';
