// Why: the one call the UI makes per refresh. Aligns the two legs, fits the chosen hedge ratio and returns
// every chart series as typed arrays in one object (so a worker can transfer it without copying). Static
// fits (OLS, Huber) use the whole window, i.e. they look ahead; the result says so and the rolling OLS or
// Kalman fits are the ones to use in a backtest.
import { adf, type AdfOptions, type AdfResult } from './adf/adf';
import { alignBars, type BarSeries, type JoinMode } from './align';
import { huber } from './regression/huber';
import { kalman } from './regression/kalman';
import { ols } from './regression/ols';
import { rollingOlsFromMoments } from './regression/rollingOls';
import { correlationFromMoments } from './rolling/correlation';
import { pairWindowMoments } from './rolling/window';
import { rollingZScore } from './rolling/zscore';
import { priceStats, type PriceStats } from './stats/priceStats';
import { logReturns } from './stats/returns';

export type { BarSeries, JoinMode } from './align';
export type HedgeMethod = 'ols' | 'huber' | 'kalman' | 'rollingOls';
export type PriceTransform = 'raw' | 'log';

export interface PairAnalyticsRequest {
  /** First selected symbol (the dependent leg). */
  y: BarSeries;
  /** Second selected symbol (the hedge leg). */
  x: BarSeries;
  /** Hedge-ratio method (default 'ols'). */
  method?: HedgeMethod;
  /** Window in bars for the z-score, rolling correlations and rolling OLS (default 60). */
  window?: number;
  kalman?: { delta?: number; observationVariance?: number };
  /** Fit on raw or log prices (default 'raw'). */
  priceTransform?: PriceTransform;
  /** 'inner' (default) or 'ffill' (carry a leg's previous close; such rows are flagged). */
  join?: JoinMode;
  /** Keep only the last N aligned rows (default: all). */
  lastN?: number;
  /** Bars per year for volatility; default inferred from the median bar spacing (365 × 24 h year). */
  barsPerYear?: number;
  /** ADF options for the spread test (default regression 'c', autolag 'AIC'). */
  adf?: AdfOptions;
}

/** Parameters of a static (whole-window) fit; null for the dynamic methods. */
export interface StaticFit {
  alpha: number;
  beta: number;
  /** OLS only. */
  rSquared: number | null;
  alphaStdErr: number | null;
  betaStdErr: number | null;
  /** Huber only: final MAD scale and IRLS iterations. */
  scale: number | null;
  iterations: number | null;
}

export interface PairAnalyticsResult {
  method: HedgeMethod;
  priceTransform: PriceTransform;
  join: JoinMode;
  window: number;
  barsPerYear: number;
  /** Number of aligned rows. */
  n: number;
  /** Aligned open times (ms). */
  time: Float64Array;
  /** Aligned closes (raw prices, whatever the transform). */
  y: Float64Array;
  x: Float64Array;
  /** Per-row flags: 1 = y forward-filled, 2 = x forward-filled (0 for inner joins). */
  filled: Uint8Array;
  /** Hedge ratio and intercept per row (constant for static fits, NaN before a rolling window fills). */
  beta: Float64Array;
  alpha: Float64Array;
  staticFit: StaticFit | null;
  /**
   * Spread in the transformed price units: y − (α + βx) for static fits, the Kalman forecast error,
   * or yₜ − (αₜ + βₜxₜ) for rolling OLS.
   */
  spread: Float64Array;
  /** Kalman only: √Qₜ, the forecast error's std (null otherwise). */
  spreadStd: Float64Array | null;
  /** Kalman only: posterior std of βₜ and αₜ (√ of the state covariance's diagonal after the update). */
  betaStd: Float64Array | null;
  alphaStd: Float64Array | null;
  /** Rolling z-score of the spread over `window` bars. */
  zScore: Float64Array;
  /** Rolling correlation of the (transformed) prices and of the log returns over `window` bars. */
  corrPrices: Float64Array;
  corrReturns: Float64Array;
  yStats: PriceStats;
  xStats: PriceStats;
  /** ADF on the finite part of the spread; null (with adfReason) when it cannot be computed. */
  adf: AdfResult | null;
  adfReason: string | null;
  /** True when the hedge ratio was fitted on the whole window (values at t depend on later bars). */
  lookAhead: boolean;
  warning: string | null;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** Finite spread values the ADF test needs (quoted in src/help). */
export const MIN_ADF = 20;

function inferBarsPerYear(time: Float64Array): number {
  const n = time.length;
  if (n < 2) return NaN;
  const d = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) d[i - 1] = time[i] - time[i - 1];
  d.sort();
  return YEAR_MS / d[(d.length - 1) >> 1];
}

function lastRows<T extends Float64Array | Uint8Array>(a: T, n: number): T {
  return (a.length > n ? a.slice(a.length - n) : a) as T;
}

/** Bars of a Kalman fit left out of its z-score and ADF test while the filter settles from θ = 0. */
export const KALMAN_BURN_IN = (window: number): number => window;

