// Why: small deterministic cointegrated bar series (y ≈ 2·x + 10 + AR(1) noise) for the metric tests.
import type { AlertBars } from '../../../src/alerts';
import { MIN, T0 } from './helpers';

export function syntheticPair(n: number, seed = 7): { y: AlertBars; x: AlertBars } {
  let s = seed;
  const uniform = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const openTime = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
  const xc = new Float64Array(n);
  const yc = new Float64Array(n);
  let px = 100;
  let e = 0;
  for (let i = 0; i < n; i++) {
    px += normal() * 0.5;
    e = 0.8 * e + normal() * 0.3;
    xc[i] = px;
    yc[i] = 2 * px + 10 + e;
  }
  return { y: { openTime, close: yc }, x: { openTime: openTime.slice(), close: xc } };
}
