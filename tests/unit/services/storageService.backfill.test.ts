// Why: a dropped connection loses the trades made while it was down; the service must notice the hole,
// fill it from REST aggTrades and end with bars equal to the exchange's own klines.
import { barFields, fetchKlines, klineFields } from '../../support/klines';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import initSqlJs from 'sql.js';
import { createStorageService } from '../../../src/services/storageService';
import type { StorageEvent } from '../../../src/services/storageApi';
import type { SocketLike } from '../../../src/ingest';
import { startReplayServer, type ReplayServer } from '../../replay-server/index';

describe('the storage service after a dropped connection', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('fills the gap from REST and stores 1m bars equal to the exchange klines', async () => {
    const market: ReplayServer = await startReplayServer({ speed: 60, loop: false });
    cleanups.push(() => market.close());
    const api = createStorageService({
      loadSql: () => initSqlJs(),
      socketFactory: (url) => new WebSocket(url) as unknown as SocketLike,
      fetch: (url, init) => fetch(url, init),
      statusIntervalMs: 10,
      backfillDelayMs: 50,
      random: () => 0.99, // the longest backoff of the first attempt: the market runs on meanwhile
    });
    cleanups.push(() => api.stop());
    let trades = 0;
    let onTrades: (() => void) | null = null;
    const onEvent = (e: StorageEvent) => {
      if (e.type !== 'data') return;
      trades += e.inserted;
      onTrades?.();
    };
    const waitForTrades = (n: number) =>
      new Promise<void>((resolve) => {
        onTrades = () => {
          if (trades >= n) resolve();
        };
        onTrades();
      });
    await api.start(
      {
        endpoints: { ws: market.wsUrl, rest: market.httpUrl },
        symbols: ['BTCUSDT', 'ETHUSDT'],
        source: 'live',
        speed: 1,
        sampleUrl: `${market.httpUrl}/none`,
      },
      onEvent,
    );
    await waitForTrades(3_000);
    market.dropAll();
    await waitForTrades(trades + 3_000);
    await expect.poll(async () => (await api.listGaps()).length, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await api.listGaps()).every((g) => g.status === 'filled'), { timeout: 20_000 })
      .toBe(true);
    const missed = (await api.listGaps()).reduce((sum, g) => sum + g.missed, 0);
    expect(missed).toBeGreaterThan(0);

    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const bars = await api.getBars({ symbol, interval: '1m', source: 'live' });
      const n = bars.finalCount;
      expect(n).toBeGreaterThan(3);
      const from = bars.openTime[1]; // the first bar began mid-minute: skip it
      const klines = await fetchKlines(market.httpUrl, symbol, from);
      let compared = 0;
      for (let i = 1; i < n; i++) {
        const k = klines.find((row) => row[0] === bars.openTime[i]);
        if (!k) continue;
        expect(barFields(bars, i)).toEqual(klineFields(k));
        compared++;
      }
      expect(compared).toBeGreaterThan(2);
    }
  }, 60_000);
});
