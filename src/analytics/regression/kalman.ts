// Why: Chan's dynamic hedge ratio (a random-walk state [β, α] observed through y = βx + α + noise).
// The forecast error eₜ uses only data before t, so the Kalman spread is free of look-ahead.
import type { Series } from '../types';
import { checkPair } from './ols';

/** Defaults of δ and Ve (the dashboard's "Default" preset); src/help quotes them, a test compares. */
export const KALMAN_DEFAULTS = { delta: 1e-4, observationVariance: 1e-3 } as const;

export interface KalmanOptions {
  /** State noise scale: Vw = δ / (1 − δ) · I. Default 1e-4. */
  delta?: number;
  /** Observation noise variance Ve. Default 1e-3. */
  observationVariance?: number;
  /** Include the α state (default true); without it α is 0. */
  intercept?: boolean;
}

export interface KalmanResult {
  /** βₜ after the update with observation t. */
  beta: Float64Array;
  /** αₜ after the update (0 without intercept). */
  alpha: Float64Array;
  /** Forecast error eₜ = yₜ − (βₜ₋₁xₜ + αₜ₋₁). */
  spread: Float64Array;
  /** √Qₜ, the forecast error's standard deviation. */
  spreadStd: Float64Array;
  /** Posterior std of βₜ: √P[β,β] after the update (after the propagation alone on a skipped row). */
  betaStd: Float64Array;
  /** Posterior std of αₜ: √P[α,α] likewise (0 without intercept, where α is fixed at 0). */
  alphaStd: Float64Array;
}

/**
 * Kalman filter with θ₀ = 0, P₀ = 0. A non-finite observation (x or y) is skipped: the state is only
 * propagated (P ← P + Vw) and that row's outputs are NaN for the spread and the last state for β, α
 * (whose posterior stds then grow by the propagation).
 */
export function kalman(y: Series, x: Series, opts: KalmanOptions = {}): KalmanResult {
  checkPair(y, x, 'kalman');
  const delta = opts.delta ?? KALMAN_DEFAULTS.delta;
  const ve = opts.observationVariance ?? KALMAN_DEFAULTS.observationVariance;
  const withAlpha = opts.intercept ?? true;
  if (!(delta > 0 && delta < 1)) throw new RangeError('kalman: delta must be in (0, 1)');
  if (!(ve > 0)) throw new RangeError('kalman: observationVariance must be > 0');
  const n = y.length;
  const vw = delta / (1 - delta);
  const beta = new Float64Array(n);
  const alpha = new Float64Array(n);
  const spread = new Float64Array(n);
  const spreadStd = new Float64Array(n);
  const betaStd = new Float64Array(n);
  const alphaStd = new Float64Array(n);
  // θ = [b, a]; P = [[p00, p01], [p01, p11]] (symmetric)
  let b = 0;
  let a = 0;
  let p00 = 0;
  let p01 = 0;
  let p11 = 0;
  for (let t = 0; t < n; t++) {
    const xt = x[t];
    const yt = y[t];
    const r00 = p00 + vw;
    const r01 = p01;
    const r11 = withAlpha ? p11 + vw : 0;
    if (!Number.isFinite(xt) || !Number.isFinite(yt)) {
      p00 = r00;
      p11 = r11;
      beta[t] = b;
      alpha[t] = a;
      spread[t] = NaN;
      spreadStd[t] = NaN;
      betaStd[t] = Math.sqrt(p00);
      alphaStd[t] = Math.sqrt(p11);
      continue;
    }
    // R hᵀ with h = [x, 1] (or [x])
    const rh0 = withAlpha ? r00 * xt + r01 : r00 * xt;
    const rh1 = withAlpha ? r01 * xt + r11 : 0;
    const e = yt - (b * xt + a);
    const q = (withAlpha ? xt * rh0 + rh1 : xt * rh0) + ve;
    const k0 = rh0 / q;
    const k1 = rh1 / q;
    b += k0 * e;
    a += k1 * e;
    // P = R − K (h R) with h R = (R hᵀ)ᵀ
    p00 = r00 - k0 * rh0;
    p01 = r01 - k0 * rh1;
    p11 = r11 - k1 * rh1;
    beta[t] = b;
    alpha[t] = a;
    spread[t] = e;
    spreadStd[t] = Math.sqrt(q);
    betaStd[t] = Math.sqrt(p00);
    alphaStd[t] = Math.sqrt(p11);
  }
  return { beta, alpha, spread, spreadStd, betaStd, alphaStd };
}
