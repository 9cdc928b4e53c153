// Why: a hole REST could not fill (unreachable, CORS, too old) must be visible where it matters: on the price
// chart, at the time it happened, on the symbol's own axis. Filled gaps are not shown: their bars are exact.
import type { BarColumns, Gap } from '../domain/types';
import type { Marker } from '../ui/charts';
import type { ViewSettings } from './view';

export function gapMarkers(
  gaps: readonly Gap[],
  bars: Readonly<Record<string, BarColumns | undefined>>,
  view: Pick<ViewSettings, 'symbols' | 'source' | 'rebased'>,
): Marker[] {
  const out: Marker[] = [];
  for (const gap of gaps) {
    if (gap.status === 'filled' || gap.source !== view.source || !view.symbols.includes(gap.symbol)) continue;
    const b = bars[gap.symbol];
    if (!b || b.openTime.length === 0) continue;
    // The close of the last bar that opened at or before the gap's start (the price the hole starts from).
    let i = 0;
    while (i + 1 < b.openTime.length && b.openTime[i + 1] <= gap.fromTs) i++;
    const y = view.rebased ? (100 * b.close[i]) / b.close[0] : b.close[i];
    out.push({
      x: gap.fromTs,
      y,
      kind: 'custom',
      scale: view.rebased ? 'y' : `px:${gap.symbol}`,
      label: `gap: ${gap.missed} trades missing (${gap.status})`,
    });
  }
  return out;
}
