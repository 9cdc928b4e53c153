import { describe, it, expect } from 'vitest';
import type { BarColumns, Interval, Tick } from '../../../src/domain/types';
import { INTERVAL_MS } from '../../../src/domain/types';
import { FixedSum } from '../../../src/storage/fixed';
import { createMarketStore } from '../../../src/storage/store';
import type { MarketStore } from '../../../src/storage/store';
import { batches, loadAllTrades, loadKlines, loadSql, loadTrades, SYMBOLS } from './fixture';

const FIRST_FULL = Date.UTC(2024, 6, 18, 23, 58);
const LAST_FULL = Date.UTC(2024, 6, 19, 0, 4);

async function storeWith(ticks: Tick[], batchSize = 500): Promise<MarketStore> {
  const store = createMarketStore(await loadSql());
  for (const b of batches(ticks, batchSize)) store.applyTicks(b, 'live');
  return store;
}

/** Bars as plain rows so whole series compare with toEqual (exact, no tolerance). */
function rows(c: BarColumns): number[][] {
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

function allBars(store: MarketStore): Record<string, number[][]> {
  const out: Record<string, number[][]> = {};
  for (const s of SYMBOLS)
    for (const i of ['1s', '1m', '5m'] as Interval[]) out[`${s} ${i}`] = rows(store.getBars(s, i, 'live'));
  return out;
}

/** Deterministic shuffle (xorshift) so the test is reproducible. */
function shuffled<T>(xs: readonly T[], seed = 42): T[] {
  const out = [...xs];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('exact resampling against the official Binance klines', () => {
  it.each(SYMBOLS)(
    'builds %s 1m bars whose every field equals the official kline for each fully captured minute',
    async (symbol) => {
      // Exactness check: every field is compared with `===` against Number(<printed kline decimal>), i.e. the
      // bar's double is the double nearest to Binance's exact decimal. No tolerance anywhere.
      const store = await storeWith(loadAllTrades());
      const bars = store.getBars(symbol, '1m', 'live');
      const klines = new Map(loadKlines(symbol).map((k) => [k.openTime, k]));
      let compared = 0;
      for (let i = 0; i < bars.openTime.length; i++) {
        const t = bars.openTime[i];
        if (t < FIRST_FULL || t > LAST_FULL) continue;
        const k = klines.get(t);
        expect(k, `official kline for ${new Date(t).toISOString()}`).toBeDefined();
        if (!k) continue;
        expect({
          open: bars.open[i],
          high: bars.high[i],
          low: bars.low[i],
          close: bars.close[i],
          volume: bars.volume[i],
          trades: bars.trades[i],
          quoteVolume: bars.quoteVolume[i],
          takerBuyVolume: bars.takerBuyVolume[i],
        }).toEqual({
          open: Number(k.open),
          high: Number(k.high),
          low: Number(k.low),
          close: Number(k.close),
          volume: Number(k.volume),
          trades: Number(k.count),
          quoteVolume: Number(k.quoteVolume),
          takerBuyVolume: Number(k.takerBuyVolume),
        });
        // The same check on the printed decimals, at the kline's own precision.
        const decimals = (s: string): number => s.split('.')[1]?.length ?? 0;
        expect(bars.volume[i].toFixed(decimals(k.volume))).toBe(k.volume);
        expect(bars.quoteVolume[i].toFixed(decimals(k.quoteVolume))).toBe(k.quoteVolume);
        expect(bars.takerBuyVolume[i].toFixed(decimals(k.takerBuyVolume))).toBe(k.takerBuyVolume);
        compared++;
      }
      expect(compared).toBe(7); // 23:58 → 00:04
      // The partially captured first (23:57) and last (00:05) minutes exist, but are not compared.
      expect(bars.openTime[0]).toBe(Date.UTC(2024, 6, 18, 23, 57));
      expect(bars.openTime[bars.openTime.length - 1]).toBe(Date.UTC(2024, 6, 19, 0, 5));
      expect(bars.openTime.length).toBe(9);
      store.close();
    },
  );

  it('shows that naive floating-point summation would not be exact, so the exact path is needed', () => {
    // Guards the test above against passing by luck: plain `+=` drifts on these very trades.
    let drifted = 0;
    for (const symbol of SYMBOLS) {
      const byMinute = new Map<number, { naive: number; exact: FixedSum }>();
      for (const t of loadTrades(symbol)) {
        const m = Math.floor(t.ts / 60_000) * 60_000;
        const acc = byMinute.get(m) ?? { naive: 0, exact: new FixedSum() };
        acc.naive += t.price * t.size;
        acc.exact.addNumber(t.price * t.size);
        byMinute.set(m, acc);
      }
      for (const k of loadKlines(symbol)) {
        const acc = byMinute.get(k.openTime);
        if (acc && k.openTime >= FIRST_FULL && k.openTime <= LAST_FULL && acc.naive !== Number(k.quoteVolume))
          drifted++;
      }
    }
    expect(drifted).toBeGreaterThan(0);
  });
});

describe('bars of every interval', () => {
  it('makes each 5m bar equal the aggregation of its 1m bars and each 1m bar the aggregation of its 1s bars', async () => {
    const store = await storeWith(loadAllTrades());
    for (const symbol of SYMBOLS) {
      for (const [coarse, fine] of [
        ['5m', '1m'],
        ['1m', '1s'],
      ] as [Interval, Interval][]) {
        const c = store.getBars(symbol, coarse, 'live');
        const f = store.getBars(symbol, fine, 'live');
        const expected: number[][] = [];
        let j = 0;
        for (let i = 0; i < c.openTime.length; i++) {
          const end = c.openTime[i] + INTERVAL_MS[coarse];
          const [vol, quote, taker] = [new FixedSum(), new FixedSum(), new FixedSum()];
          let [open, high, low, close, trades] = [NaN, -Infinity, Infinity, NaN, 0];
          for (; j < f.openTime.length && f.openTime[j] < end; j++) {
            if (Number.isNaN(open)) open = f.open[j];
            close = f.close[j];
            high = Math.max(high, f.high[j]);
            low = Math.min(low, f.low[j]);
            trades += f.trades[j];
            vol.addNumber(f.volume[j]);
            quote.addNumber(f.quoteVolume[j]);
            taker.addNumber(f.takerBuyVolume[j]);
          }
          expected.push([
            c.openTime[i],
            open,
            high,
            low,
            close,
            vol.value(),
            trades,
            quote.value(),
            taker.value(),
          ]);
        }
        expect(rows(c)).toEqual(expected);
      }
    }
    // 1s bars exist only for seconds with trades, each aligned to its second.
    const s = store.getBars('BTCUSDT', '1s', 'live');
    expect(s.openTime.every((t) => t % 1000 === 0)).toBe(true);
    expect(new Set(loadTrades('BTCUSDT').map((t) => Math.floor(t.ts / 1000))).size).toBe(s.openTime.length);
    store.close();
  });

  it('gives identical bars when ticks arrive shuffled, late and in different batch sizes', async () => {
    const ticks = loadAllTrades();
    const inOrder = await storeWith(ticks, 1000);
    const shuffledStore = await storeWith(shuffled(ticks), 337);
    // Late trades: hold back every 7th trade and deliver them after everything else.
    const late = ticks.filter((_, i) => i % 7 === 0);
    const lateStore = await storeWith([...ticks.filter((_, i) => i % 7 !== 0), ...late], 250);
    const expected = allBars(inOrder);
    expect(allBars(shuffledStore)).toEqual(expected);
    expect(allBars(lateStore)).toEqual(expected);
    for (const s of [inOrder, shuffledStore, lateStore]) s.close();
  });

  it('ignores duplicate ticks, counts them and does not apply them to bars again', async () => {
    const ticks = loadTrades('ETHUSDT').slice(0, 2000);
    const store = await storeWith(ticks);
    const before = allBars(store);
    const again = store.applyTicks([...ticks.slice(500, 900), ...ticks.slice(500, 510)], 'live');
    expect(again).toMatchObject({ inserted: 0, duplicates: 410, barsTouched: [] });
    const within = store.applyTicks(
      [ticks[0], ticks[0]].map((t) => ({ ...t, tradeId: 1 })),
      'live',
    );
    expect(within.inserted).toBe(1);
    expect(within.duplicates).toBe(1);
    expect(store.stats().rows.ticks).toBe(2001);
    expect(allBars(store)['ETHUSDT 1m']).not.toEqual(before['ETHUSDT 1m']); // the one new trade counts once
    expect(store.getBars('ETHUSDT', '1m', 'live').trades.reduce((a, b) => a + b, 0)).toBe(2001);
    store.close();
  });

  it('stores non-market ticks but keeps them out of the bars', async () => {
    const store = createMarketStore(await loadSql());
    const base: Tick = {
      symbol: 'BTCUSDT',
      tradeId: 1,
      ts: 60_500,
      eventTime: 60_500,
      price: 100,
      size: 1,
      buyerMaker: false,
      kind: 'trade',
      market: true,
      firstTradeId: 1,
      lastTradeId: 1,
      tradeCount: 1,
    };
    const r = store.applyTicks([base, { ...base, tradeId: 2, price: 5, size: 50, market: false }], 'live');
    expect(r.inserted).toBe(2);
    expect(store.getTicks('BTCUSDT', 'live').ticks.map((t) => [t.tradeId, t.market])).toEqual([
      [1, true],
      [2, false],
    ]);
    const bars = store.getBars('BTCUSDT', '1m', 'live');
    expect([bars.low[0], bars.volume[0], bars.trades[0]]).toEqual([100, 1, 1]);
    store.close();
  });

  it('counts aggTrades by their underlying trades and keeps trade and aggTrade ids apart', async () => {
    const store = createMarketStore(await loadSql());
    const agg: Tick = {
      symbol: 'BTCUSDT',
      tradeId: 10,
      ts: 1_000,
      eventTime: 1_000,
      price: 100,
      size: 0.5,
      buyerMaker: true,
      kind: 'aggTrade',
      market: true,
      firstTradeId: 20,
      lastTradeId: 24,
      tradeCount: 5,
    };
    store.applyTicks([agg], 'live');
    const live = store.getBars('BTCUSDT', '1s', 'live');
    expect([live.trades[0], live.volume[0], live.takerBuyVolume[0]]).toEqual([5, 0.5, 0]);
    const r = store.applyTicks(
      [{ ...agg, kind: 'trade', firstTradeId: 10, lastTradeId: 10, tradeCount: 1 }],
      'replay',
    );
    expect(r.inserted).toBe(1);
    expect(store.applyTicks([{ ...agg, kind: 'trade', tradeCount: 1 }], 'live').inserted).toBe(1); // same id, other kind
    expect(store.latestTradeIds('live', 'aggTrade')).toEqual({ BTCUSDT: 10 });
    const bars = store.getBars('BTCUSDT', '1s', 'replay');
    expect(bars.trades[0]).toBe(1);
    expect(store.latestTradeIds('live', 'trade')).toEqual({ BTCUSDT: 10 });
    expect(store.stats().rows.ticks).toBe(3);
    store.close();
  });
});

describe('finality by stream clock', () => {
  const tick = (tradeId: number, ts: number, eventTime = ts): Tick => ({
    symbol: 'ETHUSDT',
    tradeId,
    ts,
    eventTime,
    price: 3000 + tradeId,
    size: 0.1,
    buyerMaker: false,
    kind: 'trade',
    market: true,
    firstTradeId: tradeId,
    lastTradeId: tradeId,
    tradeCount: 1,
  });

  it('marks a bar final only once the stream clock passed its end plus a one second grace', async () => {
    const store = createMarketStore(await loadSql());
    const t0 = Date.UTC(2024, 6, 19, 0, 0);
    let r = store.applyTicks([tick(1, t0 + 100)], 'live');
    expect(r.newlyFinal).toEqual([]);
    expect(r.barsTouched).toHaveLength(3);
    // Clock at end of the 1s bar + 999 ms: still forming.
    r = store.applyTicks([tick(2, t0 + 1_500, t0 + 1_999)], 'live');
    expect(r.newlyFinal).toEqual([]);
    expect(store.getBars('ETHUSDT', '1s', 'live').finalCount).toBe(0);
    // Clock reaches end + grace: the first 1s bar becomes final, reported once.
    r = store.applyTicks([tick(3, t0 + 1_800, t0 + 2_000)], 'live');
    expect(r.newlyFinal).toEqual([{ symbol: 'ETHUSDT', interval: '1s', openTime: t0 }]);
    const s = store.getBars('ETHUSDT', '1s', 'live');
    expect([s.openTime.length, s.finalCount]).toEqual([2, 1]);
    expect(store.getBars('ETHUSDT', '1m', 'live').finalCount).toBe(0);
    // A clock advance without trades finalizes the 1m bar at 00:01:01.
    expect(store.advanceClock('live', t0 + 60_999)).toEqual([
      { symbol: 'ETHUSDT', interval: '1s', openTime: t0 + 1_000 },
    ]);
    expect(store.advanceClock('live', t0 + 61_000)).toEqual([
      { symbol: 'ETHUSDT', interval: '1m', openTime: t0 },
    ]);
    expect(store.streamClock('live')).toBe(t0 + 61_000);
    expect(store.streamClock('replay')).toBeNull();
    // A late trade into a final bar updates it and keeps it final (touched, not newly final).
    r = store.applyTicks([tick(4, t0 + 50, t0 + 61_100)], 'live');
    expect(r.newlyFinal).toEqual([]);
    const m = store.getBars('ETHUSDT', '1m', 'live');
    expect([m.finalCount, m.open[0], m.trades[0]]).toEqual([1, 3004, 4]);
    store.close();
  });

  it('keeps the stream clock across a snapshot round trip', async () => {
    const SQL = await loadSql();
    const store = createMarketStore(SQL);
    store.applyTicks([tick(1, 5_000, 7_000)], 'replay');
    const copy = createMarketStore(SQL, { bytes: store.export() });
    expect(copy.streamClock('replay')).toBe(7_000);
    store.close();
    copy.close();
  });
});
