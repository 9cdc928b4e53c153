import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../replay-server/clock';
import { eventually, getJson, postControl, serve, TestClient, tryParse } from './helpers';

describe('replay server fault injection', () => {
  it('drops every connection the configured number of ms after it opened', async () => {
    const clock = new ManualClock();
    const server = await serve({ paused: true, clock, faults: { dropAfterMs: 1000 } });
    const client = await TestClient.open(`${server.wsUrl}/ws/btcusdt@trade`);
    clock.advance(999);
    expect(client.closeInfo).toBeNull();
    expect(server.stats().openConnections).toBe(1);
    clock.advance(1);
    expect((await client.closed).code).toBe(1006);
    expect(server.stats().counters.drops).toBe(1);
    expect(server.stats().connections[0].closeReason).toBe('drop-after');
  });

  it('applies a drop-after fault set at run time to connections that are already open', async () => {
    const clock = new ManualClock();
    const server = await serve({ paused: true, clock });
    const client = await TestClient.open(`${server.wsUrl}/ws`);
    clock.advance(5000);
    server.setFaults({ dropAfterMs: 2000, dropMode: 'close', dropCode: 1001 });
    clock.advance(0);
    expect(await client.closed).toEqual({ code: 1001, reason: 'drop-after' });
  });

  it('drops all connections at once on POST /__control {"dropNow":...}', async () => {
    const server = await serve({ paused: true });
    const a = await TestClient.open(`${server.wsUrl}/ws`);
    const b = await TestClient.open(`${server.wsUrl}/public/stream?streams=btcusdt@trade`);
    const res = await postControl(server, { dropNow: { mode: 'close', code: 4000 } });
    expect(res.status).toBe(200);
    expect((await a.closed).code).toBe(4000);
    expect((await b.closed).code).toBe(4000);
  });

  it('sends malformed frames of each kind after every N-th data frame', async () => {
    const server = await serve({ paused: true, faults: { malformed: { everyN: 2 } } });
    const client = await TestClient.open(`${server.wsUrl}/stream?streams=btcusdt@trade/ethusdt@trade`);
    server.step(6);
    const frames = await client.take(9);
    const broken = [frames[2], frames[5], frames[8]];
    expect(tryParse(broken[0])).toBeNull(); // non-json
    const wrong = tryParse(broken[1]) as { stream: string; data: Record<string, unknown> };
    expect(typeof wrong.data.E).toBe('string');
    expect(typeof wrong.data.p).toBe('number');
    expect(typeof wrong.data.m).toBe('string');
    const unknown = tryParse(broken[2]) as { stream: string; data: Record<string, unknown> };
    expect(unknown.data.e).toBe('mysteryEvent');
    for (const i of [0, 1, 3, 4, 6, 7])
      expect((tryParse(frames[i]) as { data: { e: string } }).data.e).toBe('trade');
    expect(server.stats().counters.malformedSent).toBe(3);
  });

  it('can restrict malformed frames to one kind on a raw connection', async () => {
    const server = await serve({
      paused: true,
      faults: { malformed: { everyN: 1, kinds: ['unknown-event'] } },
    });
    const client = await TestClient.open(`${server.wsUrl}/ws/btcusdt@trade`);
    while (server.stats().counters.malformedSent === 0) server.step(1); // until the first BTCUSDT trade
    const [good, bad] = await client.take(2);
    expect(tryParse(good)?.e).toBe('trade');
    expect(tryParse(bad)).toMatchObject({ e: 'mysteryEvent', s: 'BTCUSDT' });
  });

  it('resends every data frame when duplicates are switched on', async () => {
    const server = await serve({ paused: true });
    server.setFaults({ duplicates: { everyN: 1 } });
    const client = await TestClient.open(`${server.wsUrl}/stream?streams=btcusdt@trade/ethusdt@trade`);
    server.step(5);
    const frames = await client.take(10);
    for (let i = 0; i < 10; i += 2) expect(frames[i + 1]).toBe(frames[i]);
    expect(server.stats().counters.duplicatesSent).toBe(5);
    server.setFaults({ duplicates: null });
    server.step(1);
    const { before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    expect(before).toHaveLength(1);
  });

  it('stalls data and replies without closing while still pinging and answering pings, then resumes', async () => {
    const clock = new ManualClock();
    const server = await serve({ paused: true, clock, pingIntervalMs: 1000 });
    const client = await TestClient.open(`${server.wsUrl}/stream?streams=btcusdt@trade/ethusdt@trade`);
    await postControl(server, { faults: { stall: { pings: true } } });
    server.step(50);
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: 1 }); // swallowed
    clock.advance(1000);
    await client.until(() => client.pings === 1, 5000, 'ping during stall');
    client.ws.ping();
    await client.until(() => client.pongs === 1, 5000, 'pong during stall');
    expect(client.texts).toEqual([]);
    expect(client.closeInfo).toBeNull();
    expect(server.stats().faults.stall).toEqual({ pings: true, until: null });
    server.setFaults({ stall: null });
    server.step(1);
    const { before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
    expect(before).toHaveLength(1);
  });

  it('can stall completely, answering no pings, for a limited time', async () => {
    const clock = new ManualClock();
    const server = await serve({
      paused: true,
      clock,
      pingIntervalMs: 1000,
      faults: { stall: { pings: false, forMs: 5000 } },
    });
    const client = await TestClient.open(`${server.wsUrl}/ws/btcusdt@trade`);
    client.ws.ping();
    await eventually(
      () => (server.stats().connections[0].messagesIn === 1 ? true : undefined),
      'ping received',
    );
    clock.advance(3000);
    server.step(20);
    expect(server.stats().counters.pingsSent).toBe(0);
    clock.advance(2000); // the stall expires; this tick pings again
    expect(server.stats().faults.stall).toBeNull();
    await client.until(() => client.pings === 1, 5000, 'ping after stall');
    const { before } = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    expect(before).toEqual([]); // frames of the stall are lost, like a real outage
    expect(client.pongs).toBe(0); // the ping sent during the stall was never answered
  });

  it('refuses WebSocket upgrades with 503 for the next N attempts', async () => {
    const server = await serve({ paused: true });
    await postControl(server, { faults: { refuse: { count: 2 } } });
    expect(await TestClient.refusedStatus(`${server.wsUrl}/ws`)).toBe(503);
    expect(await TestClient.refusedStatus(`${server.wsUrl}/stream?streams=btcusdt@trade`)).toBe(503);
    await TestClient.open(`${server.wsUrl}/ws`);
    expect(server.stats().counters.rejectedUpgrades).toBe(2);
  });

  it('refuses WebSocket upgrades with 503 for a while and then accepts them again', async () => {
    const clock = new ManualClock();
    const server = await serve({ paused: true, clock, faults: { refuse: { forMs: 10_000 } } });
    expect(await TestClient.refusedStatus(`${server.wsUrl}/ws`)).toBe(503);
    clock.advance(9_999);
    expect(await TestClient.refusedStatus(`${server.wsUrl}/ws`)).toBe(503);
    clock.advance(1);
    await TestClient.open(`${server.wsUrl}/ws`);
    expect(server.stats().faults.refuse).toBeNull();
  });

  it('answers the next REST request with 429 and Retry-After once, then serves normally', async () => {
    const server = await serve({ paused: true });
    await postControl(server, { faults: { rest429: 1 } });
    const limited = await getJson(`${server.httpUrl}/fapi/v1/time`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('access-control-allow-origin')).toBe('*');
    expect((limited.body as { code: number }).code).toBe(-1003);
    expect((await getJson(`${server.httpUrl}/fapi/v1/time`)).status).toBe(200);
    expect(server.stats().counters.rest429Sent).toBe(1);
  });

  it('answers the next N REST requests with 429 and the configured Retry-After', async () => {
    const server = await serve({ paused: true, faults: { rest429: { count: 2, retryAfterSec: 7 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.httpUrl}/fapi/v1/ping`);
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('7');
      await res.text();
    }
    expect(statuses).toEqual([429, 429, 200]);
    expect(server.stats().rest.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('rejects invalid fault switches with a readable 400 and leaves the faults unchanged', async () => {
    const server = await serve({ paused: true, faults: { duplicates: { everyN: 3 } } });
    const bad = await postControl(server, { faults: { duplicates: { everyN: 0 }, stall: true } });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toMatch(/duplicates\.everyN/);
    const unknown = await postControl(server, { faults: { explode: true } });
    expect((unknown.body as { error: string }).error).toMatch(/unknown fault "explode"/);
    const stats = server.stats();
    expect(stats.faults.duplicates).toEqual({ everyN: 3 });
    expect(stats.faults.stall).toBeNull();
    const cleared = await postControl(server, { faults: null });
    expect(
      (cleared.body as { stats: { faults: { duplicates: unknown } } }).stats.faults.duplicates,
    ).toBeNull();
  });
});