/** All analytics of one pair in one pass over aligned bars. */
export function pairAnalytics(req: PairAnalyticsRequest): PairAnalyticsResult {
  const method = req.method ?? 'ols';
  const transform = req.priceTransform ?? 'raw';
  const join = req.join ?? 'inner';
  const window = req.window ?? 60;
  if (!Number.isInteger(window) || window < 2)
    throw new RangeError('pairAnalytics: window must be an integer ≥ 2');
  if (!['ols', 'huber', 'kalman', 'rollingOls'].includes(method))
    throw new RangeError(`pairAnalytics: unknown method ${method}`);

  let al = alignBars(req.y, req.x, join);
  if (req.lastN !== undefined && req.lastN >= 0 && req.lastN < al.time.length) {
    const k = Math.floor(req.lastN);
    al = {
      time: lastRows(al.time, k),
      y: lastRows(al.y, k),
      x: lastRows(al.x, k),
      filled: lastRows(al.filled, k),
    };
  }
  const n = al.time.length;
  const barsPerYear = req.barsPerYear ?? inferBarsPerYear(al.time);
  const ty = transform === 'log' ? al.y.map(Math.log) : al.y;
  const tx = transform === 'log' ? al.x.map(Math.log) : al.x;

  // one pass of exact window moments serves both the price correlation and the rolling OLS
  const moments = pairWindowMoments(ty, tx, window);
  let beta: Float64Array;
  let alpha: Float64Array;
  let spread: Float64Array;
  let spreadStd: Float64Array | null = null;
  let betaStd: Float64Array | null = null;
  let alphaStd: Float64Array | null = null;
  let staticFit: StaticFit | null = null;
  if (method === 'ols' || method === 'huber') {
    const f = method === 'ols' ? ols(ty, tx) : huber(ty, tx);
    beta = new Float64Array(n).fill(f.beta);
    alpha = new Float64Array(n).fill(f.alpha);
    spread = f.residuals;
    staticFit =
      'rSquared' in f
        ? {
            alpha: f.alpha,
            beta: f.beta,
            rSquared: f.rSquared,
            alphaStdErr: f.alphaStdErr,
            betaStdErr: f.betaStdErr,
            scale: null,
            iterations: null,
          }
        : {
            alpha: f.alpha,
            beta: f.beta,
            rSquared: null,
            alphaStdErr: null,
            betaStdErr: null,
            scale: f.scale,
            iterations: f.iterations,
          };
  } else if (method === 'kalman') {
    const k = kalman(ty, tx, {
      delta: req.kalman?.delta,
      observationVariance: req.kalman?.observationVariance,
    });
    ({ beta, alpha, spread, spreadStd, betaStd, alphaStd } = k);
  } else {
    ({ beta, alpha, spread } = rollingOlsFromMoments(moments));
  }

  const ry = logReturns(al.y);
  const rx = logReturns(al.x);
  const corrReturns = correlationFromMoments(pairWindowMoments(ry, rx, window));

  // The Kalman filter starts from θ = 0, so its first forecast errors are about the prices themselves: the
  // burn-in (the first `window` bars) is left out of the z-score and the ADF test, which it would otherwise
  // dominate (an ADF statistic in the thousands). The spread itself is returned whole.
  let statSpread = spread;
  if (method === 'kalman') {
    statSpread = spread.slice();
    statSpread.fill(NaN, 0, Math.min(KALMAN_BURN_IN(window), n));
  }

  let adfResult: AdfResult | null = null;
  let adfReason: string | null = null;
  let start = 0;
  while (start < n && !Number.isFinite(statSpread[start])) start++;
  const finite = statSpread.subarray(start);
  if (finite.length < MIN_ADF) {
    adfReason = `ADF needs at least ${MIN_ADF} spread values, have ${finite.length}`;
  } else if (finite.some((v) => !Number.isFinite(v))) {
    adfReason = 'the spread has gaps (non-finite values)';
  } else {
    try {
      adfResult = adf(finite, req.adf);
    } catch (e) {
      adfReason = e instanceof Error ? e.message : String(e);
    }
  }

  const lookAhead = method === 'ols' || method === 'huber';
  return {
    method,
    priceTransform: transform,
    join,
    window,
    barsPerYear,
    n,
    time: al.time,
    y: al.y,
    x: al.x,
    filled: al.filled,
    beta,
    alpha,
    staticFit,
    spread,
    spreadStd,
    betaStd,
    alphaStd,
    zScore: rollingZScore(statSpread, window),
    corrPrices: correlationFromMoments(moments),
    corrReturns,
    yStats: priceStats(al.y, barsPerYear),
    xStats: priceStats(al.x, barsPerYear),
    adf: adfResult,
    adfReason,
    lookAhead,
    warning: lookAhead
      ? `The ${method === 'ols' ? 'OLS' : 'Huber'} hedge ratio is fitted on the whole window, so every spread and z-score value uses later prices (look-ahead). Use rolling OLS or Kalman for anything backtested.`
      : null,
  };
}

/** Every distinct ArrayBuffer referenced by a result, for Comlink.transfer / postMessage. */
export function resultTransferables(result: PairAnalyticsResult): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const v of Object.values(result)) {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) set.add(v.buffer);
  }
  return [...set];
}
