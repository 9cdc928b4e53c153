// Why: several tests prove stored bars equal the exchange's own klines (served by the replay server's REST,
// computed from the full recording); the fetch and the field order live here once.
import type { BarColumns } from '../../src/domain/types';

/** `/fapi/v1/klines` row: [openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", count, …]. */
export type Kline = [number, string, string, string, string, string, number, string, number, ...unknown[]];

export async function fetchKlines(httpUrl: string, symbol: string, startTime = 0): Promise<Kline[]> {
  const res = await fetch(
    `${httpUrl}/fapi/v1/klines?symbol=${symbol}&interval=1m&startTime=${startTime}&limit=1500`,
  );
  return (await res.json()) as Kline[];
}

/** Open, high, low, close, volume and trade count of a kline, as numbers. */
export function klineFields(k: Kline): number[] {
  return [Number(k[1]), Number(k[2]), Number(k[3]), Number(k[4]), Number(k[5]), k[8]];
}

/** The same fields of stored bar i, in the same order. */
export function barFields(
  b: Pick<BarColumns, 'open' | 'high' | 'low' | 'close' | 'volume' | 'trades'>,
  i: number,
): number[] {
  return [b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i], b.trades[i]];
}
