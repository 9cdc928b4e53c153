// Why: ADF p-values and critical values exactly as statsmodels 0.13 (tsa/adfvalues.py) computes them for
// N = 1: MacKinnon (1994) response surfaces for the p-value (with its tau_max / tau_min / tau_star cut-offs
// and small-/large-p polynomials) and MacKinnon (2010) finite-sample critical values. Coefficients are
// copied from statsmodels (scaled the same way, so they round identically).
import { normalCdf } from '../stats/normal';

export type AdfRegression = 'c' | 'ct' | 'ctt' | 'n';

const TAU_MAX: Record<AdfRegression, number> = { n: Infinity, c: 2.74, ct: 0.7, ctt: 0.54 };
const TAU_MIN: Record<AdfRegression, number> = { n: -19.04, c: -18.83, ct: -16.18, ctt: -17.17 };
const TAU_STAR: Record<AdfRegression, number> = { n: -1.04, c: -1.61, ct: -2.89, ctt: -3.21 };

// tau_*_smallp[0] * [1, 1, 1e-2] and tau_*_largep[0] * [1, 1e-1, 1e-1, 1e-2], lowest order first.
const TAU_SMALLP: Record<AdfRegression, readonly number[]> = {
  n: [0.6344, 1.2378, 3.2496 * 1e-2],
  c: [2.1659, 1.4412, 3.8269 * 1e-2],
  ct: [3.2512, 1.6047, 4.9588 * 1e-2],
  ctt: [4.0003, 1.658, 4.8288 * 1e-2],
};
const TAU_LARGEP: Record<AdfRegression, readonly number[]> = {
  n: [0.4797, 9.3557 * 1e-1, -0.6999 * 1e-1, 3.3066 * 1e-2],
  c: [1.7339, 9.3202 * 1e-1, -1.2745 * 1e-1, -1.0368 * 1e-2],
  ct: [2.5261, 6.1654 * 1e-1, -3.7956 * 1e-1, -6.0285 * 1e-2],
  ctt: [3.0778, 4.9529 * 1e-1, -4.1477 * 1e-1, -5.9359 * 1e-2],
};

// MacKinnon (2010) tau tables for N = 1: rows 1 %, 5 %, 10 %; coefficients of 1, 1/T, 1/T², 1/T³.
const TAU_2010: Record<AdfRegression, readonly (readonly number[])[]> = {
  n: [
    [-2.56574, -2.2358, -3.627, 0],
    [-1.941, -0.2686, -3.365, 31.223],
    [-1.61682, 0.2656, -2.714, 25.364],
  ],
  c: [
    [-3.43035, -6.5393, -16.786, -79.433],
    [-2.86154, -2.8903, -4.234, -40.04],
    [-2.56677, -1.5384, -2.809, 0],
  ],
  ct: [
    [-3.95877, -9.0531, -28.428, -134.155],
    [-3.41049, -4.3904, -9.036, -45.374],
    [-3.12705, -2.5856, -3.925, -22.38],
  ],
  ctt: [
    [-4.37113, -11.5882, -35.819, -334.047],
    [-3.83239, -5.9057, -12.49, -118.284],
    [-3.55326, -3.6596, -5.293, -63.559],
  ],
};

/** numpy.polyval with coefficients given lowest order first (Horner from the highest). */
function polyvalLowFirst(c: readonly number[], x: number): number {
  let y = 0;
  for (let i = c.length - 1; i >= 0; i--) y = y * x + c[i];
  return y;
}

/** statsmodels `mackinnonp(teststat, regression, N=1)`. */
export function mackinnonP(stat: number, regression: AdfRegression): number {
  if (Number.isNaN(stat)) return NaN;
  if (stat > TAU_MAX[regression]) return 1;
  if (stat < TAU_MIN[regression]) return 0;
  const coef = stat <= TAU_STAR[regression] ? TAU_SMALLP[regression] : TAU_LARGEP[regression];
  return normalCdf(polyvalLowFirst(coef, stat));
}

/** statsmodels `mackinnoncrit(N=1, regression, nobs)`: [1 %, 5 %, 10 %]. */
export function mackinnonCrit(regression: AdfRegression, nobs: number): [number, number, number] {
  const u = 1 / nobs;
  const t = TAU_2010[regression];
  return [polyvalLowFirst(t[0], u), polyvalLowFirst(t[1], u), polyvalLowFirst(t[2], u)];
}
