// Why: the dashboard needs, in one worker round trip, the pair pipeline for the chosen method plus both
// time-varying hedge ratios (Kalman and rolling OLS) for the hedge-ratio chart, whatever method is chosen.
import { kalman } from './regression/kalman';
import { rollingOls } from './regression/rollingOls';
import { pairAnalytics, resultTransferables } from './pairAnalytics';
import type { PairAnalyticsRequest, PairAnalyticsResult } from './pairAnalytics';

export interface DashboardResult {
  pair: PairAnalyticsResult;
  /** Kalman β after each bar's update (δ and Ve as requested). */
  kalmanBeta: Float64Array;
  /** Posterior std of that β (for the β ± k·σ band; the chart column COLUMNS.betaKalmanStd). */
  kalmanBetaStd: Float64Array;
  /** β of an OLS fitted on the trailing window ending at each bar (no look-ahead). */
  rollingBeta: Float64Array;
  computeMs: number;
}

export function dashboardAnalytics(
  req: PairAnalyticsRequest,
  now: () => number = () => performance.now(),
): DashboardResult {
  const started = now();
  const pair = pairAnalytics(req);
  const log = req.priceTransform === 'log';
  const y = log ? pair.y.map(Math.log) : pair.y;
  const x = log ? pair.x.map(Math.log) : pair.x;
  const window = req.window ?? pair.window;
  // The chosen method's own fit is not run twice: its β (and Kalman's σ) are already in the pair result.
  let kalmanBeta: Float64Array;
  let kalmanBetaStd: Float64Array;
  if (pair.method === 'kalman' && pair.betaStd) {
    kalmanBeta = pair.beta;
    kalmanBetaStd = pair.betaStd;
  } else {
    const k = pair.n > 0 ? kalman(y, x, req.kalman ?? {}) : null;
    kalmanBeta = k ? k.beta : new Float64Array(0);
    kalmanBetaStd = k ? k.betaStd : new Float64Array(0);
  }
  let rollingBeta: Float64Array;
  if (pair.method === 'rollingOls') rollingBeta = pair.beta;
  else rollingBeta = pair.n >= 2 ? rollingOls(y, x, window).beta : new Float64Array(pair.n).fill(NaN);
  return { pair, kalmanBeta, kalmanBetaStd, rollingBeta, computeMs: now() - started };
}

export function dashboardTransferables(result: DashboardResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>(resultTransferables(result.pair));
  buffers.add(result.kalmanBeta.buffer as ArrayBuffer);
  buffers.add(result.kalmanBetaStd.buffer as ArrayBuffer);
  buffers.add(result.rollingBeta.buffer as ArrayBuffer);
  return [...buffers];
}
