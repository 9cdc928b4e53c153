// Why: double-double ("dd") accumulators give ~106-bit sums of exact products, which is what lets the
// rolling statistics, OLS and price stats match rational-arithmetic references to ~1e-15 instead of
// inheriting the 1e-6 drift that plain running sums show on flat 1 s price bars.
//
// A dd value is the unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2. All helpers are allocation-free and
// work on a caller-owned Float64Array slot pair so the hot loops stay monomorphic.

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp split)

/** Exact product a·b = p + e (Dekker). Returns e; p is a*b. */
export function twoProdErr(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return al * bl - (p - ah * bh - al * bh - ah * bl);
}

/**
 * In-place dd accumulator stored at acc[i] (hi) and acc[i + 1] (lo).
 * addDD(acc, i, hi, lo) performs acc += (hi + lo) with Knuth's TwoSum and renormalisation.
 */
export function addDD(acc: Float64Array, i: number, bh: number, bl: number): void {
  const ah = acc[i];
  const al = acc[i + 1];
  // TwoSum of the high parts
  const s = ah + bh;
  const bb = s - ah;
  const e = ah - (s - bb) + (bh - bb);
  // add the low parts (sloppy dd add: adequate because both operands are already dd-normalised)
  const t = e + al + bl;
  const hi = s + t;
  acc[i] = hi;
  acc[i + 1] = t - (hi - s);
}

/** acc += a (a plain double). */
export function addD(acc: Float64Array, i: number, a: number): void {
  addDD(acc, i, a, 0);
}

/** acc += a·b exactly (the product is formed exactly as a dd before accumulating). */
export function addProd(acc: Float64Array, i: number, a: number, b: number): void {
  const p = a * b;
  addDD(acc, i, p, twoProdErr(a, b, p));
}

/** acc −= a·b exactly. */
export function subProd(acc: Float64Array, i: number, a: number, b: number): void {
  const p = a * b;
  addDD(acc, i, -p, -twoProdErr(a, b, p));
}

/**
 * Centered cross moment C = Sab − Sa·Sb / n from dd sums, evaluated in dd and rounded once.
 * sa/sb/sab are dd pairs (hi, lo). Used for variances (a = b) and covariances.
 */
export function centredMoment(
  saH: number,
  saL: number,
  sbH: number,
  sbL: number,
  sabH: number,
  sabL: number,
  n: number,
): number {
  // prod = Sa·Sb in dd
  const p = saH * sbH;
  const pe = twoProdErr(saH, sbH, p) + (saH * sbL + saL * sbH);
  const ph = p + pe;
  const pl = pe - (ph - p);
  // q = prod / n in dd (one Newton correction)
  const q1 = ph / n;
  const r = q1 * n;
  const rErr = twoProdErr(q1, n, r);
  const q2 = (ph - r - rErr + pl) / n;
  // C = Sab − q
  const s = sabH - q1;
  const bb = s - sabH;
  const e = sabH - (s - bb) + (-q1 - bb);
  return s + (e + sabL - q2);
}
