// Why: a backfilled gap is only worth having if the bars come out exactly as if nothing had been missed; this
// proves it against the real replay server (REST aggTrades with the WS trade ids) and a real sql.js store, and
// pins down the failure modes (429, unreachable REST, 4xx, bans, weight budget) with a scripted fetch.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gap, Interval, Tick } from '../../../src/domain/types';
import {
  createBackfiller,
  storedTradesFromStore,
  type BackfillDeps,
  type FetchLike,
} from '../../../src/ingest/backfill';
import { systemTimers } from '../../../src/ingest/timers';
import { createMarketStore, type MarketStore } from '../../../src/storage/store';
import { startReplayServer, type ReplayServer } from '../../replay-server';
import type { AggGroup, ReplayTrade } from '../../replay-server/recording';
import { loadSql } from '../storage/fixture';
import { FakeClock, flushMicrotasks } from './fakes';

const SYMBOL = 'BTCUSDT';
const INTERVALS: Interval[] = ['1s', '1m', '5m'];

function toTick(r: ReplayTrade): Tick {
  return {
    symbol: r.symbol,
    tradeId: r.t,
    ts: r.T,
    eventTime: r.E,
    price: Number(r.p),
    size: Number(r.q),
    buyerMaker: r.m,
    kind: 'trade',
    market: r.X === 'MARKET',
    firstTradeId: r.t,
    lastTradeId: r.t,
    tradeCount: 1,
  };
}

const realFetch: FetchLike = (url) => fetch(url);

