import { describe, it, expect } from 'vitest';
import type { Interval, Tick } from '../../../src/domain/types';
import { createMarketStore } from '../../../src/storage/store';
import type { MarketStore } from '../../../src/storage/store';
import { batches, loadAllTrades, loadSql, SYMBOLS } from './fixture';

const H = 3_600_000;
const snapshotBars = (s: MarketStore): unknown[] =>
  SYMBOLS.flatMap((sym) => (['1s', '1m', '5m'] as Interval[]).map((i) => s.getBars(sym, i, 'live')));

describe('retention', () => {
  const tick = (tradeId: number, ts: number): Tick => ({
    symbol: 'BTCUSDT',
    tradeId,
    ts,
    eventTime: ts,
    price: 100,
    size: 1,
    buyerMaker: false,
    kind: 'trade',
    market: true,
    firstTradeId: tradeId,
    lastTradeId: tradeId,
    tradeCount: 1,
  });

  it('keeps ticks 2 h and 1s bars 48 h by default, keeps 1m and 5m bars, and returns rows deleted', async () => {
    const store = createMarketStore(await loadSql());
    const now = Date.UTC(2024, 6, 20, 0, 0);
    const ticks = [now - 50 * H, now - 3 * H, now - 2 * H - 600_000, now - H, now - 1_000].map((ts, i) =>
      tick(i + 1, ts),
    );
    store.applyTicks(ticks, 'live');
    const r = store.applyRetention(now);
    // ticks: cutoff 2 h (snapped down to 5m) drops the first three; 1s bars older than 48 h: one.
    expect(r).toEqual({ ticks: 3, bars1s: 1, bars1m: 0, bars5m: 0, gaps: 0, total: 4 });
    expect(store.getTicks('BTCUSDT', 'live').ticks.map((t) => t.tradeId)).toEqual([4, 5]);
    expect(store.getBars('BTCUSDT', '1s', 'live').openTime.length).toBe(4);
    expect(store.getBars('BTCUSDT', '1m', 'live').openTime.length).toBe(5);
    expect(store.applyRetention(now)).toMatchObject({ total: 0 });
    store.close();
  });

  it('follows a configured policy, drops closed gaps and never deletes the forming bar', async () => {
    const store = createMarketStore(await loadSql(), { nowMs: () => 0 });
    const now = Date.UTC(2024, 6, 20, 0, 0);
    store.applyTicks([tick(1, now - 10 * H), tick(2, now - 200)], 'live');
    store.recordGap({
      symbol: 'BTCUSDT',
      source: 'live',
      fromId: 5,
      toId: 6,
      fromTs: 0,
      toTs: 1,
      missed: 2,
      status: 'filled',
    });
    store.recordGap({
      symbol: 'BTCUSDT',
      source: 'live',
      fromId: 9,
      toId: 9,
      fromTs: 0,
      toTs: 1,
      missed: 1,
      status: 'open',
    });
    const r = store.applyRetention(now, {
      ticksMs: 0,
      bars1sMs: 0,
      bars1mMs: 0,
      bars5mMs: 0,
      closedGapsMs: 1,
    });
    expect(r).toEqual({ ticks: 1, bars1s: 1, bars1m: 1, bars5m: 1, gaps: 1, total: 5 });
    // The forming bars of tick 2 survive (clock = its time: none final), and so does the tick itself.
    for (const i of ['1s', '1m', '5m'] as Interval[]) {
      const b = store.getBars('BTCUSDT', i, 'live');
      expect([b.openTime.length, b.finalCount]).toEqual([1, 0]);
    }
    expect(store.getTicks('BTCUSDT', 'live').ticks.map((t) => t.tradeId)).toEqual([2]);
    expect(store.listGaps().map((g) => g.status)).toEqual(['open']);
    store.close();
  });
});

