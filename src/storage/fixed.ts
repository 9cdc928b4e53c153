// Why: Binance prints kline volumes as exact decimals; summing doubles drifts in the last digits, so bars
// accumulate volume / quote volume / taker-buy volume as exact fixed-point numbers (whole units plus an
// integer count of 1e-8 units) and turn them into the double nearest to the exact decimal only at the end.
// Compared with the official klines with `===` on numbers (tolerance-free), see tests/unit/storage.

/** Fractional resolution: 8 decimals, Binance's maximum precision for prices, quantities and notionals. */
export const FRAC_SCALE = 100_000_000;
const FRAC_DIGITS = 8;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8] as const;
/** Below this whole part, `(w * 1e8 + f)` is an exact integer, so one division rounds correctly. */
const FAST_WHOLE_LIMIT = Math.floor(Number.MAX_SAFE_INTEGER / FRAC_SCALE);

/**
 * Smallest d in 0..8 such that `x` is the double nearest to a decimal with d places, or -1.
 * `Math.round(x * 10^d) / 10^d` is the correctly rounded parse of that decimal, so equality proves it.
 */
export function decimalPlaces(x: number): number {
  for (let d = 0; d <= FRAC_DIGITS; d++) {
    const s = POW10[d];
    if (Math.round(x * s) / s === x) return d;
  }
  return -1;
}

/** Output slots of {@link splitTick}; module-level scratch so the hot loop allocates nothing. */
export const parts = { vw: 0, vf: 0, qw: 0, qf: 0 };

function splitScaled(n: number, d: number): void {
  // n is an exact integer count of 10^-d units; split it into whole units and 1e-8 units, exactly.
  const s = POW10[d];
  const rem = n % s;
  parts.qw = (n - rem) / s;
  parts.qf = rem * POW10[FRAC_DIGITS - d];
}

/**
 * Exact fixed-point parts of a trade's quantity (vw, vf) and notional price × qty (qw, qf).
 * Exact whenever price and quantity have ≤ 8 decimals together and p·q in units fits 2^53 (every Binance
 * USD-M contract); otherwise falls back to rounding p·q to 1e-8, which is what Binance prints anyway.
 */
export function splitTick(price: number, qty: number): void {
  const dq = decimalPlaces(qty);
  const dp = decimalPlaces(price);
  let qi = 0;
  if (dq >= 0) {
    qi = Math.round(qty * POW10[dq]);
    splitScaled(qi, dq);
    parts.vw = parts.qw;
    parts.vf = parts.qf;
  } else {
    approx(qty);
    parts.vw = parts.qw;
    parts.vf = parts.qf;
  }
  if (dq >= 0 && dp >= 0 && dp + dq <= FRAC_DIGITS) {
    const m = Math.round(price * POW10[dp]) * qi;
    if (m <= Number.MAX_SAFE_INTEGER) {
      splitScaled(m, dp + dq);
      return;
    }
  }
  approx(price * qty);
}

function approx(v: number): void {
  let w = Math.floor(v);
  let f = Math.round((v - w) * FRAC_SCALE);
  if (f >= FRAC_SCALE) {
    w += 1;
    f -= FRAC_SCALE;
  }
  parts.qw = w;
  parts.qf = f;
}

/** The double nearest to the exact decimal `w + f·1e-8` (same value `Number("w.ffffffff")` gives). */
export function fixedToNumber(w: number, f: number): number {
  if (w < FAST_WHOLE_LIMIT) return (w * FRAC_SCALE + f) / FRAC_SCALE;
  return Number(`${w}.${String(f).padStart(FRAC_DIGITS, '0')}`);
}

/** Exact running sum of non-negative decimals; used by tests and by callers summing finished bars. */
export class FixedSum {
  w = 0;
  f = 0;
  add(w: number, f: number): this {
    this.w += w;
    this.f += f;
    if (this.f >= FRAC_SCALE) {
      this.f -= FRAC_SCALE;
      this.w += 1;
    }
    return this;
  }
  /** Adds a double that is the nearest double to a decimal with ≤ 8 places (e.g. a bar's volume). */
  addNumber(x: number): this {
    const d = decimalPlaces(x);
    if (d >= 0) splitScaled(Math.round(x * POW10[d]), d);
    else approx(x);
    return this.add(parts.qw, parts.qf);
  }
  value(): number {
    return fixedToNumber(this.w, this.f);
  }
}
