import { describe, it, expect } from 'vitest';
import type { Tick } from '../../../src/domain/types';
import { createMarketStore } from '../../../src/storage/store';
import { batches, loadAllTrades, loadSql, loadTrades } from './fixture';

const t0 = Date.UTC(2024, 6, 19, 0, 0);
const tick = (tradeId: number, ts: number, price = 100, size = 1): Tick => ({
  symbol: 'BTCUSDT',
  tradeId,
  ts,
  eventTime: ts,
  price,
  size,
  buyerMaker: tradeId % 2 === 0,
  kind: 'trade',
  market: true,
  firstTradeId: tradeId,
  lastTradeId: tradeId,
  tradeCount: 1,
});

describe('queries', () => {
  it('returns bars as ascending typed columns with a range, lastN and the count of final bars', async () => {
    const store = createMarketStore(await loadSql());
    store.applyTicks(
      [tick(1, t0 + 10, 100), tick(2, t0 + 1_200, 104, 2), tick(3, t0 + 1_300, 99), tick(4, t0 + 5_000, 101)],
      'live',
    );
    const all = store.getBars('BTCUSDT', '1s', 'live');
    expect(all.openTime).toBeInstanceOf(Float64Array);
    expect(Array.from(all.openTime)).toEqual([t0, t0 + 1_000, t0 + 5_000]);
    expect(Array.from(all.open)).toEqual([100, 104, 101]);
    expect(Array.from(all.high)).toEqual([100, 104, 101]);
    expect(Array.from(all.low)).toEqual([100, 99, 101]);
    expect(Array.from(all.close)).toEqual([100, 99, 101]);
    expect(Array.from(all.volume)).toEqual([1, 3, 1]);
    expect(Array.from(all.trades)).toEqual([1, 2, 1]);
    expect(Array.from(all.quoteVolume)).toEqual([100, 307, 101]);
    expect(Array.from(all.takerBuyVolume)).toEqual([1, 1, 0]);
    expect(all.finalCount).toBe(2); // clock t0+5000: the 5s bar is forming
    expect({ symbol: all.symbol, interval: all.interval, source: all.source }).toEqual({
      symbol: 'BTCUSDT',
      interval: '1s',
      source: 'live',
    });
    expect(
      Array.from(store.getBars('BTCUSDT', '1s', 'live', { fromMs: t0 + 1_000, toMs: t0 + 5_000 }).openTime),
    ).toEqual([t0 + 1_000]);
    const last2 = store.getBars('BTCUSDT', '1s', 'live', { lastN: 2 });
    expect([Array.from(last2.openTime), last2.finalCount]).toEqual([[t0 + 1_000, t0 + 5_000], 1]);
    expect(store.getBars('BTCUSDT', '1s', 'replay').openTime.length).toBe(0);
    expect(store.getBars('BTCUSDT', '1s', 'replay').finalCount).toBe(0);
    store.close();
  });

  it('pages through ticks in (time, id) order without skipping or repeating any', async () => {
    const store = createMarketStore(await loadSql());
    const ticks = loadTrades('BTCUSDT');
    store.applyTicks(ticks, 'live');
    const seen: number[] = [];
    let page = store.getTicks('BTCUSDT', 'live', { limit: 1234 });
    seen.push(...page.ticks.map((t) => t.tradeId));
    while (page.next) {
      page = store.getTicks('BTCUSDT', 'live', { limit: 1234, after: page.next });
      seen.push(...page.ticks.map((t) => t.tradeId));
    }
    expect(seen).toEqual(ticks.map((t) => t.tradeId));
    const one = store.getTicks('BTCUSDT', 'live', {
      fromMs: ticks[100].ts,
      toMs: ticks[100].ts + 1,
      limit: 1,
    }).ticks[0];
    expect(one).toEqual(ticks.find((t) => t.ts === ticks[100].ts));
    store.close();
  });

  it('reports the latest trade id per symbol so the feed can seed its dedupe after a reload', async () => {
    const store = createMarketStore(await loadSql());
    for (const b of batches(loadAllTrades(), 2_000)) store.applyTicks(b, 'live');
    expect(store.latestTradeIds('live')).toEqual({ BTCUSDT: 5182016437, ETHUSDT: 4217910238 });
    expect(store.latestTradeIds('replay')).toEqual({});
    store.close();
  });

  it('records gaps, updates their status and lists them by filter', async () => {
    let now = 1_000;
    const store = createMarketStore(await loadSql(), { nowMs: () => now });
    const gap = {
      symbol: 'ETHUSDT',
      source: 'live' as const,
      fromId: 10,
      toId: 19,
      fromTs: 5,
      toTs: 9,
      missed: 10,
      status: 'open' as const,
    };
    const id = store.recordGap(gap);
    expect(store.recordGap({ ...gap, toId: 20, missed: 11 })).toBe(id); // same hole re-reported: updated
    store.recordGap({ ...gap, symbol: 'BTCUSDT' });
    now = 2_000;
    expect(store.updateGapStatus(id, 'filled')).toBe(true);
    expect(store.updateGapStatus(999, 'filled')).toBe(false);
    expect(store.listGaps({ symbol: 'ETHUSDT' })).toEqual([
      { ...gap, id, toId: 20, missed: 11, status: 'filled', createdMs: 1_000, updatedMs: 2_000 },
    ]);
    expect(store.listGaps({ status: 'open' }).map((g) => g.symbol)).toEqual(['BTCUSDT']);
    expect(store.listGaps()).toHaveLength(2);
    store.close();
  });

  it('keeps JSON settings and reports row counts and the database size', async () => {
    const store = createMarketStore(await loadSql());
    expect(store.getSetting('route')).toBeUndefined();
    store.setSetting('route', { ws: 'wss://fstream.binance.com/stream', ok: true });
    store.setSetting('retention', { ticksMs: 3_600_000 });
    expect(store.getSetting('route')).toEqual({ ws: 'wss://fstream.binance.com/stream', ok: true });
    store.setSetting('retention', undefined);
    expect(store.getSetting('retention')).toBeUndefined();
    store.applyTicks([tick(1, t0)], 'live');
    const s = store.stats();
    expect(s.rows).toEqual({ ticks: 1, ohlc: 3, gaps: 0, settings: 1 });
    expect(s.bytes).toBe(s.pageCount * s.pageSize);
    expect(s.bytes).toBe(store.export().length);
    store.close();
  });
});

