import { describe, expect, it } from 'vitest';
import { gapMarkers } from '../../../src/app/gapMarkers';
import type { BarColumns, Gap } from '../../../src/domain/types';

const bars = (symbol: string, closes: number[]): BarColumns => {
  const f = (a: number[]) => Float64Array.from(a);
  return {
    symbol,
    interval: '1m',
    source: 'live',
    openTime: f(closes.map((_, i) => i * 60_000)),
    open: f(closes),
    high: f(closes),
    low: f(closes),
    close: f(closes),
    volume: f(closes),
    trades: f(closes),
    quoteVolume: f(closes),
    takerBuyVolume: f(closes),
    finalCount: closes.length,
  };
};
const gap = (patch: Partial<Gap>): Gap => ({
  symbol: 'BTCUSDT',
  source: 'live',
  fromId: 10,
  toId: 19,
  fromTs: 90_000,
  toTs: 130_000,
  missed: 10,
  status: 'unfillable',
  ...patch,
});

describe('unfilled gaps on the price chart', () => {
  const view = { symbols: ['BTCUSDT', 'ETHUSDT'], source: 'live' as const, rebased: false };
  const all = { BTCUSDT: bars('BTCUSDT', [100, 110, 120]) };

  it('marks an unfilled gap at its start, at the price it starts from, on the symbol’s axis', () => {
    expect(gapMarkers([gap({})], all, view)).toEqual([
      {
        x: 90_000,
        y: 110,
        kind: 'custom',
        scale: 'px:BTCUSDT',
        label: 'gap: 10 trades missing (unfillable)',
      },
    ]);
    expect(gapMarkers([gap({ status: 'partial' })], all, { ...view, rebased: true })[0]).toMatchObject({
      y: 110,
      scale: 'y',
    });
  });

  it('shows no filled gap, and none of another source or symbol', () => {
    expect(
      gapMarkers(
        [gap({ status: 'filled' }), gap({ source: 'replay' }), gap({ symbol: 'SOLUSDT' })],
        all,
        view,
      ),
    ).toEqual([]);
  });
});
