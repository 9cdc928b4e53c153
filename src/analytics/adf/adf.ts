// Why: statsmodels `adfuller` reproduced exactly (lag bounds, same-sample autolag, refit at the chosen lag,
// statsmodels' llf / aic / bic, MacKinnon p-value and critical values) but with all candidate lags solved
// from one Gram matrix + Cholesky (see gram.ts) instead of maxlag + 1 separate least-squares fits.
import type { Series } from '../types';
import { buildDesign, cholesky } from './gram';
import { mackinnonCrit, mackinnonP, type AdfRegression } from './mackinnon';

export type { AdfRegression } from './mackinnon';
export type AdfAutolag = 'AIC' | 'BIC' | 't-stat' | null;

export interface AdfOptions {
  /** Highest lag considered; default ceil(12·(n/100)^¼) capped at n//2 − ntrend − 1. */
  maxLag?: number;
  /** Deterministic terms: 'c' constant (default), 'ct' + trend, 'ctt' + quadratic trend, 'n' none. */
  regression?: AdfRegression;
  /** Lag selection (default 'AIC'); null uses maxLag. */
  autolag?: AdfAutolag;
}

export interface AdfResult {
  statistic: number;
  pValue: number;
  usedLag: number;
  nobs: number;
  criticalValues: { '1%': number; '5%': number; '10%': number };
  /** Best information criterion (|t| of the last lag for 't-stat'); null when autolag is null. */
  icBest: number | null;
}

const T_STOP = 1.6448536269514722; // norm.ppf(0.95), as statsmodels hard-codes it

/** statsmodels' OLS log-likelihood: −(n/2)·log(ssr) − (1 + log(π / (n/2)))·(n/2). */
function llf(ssr: number, nobs: number): number {
  const n2 = nobs / 2;
  return -Math.log(ssr) * n2 - (1 + Math.log(Math.PI / n2)) * n2;
}

interface Fit {
  /** z = L⁻¹Xᵀy (the rotated response) and the residual SS of the full model. */
  z: Float64Array;
  ssrFull: number;
  k: number;
  nobs: number;
}

function fit(
  x: Float64Array,
  dx: Float64Array,
  t0: number,
  lags: number,
  ntrend: number,
  levelLast: boolean,
): Fit {
  const d = buildDesign(x, dx, t0, lags, ntrend, levelLast);
  const dim = d.k + 1;
  if (!cholesky(d.gram, dim)) {
    throw new Error('adf: the regressors are collinear (is the series constant over the sample?)');
  }
  const z = d.gram.slice(d.k * dim, d.k * dim + d.k);
  const lyy = d.gram[d.k * dim + d.k];
  return { z, ssrFull: lyy * lyy, k: d.k, nobs: d.nobs };
}

/** SSR of the nested model made of the first m columns. */
function ssrNested(f: Fit, m: number): number {
  let s = f.ssrFull;
  for (let i = f.k - 1; i >= m; i--) s += f.z[i] * f.z[i];
  return s;
}

/** t-statistic of the last of the first m columns in the nested model. */
function tLast(f: Fit, m: number): number {
  const ssr = ssrNested(f, m);
  return f.z[m - 1] / Math.sqrt(ssr / (f.nobs - m));
}

/** Augmented Dickey–Fuller test, statsmodels `adfuller(x, maxlag, regression, autolag)`. */
export function adf(series: Series, opts: AdfOptions = {}): AdfResult {
  const regression: AdfRegression = opts.regression ?? 'c';
  const autolag: AdfAutolag = opts.autolag === undefined ? 'AIC' : opts.autolag;
  if (!['c', 'ct', 'ctt', 'n'].includes(regression))
    throw new Error(`adf: unknown regression '${String(regression)}'`);
  if (autolag !== null && !['AIC', 'BIC', 't-stat'].includes(autolag))
    throw new Error(`adf: unknown autolag '${String(autolag)}'`);
  const n = series.length;
  const x = Float64Array.from(series);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`adf: the series has a non-finite value at index ${i}`);
  }
  const ntrend = regression === 'n' ? 0 : regression.length;
  const bound = Math.floor(n / 2) - ntrend - 1;
  // too short for even lag 0 (statsmodels: "sample size is too short"), whatever maxLag was asked for; also
  // n = 2 without deterministic terms, where lag 0 leaves no residual degree of freedom (statsmodels: NaN)
  if (bound < 0 || n - 2 - ntrend < 1)
    throw new Error(`adf: the series is too short (n = ${n}) for regression '${regression}'`);
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = x[i] === x[0];
  if (constant) throw new Error('adf: the series is constant, the test is undefined');
  let maxLag: number;
  if (opts.maxLag === undefined || opts.maxLag === null) {
    maxLag = Math.min(bound, Math.ceil(12 * Math.pow(n / 100, 1 / 4)));
  } else {
    maxLag = opts.maxLag;
    if (!Number.isInteger(maxLag) || maxLag < 0)
      throw new Error('adf: maxLag must be a non-negative integer');
    if (maxLag > bound) throw new Error(`adf: maxLag must be at most n//2 − ntrend − 1 = ${bound}`);
  }
  const dx = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) dx[i] = x[i + 1] - x[i];

  let usedLag = maxLag;
  let icBest: number | null = null;
  if (autolag !== null) {
    // all candidate lags on the same sample (rows maxLag … n−2); columns [trend, level, lag 1..maxLag]
    const f = fit(x, dx, maxLag, maxLag, ntrend, false);
    const start = ntrend + 1; // columns in the lag-0 model
    if (autolag === 't-stat') {
      usedLag = maxLag;
      icBest = 0;
      for (let lag = maxLag; lag >= 0; lag--) {
        icBest = Math.abs(tLast(f, start + lag));
        usedLag = lag;
        if (icBest >= T_STOP) break;
      }
    } else {
      let best = Infinity;
      const logN = Math.log(f.nobs);
      for (let lag = 0; lag <= maxLag; lag++) {
        const m = start + lag;
        const ll = llf(ssrNested(f, m), f.nobs);
        const ic = autolag === 'AIC' ? -2 * ll + 2 * m : -2 * ll + logN * m;
        if (ic < best) {
          best = ic;
          usedLag = lag;
        }
      }
      icBest = best;
    }
  }
  // refit at the chosen lag on its own (longer) sample; the level goes last so its t is z_k / σ
  const f = fit(x, dx, usedLag, usedLag, ntrend, true);
  const statistic = tLast(f, f.k);
  const crit = mackinnonCrit(regression, f.nobs);
  return {
    statistic,
    pValue: mackinnonP(statistic, regression),
    usedLag,
    nobs: f.nobs,
    criticalValues: { '1%': crit[0], '5%': crit[1], '10%': crit[2] },
    icBest,
  };
}