describe('backfill against the replay server and a real store', () => {
  let server: ReplayServer;
  let all: Tick[];
  let groups: AggGroup[];

  beforeAll(async () => {
    server = await startReplayServer({
      port: 0,
      speed: 'max',
      timeShift: 'none',
      loop: false,
      pingIntervalMs: 0,
    });
    await server.whenFinished();
    const trades = server.recording.trades.filter((t) => t.symbol === SYMBOL);
    all = trades.map(toTick);
    groups = trades.flatMap((t) => (t.closesAgg ? [t.closesAgg] : []));
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A gap whose first and last missing ids sit inside multi-trade aggregates, ~`span` aggregates apart. */
  function pickGap(startAt: number, span: number): Gap {
    const multi = (from: number) => {
      for (let i = from; i < groups.length; i++) if (groups[i].l - groups[i].f >= 2) return groups[i];
      throw new Error('no multi-trade aggregate');
    };
    const first = multi(startAt);
    const last = multi(first.index + span);
    const fromId = first.f + 1;
    const toId = last.l - 1;
    const byId = new Map(all.map((t) => [t.tradeId, t]));
    return {
      symbol: SYMBOL,
      source: 'live',
      fromId,
      toId,
      fromTs: byId.get(fromId - 1)!.ts,
      toTs: byId.get(toId + 1)!.ts,
      missed: toId - fromId + 1,
      status: 'open',
    };
  }

  async function stores(gap: Gap): Promise<{ full: MarketStore; holed: MarketStore }> {
    const SQL = await loadSql();
    const full = createMarketStore(SQL);
    const holed = createMarketStore(SQL);
    full.applyTicks(all, 'live');
    holed.applyTicks(
      all.filter((t) => t.tradeId < gap.fromId || t.tradeId > gap.toId),
      'live',
    );
    return { full, holed };
  }

  function deps(store: MarketStore, extra: Partial<BackfillDeps> = {}): BackfillDeps {
    return {
      restBase: server.httpUrl,
      fetch: realFetch,
      timers: systemTimers,
      storedTrades: storedTradesFromStore(store),
      maxWeightPerMinute: 100_000,
      historyMs: Infinity, // the recording is from 2024 (timeShift 'none')
      ...extra,
    };
  }

  function expectSameBars(a: MarketStore, b: MarketStore): void {
    for (const iv of INTERVALS) {
      const x = a.getBars(SYMBOL, iv, 'live');
      const y = b.getBars(SYMBOL, iv, 'live');
      expect(y.openTime.length, iv).toBeGreaterThan(0);
      expect(y, iv).toEqual(x);
    }
  }

  it('fills a gap whose edges fall inside aggregates, over several pages, with bars equal to the full data', async () => {
    const gap = pickGap(200, 1_200);
    const { full, holed } = await stores(gap);
    // Without the backfill the bars differ (the test would prove nothing otherwise).
    expect(holed.getBars(SYMBOL, '1m', 'live')).not.toEqual(full.getBars(SYMBOL, '1m', 'live'));
    const gapId = holed.recordGap(gap);

    const r = await createBackfiller(deps(holed, { limit: 200 })).fillGap(gap);
    expect(r.reason).toBeUndefined();
    expect(r.status).toBe('filled');
    expect(r.calls).toBeGreaterThanOrEqual(7); // > 1,200 aggregates at 200 per page
    expect(r.weight).toBe(r.calls * 20);
    expect(r.filledToId).toBe(gap.toId);
    expect(r.remaining).toBeNull();
    // Edge ticks carry only the missing trades, clipped to the gap.
    const first = r.ticks[0];
    const last = r.ticks[r.ticks.length - 1];
    expect(first.firstTradeId).toBe(gap.fromId);
    expect(last.lastTradeId).toBe(gap.toId);
    expect(first.kind).toBe('aggTrade');
    const missingMarket = all.filter((t) => t.tradeId >= gap.fromId && t.tradeId <= gap.toId && t.market);
    expect(r.ticks.reduce((n, t) => n + t.tradeCount, 0)).toBe(missingMarket.length);

    const applied = holed.applyTicks(r.ticks, 'live');
    expect(applied.inserted).toBe(r.ticks.length);
    holed.rebuildBars(SYMBOL, 'live', gap.fromTs, gap.toTs);
    holed.updateGapStatus(gapId, r.status);
    expectSameBars(full, holed);
    expect(holed.listGaps()[0]).toMatchObject({ status: 'filled', fromId: gap.fromId });

    // Idempotent: a second run emits the same ids, which the store ignores.
    const again = await createBackfiller(deps(holed, { limit: 200 })).fillGap(gap);
    expect(holed.applyTicks(again.ticks, 'live').inserted).toBe(0);
    full.close();
    holed.close();
  });

  it('fills a gap inside a single aggregate (both edges in it)', async () => {
    const g = groups.find((x) => x.index > 50 && x.l - x.f >= 3)!;
    const byId = new Map(all.map((t) => [t.tradeId, t]));
    const gap: Gap = {
      symbol: SYMBOL,
      source: 'live',
      fromId: g.f + 1,
      toId: g.l - 1,
      fromTs: byId.get(g.f)!.ts,
      toTs: byId.get(g.l)!.ts,
      missed: g.l - g.f - 1,
      status: 'open',
    };
    const { full, holed } = await stores(gap);
    const r = await createBackfiller(deps(holed)).fillGap(gap);
    expect(r.status).toBe('filled');
    expect(r.ticks).toHaveLength(1);
    expect(r.ticks[0]).toMatchObject({
      tradeId: gap.fromId,
      firstTradeId: gap.fromId,
      lastTradeId: gap.toId,
      tradeCount: gap.missed,
    });
    holed.applyTicks(r.ticks, 'live');
    holed.rebuildBars(SYMBOL, 'live', gap.fromTs, gap.toTs);
    expectSameBars(full, holed);
    // tickIds 'aggregate' keeps Binance's aggregate id instead.
    const byAgg = await createBackfiller(deps(holed, { tickIds: 'aggregate' })).fillGap(gap);
    expect(byAgg.ticks).toEqual([]); // the earlier piece is stored: nothing is missing any more
    const fresh = await stores(gap);
    const r2 = await createBackfiller(deps(fresh.holed, { tickIds: 'aggregate' })).fillGap(gap);
    expect(r2.ticks).toMatchObject([{ tradeId: 1_000_000_000 + g.index, tradeCount: gap.missed }]);
  });

  it('stays exact when the first missing millisecond holds several aggregates at different prices', async () => {
    // Found by sweeping gap positions: with tradeId = aggregate id, this gap's first 1s bar got the wrong open.
    const byId = new Map(all.map((t) => [t.tradeId, t]));
    const fromId = 5182006617;
    const toId = 5182006844;
    const fromTs = byId.get(fromId - 1)!.ts;
    const sameMs = groups.filter((x) => x.T === fromTs);
    expect(new Set(sameMs.map((x) => x.p)).size).toBeGreaterThan(1);
    const gap: Gap = {
      symbol: SYMBOL,
      source: 'live',
      fromId,
      toId,
      fromTs,
      toTs: byId.get(toId + 1)!.ts,
      missed: toId - fromId + 1,
      status: 'open',
    };
    const { full, holed } = await stores(gap);
    const r = await createBackfiller(deps(holed)).fillGap(gap);
    expect(r.status).toBe('filled');
    holed.applyTicks(r.ticks, 'live');
    holed.rebuildBars(SYMBOL, 'live', gap.fromTs, gap.toTs);
    expectSameBars(full, holed);
  });

  it('finds the start by ids when the gap has no start time (seed without a time: fromTs = toTs)', async () => {
    const gap = pickGap(400, 300);
    gap.fromTs = gap.toTs;
    const { full, holed } = await stores(gap);
    const r = await createBackfiller(deps(holed, { limit: 100 })).fillGap(gap);
    expect(r.status).toBe('filled');
    holed.applyTicks(r.ticks, 'live');
    holed.rebuildBars(SYMBOL, 'live', r.ticks[0].ts, gap.toTs);
    expectSameBars(full, holed);
  });

  it('waits out a 429 (Retry-After) and still fills', async () => {
    const gap = pickGap(600, 50);
    const { full, holed } = await stores(gap);
    server.setFaults({ rest429: { count: 1, retryAfterSec: 1 } });
    const t0 = Date.now();
    const r = await createBackfiller(deps(holed)).fillGap(gap);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(server.stats().counters.rest429Sent).toBe(1);
    expect(r.status).toBe('filled');
    expect(r.calls).toBe(2);
    holed.applyTicks(r.ticks, 'live');
    holed.rebuildBars(SYMBOL, 'live', gap.fromTs, gap.toTs);
    expectSameBars(full, holed);
  });

  it('backfillSince fills everything after the last stored trade', async () => {
    const cut = all[Math.floor(all.length / 2)];
    // Make the cut fall inside an aggregate so the straddling one is clipped.
    const g = groups.find((x) => x.f <= cut.tradeId && x.l > cut.tradeId && x.l - x.f >= 1) ?? null;
    const lastId = g ? g.f : cut.tradeId;
    const SQL = await loadSql();
    const full = createMarketStore(SQL);
    full.applyTicks(all, 'live');
    const holed = createMarketStore(SQL);
    holed.applyTicks(
      all.filter((t) => t.tradeId <= lastId),
      'live',
    );
    const lastTs = all.find((t) => t.tradeId === lastId)!.ts;
    const end = all[all.length - 1];
    const r = await createBackfiller(deps(holed, { limit: 500 })).backfillSince(
      SYMBOL,
      lastId,
      lastTs,
      end.ts + 1,
    );
    expect(r.status).toBe('filled');
    expect(r.remaining).toBeNull();
    expect(r.lastTradeId).toBe(end.tradeId);
    holed.applyTicks(r.ticks, 'live');
    holed.rebuildBars(SYMBOL, 'live', lastTs, end.ts);
    expectSameBars(full, holed);
  });

  it('is unfillable with a reason when REST is unreachable (closed port)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const gap = pickGap(200, 10);
    const SQL = await loadSql();
    const store = createMarketStore(SQL);
    const r = await createBackfiller({ ...deps(store), restBase: `http://127.0.0.1:${port}` }).fillGap(gap);
    expect(r.status).toBe('unfillable');
    expect(r.reason).toMatch(/REST unreachable/);
    expect(r.ticks).toEqual([]);
    expect(r.calls).toBe(1);
  });

  it('is unfillable on a 4xx (unknown symbol), with Binance’s message', async () => {
    const SQL = await loadSql();
    const store = createMarketStore(SQL);
    const gap = { ...pickGap(200, 10), symbol: 'NOPEUSDT' };
    const r = await createBackfiller(deps(store)).fillGap(gap);
    expect(r.status).toBe('unfillable');
    expect(r.reason).toMatch(/HTTP 400 -1121 Invalid symbol/);
  });
});

// ---- Scripted fetch: failure modes and the weight budget, on a fake clock. ----

interface Reply {
  status: number;
  body?: unknown;
  retryAfter?: string;
}

function scripted(replies: (Reply | ((url: URL) => Reply))[]) {
  const urls: URL[] = [];
  const fetchFn: FetchLike = async (u) => {
    const url = new URL(u);
    urls.push(url);
    const next = replies.shift();
    if (!next) throw new TypeError('no more replies');
    const r = typeof next === 'function' ? next(url) : next;
    return {
      status: r.status,
      headers: { get: (n: string) => (n.toLowerCase() === 'retry-after' ? (r.retryAfter ?? null) : null) },
      json: async () => r.body,
    };
  };
  return { fetchFn, urls };
}

const agg = (a: number, f: number, l: number, T: number, q = '1.5') => ({
  a,
  p: '100.1',
  q,
  f,
  l,
  T,
  m: false,
});
const GAP: Gap = {
  symbol: SYMBOL,
  source: 'live',
  fromId: 12,
  toId: 20,
  fromTs: 1_700_000_000_000,
  toTs: 1_700_000_000_500,
  missed: 9,
  status: 'open',
};

function fakeDeps(fetchFn: FetchLike, clock: FakeClock, extra: Partial<BackfillDeps> = {}): BackfillDeps {
  return {
    restBase: 'https://fapi.example',
    fetch: fetchFn,
    timers: clock,
    storedTrades: () => [],
    ...extra,
  };
}

/** Run a backfill to completion on the fake clock. */
async function drive<T>(p: Promise<T>, clock: FakeClock): Promise<T> {
  let done = false;
  let value: T | undefined;
  void p.then((v) => {
    done = true;
    value = v;
  });
  for (let i = 0; i < 1000 && !done; i++) {
    await flushMicrotasks();
    if (!done) await clock.advanceAsync(1_000);
  }
  if (!done) throw new Error('backfill did not finish');
  return value as T;
}

describe('backfill failure modes (scripted REST)', () => {
  it('backs off exponentially without Retry-After and gives up after maxAttempts with a clear reason', async () => {
    const clock = new FakeClock(GAP.fromTs + 60_000);
    const { fetchFn } = scripted([{ status: 429 }, { status: 429 }, { status: 429 }]);
    const start = clock.now();
    const r = await drive(
      createBackfiller(fakeDeps(fetchFn, clock, { maxAttempts: 3, backoffBaseMs: 1_000 })).fillGap(GAP),
      clock,
    );
    expect(r.status).toBe('partial');
    expect(r.reason).toMatch(/HTTP 429 after 3 attempts/);
    expect(r.calls).toBe(3);
    expect(r.remaining).toMatchObject({ fromId: 12, toId: 20, missed: 9 });
    expect(clock.now() - start).toBeGreaterThanOrEqual(3_000); // 1 s + 2 s
  });

  it('does not wait out a long ban (418 with a long Retry-After)', async () => {
    const clock = new FakeClock(GAP.fromTs + 60_000);
    const { fetchFn } = scripted([{ status: 418, retryAfter: '7200' }]);
    const r = await drive(createBackfiller(fakeDeps(fetchFn, clock)).fillGap(GAP), clock);
    expect(r.status).toBe('partial');
    expect(r.reason).toMatch(/HTTP 418: Retry-After 7200 s/);
    expect(r.calls).toBe(1);
  });

  it('spaces calls so no rolling minute exceeds the weight budget', async () => {
    const clock = new FakeClock(GAP.fromTs + 60_000);
    const T = GAP.fromTs;
    const { fetchFn, urls: calls } = scripted([
      { status: 200, body: [agg(100, 10, 13, T), agg(101, 14, 15, T)] },
      { status: 200, body: [agg(102, 16, 17, T), agg(103, 18, 19, T)] },
      { status: 200, body: [agg(104, 20, 22, T + 1), agg(105, 23, 23, T + 2)] },
    ]);
    const calledAt: number[] = [];
    const timed: FetchLike = (u) => {
      calledAt.push(clock.now());
      return fetchFn(u);
    };
    const stored = (_s: string, from: number, to: number): Tick[] =>
      [10, 11, 21, 22]
        .filter((id) => id >= from && id <= to)
        .map((id) => ({ ...toTickLike(id, T), size: 0.25 }));
    const bf = createBackfiller(
      fakeDeps(timed, clock, { limit: 2, maxWeightPerMinute: 40, storedTrades: stored }),
    );
    const r = await drive(bf.fillGap(GAP), clock);
    expect(r.status).toBe('filled');
    expect(calledAt).toHaveLength(3);
    expect(calledAt[1] - calledAt[0]).toBe(0);
    expect(calledAt[2] - calledAt[0]).toBeGreaterThanOrEqual(60_000);
    // Edge remainders: 1.5 − 2 × 0.25 = 1 for both edges, counts = missing ids only, ids clipped.
    expect(r.ticks.map((t) => [t.tradeId, t.firstTradeId, t.lastTradeId, t.tradeCount, t.size])).toEqual([
      [12, 12, 13, 2, 1],
      [14, 14, 15, 2, 1.5],
      [16, 16, 17, 2, 1.5],
      [18, 18, 19, 2, 1.5],
      [20, 20, 20, 1, 1],
    ]);
    expect(calls.map((u) => `${u.pathname} ${u.search}`)).toEqual([
      '/fapi/v1/aggTrades ?symbol=BTCUSDT&startTime=1700000000000&endTime=1700000000500&limit=2',
      '/fapi/v1/aggTrades ?symbol=BTCUSDT&fromId=102&limit=2',
      '/fapi/v1/aggTrades ?symbol=BTCUSDT&fromId=104&limit=2',
    ]);
  });

  it('subtracts stored quantities exactly (no binary drift)', async () => {
    const clock = new FakeClock(GAP.fromTs + 60_000);
    const T = GAP.fromTs;
    const { fetchFn } = scripted([{ status: 200, body: [agg(100, 11, 20, T, '0.3')] }]);
    const stored = (): Tick[] => [{ ...toTickLike(11, T), size: 0.1 }];
    const r = await drive(
      createBackfiller(fakeDeps(fetchFn, clock, { storedTrades: stored })).fillGap(GAP),
      clock,
    );
    expect(r.ticks).toHaveLength(1);
    expect(r.ticks[0].size).toBe(0.2); // 0.3 − 0.1 in doubles is 0.19999999999999998
    expect(r.ticks[0].tradeCount).toBe(9);
  });

  it('is unfillable without a call when the gap is older than REST keeps', async () => {
    const clock = new FakeClock(GAP.fromTs + 400 * 86_400_000);
    const { fetchFn, urls } = scripted([]);
    const r = await drive(createBackfiller(fakeDeps(fetchFn, clock)).fillGap(GAP), clock);
    expect(r.status).toBe('unfillable');
    expect(urls).toHaveLength(0);
  });

  it('backfillSince reports the head it skipped when the hole is older than its bound', async () => {
    const now = GAP.fromTs + 3 * 3_600_000;
    const clock = new FakeClock(now);
    const { fetchFn, urls } = scripted([{ status: 200, body: [agg(500, 900, 901, now - 3_000_000)] }]);
    const r = await drive(
      createBackfiller(fakeDeps(fetchFn, clock)).backfillSince(SYMBOL, 11, GAP.fromTs, now),
      clock,
    );
    expect(Number(urls[0].searchParams.get('startTime'))).toBe(now - 3_600_000);
    expect(r.status).toBe('partial');
    expect(r.remaining).toMatchObject({ fromId: 12, toId: 899, missed: 888 });
    expect(r.lastTradeId).toBe(901);
    expect(r.ticks).toHaveLength(1);
  });
});

function toTickLike(id: number, T: number): Tick {
  return {
    symbol: SYMBOL,
    tradeId: id,
    ts: T,
    eventTime: T,
    price: 100.1,
    size: 0,
    buyerMaker: false,
    kind: 'trade',
    market: true,
    firstTradeId: id,
    lastTradeId: id,
    tradeCount: 1,
  };
}
