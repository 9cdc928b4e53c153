import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../replay-server/clock';
import { eventually, fixtureFrames, serve, TestClient, tryParse } from './helpers';

describe('replay server WebSocket protocol', () => {
  it('delivers real fixture trades on a combined stream wrapped as {stream,data} with E and T shifted to now', async () => {
    const before = Date.now();
    const server = await serve({ paused: true });
    const client = await TestClient.open(`${server.wsUrl}/stream?streams=btcusdt@trade/ethusdt@trade`);
    expect(server.step(20)).toBe(20);
    const got = (await client.take(20)).map((t) => JSON.parse(t) as ReturnType<typeof fixtureFrames>[number]);
    const offset = server.stats().replay.offsetMs;
    const expected = fixtureFrames().slice(0, 20);
    expect(got.map((f) => f.stream)).toEqual(expected.map((f) => f.stream));
    for (const [i, frame] of got.entries()) {
      const rec = expected[i].data;
      expect(frame.data).toEqual({ ...rec, E: rec.E + offset, T: rec.T + offset });
      expect(Object.keys(frame.data)).toEqual(['e', 'E', 'T', 's', 't', 'p', 'q', 'X', 'm']);
    }
    // The first recorded trade happens "now".
    expect(got[0].data.E).toBeGreaterThanOrEqual(before);
    expect(got[0].data.E).toBeLessThanOrEqual(Date.now());
  });

  it('delivers bare events on a raw /ws/<stream> connection and only for the streams it named', async () => {
    const server = await serve({ paused: true, timeShift: 'none' });
    const client = await TestClient.open(`${server.wsUrl}/ws/ethusdt@trade`);
    server.step(100);
    const { reply, before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 7 });
    expect(reply).toEqual({ result: ['ethusdt@trade'], id: 7 });
    const expected = fixtureFrames()
      .slice(0, 100)
      .filter((f) => f.stream === 'ethusdt@trade')
      .map((f) => f.data);
    expect(before.map((t) => JSON.parse(t) as unknown)).toEqual(expected);
  });

  it('accepts several raw streams in one /ws/a/b path', async () => {
    const server = await serve({ paused: true, timeShift: 'none' });
    const client = await TestClient.open(`${server.wsUrl}/ws/ethusdt@trade/btcusdt@trade`);
    server.step(30);
    const { before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    expect(before).toHaveLength(30);
    expect(before.every((t) => tryParse(t)?.e === 'trade' && !('stream' in (tryParse(t) ?? {})))).toBe(true);
  });

  it('delivers @trade on /public while @aggTrade on /public is acknowledged but never delivers', async () => {
    const server = await serve({ paused: true });
    const client = await TestClient.open(`${server.wsUrl}/public/ws`);
    const sub = await client.request({
      method: 'SUBSCRIBE',
      params: ['btcusdt@trade', 'btcusdt@aggTrade'],
      id: 1,
    });
    expect(sub.reply).toEqual({ result: null, id: 1 });
    server.step(300);
    const { reply, before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
    expect(reply.result).toEqual(['btcusdt@trade', 'btcusdt@aggTrade']);
    const events = before.map((t) => tryParse(t));
    expect(events.length).toBe(
      fixtureFrames()
        .slice(0, 300)
        .filter((f) => f.stream === 'btcusdt@trade').length,
    );
    expect(events.every((e) => e?.e === 'trade')).toBe(true);
  });

  it('delivers @aggTrade on /market while @trade on /market is acknowledged but never delivers', async () => {
    const server = await serve({ paused: true });
    const client = await TestClient.open(
      `${server.wsUrl}/market/stream?streams=btcusdt@trade/btcusdt@aggTrade`,
    );
    server.step(300);
    const { before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    expect(before.length).toBeGreaterThan(0);
    for (const text of before) {
      const frame = tryParse(text) as { stream: string; data: Record<string, unknown> };
      expect(frame.stream).toBe('btcusdt@aggTrade');
      expect(Object.keys(frame.data)).toEqual(['e', 'E', 's', 'a', 'p', 'q', 'f', 'l', 'T', 'm']);
      expect(frame.data.e).toBe('aggTrade');
    }
  });

  it('delivers both @trade and @aggTrade on the unrouted /stream path', async () => {
    const server = await serve({ paused: true });
    const client = await TestClient.open(`${server.wsUrl}/stream?streams=ethusdt@trade/ethusdt@aggTrade`);
    server.step(200);
    const { before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    const streams = new Set(before.map((t) => tryParse(t)?.stream));
    expect(streams).toEqual(new Set(['ethusdt@trade', 'ethusdt@aggTrade']));
  });

  it('lets a test make /public silent at run time so the client fallback to the unrouted path can be exercised', async () => {
    const server = await serve({ paused: true });
    const routed = await TestClient.open(`${server.wsUrl}/public/stream?streams=btcusdt@trade`);
    const unrouted = await TestClient.open(`${server.wsUrl}/stream?streams=btcusdt@trade`);
    server.control({ routes: { public: [] } });
    server.step(50);
    const a = await routed.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    const b = await unrouted.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    expect(a.reply.result).toEqual(['btcusdt@trade']);
    expect(a.before).toEqual([]);
    expect(b.before.length).toBeGreaterThan(0);
    expect(server.stats().routes.public).toEqual([]);
  });

  it('answers SUBSCRIBE, UNSUBSCRIBE and LIST_SUBSCRIPTIONS like Binance and changes what is delivered', async () => {
    const server = await serve({ paused: true });
    const client = await TestClient.open(`${server.wsUrl}/ws`);
    expect(
      (await client.request({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'ethusdt@trade'], id: 1 }))
        .reply,
    ).toEqual({
      result: null,
      id: 1,
    });
    expect((await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 2 })).reply).toEqual({
      result: ['btcusdt@trade', 'ethusdt@trade'],
      id: 2,
    });
    expect((await client.request({ method: 'UNSUBSCRIBE', params: ['ethusdt@trade'], id: 3 })).reply).toEqual(
      { result: null, id: 3 },
    );
    server.step(100);
    const { reply, before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 'str-4' });
    expect(reply).toEqual({ result: ['btcusdt@trade'], id: 'str-4' });
    expect(before.length).toBe(
      fixtureFrames()
        .slice(0, 100)
        .filter((f) => f.stream === 'btcusdt@trade').length,
    );
    expect(before.every((t) => tryParse(t)?.s === 'BTCUSDT')).toBe(true);
    const subs = server.stats().subscriptions.map((s) => [s.kind, s.streams, s.id]);
    expect(subs).toEqual([
      ['SUBSCRIBE', ['btcusdt@trade', 'ethusdt@trade'], 1],
      ['UNSUBSCRIBE', ['ethusdt@trade'], 3],
    ]);
  });

  it('replies to malformed requests with Binance-shaped errors and keeps the connection open', async () => {
    const server = await serve({ paused: true });
    const client = await TestClient.open(`${server.wsUrl}/ws`);
    client.send('not json');
    expect(await client.nextJson()).toEqual({
      error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' },
      id: null,
    });
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: -1 });
    expect(await client.nextJson()).toEqual({
      error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
      id: null,
    });
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'] });
    expect(((await client.nextJson()).error as { code: number }).code).toBe(2);
    client.send({ method: 'SUBSCRIBEE', params: [], id: 5 });
    const unknown = await client.nextJson();
    expect(unknown.id).toBe(5);
    expect((unknown.error as { code: number; msg: string }).code).toBe(2);
    expect((unknown.error as { code: number; msg: string }).msg).toMatch(
      /^Invalid request: unknown variant `SUBSCRIBEE`/,
    );
    client.send({ method: 'SUBSCRIBE', params: 'btcusdt@trade', id: 6 });
    expect(await client.nextJson()).toMatchObject({ error: { code: 2 }, id: 6 });
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt trade'], id: 7 });
    expect(await client.nextJson()).toMatchObject({
      error: { code: 2, msg: expect.stringContaining('invalid stream name') },
      id: 7,
    });
    const list = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 8 });
    expect(list.reply).toEqual({ result: [], id: 8 });
  });

  it('supports SET_PROPERTY combined so a raw connection receives wrapped frames', async () => {
    const server = await serve({ paused: true });
    const client = await TestClient.open(`${server.wsUrl}/ws/btcusdt@trade`);
    expect((await client.request({ method: 'GET_PROPERTY', params: ['combined'], id: 1 })).reply).toEqual({
      result: false,
      id: 1,
    });
    expect(
      (await client.request({ method: 'SET_PROPERTY', params: ['combined', true], id: 2 })).reply,
    ).toEqual({ result: null, id: 2 });
    expect(
      (await client.request({ method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 3 })).reply,
    ).toEqual({
      error: { code: 1, msg: 'Invalid value type: expected Boolean' },
      id: 3,
    });
    expect((await client.request({ method: 'GET_PROPERTY', params: ['colour'], id: 4 })).reply).toEqual({
      error: { code: 0, msg: 'Unknown property' },
      id: 4,
    });
    server.step(5);
    const { before } = await client.request({ method: 'GET_PROPERTY', params: ['combined'], id: 5 });
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((t) => tryParse(t)?.stream === 'btcusdt@trade')).toBe(true);
  });

  it('closes a connection that sends more than 10 messages within one second and counts it', async () => {
    const clock = new ManualClock();
    const server = await serve({ paused: true, clock });
    const polite = await TestClient.open(`${server.wsUrl}/ws`);
    for (let i = 0; i < 10; i++) polite.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    expect(await polite.take(10)).toHaveLength(10);
    clock.advance(1000);
    // A new second: ten more are fine again.
    for (let i = 0; i < 10; i++) polite.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    expect(await polite.take(10)).toHaveLength(10);
    const rude = await TestClient.open(`${server.wsUrl}/ws`);
    for (let i = 0; i < 11; i++) rude.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    const closed = await rude.closed;
    expect(closed.code).toBe(1008);
    expect(rude.texts).toHaveLength(10);
    const stats = server.stats();
    expect(stats.counters.rateLimitDisconnects).toBe(1);
    expect(stats.connections.find((c) => c.id === 2)?.closeReason).toBe('rate-limit');
    expect(polite.closeInfo).toBeNull();
  });

  it('uses a configurable message-rate limit', async () => {
    const server = await serve({ paused: true, maxMessagesPerSecond: 2, clock: new ManualClock() });
    const client = await TestClient.open(`${server.wsUrl}/ws`);
    for (let i = 0; i < 3; i++) client.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    expect((await client.closed).code).toBe(1008);
  });

  it('sends a ping frame every configured interval and records the pongs', async () => {
    const clock = new ManualClock();
    const server = await serve({ paused: true, clock, pingIntervalMs: 3000 });
    const client = await TestClient.open(`${server.wsUrl}/ws`);
    clock.advance(2999);
    expect(server.stats().counters.pingsSent).toBe(0);
    clock.advance(1);
    await client.until(() => client.pings === 1, 5000, 'first ping');
    clock.advance(3000);
    await client.until(() => client.pings === 2, 5000, 'second ping');
    await eventually(
      () => (server.stats().counters.pongsReceived === 2 ? true : undefined),
      'pongs recorded',
    );
    expect(server.stats().connections[0].pingsSent).toBe(2);
  });

  it('answers client pings with pongs', async () => {
    const server = await serve({ paused: true });
    const client = await TestClient.open(`${server.wsUrl}/ws`);
    client.ws.ping();
    await client.until(() => client.pongs === 1, 5000, 'pong');
  });

  it('terminates a connection that stopped answering pings for longer than the pong timeout', async () => {
    const clock = new ManualClock();
    const server = await serve({ paused: true, clock, pingIntervalMs: 1000, pongTimeoutMs: 2500 });
    const client = await TestClient.open(`${server.wsUrl}/ws`);
    client.ws.pong = () => undefined; // a client that never answers
    for (let i = 0; i < 3; i++) clock.advance(1000);
    expect((await client.closed).code).toBe(1006);
    expect(server.stats().connections[0].closeReason).toBe('pong-timeout');
  });

  it('rejects upgrades on unknown paths with 404', async () => {
    const server = await serve({ paused: true });
    expect(await TestClient.refusedStatus(`${server.wsUrl}/nope`)).toBe(404);
  });

  it('records connections, URL subscriptions and frames per stream in stats', async () => {
    const server = await serve({ paused: true });
    const client = await TestClient.open(`${server.wsUrl}/public/stream?streams=btcusdt@trade/ethusdt@trade`);
    server.step(100);
    await client.take(100);
    const stats = server.stats();
    expect(stats.connections[0]).toMatchObject({
      path: '/public/stream',
      query: 'streams=btcusdt@trade/ethusdt@trade',
      route: 'public',
      combined: true,
      streams: ['btcusdt@trade', 'ethusdt@trade'],
      dataFramesOut: 100,
    });
    expect(stats.subscriptions[0]).toMatchObject({
      kind: 'url',
      streams: ['btcusdt@trade', 'ethusdt@trade'],
    });
    const btc = fixtureFrames()
      .slice(0, 100)
      .filter((f) => f.stream === 'btcusdt@trade').length;
    expect(stats.framesPerStream).toEqual({ 'btcusdt@trade': btc, 'ethusdt@trade': 100 - btc });
    expect(stats.replay).toMatchObject({ index: 100, delivered: 100, total: 24356, loop: 0 });
    await client.close();
    await eventually(() => (server.stats().openConnections === 0 ? true : undefined), 'close recorded');
    expect(server.stats().connections[0].closeCode).toBe(1005);
  });

  it('closes cleanly with clients still connected, ending their sockets and all timers', async () => {
    const clock = new ManualClock();
    const server = await serve({ speed: 1, clock, pingIntervalMs: 1000, faults: { dropAfterMs: 60_000 } });
    const client = await TestClient.open(`${server.wsUrl}/stream?streams=btcusdt@trade`);
    await server.close();
    expect((await client.closed).code).toBe(1006);
    expect(clock.pending()).toBe(0);
    await expect(fetch(`${server.httpUrl}/fapi/v1/ping`)).rejects.toThrow();
  });
});
