// Why: several tests prove stored bars equal the exchange's own klines (served by the replay server's REST,
// computed from the full recording); the fetch and the field order live here once.
import type { BarColumns } from '../../src/domain/types';

/** `/fapi/v1/klines` row: [openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", count, …]. */
export type Kline = [number, string, string, string, string, string, number, string, number, ...unknown[]];

export async function fetchKlines(
  httpUrl: string,
  symbol: string,
  startTime = 0,
  interval: '1s' | '1m' | '5m' = '1m',
): Promise<Kline[]> {
  const res = await fetch(
    `${httpUrl}/fapi/v1/klines?symbol=${symbol}&interval=${interval}&startTime=${startTime}&limit=1500`,
  );
  return (await res.json()) as Kline[];
}

/**
 * Every field of a stored bar that differs from the exchange's kline, as readable lines (empty = equal).
 * Prices, volume and trade count must be exactly equal; the quote and taker-buy volumes are float sums of
 * price × size, so they may differ from the exchange's exact decimals by rounding only (1e-9 relative).
 */
export function klineMismatches(
  b: Record<
    'open' | 'high' | 'low' | 'close' | 'volume' | 'trades' | 'quoteVolume' | 'takerBuyVolume',
    ArrayLike<number>
  >,
  i: number,
  k: Kline,
): string[] {
  const out: string[] = [];
  const exact: [string, number, number][] = [
    ['open', b.open[i], Number(k[1])],
    ['high', b.high[i], Number(k[2])],
    ['low', b.low[i], Number(k[3])],
    ['close', b.close[i], Number(k[4])],
    ['volume', b.volume[i], Number(k[5])],
    ['trades', b.trades[i], k[8]],
  ];
  for (const [name, ours, theirs] of exact) if (ours !== theirs) out.push(`${name} ${ours} ≠ ${theirs}`);
  const close: [string, number, number][] = [
    ['quote volume', b.quoteVolume[i], Number(k[7])],
    ['taker buy volume', b.takerBuyVolume[i], Number(k[9])],
  ];
  for (const [name, ours, theirs] of close)
    if (!(Math.abs(ours - theirs) <= 1e-9 * Math.max(1, Math.abs(theirs))))
      out.push(`${name} ${ours} ≠ ${theirs}`);
  return out;
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
