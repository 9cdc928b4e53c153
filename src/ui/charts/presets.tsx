// Why: thin, ready-made charts for the dashboard; each only picks a spec (presetSpecs.ts) and guides.
import { useMemo } from 'react';
import {
  CORRELATION_GUIDES,
  correlationSpec,
  equitySpec,
  hedgeRatioSpec,
  priceSpec,
  spreadSpec,
  zScoreGuideLines,
  zScoreSpec,
} from './presetSpecs';
import { TimeChart, type TimeChartProps } from './TimeChart';

// Specs that never change are built once.
const SPREAD_SPEC = spreadSpec();
const ZSCORE_SPEC = zScoreSpec();
const CORRELATION_SPEC = correlationSpec();
const EQUITY_SPEC = equitySpec();

/** Everything TimeChart takes except the structure the preset decides; the title has a default. */
export type PresetProps = Omit<TimeChartProps, 'series' | 'scales' | 'bands' | 'title'> & { title?: string };

export interface PriceChartProps extends PresetProps {
  symbols: readonly string[];
  /** Toggle: rebase all to 100 (one axis) vs one axis per symbol. */
  rebased?: boolean;
  /** Symbol whose volume is drawn beneath (default first; null for none). */
  volumeOf?: string | null;
}

export function PriceChart({ symbols, rebased = false, volumeOf, title, ...rest }: PriceChartProps) {
  const spec = useMemo(() => priceSpec(symbols, { rebased, volumeOf }), [symbols, rebased, volumeOf]);
  return <TimeChart title={title ?? `Prices: ${symbols.join(', ')}`} {...rest} {...spec} />;
}

export function SpreadChart({ title, ...rest }: PresetProps) {
  return <TimeChart title={title ?? 'Spread'} {...rest} {...SPREAD_SPEC} />;
}

export interface ZScoreChartProps extends PresetProps {
  /** |z| entry threshold (guide lines at ±entry). */
  entry?: number;
  /** |z| exit threshold (guide lines at ±exit). */
  exit?: number;
}

/** Trade entries/exits: `feed.setMarkers([{ x, y: z, kind: 'entry' }])`. */
export function ZScoreChart({ entry, exit, title, guides, ...rest }: ZScoreChartProps) {
  const lines = useMemo(() => guides ?? zScoreGuideLines({ entry, exit }), [guides, entry, exit]);
  return <TimeChart title={title ?? 'Z-score'} guides={lines} {...rest} {...ZSCORE_SPEC} />;
}

export interface HedgeRatioChartProps extends PresetProps {
  /** Band β ± k·σ around the Kalman β (needs the betaKalmanStd column). */
  bandK?: number;
  ols?: boolean;
}

export function HedgeRatioChart({ bandK, ols, title, ...rest }: HedgeRatioChartProps) {
  const spec = useMemo(() => hedgeRatioSpec({ bandK, ols }), [bandK, ols]);
  return <TimeChart title={title ?? 'Hedge ratio'} {...rest} {...spec} />;
}

export function CorrelationChart({ title, guides, ...rest }: PresetProps) {
  return (
    <TimeChart
      title={title ?? 'Rolling correlation'}
      guides={guides ?? CORRELATION_GUIDES}
      {...rest}
      {...CORRELATION_SPEC}
    />
  );
}

export function EquityChart({ title, ...rest }: PresetProps) {
  return <TimeChart title={title ?? 'Equity'} {...rest} {...EQUITY_SPEC} />;
}