describe('rebuildBars', () => {
  it('recomputes bars from stored ticks identically to incremental building', async () => {
    const SQL = await loadSql();
    const ticks = loadAllTrades();
    const incremental = createMarketStore(SQL);
    for (const b of batches(ticks, 700)) incremental.applyTicks(b, 'live');
    const expected = snapshotBars(incremental);
    // Corrupt the bars, then rebuild a range: every interval touched by it must come back exactly.
    const db = createMarketStore(SQL, { bytes: incremental.export() });
    const from = Date.UTC(2024, 6, 18, 23, 58, 30);
    const to = Date.UTC(2024, 6, 19, 0, 2, 10);
    for (const sym of SYMBOLS) {
      const r = db.rebuildBars(sym, 'live', from, to);
      expect([r.fromMs, r.toMs]).toEqual([Date.UTC(2024, 6, 18, 23, 55), Date.UTC(2024, 6, 19, 0, 5)]);
      expect(r.barsTouched.length).toBe(r.barsDeleted);
    }
    expect(snapshotBars(db)).toEqual(expected);
    incremental.close();
    db.close();
  });

  it('fills bars for ticks backfilled into the past and matches a store that received them live', async () => {
    const SQL = await loadSql();
    const ticks = loadAllTrades();
    const live = createMarketStore(SQL);
    live.applyTicks(ticks, 'live');
    const split = Date.UTC(2024, 6, 19, 0, 1);
    const backfilled = createMarketStore(SQL);
    backfilled.applyTicks(
      ticks.filter((t) => t.ts >= split),
      'live',
    );
    // A REST backfill inserts the older ticks; the worker then rebuilds the range they cover.
    backfilled.applyTicks(
      ticks.filter((t) => t.ts < split),
      'live',
    );
    backfilled.rebuildBars('BTCUSDT', 'live', ticks[0].ts, split);
    backfilled.rebuildBars('ETHUSDT', 'live', ticks[0].ts, split);
    expect(snapshotBars(backfilled)).toEqual(snapshotBars(live));
    live.close();
    backfilled.close();
  });

  it('leaves bars alone where retention already removed the ticks', async () => {
    const store = createMarketStore(await loadSql());
    store.applyTicks(loadAllTrades(), 'live');
    const before = snapshotBars(store);
    store.applyRetention(Date.UTC(2024, 6, 19, 2, 2), { ticksMs: 2 * H, bars1sMs: null }); // drops ticks before 00:00
    const r = store.rebuildBars('BTCUSDT', 'live', Date.UTC(2024, 6, 18, 23, 0), Date.UTC(2024, 6, 19, 1, 0));
    expect(r.ticksRead).toBeGreaterThan(0);
    expect(snapshotBars(store)).toEqual(before);
    store.close();
  });
});

describe('retention by source', () => {
  it('ages only the sources it is asked to, so a fast replay never deletes live data or uploads', async () => {
    const { createMarketStore } = await import('../../../src/storage/store');
    const { loadSql } = await import('./fixture');
    const store = createMarketStore(await loadSql());
    const tick = (id: number, ts: number) => ({
      symbol: 'BTCUSDT',
      tradeId: id,
      ts,
      eventTime: ts,
      price: 100,
      size: 1,
      buyerMaker: false,
      kind: 'trade' as const,
      market: true,
      firstTradeId: id,
      lastTradeId: id,
      tradeCount: 1,
    });
    const h = 3_600_000;
    for (const source of ['live', 'replay', 'upload'] as const) {
      store.applyTicks([tick(1, 0), tick(2, 10 * h)], source);
    }
    store.applyRetention(10 * h, { ticksMs: 2 * h, sources: ['replay'] });
    expect(store.getTicks('BTCUSDT', 'replay').ticks.map((t) => t.tradeId)).toEqual([2]);
    expect(store.getTicks('BTCUSDT', 'live').ticks).toHaveLength(2);
    expect(store.getTicks('BTCUSDT', 'upload').ticks).toHaveLength(2);
  });
});

describe('the clock retention measures against', () => {
  it('uses the stream clock when it runs ahead, the wall clock for live data, and never ages uploads', async () => {
    const { retentionNow } = await import('../../../src/services/storageService');
    expect(retentionNow('replay', 5_000, 1_000)).toBe(5_000);
    expect(retentionNow('replay', 500, 1_000)).toBe(500);
    expect(retentionNow('live', 500, 1_000)).toBe(1_000);
    expect(retentionNow('live', 9_000, 1_000)).toBe(9_000);
    expect(retentionNow('live', null, 1_000)).toBe(1_000);
    expect(retentionNow('replay', null, 1_000)).toBeNull();
  });
});
