// Why: builds a backtest input from the pair pipeline without look-ahead. It takes the per-bar β and the
// rolling z-score as they were known at each close (rolling OLS, Kalman, or the rolling Huber fit built here);
// a whole-window fit (OLS, Huber) is still accepted for comparison but flagged, and the flag travels to the
// backtest summary.
import type { PairAnalyticsResult } from '../pairAnalytics';
import { rollingZScore } from '../rolling/zscore';
import { rollingHuber } from './rollingHuber';
import type { SweepInput } from './types';

export type PairForBacktest = Pick<
  PairAnalyticsResult,
  'time' | 'y' | 'x' | 'beta' | 'zScore' | 'lookAhead' | 'method' | 'priceTransform' | 'barsPerYear'
>;

export interface FromPairOptions {
  feeBps?: number;
  /** Overrides the pair's (inferred) bars per year. */
  barsPerYear?: number;
}

/**
 * Signal and hedge ratio per bar from a pairAnalytics result. On log prices the fitted β relates log
 * returns (dy/y = β dx/x), so the units of X held per unit of Y are βₜ·yₜ/xₜ, evaluated at the bar's close.
 */
export function backtestInputFromPair(pair: PairForBacktest, opts: FromPairOptions = {}): SweepInput {
  const n = pair.time.length;
  let beta: Float64Array;
  if (pair.priceTransform === 'log') {
    beta = new Float64Array(n);
    for (let t = 0; t < n; t++) beta[t] = (pair.beta[t] * pair.y[t]) / pair.x[t];
  } else beta = Float64Array.from(pair.beta);
  return {
    time: pair.time,
    y: pair.y,
    x: pair.x,
    beta,
    zscore: pair.zScore,
    feeBps: opts.feeBps ?? 0,
    barsPerYear: opts.barsPerYear ?? pair.barsPerYear,
    lookAhead: pair.lookAhead,
    warning: pair.lookAhead
      ? `The ${pair.method} hedge ratio is fitted on the whole window (look-ahead): every z-score and β uses later prices, so this backtest is not tradable. Use rolling OLS or Kalman.`
      : null,
  };
}

/**
 * The causal robust hedge: a Huber fit on each trailing window (bars t−w+1 … t, as rolling OLS), on the
 * pair's transformed prices, with the rolling z-score of that spread over the same window. Uses only the
 * pair's aligned prices, transform and window; its own β and z replace the pair's.
 */
export function rollingHuberInputFromPair(
  pair: PairForBacktest & Pick<PairAnalyticsResult, 'window'>,
  opts: FromPairOptions = {},
): SweepInput {
  const log = pair.priceTransform === 'log';
  const ty = log ? Float64Array.from(pair.y, Math.log) : pair.y;
  const tx = log ? Float64Array.from(pair.x, Math.log) : pair.x;
  const w = Math.max(pair.window, 3);
  const fit = rollingHuber(ty, tx, w);
  return backtestInputFromPair(
    { ...pair, beta: fit.beta, zScore: rollingZScore(fit.spread, w), lookAhead: false },
    opts,
  );
}
