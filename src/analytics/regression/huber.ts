// Why: a hedge ratio that is not dragged by outlier prints. Reproduces statsmodels
// `RLM(y, add_constant(x), M=HuberT(t)).fit()` with its defaults step by step: OLS start; scale = MAD about 0
// (median(|r|) / Φ⁻¹(¾)); each IRLS step computes weights from the *current* scale, refits WLS, then updates
// the scale from the new residuals; convergence on the 'dev' criterion |Σρ(rₖ/sₖ) − Σρ(rₖ₋₁/sₖ₋₁)| ≤ tol,
// where (statsmodels quirk, kept on purpose) sₖ is the WLS residual *variance* Σwr²/(n − 2), not the MAD.
import { medianInPlace } from '../stats/median';
import type { Series } from '../types';
import { checkPair, interceptDD } from './ols';

/** statsmodels' RLM/HuberT defaults; src/help quotes them, a test compares. */
export const HUBER_DEFAULTS = { t: 1.345, maxIter: 50, tol: 1e-8 } as const;

export interface HuberOptions {
  /** Huber tuning constant (default 1.345). */
  t?: number;
  /** Maximum IRLS iterations, counted as statsmodels does (default 50). */
  maxIter?: number;
  /** Convergence tolerance on the deviance (default 1e-8). */
  tol?: number;
}

export interface HuberResult {
  alpha: number;
  beta: number;
  /** Final MAD scale. */
  scale: number;
  /** statsmodels' `fit_history['iteration']`. */
  iterations: number;
  /** IRLS weights used for the final fit. */
  weights: Float64Array;
  residuals: Float64Array;
}

export const MAD_C = 0.6744897501960817; // scipy.stats.norm.ppf(0.75)

interface WlsFit {
  alpha: number;
  beta: number;
  /** Σ w r² / (n − 2), statsmodels' WLS `scale`. */
  wlsScale: number;
}

/** Weighted LS of y on [1, x] (two-pass on shifted data); writes residuals y − α − βx into `resid`. */
function wls(y: Series, x: Series, w: Float64Array | null, resid: Float64Array): WlsFit {
  const n = y.length;
  const kx = x[0];
  const ky = y[0];
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    sw += wi;
    sx += wi * (x[i] - kx);
    sy += wi * (y[i] - ky);
  }
  const mx = sx / sw;
  const my = sy / sw;
  let cxx = 0;
  let cxy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    const dx = x[i] - kx - mx;
    cxx += wi * dx * dx;
    cxy += wi * dx * (y[i] - ky - my);
  }
  const beta = cxy / cxx;
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - ky - my - beta * (x[i] - kx - mx);
    resid[i] = r;
    ssr += (w ? w[i] : 1) * r * r;
  }
  return { alpha: interceptDD(ky, my, kx, mx, beta), beta, wlsScale: ssr / (n - 2) };
}

function mad(resid: Float64Array, scratch: Float64Array): number {
  for (let i = 0; i < resid.length; i++) scratch[i] = Math.abs(resid[i]) / MAD_C;
  return medianInPlace(scratch);
}

function deviance(resid: Float64Array, s: number, t: number): number {
  let d = 0;
  for (let i = 0; i < resid.length; i++) {
    const z = Math.abs(resid[i] / s);
    d += z <= t ? 0.5 * z * z : z * t - 0.5 * t * t;
  }
  return d;
}

/** Huber M-estimator of y = α + βx by IRLS; all-NaN for n < 3, non-finite input or constant x. */
export function huber(y: Series, x: Series, opts: HuberOptions = {}): HuberResult {
  checkPair(y, x, 'huber');
  const t = opts.t ?? HUBER_DEFAULTS.t;
  const maxIter = opts.maxIter ?? HUBER_DEFAULTS.maxIter;
  const tol = opts.tol ?? HUBER_DEFAULTS.tol;
  const n = y.length;
  const resid = new Float64Array(n);
  const weights = new Float64Array(n).fill(1);
  let finite = n >= 3;
  for (let i = 0; i < n && finite; i++) finite = Number.isFinite(x[i]) && Number.isFinite(y[i]);
  let fit = finite ? wls(y, x, null, resid) : null;
  if (!fit || !Number.isFinite(fit.beta)) {
    return {
      alpha: NaN,
      beta: NaN,
      scale: NaN,
      iterations: 0,
      weights: weights.fill(NaN),
      residuals: resid.fill(NaN),
    };
  }
  const scratch = new Float64Array(n);
  let scale = mad(resid, scratch);
  let prevDev = deviance(resid, fit.wlsScale, t);
  let iteration = 1;
  for (;;) {
    if (scale === 0) break; // perfect fit of the weighted data (statsmodels warns and stops)
    for (let i = 0; i < n; i++) {
      const z = Math.abs(resid[i] / scale);
      weights[i] = z <= t ? 1 : t / z;
    }
    fit = wls(y, x, weights, resid);
    scale = mad(resid, scratch);
    const dev = deviance(resid, fit.wlsScale, t);
    iteration++;
    const change = Math.abs(dev - prevDev);
    prevDev = dev;
    if (!(change > tol && iteration < maxIter)) break;
  }
  return { alpha: fit.alpha, beta: fit.beta, scale, iterations: iteration, weights, residuals: resid };
}
