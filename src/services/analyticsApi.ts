// Why: the typed contract of the analytics worker, shared by the Comlink proxy on the main thread and the
// service exposed in workers/analytics.worker.ts. Keep it one interface; add methods here.
import type { DashboardResult, PairAnalyticsRequest, PairAnalyticsResult } from '../analytics';

export type { DashboardResult, PairAnalyticsRequest, PairAnalyticsResult } from '../analytics';

export interface AnalyticsApi {
  /** Liveness check. */
  ping(): Promise<'pong'>;
  /** All pair analytics for two bar series; the result's typed arrays are transferred, not copied. */
  pairAnalytics(req: PairAnalyticsRequest): Promise<PairAnalyticsResult>;
  /** The pair pipeline plus Kalman and rolling-OLS hedge ratios, for the dashboard, in one round trip. */
  dashboard(req: PairAnalyticsRequest): Promise<DashboardResult>;
}
