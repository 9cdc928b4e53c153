// Why: a compact rule factory and a driver that feeds a value series to the engine bar by bar, so each test
// states only what it varies.
import { createAlertEngine, type AlertEngine, type AlertEvent, type AlertRule } from '../../../src/alerts';

export const T0 = 1_721_347_200_000;
export const MIN = 60_000;

export function rule(over: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'r1',
    name: 'BTC/ETH z above 2',
    pair: { y: 'BTCUSDT', x: 'ETHUSDT' },
    timeframe: '1m',
    method: 'rollingOls',
    window: 60,
    metric: 'zscore',
    condition: 'above',
    threshold: 2,
    cooldownMs: 0,
    enabled: true,
    ...over,
  };
}

/** Feeds values on consecutive 1 m bars (now = bar time, so nothing is stale); returns fired bar indexes. */
export function feed(engine: AlertEngine, id: string, values: number[], start = 0): number[] {
  const fired: number[] = [];
  values.forEach((value, k) => {
    const barTime = T0 + (start + k) * MIN;
    const ev: AlertEvent[] = engine.evaluate(id, { barTime, value }, barTime);
    if (ev.length > 0) fired.push(start + k);
  });
  return fired;
}

export function engineWith(r: AlertRule): AlertEngine {
  return createAlertEngine({ rules: [r], clock: () => 0 });
}
