import { describe, expect, it } from 'vitest';
import { firingMarkers } from '../../../src/ui/alerts/firingMarkers';
import type { AlertRule } from '../../../src/alerts';

const rule = (patch: Partial<AlertRule>): AlertRule => ({
  id: 'r1',
  name: 'z above 2',
  pair: { y: 'BTCUSDT', x: 'ETHUSDT' },
  timeframe: '1m',
  method: 'rollingOls',
  window: 60,
  metric: 'zscore',
  condition: 'crossesAbove',
  threshold: 2,
  enabled: true,
  ...patch,
});
const view = { symbols: ['BTCUSDT', 'ETHUSDT'], interval: '1m' as const, rebased: false };
const firings = [{ time: 1_000, value: 2.3 }];

describe('alert firings on the charts', () => {
  it('marks a z-score rule of the pair on screen on the z-score chart', () => {
    expect(firingMarkers(rule({}), firings, view)).toEqual({
      chart: 'z',
      markers: [{ x: 1_000, y: 2.3, kind: 'alert', label: 'z above 2' }],
    });
  });

  it('puts a last-price rule on its symbol’s own price axis, and not when prices are rebased', () => {
    const r = rule({ metric: 'lastPrice', symbol: 'ETHUSDT', threshold: 3000 });
    expect(firingMarkers(r, firings, view)?.markers[0].scale).toBe('px:ETHUSDT');
    expect(firingMarkers(r, firings, { ...view, rebased: true })).toBeNull();
  });

  it('marks nothing for another pair, another timeframe or a metric without a chart', () => {
    expect(firingMarkers(rule({ pair: { y: 'ETHUSDT', x: 'BTCUSDT' } }), firings, view)).toBeNull();
    expect(firingMarkers(rule({ timeframe: '5m' }), firings, view)).toBeNull();
    expect(firingMarkers(rule({ metric: 'adfPValue', threshold: 0.05 }), firings, view)).toBeNull();
  });
});
