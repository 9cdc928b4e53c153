// Why: the static hedge ratio. y = α + βx by least squares, solved on data shifted by its first value
// (an exact reparametrisation: prices within a factor 2 subtract exactly) with double-double cross
// products. That is equivalent to a Householder QR of [1, x] but exact up to the final rounding, which
// matters because [1, x] with prices near 60,000 is ill-conditioned (normal equations would lose ~9 digits).
import { addD, addDD, addProd, centredMoment, twoProdErr } from '../numeric/dd';
import type { Series } from '../types';

export interface OlsResult {
  alpha: number;
  beta: number;
  rSquared: number;
  alphaStdErr: number;
  betaStdErr: number;
  residuals: Float64Array;
}

export function checkPair(y: Series, x: Series, name: string): void {
  if (y.length !== x.length) {
    throw new RangeError(`${name}: y and x must have the same length (got ${y.length} and ${x.length})`);
  }
}

function allFinite(s: Series): boolean {
  for (let i = 0; i < s.length; i++) if (!Number.isFinite(s[i])) return false;
  return true;
}

function nanResult(n: number): OlsResult {
  return {
    alpha: NaN,
    beta: NaN,
    rSquared: NaN,
    alphaStdErr: NaN,
    betaStdErr: NaN,
    residuals: new Float64Array(n).fill(NaN),
  };
}

/** α + β·x̄ evaluated in double-double: used to recover the intercept without cancellation. */
export function interceptDD(ky: number, my: number, kx: number, mx: number, beta: number): number {
  const acc = new Float64Array(2);
  addD(acc, 0, ky);
  addD(acc, 0, my);
  const p = beta * kx;
  addDD(acc, 0, -p, -twoProdErr(beta, kx, p));
  const q = beta * mx;
  addDD(acc, 0, -q, -twoProdErr(beta, mx, q));
  return acc[0] + acc[1];
}

/**
 * statsmodels `OLS(y, add_constant(x)).fit()`: params, rsquared, bse and resid.
 * Any non-finite input gives an all-NaN result (statsmodels' missing='none' propagates NaN); so does n < 2
 * or a constant x (the slope is not identified).
 */
export function ols(y: Series, x: Series): OlsResult {
  checkPair(y, x, 'ols');
  const n = y.length;
  if (n < 2 || !allFinite(y) || !allFinite(x)) return nanResult(n);
  const kx = x[0];
  const ky = y[0];
  // dd slots: 0 Sx, 2 Sy, 4 Sxx, 6 Syy, 8 Sxy  (of the shifted data)
  const acc = new Float64Array(10);
  for (let i = 0; i < n; i++) {
    const dx = x[i] - kx;
    const dy = y[i] - ky;
    addD(acc, 0, dx);
    addD(acc, 2, dy);
    addProd(acc, 4, dx, dx);
    addProd(acc, 6, dy, dy);
    addProd(acc, 8, dx, dy);
  }
  const cxx = centredMoment(acc[0], acc[1], acc[0], acc[1], acc[4], acc[5], n);
  if (!(cxx > 0)) return nanResult(n);
  const cyy = centredMoment(acc[2], acc[3], acc[2], acc[3], acc[6], acc[7], n);
  const cxy = centredMoment(acc[0], acc[1], acc[2], acc[3], acc[8], acc[9], n);
  const beta = cxy / cxx;
  const mx = (acc[0] + acc[1]) / n;
  const my = (acc[2] + acc[3]) / n;
  const alpha = interceptDD(ky, my, kx, mx, beta);
  const residuals = new Float64Array(n);
  const ssrAcc = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    const r = y[i] - ky - my - beta * (x[i] - kx - mx);
    residuals[i] = r;
    addProd(ssrAcc, 0, r, r);
  }
  const ssr = ssrAcc[0] + ssrAcc[1];
  const sigma2 = n > 2 ? ssr / (n - 2) : NaN;
  const xbar = kx + mx;
  return {
    alpha,
    beta,
    rSquared: cyy > 0 ? 1 - ssr / cyy : NaN,
    alphaStdErr: Math.sqrt(sigma2 * (1 / n + (xbar * xbar) / cxx)),
    betaStdErr: Math.sqrt(sigma2 / cxx),
    residuals,
  };
}
