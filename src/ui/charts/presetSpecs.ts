// Why: the dashboard's chart kinds as pure spec builders (tested in Node); presets.tsx only wraps them.
// Column names are the contract with producers: push columns under these keys into the chart's feed.
import { zScoreGuides } from './plugins';
import type { ChartSpec, Guide, ScaleSpec, SeriesSpec } from './specs';

/** Feed column keys the presets read. */
export const COLUMNS = {
  close: (symbol: string) => `close:${symbol}`,
  volume: (symbol: string) => `volume:${symbol}`,
  spread: 'spread',
  z: 'z',
  betaKalman: 'betaKalman',
  /** Standard deviation of the Kalman β (for the β ± k·σ band). */
  betaKalmanStd: 'betaKalmanStd',
  betaOls: 'betaOls',
  corr: 'corr',
  equity: 'equity',
} as const;

export interface PriceSpecOptions {
  /** Rebase every symbol to 100 at its first value on one axis; otherwise one y axis per symbol. */
  rebased: boolean;
  /** Symbol whose volume bars are drawn beneath (default: the first; null for none). */
  volumeOf?: string | null;
}

export function priceSpec(symbols: readonly string[], o: PriceSpecOptions): ChartSpec {
  const series: SeriesSpec[] = symbols.map((sym, i) => ({
    id: `px:${sym}`,
    label: o.rebased ? `${sym} (rebased)` : sym,
    key: COLUMNS.close(sym),
    scale: o.rebased ? 'y' : `px:${sym}`,
    transform: o.rebased ? { kind: 'rebase100' } : undefined,
    color: i,
    decimals: o.rebased ? 2 : undefined,
  }));
  const scales: ScaleSpec[] = o.rebased
    ? [{ key: 'y', label: 'rebased = 100' }]
    : symbols.map((sym, i) => ({
        key: `px:${sym}`,
        label: sym,
        axis: i === 0 ? 'left' : i === 1 ? 'right' : 'none',
      }));
  const vol = o.volumeOf === undefined ? symbols[0] : o.volumeOf;
  if (vol) {
    series.push({
      id: 'volume',
      label: `${vol} volume`,
      key: COLUMNS.volume(vol),
      kind: 'bars',
      scale: 'volume',
      color: '--muted',
      summarize: false,
    });
    scales.push({ key: 'volume', underlay: 0.25, axis: 'none' });
  }
  return { series, scales };
}

export function spreadSpec(): ChartSpec {
  return { series: [{ id: 'spread', label: 'Spread', key: COLUMNS.spread, color: 0 }] };
}

export interface ZScoreSpecOptions {
  entry?: number;
  exit?: number;
}

export function zScoreSpec(): ChartSpec {
  return { series: [{ id: 'z', label: 'Z-score', key: COLUMNS.z, color: 0, decimals: 2 }] };
}

export function zScoreGuideLines(o: ZScoreSpecOptions): Guide[] {
  return zScoreGuides(o.entry, o.exit);
}

export interface HedgeSpecOptions {
  /** Draw β_kalman ± k·σ as a filled band (needs the betaKalmanStd column); 0/undefined: no band. */
  bandK?: number;
  /** Include the rolling OLS β (default true). */
  ols?: boolean;
}

export function hedgeRatioSpec(o: HedgeSpecOptions = {}): ChartSpec {
  const series: SeriesSpec[] = [
    { id: 'betaKalman', label: 'β Kalman', key: COLUMNS.betaKalman, color: 0, decimals: 4 },
  ];
  if (o.ols !== false)
    series.push({ id: 'betaOls', label: 'β rolling OLS', key: COLUMNS.betaOls, color: 1, decimals: 4 });
  const k = o.bandK ?? 0;
  if (!(k > 0)) return { series };
  const edge = (id: string, sign: 1 | -1): SeriesSpec => ({
    id,
    label: `β ${sign > 0 ? '+' : '−'} ${k}σ`,
    key: COLUMNS.betaKalman,
    transform: { kind: 'offsetStd', stdKey: COLUMNS.betaKalmanStd, k: sign * k },
    color: 0,
    width: 1,
    dash: [3, 3],
    decimals: 4,
  });
  series.push(edge('betaHi', 1), edge('betaLo', -1));
  return { series, bands: [{ upper: 'betaHi', lower: 'betaLo', color: 0, alpha: 0.12 }] };
}

export function correlationSpec(): ChartSpec {
  return {
    series: [{ id: 'corr', label: 'Rolling correlation', key: COLUMNS.corr, color: 2, decimals: 3 }],
    scales: [{ key: 'y', range: [-1, 1] }],
  };
}

export const CORRELATION_GUIDES: readonly Guide[] = [{ y: 0, color: '--border' }];

export function equitySpec(): ChartSpec {
  return { series: [{ id: 'equity', label: 'Equity', key: COLUMNS.equity, color: 3 }] };
}
