// Why: one loader for the real Binance capture (tests/fixtures/binance-um-2024-07-18) shared by the storage tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import type { Tick } from '../../../src/domain/types';

const DIR = fileURLToPath(new URL('../../fixtures/binance-um-2024-07-18/', import.meta.url));
export const SYMBOLS = ['BTCUSDT', 'ETHUSDT'] as const;

let sqlPromise: Promise<SqlJsStatic> | undefined;
export const loadSql = (): Promise<SqlJsStatic> => (sqlPromise ??= initSqlJs());

/** Trades CSV (`id,price,qty,quote_qty,time,is_buyer_maker`, header) as normalised ticks, eventTime = T. */
export function loadTrades(symbol: string): Tick[] {
  const lines = readFileSync(`${DIR}${symbol}-trades.csv`, 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const [id, price, qty, , time, maker] = line.split(',');
    const tradeId = Number(id);
    const ts = Number(time);
    return {
      symbol,
      tradeId,
      ts,
      eventTime: ts,
      price: Number(price),
      size: Number(qty),
      buyerMaker: maker === 'true',
      kind: 'trade',
      market: true,
      firstTradeId: tradeId,
      lastTradeId: tradeId,
      tradeCount: 1,
    };
  });
}

/** Official 1m klines as printed (strings), keyed by open time. The archive file starts with a header row. */
export interface KlineRow {
  openTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume: string;
  count: string;
  takerBuyVolume: string;
}

export function loadKlines(symbol: string): KlineRow[] {
  return readFileSync(`${DIR}${symbol}-1m-klines.csv`, 'utf8')
    .trim()
    .split(/\r?\n/)
    .filter((l) => /^\d/.test(l))
    .map((l) => {
      const c = l.split(',');
      return {
        openTime: Number(c[0]),
        open: c[1],
        high: c[2],
        low: c[3],
        close: c[4],
        volume: c[5],
        quoteVolume: c[7],
        count: c[8],
        takerBuyVolume: c[9],
      };
    });
}

/** Both symbols' trades merged in time order, as a live feed would deliver them. */
export function loadAllTrades(): Tick[] {
  return SYMBOLS.flatMap((s) => loadTrades(s)).sort((a, b) => a.ts - b.ts || a.tradeId - b.tradeId);
}

/** Splits ticks into batches of `size`. */
export function batches<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