describe('export and transactions', () => {
  it('exports while prepared statements are cached and keeps ingesting and querying afterwards', async () => {
    const SQL = await loadSql();
    const store = createMarketStore(SQL);
    const ticks = loadTrades('ETHUSDT');
    store.applyTicks(ticks.slice(0, 5_000), 'live'); // prepares and caches insert / bar / finality statements
    store.getBars('ETHUSDT', '1m', 'live');
    store.getTicks('ETHUSDT', 'live', { limit: 10 });
    const first = store.export();
    // The pitfall: an export must not invalidate the cached statements.
    const r = store.applyTicks(ticks.slice(5_000), 'live');
    expect(r.inserted).toBe(ticks.length - 5_000);
    expect(store.getBars('ETHUSDT', '1m', 'live').trades.reduce((a, b) => a + b, 0)).toBe(ticks.length);
    const second = store.export();
    const reopened = createMarketStore(SQL, { bytes: second });
    expect(reopened.stats().rows.ticks).toBe(ticks.length);
    expect(createMarketStore(SQL, { bytes: first }).stats().rows.ticks).toBe(5_000);
    reopened.close();
    store.close();
  });

  it('rolls back a batch that fails midway so nothing of it is stored and export still works', async () => {
    const store = createMarketStore(await loadSql());
    store.applyTicks([tick(1, t0)], 'live');
    // A kind the schema does not know makes sql.js refuse to bind it: the batch throws after one insert.
    const bad = { ...tick(3, t0 + 2), kind: 'bookTicker' as Tick['kind'] };
    expect(() => store.applyTicks([tick(2, t0 + 1), bad], 'live')).toThrow();
    expect(store.stats().rows.ticks).toBe(1);
    expect(store.streamClock('live')).toBe(t0);
    expect(store.export().length).toBeGreaterThan(0);
    expect(store.applyTicks([tick(2, t0 + 1)], 'live').inserted).toBe(1);
    expect(store.getBars('BTCUSDT', '1m', 'live').trades[0]).toBe(2);
    store.close();
  });

  it('skips malformed ticks, counts them as rejected and keeps the rest of the batch', async () => {
    const store = createMarketStore(await loadSql());
    const r = store.applyTicks(
      [
        tick(1, t0),
        { ...tick(2, t0 + 1), price: Number.NaN },
        { ...tick(3, t0 + 2), size: -1 },
        { ...tick(5, t0 + 2), symbol: null as unknown as string },
        tick(4, t0 + 3),
      ],
      'live',
    );
    expect([r.inserted, r.rejected, r.duplicates]).toEqual([2, 3, 0]);
    expect(store.getBars('BTCUSDT', '1m', 'live').trades[0]).toBe(2);
    store.close();
  });

  it('vacuums with statements prepared and keeps working afterwards', async () => {
    const store = createMarketStore(await loadSql());
    store.applyTicks(loadTrades('BTCUSDT'), 'live');
    store.applyRetention(Date.UTC(2024, 6, 19, 12), { ticksMs: 0, bars1sMs: 0 });
    expect(store.vacuum()).toBeGreaterThan(0);
    expect(store.applyTicks([tick(1, t0 + 3_600_000)], 'live').inserted).toBe(1);
    store.close();
  });
});

describe('clearing a source', () => {
  it('removes that source’s ticks, bars and clock and leaves the other sources alone', async () => {
    const store = createMarketStore(await loadSql());
    store.applyTicks([tick(1, t0 + 10), tick(2, t0 + 2_000)], 'replay');
    store.applyTicks([tick(1, t0 + 10), tick(2, t0 + 2_000)], 'live');
    expect(store.clearSource('replay')).toBeGreaterThan(0);
    expect(store.getBars('BTCUSDT', '1s', 'replay').openTime.length).toBe(0);
    expect(store.streamClock('replay')).toBeNull();
    expect(store.getBars('BTCUSDT', '1s', 'live').openTime.length).toBe(2);
    // The same trade ids are accepted again after the clear (a replay run repeats its ids).
    expect(store.applyTicks([tick(1, t0 + 10)], 'replay').inserted).toBe(1);
  });
});
