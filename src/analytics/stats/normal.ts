// Why: MacKinnon p-values need Φ(x) with ~1e-15 relative accuracy deep in the left tail; jstat's erfc is
// 1 − erf and loses all relative accuracy there. This is Cephes' ndtr/erf/erfc (the algorithm behind
// scipy.special.ndtr) with W. J. Cody's split evaluation of exp(−x²), which removes the ~1e-14 error that a
// plain exp(−x·x) introduces for large |x|. Coefficients are Cephes' 21-digit constants written as the
// shortest literals of the same doubles.

const P = [
  2.461969814735305e-10, 0.5641895648310689, 7.463210564422699, 48.63719709856814, 196.5208329560771,
  526.4451949954773, 934.5285271719576, 1027.5518868951572, 557.5353353693994,
];
const Q = [
  13.228195115474499, 86.70721408859897, 354.9377788878199, 975.7085017432055, 1823.9091668790973,
  2246.3376081871097, 1656.6630919416134, 557.5353408177277,
];
const R = [
  0.5641895835477551, 1.275366707599781, 5.019050422511805, 6.160210979930536, 7.4097426995044895,
  2.9788666537210022,
];
const S = [
  2.2605286322011726, 9.396035249380015, 12.048953980809666, 17.08144507475659, 9.608968090632859,
  3.369076451000815,
];
const T = [9.604973739870516, 90.02601972038427, 2232.005345946843, 7003.325141128051, 55592.30130103949];
const U = [33.56171416475031, 521.3579497801527, 4594.323829709801, 22629.000061389095, 49267.39426086359];

/** Σ c[i]·x^(N−i) (Cephes polevl). */
function polevl(x: number, c: readonly number[]): number {
  let y = c[0];
  for (let i = 1; i < c.length; i++) y = y * x + c[i];
  return y;
}

/** x^N + Σ c[i]·x^(N−1−i) (Cephes p1evl: leading coefficient 1 implied). */
function p1evl(x: number, c: readonly number[]): number {
  let y = x + c[0];
  for (let i = 1; i < c.length; i++) y = y * x + c[i];
  return y;
}

/** exp(−x²·s) without the rounding error of forming x² (Cody): split x into a 1/16-grid part and a rest. */
function expMinusSquare(x: number, s: number): number {
  const xs = Math.trunc(x * 16) / 16;
  const del = (x - xs) * (x + xs);
  return Math.exp(-xs * xs * s) * Math.exp(-del * s);
}

/** erfc(x)·exp(x²) for x ≥ 1 (Cephes' rational approximations). */
function erfcx(x: number): number {
  return x < 8 ? polevl(x, P) / p1evl(x, Q) : polevl(x, R) / p1evl(x, S);
}

/** Error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, T)) / p1evl(z, U);
}

/** Complementary error function 1 − erf(x), accurate in relative terms for large x. */
export function erfc(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = Math.abs(a);
  if (x < 1) return 1 - erf(a);
  if (x > 27.3) return a < 0 ? 2 : 0; // exp(−x²) underflows
  const y = expMinusSquare(x, 1) * erfcx(x);
  return a < 0 ? 2 - y : y;
}

/** Standard normal CDF Φ(a) (scipy.stats.norm.cdf). */
export function normalCdf(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = a * Math.SQRT1_2;
  const z = Math.abs(x);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(x);
  if (z > 27.3) return a < 0 ? 0 : 1;
  // exp(−a²/2) is split on a itself: forming z = |a|/√2 first would cost ~|a|²·eps of relative accuracy
  const y = z < 1 ? 0.5 * erfc(z) : 0.5 * expMinusSquare(Math.abs(a), 0.5) * erfcx(z);
  return x > 0 ? 1 - y : y;
}
