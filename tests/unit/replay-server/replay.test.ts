import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../replay-server/clock';
import { formatScaled, parseDecimal } from '../../replay-server/decimal';
import { loadRecording } from '../../replay-server/recording';
import { ReplayEngine } from '../../replay-server/replay';
import type { RecordedTrade } from '../../replay-server/recording';
import { FIXTURE_DIR, fixtureFrames, getJson, postControl, serve, TestClient, tryParse } from './helpers';

const T0 = Date.UTC(2024, 0, 1);

function trade(t: number, T: number, p: string, q: string, m: boolean, symbol = 'BTCUSDT'): RecordedTrade {
  return { symbol, E: T + 1, T, t, p, q, X: 'MARKET', m };
}

/** Six trades: ids 100-102 form one aggregate (same price, side, time), then three single ones. */
const SMALL: RecordedTrade[] = [
  trade(100, T0, '50000.10', '0.001', true),
  trade(101, T0, '50000.10', '0.002', true),
  trade(102, T0, '50000.10', '0.004', true),
  trade(103, T0, '50000.10', '0.010', false), // other side
  trade(104, T0 + 5, '50000.10', '0.020', false), // other time
  trade(105, T0 + 5, '50000.20', '0.040', false), // other price
];

describe('replay server recording and clock', () => {
  it('aggregates only consecutive trades with the same price, side and trade time', () => {
    const rec = loadRecording({ trades: SMALL });
    const aggs = rec.trades.flatMap((t) => (t.closesAgg ? [t.closesAgg] : []));
    expect(aggs.map((a) => [a.f, a.l, a.q])).toEqual([
      [100, 102, '0.007'],
      [103, 103, '0.010'],
      [104, 104, '0.020'],
      [105, 105, '0.040'],
    ]);
    expect(rec.aggCount.get('BTCUSDT')).toBe(4);
    expect(rec.idSpan.get('BTCUSDT')).toBe(6);
  });

  it('formats scaled decimals exactly, as Binance prints them', () => {
    expect(formatScaled(parseDecimal('63943.9'), 8, 2)).toBe('63943.90');
    expect(formatScaled(parseDecimal('0.003') * parseDecimal('63943.9'), 16, 5)).toBe('191.83170');
    expect(formatScaled(parseDecimal('-1.005'), 8, 2)).toBe('-1.01');
  });

  it('loads the trades CSV archives into the same trades as the stream capture, prices padded to the symbol precision', () => {
    const dir = fileURLToPath(FIXTURE_DIR);
    const csv = loadRecording([`${dir}BTCUSDT-trades.csv`, `${dir}ETHUSDT-trades.csv`]);
    const ndjson = loadRecording(`${dir}stream.ndjson.gz`);
    expect(csv.trades).toHaveLength(24_356);
    const key = (t: { symbol: string; t: number; T: number; p: string; q: string; m: boolean }): string =>
      `${t.symbol}:${t.t}:${t.T}:${t.p}:${t.q}:${t.m}`;
    expect(new Set(csv.trades.map(key))).toEqual(new Set(ndjson.trades.map(key)));
    expect(csv.aggCount).toEqual(ndjson.aggCount);
  });

  it('loops with times shifted by the recording span and ids by the id span so ids keep increasing', async () => {
    const server = await serve({
      paused: true,
      loop: true,
      timeShift: 'none',
      loopGapMs: 1000,
      source: { trades: SMALL },
    });
    const client = await TestClient.open(`${server.wsUrl}/stream?streams=btcusdt@trade/btcusdt@aggTrade`);
    server.step(12);
    const { before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    const frames = before.map((t) => tryParse(t) as { stream: string; data: Record<string, number> });
    const trades = frames.filter((f) => f.stream === 'btcusdt@trade').map((f) => f.data);
    const aggs = frames.filter((f) => f.stream === 'btcusdt@aggTrade').map((f) => f.data);
    expect(trades.map((t) => t.t)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111]);
    const span = 5 + 1000; // last − first scheduling time + gap
    expect(trades[6].T).toBe(T0 + span);
    expect(trades[6].E).toBe(T0 + 1 + span);
    expect(trades[11].T).toBe(T0 + 5 + span);
    expect(aggs.map((a) => [a.a, a.f, a.l])).toEqual([
      [1_000_000_000, 100, 102],
      [1_000_000_001, 103, 103],
      [1_000_000_002, 104, 104],
      [1_000_000_003, 105, 105],
      [1_000_000_004, 106, 108],
      [1_000_000_005, 109, 109],
      [1_000_000_006, 110, 110],
      [1_000_000_007, 111, 111],
    ]);
    expect(server.stats().replay).toMatchObject({ loop: 2, index: 0, delivered: 12 });
    const rest = (await getJson(`${server.httpUrl}/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=1000000004`))
      .body as { a: number; f: number }[];
    expect(rest.map((x) => [x.a, x.f])).toEqual([
      [1_000_000_004, 106],
      [1_000_000_005, 109],
      [1_000_000_006, 110],
      [1_000_000_007, 111],
    ]);
  });

  it('paces delivery on the market clock at speed 1 and ten times faster at speed 10', async () => {
    const clock = new ManualClock(T0 - 60_000);
    const spaced = [0, 1000, 2000, 3000].map((dt, i) =>
      trade(500 + i, T0 + dt, '1.00', '1.000', i % 2 === 0),
    );
    const server = await serve({ clock, speed: 1, source: { trades: spaced } });
    const client = await TestClient.open(`${server.wsUrl}/ws/btcusdt@trade`);
    // The first trade (E = T0 + 1) is shifted to start time; it is due at once.
    clock.advance(0);
    expect(server.stats().replay.delivered).toBe(1);
    clock.advance(999);
    expect(server.stats().replay.delivered).toBe(1);
    clock.advance(1);
    expect(server.stats().replay.delivered).toBe(2);
    server.setSpeed(10);
    clock.advance(100);
    expect(server.stats().replay.delivered).toBe(3);
    expect(server.marketNow()).toBe(T0 - 60_000 + 2000);
    const frames = await client.take(3);
    expect(frames.map((f) => tryParse(f)?.T)).toEqual([
      T0 - 60_000 - 1,
      T0 - 60_000 + 999,
      T0 - 60_000 + 1999,
    ]);
    clock.advance(100);
    await server.whenFinished();
    expect(server.stats().replay.finished).toBe(true);
  });

  it('holds the market clock while a client cannot keep up, then carries on from the trade it held at', () => {
    const clock = new ManualClock(T0);
    const spaced = [0, 1000, 2000, 3000].map((dt, i) => trade(500 + i, T0 + dt, '1.00', '1.000', true));
    let congested = false;
    const delivered: number[] = [];
    const engine = new ReplayEngine(
      loadRecording({ trades: spaced }),
      {
        clock,
        speed: 1,
        paused: false,
        loop: false,
        timeShift: 'none',
        loopGapMs: 1000,
        aggIdStart: 1,
        maxBatch: 500,
        congested: () => congested,
      },
      { trade: (t) => delivered.push(t.T), agg: () => {} },
    );
    engine.start();
    clock.advance(1000);
    expect(delivered).toEqual([T0, T0 + 1000]);
    congested = true;
    clock.advance(10_000); // ten seconds of a client that does not read
    expect(delivered).toEqual([T0, T0 + 1000]);
    congested = false;
    clock.advance(999); // the next trade is one market second after the last delivered, not overdue
    expect(delivered).toEqual([T0, T0 + 1000]);
    clock.advance(21); // the congestion re-check (20 ms) plus the rest of that second
    expect(delivered).toEqual([T0, T0 + 1000, T0 + 2000]);
  });

  it('replays the whole fixture at speed max and resolves whenFinished', async () => {
    const server = await serve({ speed: 'max' });
    await server.whenFinished();
    const stats = server.stats();
    expect(stats.replay).toMatchObject({ delivered: 24_356, finished: true });
    expect(stats.counters.tradesReplayed).toBe(24_356);
    const last = fixtureFrames()[24_355].data;
    expect(stats.replay.lastTradeTime).toBe(last.T + stats.replay.offsetMs);
  });

  it('lets a client that connects later see only the trades from then on', async () => {
    const server = await serve({ paused: true, timeShift: 'none' });
    server.step(10);
    const late = await TestClient.open(`${server.wsUrl}/stream?streams=btcusdt@trade/ethusdt@trade`);
    server.step(1);
    const frame = tryParse(await late.nextText()) as { data: { t: number } };
    expect(frame.data.t).toBe(fixtureFrames()[10].data.t);
  });

  it('drives the replay over HTTP: step, advanceMs, speed, paused and reset', async () => {
    const server = await serve({ paused: true, timeShift: 'none' });
    const stepped = await postControl(server, { step: 25 });
    expect((stepped.body as { stats: { replay: { delivered: number } } }).stats.replay.delivered).toBe(25);
    const first = fixtureFrames()[0].data.E;
    const advanced = await postControl(server, { advanceMs: 60_000 });
    const expectedCount = fixtureFrames().filter(
      (f, i) => i < 25 || f.data.E <= fixtureFrames()[24].data.E + 60_000,
    ).length;
    expect((advanced.body as { stats: { replay: { delivered: number } } }).stats.replay.delivered).toBe(
      expectedCount,
    );
    expect(server.marketNow()).toBeGreaterThan(first + 60_000);
    await postControl(server, { speed: 'max', paused: false });
    await server.whenFinished();
    const reset = await postControl(server, { reset: true });
    const replay = (reset.body as { stats: { replay: Record<string, unknown> } }).stats.replay;
    expect(replay).toMatchObject({ delivered: 0, index: 0, paused: true, speed: 1 });
    expect((await getJson(`${server.httpUrl}/fapi/v1/aggTrades?symbol=BTCUSDT`)).body).toEqual([]);
    const bad = await postControl(server, { speed: -1 });
    expect(bad.status).toBe(400);
    const unknown = await postControl(server, { warp: 9 });
    expect((unknown.body as { error: string }).error).toMatch(/unknown control field "warp"/);
  });

  it('reports stats on GET /__stats', async () => {
    const server = await serve({ paused: true });
    await TestClient.open(`${server.wsUrl}/market/ws/btcusdt@aggTrade`);
    await getJson(`${server.httpUrl}/fapi/v1/ping`);
    const stats = (await getJson(`${server.httpUrl}/__stats`)).body as Record<string, unknown>;
    expect(stats).toMatchObject({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      openConnections: 1,
      connections: [{ path: '/market/ws/btcusdt@aggTrade', route: 'market', streams: ['btcusdt@aggTrade'] }],
      rest: [{ method: 'GET', path: '/fapi/v1/ping', status: 200 }],
      routes: { root: ['trade', 'aggTrade'], public: ['trade'], market: ['aggTrade'] },
    });
  });
});
