import { describe, expect, it } from 'vitest';
import { unionAlign } from '../../../src/app/unionAlign';
import type { BarColumns } from '../../../src/domain/types';

function bars(symbol: string, times: number[], closes: number[]): BarColumns {
  const f = (a: number[]) => Float64Array.from(a);
  return {
    symbol,
    interval: '1s',
    source: 'live',
    openTime: f(times),
    open: f(closes),
    high: f(closes),
    low: f(closes),
    close: f(closes),
    volume: f(closes.map(() => 1)),
    trades: f(closes.map(() => 1)),
    quoteVolume: f(closes),
    takerBuyVolume: f(closes.map(() => 0)),
    finalCount: times.length,
  };
}

describe('aligning several symbols on one time axis', () => {
  it('uses the union of open times and leaves a gap where a symbol has no bar', () => {
    const r = unionAlign({ A: bars('A', [1000, 3000], [1, 3]), B: bars('B', [2000, 3000], [20, 30]) }, [
      'A',
      'B',
      'C',
    ]);
    expect(Array.from(r.time)).toEqual([1000, 2000, 3000]);
    expect(Array.from(r.close.A)).toEqual([1, NaN, 3]);
    expect(Array.from(r.close.B)).toEqual([NaN, 20, 30]);
    expect(Array.from(r.close.C)).toEqual([NaN, NaN, NaN]);
    expect(Array.from(r.volume.B)).toEqual([NaN, 1, 1]);
  });
});

describe('the spread shown on the chart', () => {
  it('hides the Kalman burn-in of one window and leaves static fits untouched', async () => {
    const { displaySpread } = await import('../../../src/app/dashboard');
    const spread = Float64Array.from([60000, 30, 2, 1, 0.5]);
    expect(Array.from(displaySpread(spread, 'kalman', 2))).toEqual([NaN, NaN, 2, 1, 0.5]);
    expect(displaySpread(spread, 'ols', 2)).toBe(spread);
    expect(spread[0]).toBe(60000);
  });
});
