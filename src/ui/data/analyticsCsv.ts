// Why: the pair analytics the dashboard shows, as a CSV a spreadsheet opens: one row per aligned bar with the
// prices, the hedge ratio, spread, z-score and both rolling correlations (empty cells before a window fills).
import type { PairAnalyticsResult } from '../../analytics/pairAnalytics';
import type { Interval } from '../../domain/types';
// From escape.ts directly: the csv index also re-exports the parser (papaparse), which the main thread never needs.
import { toCsv, type CsvCell } from '../../csv/escape';
import { safeFileName } from './download';

export const ANALYTICS_HEADER = [
  'time',
  'open_time_ms',
  'y',
  'x',
  'hedge_ratio',
  'spread',
  'z_score',
  'corr_prices',
  'corr_returns',
] as const;

export function analyticsCsv(
  pair: Pick<
    PairAnalyticsResult,
    'n' | 'time' | 'y' | 'x' | 'beta' | 'spread' | 'zScore' | 'corrPrices' | 'corrReturns'
  >,
  symbols: readonly [string, string],
  interval: Interval,
): { fileName: string; text: string; rows: number } {
  const rows: CsvCell[][] = [];
  for (let i = 0; i < pair.n; i++) {
    const t = pair.time[i];
    rows.push([
      Number.isFinite(t) ? new Date(t).toISOString() : '',
      t,
      pair.y[i],
      pair.x[i],
      pair.beta[i],
      pair.spread[i],
      pair.zScore[i],
      pair.corrPrices[i],
      pair.corrReturns[i],
    ]);
  }
  const [y, x] = symbols;
  const header = ANALYTICS_HEADER.map((h) => (h === 'y' ? `y_${y}` : h === 'x' ? `x_${x}` : h));
  return {
    fileName: safeFileName(`${y}_${x}-${interval}-analytics.csv`),
    text: toCsv(header, rows),
    rows: rows.length,
  };
}
