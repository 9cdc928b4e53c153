import { describe, expect, it } from 'vitest';
import { fixtureFrames, getJson, readFixture, serve, TestClient, tryParse } from './helpers';

type AggItem = { a: number; p: string; q: string; f: number; l: number; T: number; m: boolean };
type KlineRow = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

/** Official kline rows of the fixture in the REST layout. */
function officialKlines(symbol: string): KlineRow[] {
  return readFixture(`${symbol}-1m-klines.csv`)
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const c = line.split(',');
      return [
        Number(c[0]),
        c[1],
        c[2],
        c[3],
        c[4],
        c[5],
        Number(c[6]),
        c[7],
        Number(c[8]),
        c[9],
        c[10],
        c[11],
      ];
    });
}

/** Independent aggregation of the fixture: same symbol, consecutive, same price, side and trade time. */
function expectedAggCount(symbol: string): number {
  let count = 0;
  let prev: { p: string; m: boolean; T: number } | null = null;
  for (const { data } of fixtureFrames()) {
    if (data.s !== symbol) continue;
    if (!prev || prev.p !== data.p || prev.m !== data.m || prev.T !== data.T) count++;
    prev = data;
  }
  return count;
}

const FULL_MINUTES_FROM = Date.UTC(2024, 6, 18, 23, 58);
const FULL_MINUTES_TO = Date.UTC(2024, 6, 19, 0, 4);

async function fullyReplayed(
  opts: Parameters<typeof serve>[0] = {},
): Promise<Awaited<ReturnType<typeof serve>>> {
  const server = await serve({ speed: 'max', timeShift: 'none', ...opts });
  await server.whenFinished();
  return server;
}

