// Why: every ADF regression (all candidate lags and the refit) is y = Δxₜ on [trend, xₜ₋₁, Δxₜ₋₁ … Δxₜ₋L].
// Because the lag columns are shifted copies of one series, their cross products follow a diagonal
// recursion, so the whole (k+1)² Gram matrix (y appended) costs O(n·L) instead of O(n·L²), and one
// Cholesky factor of it serves every nested model (leading blocks). Numerical safety comes from exact
// reparametrisations that leave SSR and t-statistics unchanged: with a constant in the model the level is
// shifted by its sample mean and Δx by its mean, and the trend block [1, t, t²] is replaced by Legendre
// polynomials of t scaled to [−1, 1]. Without a constant ('n') nothing is shifted.

export interface AdfDesign {
  /** Number of regressors k (trend + level + lags); the Gram matrix is (k+1)², y last. */
  k: number;
  nobs: number;
  /** Row-major (k+1)×(k+1) cross-product matrix of [X, y]. */
  gram: Float64Array;
}

/**
 * Cross products for the sample rows t ∈ [t0, n−2] (t indexes Δx; the level regressor is x[t]).
 * Column order: trend columns, then the level followed by lags 1..lags (`levelLast` false) or the lags
 * followed by the level (`levelLast` true), then y.
 */
export function buildDesign(
  x: Float64Array,
  dx: Float64Array,
  t0: number,
  lags: number,
  ntrend: number,
  levelLast: boolean,
): AdfDesign {
  const t1 = dx.length - 1;
  const nobs = t1 - t0 + 1;
  const k = ntrend + 1 + lags;
  const dim = k + 1;
  const gram = new Float64Array(dim * dim);
  const hasConst = ntrend > 0;

  // shifts (exact reparametrisations only when a constant is present)
  let c = 0;
  let kLevel = 0;
  if (hasConst) {
    for (let t = t0 - lags; t <= t1; t++) c += dx[t];
    c /= nobs + lags;
    for (let t = t0; t <= t1; t++) kLevel += x[t];
    kLevel /= nobs;
  }
  const z = new Float64Array(dx.length);
  for (let i = 0; i < dx.length; i++) z[i] = dx[i] - c;
  const lev = new Float64Array(nobs);
  for (let r = 0; r < nobs; r++) lev[r] = x[t0 + r] - kLevel;

  // trend columns on the sample (Legendre P0, P1, P2 of u ∈ [−1, 1])
  const trend: Float64Array[] = [];
  const half = nobs > 1 ? (nobs - 1) / 2 : 1;
  for (let j = 0; j < ntrend; j++) {
    const col = new Float64Array(nobs);
    for (let r = 0; r < nobs; r++) {
      const u = (r - (nobs - 1) / 2) / half;
      col[r] = j === 0 ? 1 : j === 1 ? u : 1.5 * u * u - 0.5;
    }
    trend.push(col);
  }

  // column index of the level and of lag j (j = 0 means y)
  const levelIdx = levelLast ? ntrend + lags : ntrend;
  const lagIdx = (j: number): number => (j === 0 ? k : levelLast ? ntrend + j - 1 : ntrend + j);
  const set = (i: number, j: number, v: number): void => {
    gram[i * dim + j] = v;
    gram[j * dim + i] = v;
  };

  // trend × trend, trend × level, trend × lag j
  for (let a = 0; a < ntrend; a++) {
    const ta = trend[a];
    for (let b = a; b < ntrend; b++) {
      const tb = trend[b];
      let s = 0;
      for (let r = 0; r < nobs; r++) s += ta[r] * tb[r];
      set(a, b, s);
    }
    let s = 0;
    for (let r = 0; r < nobs; r++) s += ta[r] * lev[r];
    set(a, levelIdx, s);
    for (let j = 0; j <= lags; j++) {
      let s2 = 0;
      const off = t0 - j;
      for (let r = 0; r < nobs; r++) s2 += ta[r] * z[off + r];
      set(a, lagIdx(j), s2);
    }
  }
  // level × level, level × lag j
  {
    let s = 0;
    for (let r = 0; r < nobs; r++) s += lev[r] * lev[r];
    set(levelIdx, levelIdx, s);
    for (let j = 0; j <= lags; j++) {
      let s2 = 0;
      const off = t0 - j;
      for (let r = 0; r < nobs; r++) s2 += lev[r] * z[off + r];
      set(levelIdx, lagIdx(j), s2);
    }
  }
  // lag i × lag i+d by the diagonal recursion D_d(i+1) = D_d(i) − z[t1−i]z[t1−i−d] + z[t0−i−1]z[t0−i−1−d]
  for (let d = 0; d <= lags; d++) {
    let s = 0;
    for (let t = t0; t <= t1; t++) s += z[t] * z[t - d];
    set(lagIdx(0), lagIdx(d), s);
    for (let i = 0; i + d < lags; i++) {
      s += z[t0 - i - 1] * z[t0 - i - 1 - d] - z[t1 - i] * z[t1 - i - d];
      set(lagIdx(i + 1), lagIdx(i + 1 + d), s);
    }
  }
  return { k, nobs, gram };
}

/**
 * In-place lower Cholesky factor of the (k+1)² matrix. Returns false when a regressor pivot is not positive
 * (collinear regressors). The y pivot may be 0 (perfect fit); it is clamped.
 */
export function cholesky(a: Float64Array, dim: number): boolean {
  for (let j = 0; j < dim; j++) {
    let d = a[j * dim + j];
    for (let p = 0; p < j; p++) d -= a[j * dim + p] * a[j * dim + p];
    if (!(d > 1e-13 * Math.abs(a[j * dim + j])) || !(d > 0)) {
      if (j < dim - 1) return false;
      d = 0;
    }
    const ljj = Math.sqrt(d);
    a[j * dim + j] = ljj;
    for (let i = j + 1; i < dim; i++) {
      let s = a[i * dim + j];
      for (let p = 0; p < j; p++) s -= a[i * dim + p] * a[j * dim + p];
      a[i * dim + j] = s / ljj;
    }
  }
  return true;
}
