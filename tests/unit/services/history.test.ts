// Why: "load last N hours" must store the exchange's own 1m klines exactly, derive only whole 5m buckets,
// and never overlap the bars built from live trades.
import { barFields, fetchKlines, klineFields } from '../../support/klines';
import { afterEach, describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { createMarketStore } from '../../../src/storage';
import { loadHistory } from '../../../src/services/storage/history';
import { startReplayServer, type ReplayServer } from '../../replay-server/index';
import type { Tick } from '../../../src/domain/types';

const FIRST_TRADE = 1_721_347_022_707; // 2024-07-18 23:57:02.707 UTC, the recording's first trade

describe('loading recent history from REST klines', () => {
  let market: ReplayServer | null = null;
  afterEach(async () => {
    await market?.close();
    market = null;
  });

  it('stores the official 1m klines before the first live bar and 5m bars of whole buckets only', async () => {
    market = await startReplayServer({ speed: 'max', loop: false, timeShift: 'none' });
    await market.whenFinished();
    const SQL = await initSqlJs();
    const store = createMarketStore(SQL);
    // A live trade at 00:03:10: history must stop at 00:03 for 1m and at 00:00 for 5m.
    const live: Tick = {
      symbol: 'BTCUSDT',
      tradeId: 9e12,
      ts: Date.UTC(2024, 6, 19, 0, 3, 10),
      eventTime: Date.UTC(2024, 6, 19, 0, 3, 10),
      price: 64_000,
      size: 0.001,
      buyerMaker: false,
      kind: 'trade',
      market: true,
      firstTradeId: 9e12,
      lastTradeId: 9e12,
      tradeCount: 1,
    };
    store.applyTicks([live], 'live');
    const result = await loadHistory({
      store,
      rest: market.httpUrl,
      fetch: (url) => fetch(url),
      symbols: ['BTCUSDT'],
      hours: 1,
      nowMs: Date.UTC(2024, 6, 19, 0, 10),
    });
    expect(result.symbols[0].message).toBeUndefined();

    const bars = store.getBars('BTCUSDT', '1m', 'live');
    const times = Array.from(bars.openTime);
    // 23:57 → 00:02 from REST (the recording starts at 23:57:02), then the live bar at 00:03.
    expect(times[0]).toBe(Math.floor(FIRST_TRADE / 60_000) * 60_000);
    expect(times.at(-1)).toBe(Date.UTC(2024, 6, 19, 0, 3));
    expect(times.length).toBe(7);
    const klines = await fetchKlines(market.httpUrl, 'BTCUSDT');
    for (let i = 0; i < times.length - 1; i++) {
      const k = klines.find((row) => row[0] === times[i])!;
      expect(barFields(bars, i)).toEqual(klineFields(k));
    }
    // The live bar was not touched by the history.
    expect(bars.volume[times.length - 1]).toBe(0.001);
    // 5m: the 23:55 bucket is whole before 00:03; the 00:00 bucket holds the live trade and is built from trades.
    const five = store.getBars('BTCUSDT', '5m', 'live');
    expect(Array.from(five.openTime)).toEqual([Date.UTC(2024, 6, 18, 23, 55), Date.UTC(2024, 6, 19, 0, 0)]);
    expect(five.volume[1]).toBe(0.001);
  });
});
