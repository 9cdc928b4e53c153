// Why: the typed contract of the analytics worker, shared by the Comlink proxy on the main thread and the
// service exposed in workers/analytics.worker.ts. Keep it one interface; add methods here.
import type {
  BacktestResult,
  DashboardResult,
  HedgeMethod,
  PairAnalyticsRequest,
  PairAnalyticsResult,
  SweepMetric,
} from '../analytics';

export type {
  BacktestBars,
  BacktestResult,
  DashboardResult,
  PairAnalyticsRequest,
  PairAnalyticsResult,
  Summary,
  SweepMetric,
  Trade,
} from '../analytics';

/**
 * Where the backtest's hedge ratio and z-score come from. 'rollingOls' (default), 'rollingHuber' (the robust
 * fit on the same trailing window t−w+1 … t) and 'kalman' only use bars up to each close; 'static' is the
 * whole-window OLS fit: it looks ahead and the result is flagged.
 */
export type BacktestHedge = 'rollingOls' | 'rollingHuber' | 'kalman' | 'static';
export const BACKTEST_HEDGES: readonly BacktestHedge[] = ['rollingOls', 'rollingHuber', 'kalman', 'static'];
/** The fit behind a backtest: a pair pipeline method, or the backtest's own rolling Huber. */
export type BacktestMethod = HedgeMethod | 'rollingHuber';

/** The dashboard's pair request plus the backtest's own parameters (`method` is replaced by `hedge`). */
export interface BacktestRequest extends PairAnalyticsRequest {
  entry: number;
  exit: number;
  /** Fee per leg in basis points of traded notional. */
  feeBps: number;
  hedge?: BacktestHedge;
}

export interface BacktestRunResult extends BacktestResult {
  hedge: BacktestHedge;
  /** The pair pipeline's method the hedge maps to ('rollingHuber' is the backtest's own, not a dashboard one). */
  method: BacktestMethod;
  /** True for the whole-window fit: z and β use later prices. */
  lookAhead: boolean;
  warning: string | null;
  computeMs: number;
}

/** One row of the entry × exit heat map (one entry threshold, every exit). */
export interface SweepRowResult {
  entry: number;
  exits: number[];
  metric: SweepMetric;
  /** Metric per exit; NaN where exit ≥ entry. */
  values: Float64Array;
  /** Trades opened per exit (0 where skipped). */
  trades: Float64Array;
  n: number;
  lookAhead: boolean;
  computeMs: number;
}

export interface AnalyticsApi {
  /** Liveness check. */
  ping(): Promise<'pong'>;
  /** All pair analytics for two bar series; the result's typed arrays are transferred, not copied. */
  pairAnalytics(req: PairAnalyticsRequest): Promise<PairAnalyticsResult>;
  /** The pair pipeline plus Kalman and rolling-OLS hedge ratios, for the dashboard, in one round trip. */
  dashboard(req: PairAnalyticsRequest): Promise<DashboardResult>;
  /** Pair pipeline (no look-ahead unless hedge = 'static') → backtest; per-bar arrays transferred. */
  backtest(req: BacktestRequest): Promise<BacktestRunResult>;
  /**
   * One entry row of a parameter sweep. The main thread calls it row by row so it can show progress and
   * stop between rows; the prepared signal is cached for a repeated request, so rows cost only the rule loop.
   */
  sweepRow(
    req: BacktestRequest,
    entry: number,
    exits: readonly number[],
    metric: SweepMetric,
  ): Promise<SweepRowResult>;
}