describe('replay server REST', () => {
  it('answers ping, time and exchangeInfo in Binance shapes', async () => {
    const server = await serve({ paused: true });
    expect((await getJson(`${server.httpUrl}/fapi/v1/ping`)).body).toEqual({});
    const time = (await getJson(`${server.httpUrl}/fapi/v1/time`)).body as { serverTime: number };
    expect(Math.abs(time.serverTime - Date.now())).toBeLessThan(5000);
    const info = (await getJson(`${server.httpUrl}/fapi/v1/exchangeInfo`)).body as {
      serverTime: number;
      rateLimits: unknown[];
      symbols: Record<string, unknown>[];
    };
    expect(typeof info.serverTime).toBe('number');
    expect(info.rateLimits).toContainEqual({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: 2400,
    });
    expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(info.symbols[0]).toMatchObject({
      symbol: 'BTCUSDT',
      pair: 'BTCUSDT',
      contractType: 'PERPETUAL',
      status: 'TRADING',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      pricePrecision: 2,
      quantityPrecision: 3,
    });
  });

  it('sends CORS headers on every response and answers OPTIONS preflights with 204', async () => {
    const server = await serve({ paused: true });
    const ok = await fetch(`${server.httpUrl}/fapi/v1/ping`);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const bad = await fetch(`${server.httpUrl}/fapi/v1/klines?symbol=NOPE&interval=1m`);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
    const pre = await fetch(`${server.httpUrl}/fapi/v1/klines`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:4173', 'Access-Control-Request-Method': 'GET' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    expect(pre.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('builds 1m klines from the replayed trades that equal the official klines for every fully covered minute', async () => {
    const server = await fullyReplayed();
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const url = `${server.httpUrl}/fapi/v1/klines?symbol=${symbol}&interval=1m&startTime=${FULL_MINUTES_FROM}&endTime=${FULL_MINUTES_TO}`;
      const rows = (await getJson(url)).body as KlineRow[];
      const official = officialKlines(symbol).filter(
        (r) => r[0] >= FULL_MINUTES_FROM && r[0] <= FULL_MINUTES_TO,
      );
      expect(official).toHaveLength(7);
      expect(rows).toEqual(official);
    }
  });

  it('keeps klines equal to the official ones after un-shifting when times are shifted by whole minutes', async () => {
    const offset = 700 * 86_400_000 + 37 * 60_000;
    const server = await fullyReplayed({ timeShift: offset });
    const url = `${server.httpUrl}/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=${FULL_MINUTES_FROM + offset}&limit=7`;
    const rows = (await getJson(url)).body as KlineRow[];
    const unshifted = rows.map((r) => [r[0] - offset, ...r.slice(1, 6), r[6] - offset, ...r.slice(7)]);
    expect(unshifted).toEqual(
      officialKlines('BTCUSDT').filter((r) => r[0] >= FULL_MINUTES_FROM && r[0] <= FULL_MINUTES_TO),
    );
  });

  it('selects klines by limit, startTime and endTime and aggregates 5m bars', async () => {
    const server = await fullyReplayed();
    const base = `${server.httpUrl}/fapi/v1/klines?symbol=ETHUSDT`;
    const latest = (await getJson(`${base}&interval=1m&limit=2`)).body as KlineRow[];
    expect(latest.map((r) => r[0])).toEqual([Date.UTC(2024, 6, 19, 0, 4), Date.UTC(2024, 6, 19, 0, 5)]);
    const all = (await getJson(`${base}&interval=1m`)).body as KlineRow[];
    expect(all[0][0]).toBe(Date.UTC(2024, 6, 18, 23, 57));
    expect(all).toHaveLength(9);
    const until = (await getJson(`${base}&interval=1m&endTime=${Date.UTC(2024, 6, 18, 23, 59)}&limit=2`))
      .body as KlineRow[];
    expect(until.map((r) => r[0])).toEqual([Date.UTC(2024, 6, 18, 23, 58), Date.UTC(2024, 6, 18, 23, 59)]);
    const five = (await getJson(`${base}&interval=5m`)).body as KlineRow[];
    expect(five.map((r) => r[0])).toEqual([
      Date.UTC(2024, 6, 18, 23, 55),
      Date.UTC(2024, 6, 19, 0, 0),
      Date.UTC(2024, 6, 19, 0, 5),
    ]);
    const trades = fixtureFrames().filter((f) => f.data.s === 'ETHUSDT').length;
    expect(five.reduce((n, r) => n + r[8], 0)).toBe(trades);
    const first = fixtureFrames().find((f) => f.data.s === 'ETHUSDT')?.data.p;
    expect(five[0][1]).toBe(first);
    const seconds = (await getJson(`${base}&interval=1s&limit=3`)).body as KlineRow[];
    expect(seconds[1][0] - seconds[0][0]).toBe(1000);
  });

  it('returns an empty kline list before any trade was replayed', async () => {
    const server = await serve({ paused: true });
    expect((await getJson(`${server.httpUrl}/fapi/v1/klines?symbol=BTCUSDT&interval=1m`)).body).toEqual([]);
  });

  it('answers bad parameters with Binance error codes and status 400', async () => {
    const server = await serve({ paused: true });
    const api = `${server.httpUrl}/fapi/v1`;
    expect(await getJson(`${api}/klines?symbol=DOGEUSDT&interval=1m`)).toMatchObject({
      status: 400,
      body: { code: -1121, msg: 'Invalid symbol.' },
    });
    expect(await getJson(`${api}/klines?interval=1m`)).toMatchObject({ status: 400, body: { code: -1102 } });
    expect(await getJson(`${api}/klines?symbol=BTCUSDT&interval=7m`)).toMatchObject({
      status: 400,
      body: { code: -1120, msg: 'Invalid interval.' },
    });
    expect(await getJson(`${api}/klines?symbol=BTCUSDT&interval=1m&limit=abc`)).toMatchObject({
      status: 400,
      body: { code: -1100 },
    });
    expect(await getJson(`${api}/aggTrades?symbol=btcusdt`)).toMatchObject({
      status: 400,
      body: { code: -1121 },
    });
    expect(await getJson(`${api}/aggTrades?symbol=BTCUSDT&startTime=0&endTime=3600001`)).toMatchObject({
      status: 400,
      body: { code: -1127 },
    });
    expect((await getJson(`${api}/nothing`)).status).toBe(404);
  });

  it('aggregates consecutive same-price, same-side, same-time trades into aggTrades whose f..l cover every trade id once', async () => {
    const server = await fullyReplayed();
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const items: AggItem[] = [];
      for (let fromId = 1_000_000_000; ;) {
        const page = (
          await getJson(`${server.httpUrl}/fapi/v1/aggTrades?symbol=${symbol}&fromId=${fromId}&limit=1000`)
        ).body as AggItem[];
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(1000);
        items.push(...page);
        fromId = page[page.length - 1].a + 1;
      }
      expect(items).toHaveLength(expectedAggCount(symbol));
      const trades = fixtureFrames()
        .filter((f) => f.data.s === symbol)
        .map((f) => f.data);
      expect(items[0].f).toBe(trades[0].t);
      expect(items[items.length - 1].l).toBe(trades[trades.length - 1].t);
      const byId = new Map(trades.map((t) => [t.t, t]));
      for (const [i, agg] of items.entries()) {
        expect(agg.a).toBe(1_000_000_000 + i);
        if (i > 0) expect(agg.f).toBe(items[i - 1].l + 1);
        const members = Array.from({ length: agg.l - agg.f + 1 }, (_, k) => byId.get(agg.f + k));
        expect(members.every((t) => t?.p === agg.p && t.m === agg.m && t.T === agg.T)).toBe(true);
        const qty = members.reduce((sum, t) => sum + Math.round(Number(t?.q) * 1000), 0);
        expect(Math.round(Number(agg.q) * 1000)).toBe(qty);
      }
    }
  });

  it('pages aggTrades by startTime, endTime and limit with the default of 500 and a maximum of 1000', async () => {
    const server = await fullyReplayed();
    const api = `${server.httpUrl}/fapi/v1/aggTrades?symbol=BTCUSDT`;
    const latest = (await getJson(api)).body as AggItem[];
    expect(latest).toHaveLength(500);
    const last = latest[latest.length - 1];
    expect(last.a).toBe(1_000_000_000 + expectedAggCount('BTCUSDT') - 1);
    expect(((await getJson(`${api}&limit=5000`)).body as AggItem[]).length).toBe(1000);
    const start = Date.UTC(2024, 6, 19, 0, 0);
    const end = start + 10_000;
    const window = (await getJson(`${api}&startTime=${start}&endTime=${end}`)).body as AggItem[];
    expect(window.length).toBeGreaterThan(0);
    expect(window.every((x) => x.T >= start && x.T <= end)).toBe(true);
    const before = (await getJson(`${api}&endTime=${start - 1}&limit=1`)).body as AggItem[];
    expect(before[0].a).toBe(window[0].a - 1);
    const limited = (await getJson(`${api}&startTime=${start}&limit=3`)).body as AggItem[];
    expect(limited).toEqual(window.slice(0, 3));
    const fromId = (await getJson(`${api}&fromId=${window[1].a}&limit=2`)).body as AggItem[];
    expect(fromId).toEqual(window.slice(1, 3));
  });

  it('serves the same aggTrade ids over REST as the WebSocket delivered, with f..l matching the trade ids t', async () => {
    const server = await serve({ paused: true });
    const client = await TestClient.open(`${server.wsUrl}/stream?streams=btcusdt@trade/btcusdt@aggTrade`);
    server.step(500);
    const { before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    const frames = before.map((t) => tryParse(t) as { stream: string; data: Record<string, unknown> });
    const wsTrades = frames.filter((f) => f.stream === 'btcusdt@trade').map((f) => f.data.t as number);
    const wsAggs = frames.filter((f) => f.stream === 'btcusdt@aggTrade').map((f) => f.data);
    const rest = (await getJson(`${server.httpUrl}/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=0&limit=1000`))
      .body as AggItem[];
    expect(rest.map((x) => x.a)).toEqual(wsAggs.map((x) => x.a));
    for (const [i, agg] of rest.entries()) {
      const { a, p, q, f, l, T, m } = wsAggs[i];
      expect(agg).toEqual({ a, p, q, f, l, T, m });
    }
    const covered = rest.flatMap((x) => Array.from({ length: x.l - x.f + 1 }, (_, k) => x.f + k));
    // Every aggregated id was delivered as a trade; trades after the last closed aggregate are still open.
    expect(covered).toEqual(wsTrades.slice(0, covered.length));
    expect(wsTrades.length - covered.length).toBeLessThan(20);
  });

  it('answers /fapi/v1/trades with the most recent replayed trades', async () => {
    const server = await serve({ paused: true, timeShift: 'none' });
    server.step(10);
    const rows = (await getJson(`${server.httpUrl}/fapi/v1/trades?symbol=BTCUSDT&limit=2`)).body as Record<
      string,
      unknown
    >[];
    const btc = fixtureFrames()
      .slice(0, 10)
      .filter((f) => f.data.s === 'BTCUSDT')
      .map((f) => f.data);
    const last = btc[btc.length - 1];
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      id: last.t,
      price: last.p,
      qty: last.q,
      time: last.T,
      isBuyerMaker: last.m,
    });
  });
});
