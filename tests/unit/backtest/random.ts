// Why: a seeded generator of realistic random backtest inputs, so property tests are reproducible.
import type { BacktestInput } from '../../../src/analytics';

/** Mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Cointegrated-looking prices, a noisy mean-reverting z with NaN gaps and a drifting β with NaN gaps. */
export function randomInput(n: number, seed: number): BacktestInput {
  const rand = prng(seed);
  const time = new Float64Array(n);
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  const z = new Float64Array(n);
  const beta = new Float64Array(n);
  let px = 3400;
  let e = 0;
  let zz = 0;
  let b = 18.6;
  for (let i = 0; i < n; i++) {
    time[i] = 1_721_347_000_000 + i * 1000;
    px += normal(rand) * 1.5;
    e = 0.95 * e + normal(rand) * 3;
    x[i] = px;
    y[i] = 18.6 * px + 800 + e;
    zz = 0.9 * zz + normal(rand) * 0.7;
    z[i] = rand() < 0.05 ? NaN : zz;
    b += normal(rand) * 0.01;
    beta[i] = rand() < 0.03 ? NaN : b;
  }
  return { time, y, x, beta, zscore: z, entry: 1.5, exit: 0.25, feeBps: 2, barsPerYear: 31_536_000 };
}
