// Why: the price chart shows every selected symbol on one time axis; symbols trade at different moments,
// so their bars are aligned on the union of open times with NaN (a gap) where a symbol has no bar.
import type { BarColumns } from '../domain/types';

export interface UnionSeries {
  time: Float64Array;
  close: Record<string, Float64Array>;
  volume: Record<string, Float64Array>;
}

export function unionAlign(
  bars: Readonly<Record<string, BarColumns | undefined>>,
  symbols: readonly string[],
): UnionSeries {
  const present = symbols.filter((s) => (bars[s]?.openTime.length ?? 0) > 0);
  const times = new Set<number>();
  for (const s of present) for (const t of bars[s]!.openTime) times.add(t);
  const time = Float64Array.from(times).sort();
  const index = new Map<number, number>();
  time.forEach((t, i) => index.set(t, i));
  const close: Record<string, Float64Array> = {};
  const volume: Record<string, Float64Array> = {};
  for (const s of symbols) {
    const c = new Float64Array(time.length).fill(NaN);
    const v = new Float64Array(time.length).fill(NaN);
    const b = bars[s];
    if (b) {
      for (let i = 0; i < b.openTime.length; i++) {
        const k = index.get(b.openTime[i])!;
        c[k] = b.close[i];
        v[k] = b.volume[i];
      }
    }
    close[s] = c;
    volume[s] = v;
  }
  return { time, close, volume };
}
