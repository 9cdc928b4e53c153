// Why: charts are described by plain data (series, scales, bands, guides) so presets are pure and testable,
// and the uPlot instance is only rebuilt when this structure (not the data) changes.

/** A palette slot (0-based index into the colorblind-safe palette), a CSS variable (`--accent`), or a CSS color. */
export type ColorRef = number | `--${string}` | string;

export type SeriesKind = 'line' | 'step' | 'bars' | 'points';

/** Derived values computed from feed columns when the chart flushes. */
export type SeriesTransform =
  /** Divide by the first finite value and multiply by 100. */
  | { kind: 'rebase100' }
  /** `column + k · stdColumn` (e.g. β ± k·σ band edges). */
  | { kind: 'offsetStd'; stdKey: string; k: number };

export interface SeriesSpec {
  /** Unique within a chart (bands refer to it). */
  id: string;
  /** Legend label. */
  label: string;
  /** Feed column holding the values. */
  key: string;
  transform?: SeriesTransform;
  kind?: SeriesKind;
  /** y scale key (default 'y'). */
  scale?: string;
  color?: ColorRef;
  width?: number;
  dash?: number[];
  /** Legend/summary decimals (default: adaptive). */
  decimals?: number;
  /** Include in the accessible summary (default: true for lines/steps, false for bars/points/band edges). */
  summarize?: boolean;
}

export interface ScaleSpec {
  key: string;
  /** Fixed y range (e.g. [-1, 1] for correlation). */
  range?: [number, number];
  /** Draw the scale's data in the bottom `underlay` fraction of the plot (volume beneath prices). */
  underlay?: number;
  /** Where the axis goes; 'none' hides it (default: 'left' for the first scale, 'right' otherwise). */
  axis?: 'left' | 'right' | 'none';
  label?: string;
}

export interface BandSpec {
  /** Series ids of the band edges. */
  upper: string;
  lower: string;
  color?: ColorRef;
  /** Fill opacity (default 0.15). */
  alpha?: number;
}

/** A horizontal reference line (z-score ±2, entry/exit thresholds, zero). */
export interface Guide {
  y: number;
  scale?: string;
  color?: ColorRef;
  dash?: number[];
  width?: number;
  label?: string;
}

export interface ChartSpec {
  series: readonly SeriesSpec[];
  scales?: readonly ScaleSpec[];
  bands?: readonly BandSpec[];
}

/** Stable string of the structural part of a chart; the chart is only rebuilt when this changes. */
export function specSignature(spec: ChartSpec): string {
  return JSON.stringify([spec.series, spec.scales ?? [], spec.bands ?? []]);
}

/** Scale keys in first-use order (series order, then declared scales). */
export function scaleKeys(spec: ChartSpec): string[] {
  const keys: string[] = [];
  for (const s of spec.series) if (!keys.includes(s.scale ?? 'y')) keys.push(s.scale ?? 'y');
  for (const s of spec.scales ?? []) if (!keys.includes(s.key)) keys.push(s.key);
  return keys;
}

export const isSummarized = (s: SeriesSpec): boolean =>
  s.summarize ?? (s.transform?.kind !== 'offsetStd' && (s.kind ?? 'line') !== 'bars' && s.kind !== 'points');
