// Why: a dropped connection loses the trades made while it was down; the service must notice the hole,
// fill it from REST aggTrades and end with bars equal to the exchange's own klines.
import { barFields, fetchKlines, klineFields } from '../../support/klines';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import initSqlJs from 'sql.js';
import { createStorageService } from '../../../src/services/storageService';
import { createMemoryKv, type SnapshotKv } from '../../../src/storage';
import type { SessionConfig, StorageEvent } from '../../../src/services/storageApi';
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

  it('fills the hole since the last stored trade when a new session opens on older stored data', async () => {
    const market: ReplayServer = await startReplayServer({ speed: 60, loop: false });
    cleanups.push(() => market.close());
    const kv: SnapshotKv = createMemoryKv();
    const config: SessionConfig = {
      endpoints: { ws: market.wsUrl, rest: market.httpUrl },
      symbols: ['BTCUSDT', 'ETHUSDT'],
      source: 'live',
      speed: 1,
      sampleUrl: `${market.httpUrl}/none`,
    };
    const session = () => {
      const api = createStorageService({
        loadSql: () => initSqlJs(),
        kv,
        socketFactory: (url) => new WebSocket(url) as unknown as SocketLike,
        fetch: (url, init) => fetch(url, init),
        statusIntervalMs: 10,
        backfillDelayMs: 50,
      });
      cleanups.push(() => api.stop());
      return api;
    };
    const stored = (e: StorageEvent, enough: () => void, min: { n: number }) => {
      if (e.type === 'data') min.n -= e.inserted;
      if (min.n <= 0) enough();
    };

    // The first session records a while, saves, and closes.
    const first = session();
    await new Promise<void>((resolve) => {
      const left = { n: 3_000 };
      void first.start(config, (e) => stored(e, resolve, left));
    });
    expect(await first.flush()).toBe(true);
    await first.stop();
    const closedAt = market.stats().replay.delivered;
    // The market goes on without the app.
    await expect
      .poll(() => market.stats().replay.delivered, { timeout: 20_000 })
      .toBeGreaterThan(closedAt + 3_000);

    // The next session opens on the saved data: the first live trade shows the hole, REST fills it.
    const next = session();
    await next.start(config, () => {});
    await expect
      .poll(async () => (await next.listGaps()).length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await expect
      .poll(async () => (await next.listGaps()).map((g) => g.status), { timeout: 20_000 })
      .toEqual(['filled', 'filled']);
    const gaps = await next.listGaps();
    expect(gaps.map((g) => g.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(gaps.reduce((sum, g) => sum + g.missed, 0)).toBeGreaterThan(1_000);

    // Bars across the time the app was closed equal the exchange's klines.
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const bars = await next.getBars({ symbol, interval: '1m', source: 'live' });
      const klines = await fetchKlines(market.httpUrl, symbol, bars.openTime[1]);
      let compared = 0;
      for (let i = 1; i < bars.finalCount; i++) {
        const k = klines.find((row) => row[0] === bars.openTime[i]);
        if (!k) continue;
        expect(barFields(bars, i)).toEqual(klineFields(k));
        compared++;
      }
      expect(compared).toBeGreaterThan(2);
    }
  }, 60_000);
});
