// Why: uPlot draws gaps only for null (NaN would poison paths and auto-ranging), so Float64Array columns are
// turned into (number | null)[] every frame; doing it into arrays reused across frames keeps the GC quiet.
// Derived series (rebased prices, β ± k·σ band edges) are computed here too, also into reused buffers.
import type uPlot from 'uplot';
import type { FeedSnapshot } from './chartFeed';
import type { SeriesSpec } from './specs';
import type { XRange } from './xRange';

export type GapArray = (number | null)[];

/**
 * Copies `src[0..n)` into `out`, writing null for NaN/±Infinity and for missing elements. `out` is
 * reused (its length adjusted in place) so steady-state frames allocate nothing.
 */
export function toGapped(src: ArrayLike<number> | undefined, n: number, out: GapArray = []): GapArray {
  if (out.length !== n) out.length = n;
  const m = src ? Math.min(n, src.length) : 0;
  for (let i = 0; i < m; i++) {
    const v = src![i];
    out[i] = Number.isFinite(v) ? v : null;
  }
  for (let i = m; i < n; i++) out[i] = null;
  return out;
}

/** A Float64Array of length `n` backed by `buf` when it is big enough (returns the possibly new buffer's view). */
function sized(buf: Float64Array | null, n: number): Float64Array {
  return buf && buf.length === n ? buf : new Float64Array(n);
}

/**
 * Rebases a series to 100 at its first finite value: out[i] = 100 · v[i] / v[first]. All-NaN output when
 * there is no finite non-zero first value. `out` is reused when its length matches.
 */
export function rebaseTo100(series: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = series.length;
  const res = sized(out ?? null, n);
  let base = NaN;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(series[i])) {
      base = series[i];
      break;
    }
  }
  const ok = Number.isFinite(base) && base !== 0;
  for (let i = 0; i < n; i++) res[i] = ok ? (100 * series[i]) / base : NaN;
  return res;
}

/** out[i] = base[i] + k · std[i] (NaN where either is missing). */
export function offsetByStd(
  base: ArrayLike<number>,
  std: ArrayLike<number> | undefined,
  k: number,
  out?: Float64Array,
): Float64Array {
  const n = base.length;
  const res = sized(out ?? null, n);
  for (let i = 0; i < n; i++) {
    const s = std && i < std.length ? std[i] : NaN;
    res[i] = base[i] + k * s;
  }
  return res;
}

/** Min/max of the finite values of an ascending x column (first/last finite), or null. */
export function xExtent(x: ArrayLike<number>): XRange | null {
  let lo = 0;
  let hi = x.length - 1;
  while (lo <= hi && !Number.isFinite(x[lo])) lo++;
  while (hi >= lo && !Number.isFinite(x[hi])) hi--;
  return lo <= hi ? { min: x[lo], max: x[hi] } : null;
}

export interface DataBuilder {
  /** uPlot data for the snapshot: [x seconds, ...series] with reused arrays. */
  build(snapshot: FeedSnapshot): uPlot.AlignedData;
  /** Per-series values after transforms (Float64Array, NaN = gap), for summaries. */
  values(seriesIdx: number): Float64Array | undefined;
}

/** Builds uPlot data for a fixed list of series specs, reusing every buffer between frames. */
export function createDataBuilder(series: readonly SeriesSpec[]): DataBuilder {
  const gapped: GapArray[] = series.map(() => []);
  const scratch: (Float64Array | null)[] = series.map(() => null);
  const resolved: (Float64Array | undefined)[] = series.map(() => undefined);
  const data: uPlot.AlignedData = [new Float64Array(0), ...gapped];

  return {
    build(snap) {
      const n = snap.x.length;
      data[0] = snap.x;
      for (let i = 0; i < series.length; i++) {
        const spec = series[i];
        const col = snap.columns[spec.key];
        let vals = col;
        const t = spec.transform;
        if (col && t?.kind === 'rebase100') vals = scratch[i] = rebaseTo100(col, scratch[i] ?? undefined);
        else if (col && t?.kind === 'offsetStd')
          vals = scratch[i] = offsetByStd(col, snap.columns[t.stdKey], t.k, scratch[i] ?? undefined);
        resolved[i] = vals;
        toGapped(vals, n, gapped[i]);
      }
      return data;
    },
    values: (i) => resolved[i],
  };
}
