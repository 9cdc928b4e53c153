// Why: fixture loading and store helpers shared by the CSV tests (real Binance files from the 2024-07-18 capture).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import type { BarColumns, Interval } from '../../../src/domain/types';
import { createMarketStore } from '../../../src/storage/store';
import type { MarketStore } from '../../../src/storage/store';

const DIR = fileURLToPath(new URL('../../fixtures/binance-um-2024-07-18/', import.meta.url));
export const readFixture = (name: string): string => readFileSync(`${DIR}${name}`, 'utf8');
export const KLINES_BTC = 'BTCUSDT-1m-klines.csv';
export const KLINES_ETH = 'ETHUSDT-1m-klines.csv';
export const FIRST_FULL = Date.UTC(2024, 6, 18, 23, 58);
export const LAST_FULL = Date.UTC(2024, 6, 19, 0, 4);

let sqlPromise: Promise<SqlJsStatic> | undefined;
export const loadSql = (): Promise<SqlJsStatic> => (sqlPromise ??= initSqlJs());
export async function freshStore(): Promise<MarketStore> {
  return createMarketStore(await loadSql());
}

/** Bars as plain rows, so series compare exactly with toEqual. */
export function rows(c: BarColumns): number[][] {
  return Array.from(c.openTime, (t, i) => [
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

export function uploadBars(store: MarketStore, symbol: string, interval: Interval): number[][] {
  return rows(store.getBars(symbol, interval, 'upload'));
}

/** A snapshot to prove "the database is unchanged": row counts plus a hash of the exported file bytes
 * (a hash, because a deep toEqual over megabytes of bytes takes seconds). */
export function snapshot(store: MarketStore): { rows: unknown; sha256: string } {
  return { rows: store.stats().rows, sha256: createHash('sha256').update(store.export()).digest('hex') };
}

/** Data lines of a fixture file (no header), CRLF/LF agnostic. */
export function dataLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(1);
}
