// Why: our OHLC export is also an import format, so it is written to read back bit-identical: open_time in ms,
// every number in its shortest exact decimal (never exponent notation), only final bars (a forming bar would
// change after export), one row per bar with its symbol, so several symbols share one file.
import type { BarColumns, Interval, Source } from '../domain/types';
import { INTERVAL_MS } from '../domain/types';
import { OUR_HEADER } from './detect';
import type { CsvCell } from './escape';
import { toCsv } from './escape';
import { compactUtc } from './numbers';

export interface OhlcExport {
  fileName: string;
  text: string;
  rows: number;
}

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** `BTCUSDT_ETHUSDT-1m-20240718T2356Z-20240719T0007Z.csv`: symbols, interval, first open → last close (UTC). */
export function exportFileName(
  symbols: readonly string[],
  interval: Interval,
  fromMs: number,
  toMs: number,
): string {
  const range = Number.isFinite(fromMs) ? `${compactUtc(fromMs)}-${compactUtc(toMs)}` : 'empty';
  return safe(`${symbols.join('_')}-${interval}-${range}.csv`);
}

/** The final bars of each series (same interval) as our OHLC CSV. */
export function exportOhlcCsv(
  columnsBySymbol: readonly BarColumns[],
  interval: Interval,
  source: Source,
): OhlcExport {
  let from = Infinity;
  let to = -Infinity;
  const rows: CsvCell[][] = [];
  for (const c of columnsBySymbol) {
    if (c.interval !== interval) throw new Error(`${c.symbol} bars are ${c.interval}, not ${interval}`);
    for (let i = 0; i < c.finalCount; i++) {
      const t = c.openTime[i];
      if (t < from) from = t;
      if (t + INTERVAL_MS[interval] > to) to = t + INTERVAL_MS[interval];
      rows.push([
        c.symbol,
        interval,
        source,
        t,
        c.open[i],
        c.high[i],
        c.low[i],
        c.close[i],
        c.volume[i],
        c.trades[i],
        c.quoteVolume[i],
        c.takerBuyVolume[i],
      ]);
    }
  }
  const symbols = columnsBySymbol.map((c) => c.symbol);
  return {
    fileName: exportFileName(symbols, interval, from, to),
    text: toCsv(OUR_HEADER, rows),
    rows: rows.length,
  };
}
