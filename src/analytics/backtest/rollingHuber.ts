// Why: the dashboard's robust (Huber) hedge ratio is a whole-window fit, so backtesting it looks ahead. This
// is its causal counterpart for the backtest: the same statsmodels-equivalent Huber M-estimator, refitted at
// every bar on the trailing window only. The window convention is the rolling OLS one (regression/rollingOls):
// βₜ, αₜ are fitted on bars t−w+1 … t, i.e. on closes known at the close of bar t, where the decision of bar t
// is made; the spread at t is yₜ − αₜ − βₜxₜ and never uses a later price.
import { huber, type HuberOptions } from '../regression/huber';
import { checkPair } from '../regression/ols';
import { checkWindow } from '../rolling/window';
import type { Series } from '../types';

export interface RollingHuberResult {
  alpha: Float64Array;
  beta: Float64Array;
  /** yₜ − (αₜ + βₜxₜ); NaN until the window fills, and where the window's fit is undefined (constant x). */
  spread: Float64Array;
}

/**
 * Huber fit of y on [1, x] over each trailing window of `window` bars (window ≥ 3, as a Huber fit needs
 * three points). Cost O(n · window · IRLS iterations): fine for the backtest's thousands of bars.
 */
export function rollingHuber(
  y: Series,
  x: Series,
  window: number,
  opts: HuberOptions = {},
): RollingHuberResult {
  checkPair(y, x, 'rollingHuber');
  checkWindow(window, 'rollingHuber');
  if (window < 3) throw new RangeError(`rollingHuber: window must be at least 3 bars, got ${window}`);
  const n = y.length;
  const alpha = new Float64Array(n).fill(NaN);
  const beta = new Float64Array(n).fill(NaN);
  const spread = new Float64Array(n).fill(NaN);
  const ys = Float64Array.from(y);
  const xs = Float64Array.from(x);
  for (let t = window - 1; t < n; t++) {
    const from = t - window + 1;
    const fit = huber(ys.subarray(from, t + 1), xs.subarray(from, t + 1), opts);
    if (!Number.isFinite(fit.beta) || !Number.isFinite(fit.alpha)) continue;
    alpha[t] = fit.alpha;
    beta[t] = fit.beta;
    // the fit's own last residual: yₜ − ȳ − β(xₜ − x̄), free of the α + βx cancellation (as rolling OLS)
    spread[t] = fit.residuals[window - 1];
  }
  return { alpha, beta, spread };
}
