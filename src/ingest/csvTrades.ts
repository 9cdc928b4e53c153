// Why: Binance's public trade archives (`BTCUSDT-trades-2024-07.csv`) are the other replay input; each row is
// turned into the same Tick a live @trade frame would give, so both share dedupe, batching and storage.
import type { Tick } from '../domain/types';
import type { ParsedFrame } from './frames';

/** `BTCUSDT-trades-2024-07-18.csv` → 'BTCUSDT' (null when the name does not start with a symbol). */
export function symbolFromFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const m = /^([A-Za-z0-9]{2,30})-(?:trades|aggTrades)\b/.exec(base);
  return m ? m[1].toUpperCase() : null;
}

/** True for a header row such as `id,price,qty,quote_qty,time,is_buyer_maker` (older archives have none). */
export function isCsvHeader(line: string): boolean {
  const c = line.charCodeAt(0);
  return !(c >= 48 && c <= 57);
}

// Archives since 2025 may carry microsecond times; a millisecond time stays below 1e14 until the year 5138.
const MICROS_THRESHOLD = 1e14;

/** Parse one archive row `id,price,qty,quote_qty,time,is_buyer_maker` into a trade tick. */
export function parseCsvTradeLine(line: string, symbol: string): ParsedFrame {
  const f = line.split(',');
  if (f.length < 6)
    return { type: 'malformed', reason: 'missing-field', detail: `expected 6 columns, got ${f.length}` };
  const id = Number(f[0]);
  const price = Number(f[1]);
  const size = Number(f[2]);
  let ts = Number(f[4]);
  const maker = f[5].trim().toLowerCase();
  if (!Number.isSafeInteger(id) || id < 0 || f[0] === '') {
    return { type: 'malformed', reason: 'invalid-field', detail: 'id is not a non-negative integer' };
  }
  if (!(price > 0) || !Number.isFinite(price) || f[1] === '') {
    return { type: 'malformed', reason: 'invalid-field', detail: 'price is not a positive finite decimal' };
  }
  if (!(size >= 0) || !Number.isFinite(size) || f[2] === '') {
    return { type: 'malformed', reason: 'invalid-field', detail: 'qty is not a non-negative finite decimal' };
  }
  if (!(ts > 0) || !Number.isFinite(ts))
    return { type: 'malformed', reason: 'invalid-field', detail: 'time is not a timestamp' };
  if (ts >= MICROS_THRESHOLD) ts = Math.floor(ts / 1000);
  if (maker !== 'true' && maker !== 'false') {
    return { type: 'malformed', reason: 'invalid-field', detail: 'is_buyer_maker is not true/false' };
  }
  const tick: Tick = {
    symbol,
    tradeId: id,
    ts,
    eventTime: ts,
    price,
    size,
    buyerMaker: maker === 'true',
    kind: 'trade',
    market: true, // the archive holds market trades only
    firstTradeId: id,
    lastTradeId: id,
    tradeCount: 1,
  };
  return { type: 'tick', tick, stream: null };
}
