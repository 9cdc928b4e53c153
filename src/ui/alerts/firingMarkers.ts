// Why: "how often would this rule have fired?" is easiest to judge on the chart of the metric itself; the
// firings become markers on that chart when the rule watches the pair and timeframe on screen.
import type { AlertRule } from '../../alerts';
import type { Marker } from '../charts';
import type { ViewSettings } from '../../app/view';

export type FiringChart = 'z' | 'spread' | 'corr' | 'hedge' | 'prices';

export interface FiringMarkers {
  chart: FiringChart;
  markers: Marker[];
}

const CHART_OF: Partial<Record<AlertRule['metric'], FiringChart>> = {
  zscore: 'z',
  spread: 'spread',
  correlation: 'corr',
  hedgeRatio: 'hedge',
  lastPrice: 'prices',
};

/** Null when the metric has no chart (ADF p-value, staleness) or the rule is about another view. */
export function firingMarkers(
  rule: AlertRule,
  firings: readonly { time: number; value: number }[],
  view: Pick<ViewSettings, 'symbols' | 'interval' | 'rebased'>,
): FiringMarkers | null {
  const chart = CHART_OF[rule.metric];
  if (!chart || rule.timeframe !== view.interval) return null;
  const [y, x] = view.symbols;
  if (chart === 'prices') {
    if (!rule.symbol || !view.symbols.includes(rule.symbol) || view.rebased) return null;
    const scale = `px:${rule.symbol}`;
    return {
      chart,
      markers: firings.map((f) => ({ x: f.time, y: f.value, kind: 'alert', scale, label: rule.name })),
    };
  }
  if (rule.pair.y !== y || rule.pair.x !== x) return null;
  return { chart, markers: firings.map((f) => ({ x: f.time, y: f.value, kind: 'alert', label: rule.name })) };
}
