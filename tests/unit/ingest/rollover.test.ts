// Why: Binance cuts every connection after 24 h; replacing it early must lose nothing and report nothing
// (no gap, no duplicate stored), and a replacement that never delivers must not cost the working socket.
import { describe, expect, it } from 'vitest';
import type { Gap, Tick } from '../../../src/domain/types';
import { createFeedClient, type FeedClientDeps } from '../../../src/ingest/feedClient';
import { FakeClock, FakeSocket, tradeFrame } from './fakes';

const ROLL = 60_000;
const URL0 = 'wss://fstream.binance.com/public/stream?streams=btcusdt@trade/ethusdt@trade';

function setup(overrides: Partial<FeedClientDeps> = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const batches: Tick[][] = [];
  const gaps: Gap[] = [];
  const client = createFeedClient({
    wsBase: 'wss://fstream.binance.com',
    socketFactory: (url) => {
      const s = new FakeSocket(url, clock);
      sockets.push(s);
      return s;
    },
    timers: clock,
    random: () => 0.5,
    onTicks: (b) => batches.push(b),
    onGap: (g) => gaps.push(g),
    rolloverAfterMs: ROLL,
    rolloverRetryMs: 5_000,
    rolloverDrainMs: 1_000,
    ...overrides,
  });
  client.setSymbols(['BTCUSDT', 'ETHUSDT']);
  client.start();
  sockets[0].open();
  const ids = (symbol = 'BTCUSDT') =>
    batches
      .flat()
      .filter((t) => t.symbol === symbol)
      .map((t) => t.tradeId);
  return { clock, sockets, batches, gaps, client, ids };
}

const send = (s: FakeSocket, clock: FakeClock, id: number, symbol = 'BTCUSDT') =>
  s.message(tradeFrame(symbol, id, clock.now()));

/** Trades every 100 ms on `s` for `ms`; returns the next id. */
function stream(s: FakeSocket, clock: FakeClock, from: number, ms: number): number {
  let id = from;
  for (let t = 0; t < ms; t += 100) {
    send(s, clock, id++);
    clock.advance(100);
  }
  return id;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('rollover before the 24 h limit', () => {
  it('defaults to 23 h', () => {
    const { clock, sockets, client } = setup({ rolloverAfterMs: undefined });
    let id = 1;
    send(sockets[0], clock, id++);
    expect(client.status().connections[0].nextRolloverInMs).toBe(23 * 3_600_000);
    // A trade every 10 s keeps the watchdog quiet without a million frames.
    for (let k = 0; k < (23 * 3_600_000) / 10_000 - 1; k++) {
      clock.advance(10_000);
      send(sockets[0], clock, id++);
    }
    expect(sockets).toHaveLength(1);
    clock.advance(10_000);
    expect(sockets).toHaveLength(2);
    expect(sockets[1].url).toBe(URL0);
  });

  it('opens a second socket with the same streams at the configured time and keeps both open until it delivers', () => {
    const { clock, sockets, client, gaps } = setup();
    let id = stream(sockets[0], clock, 1, ROLL - 500);
    expect(sockets).toHaveLength(1);
    id = stream(sockets[0], clock, id, 500);
    expect(sockets).toHaveLength(2);
    expect(sockets[1].url).toBe(sockets[0].url);
    sockets[1].open();
    id = stream(sockets[0], clock, id, 2_000); // the new socket is quiet for a while: nothing changes
    expect(sockets[0].closed).toBe(false);
    expect(sockets[1].closed).toBe(false);
    expect(client.status()).toMatchObject({
      state: 'live',
      connections: [{ rollover: 'opening', rollovers: 0 }],
    });
    // The new socket's first trade is one the old one already delivered: switch, old one closed.
    send(sockets[1], clock, id - 1);
    expect(sockets[0].closed).toBe(true);
    expect(sockets[1].closed).toBe(false);
    expect(client.status()).toMatchObject({
      state: 'live',
      connections: [{ rollover: 'idle', rollovers: 1 }],
    });
    expect(gaps).toEqual([]);
  });

  it('keeps trade ids in order across the overlap: no gap, no duplicate, nothing lost', () => {
    const { clock, sockets, client, gaps, ids } = setup();
    let id = stream(sockets[0], clock, 1, ROLL);
    const n = id - 1; // last id the old socket delivered
    sockets[1].open();
    // The new socket is ahead: it delivers n+3.. while n+1, n+2 are still in flight on the old one.
    send(sockets[1], clock, n + 3);
    send(sockets[1], clock, n + 4);
    send(sockets[1], clock, 7, 'ETHUSDT');
    expect(client.status().connections[0].rollover).toBe('draining');
    expect(sockets[0].closed).toBe(false);
    send(sockets[0], clock, n + 1);
    expect(sockets[0].closed).toBe(false);
    send(sockets[0], clock, n + 2, 'BTCUSDT');
    send(sockets[0], clock, 6, 'ETHUSDT');
    // Caught up on both symbols: the old socket goes, the held frames are applied.
    expect(sockets[0].closed).toBe(true);
    send(sockets[0], clock, n + 3); // a late frame of the closed socket is ignored
    id = n + 5;
    for (let i = 0; i < 10; i++) send(sockets[1], clock, id++);
    clock.advance(200);
    expect(ids()).toEqual(range(1, id - 1));
    expect(ids('ETHUSDT')).toEqual([6, 7]);
    expect(gaps).toEqual([]);
    expect(client.status().sequence).toMatchObject({ gaps: 0, missed: 0 });
  });

  it('drops the overlap as duplicates when the new socket starts behind the old one', () => {
    const { clock, sockets, client, gaps, ids } = setup({ rolloverDrainMs: 0 });
    let id = stream(sockets[0], clock, 1, ROLL);
    sockets[1].open();
    for (let k = id - 5; k < id + 5; k++) send(sockets[1], clock, k);
    expect(sockets[0].closed).toBe(true);
    id += 5;
    clock.advance(200);
    expect(ids()).toEqual(range(1, id - 1));
    expect(gaps).toEqual([]);
    expect(client.status().sequence.duplicates).toBe(5);
  });

  it('switches after the drain time when the old socket stays behind', () => {
    const { clock, sockets, gaps, ids } = setup();
    const id = stream(sockets[0], clock, 1, ROLL);
    sockets[1].open();
    send(sockets[1], clock, id + 1); // id itself never comes on the old socket: a real loss
    clock.advance(999);
    expect(sockets[0].closed).toBe(false);
    clock.advance(1);
    expect(sockets[0].closed).toBe(true);
    clock.advance(200);
    expect(ids()).toEqual([...range(1, id - 1), id + 1]);
    expect(gaps).toMatchObject([{ fromId: id, toId: id, missed: 1 }]);
  });

  it('ignores a cut of the old socket that comes after the switch (no reconnect)', () => {
    const { clock, sockets, client, gaps, ids } = setup();
    const id = stream(sockets[0], clock, 1, ROLL);
    sockets[1].open();
    send(sockets[1], clock, id + 1);
    send(sockets[0], clock, id);
    // The old socket caught up with the new one's first id: switched, so its later cut changes nothing.
    expect(sockets[0].closed).toBe(true);
    sockets[0].serverClose(1001);
    clock.advance(200);
    expect(sockets).toHaveLength(2);
    expect(client.status().state).toBe('live');
    expect(ids()).toEqual(range(1, id + 1));
    expect(gaps).toEqual([]);
  });

  it('lets a delivering replacement take over when Binance cuts the old socket mid-drain', () => {
    const { clock, sockets, client, gaps } = setup();
    const id = stream(sockets[0], clock, 1, ROLL);
    sockets[1].open();
    send(sockets[1], clock, id + 2); // old socket still owes id, id+1
    sockets[0].serverClose(1006);
    expect(sockets).toHaveLength(2); // no reconnect socket
    expect(client.status()).toMatchObject({ state: 'live', connections: [{ rollovers: 1, attempt: 0 }] });
    expect(gaps).toMatchObject([{ fromId: id, toId: id + 1 }]); // what the old socket never sent is a real gap
  });

  it('keeps the old socket when the new one never delivers, and retries', () => {
    const { clock, sockets, client, gaps, ids } = setup();
    let id = stream(sockets[0], clock, 1, ROLL);
    sockets[1].open();
    id = stream(sockets[0], clock, id, 14_900);
    expect(sockets[1].closed).toBe(false);
    // Silence allowed to the replacement: max(data timeout, watchdog) = 15 s here.
    id = stream(sockets[0], clock, id, 100);
    expect(sockets[1].closed).toBe(true);
    expect(sockets[0].closed).toBe(false);
    expect(client.status()).toMatchObject({
      state: 'live',
      connections: [{ rollover: 'idle', rollovers: 0, rolloverFailures: 1 }],
    });
    expect(client.diagnostics().counts.socket).toBe(1);
    id = stream(sockets[0], clock, id, 5_000); // retry delay
    expect(sockets).toHaveLength(3);
    sockets[2].serverClose(1006); // fails differently this time
    expect(sockets[0].closed).toBe(false);
    expect(client.status().connections[0].rolloverFailures).toBe(2);
    id = stream(sockets[0], clock, id, 5_000);
    expect(sockets).toHaveLength(4);
    sockets[3].open();
    send(sockets[3], clock, id - 1);
    expect(sockets[0].closed).toBe(true);
    send(sockets[3], clock, id++);
    clock.advance(200);
    expect(ids()).toEqual(range(1, id - 1));
    expect(gaps).toEqual([]);
    expect(client.status().connections[0]).toMatchObject({ rollovers: 1, state: 'live' });
  });

  it('rolls the replacement over again after another rolloverAfterMs, and stop() closes both sockets', () => {
    const { clock, sockets, client } = setup();
    const id = stream(sockets[0], clock, 1, ROLL);
    sockets[1].open();
    send(sockets[1], clock, id - 1);
    expect(sockets[0].closed).toBe(true);
    stream(sockets[1], clock, id, ROLL);
    expect(sockets).toHaveLength(3);
    sockets[2].open();
    client.stop();
    expect(sockets.every((s) => s.closed)).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('subscribes symbols added during the overlap on the new socket after the switch', () => {
    const { clock, sockets, client } = setup();
    const id = stream(sockets[0], clock, 1, ROLL);
    sockets[1].open();
    client.setSymbols(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(sockets[0].sent.map((m) => JSON.parse(m).method)).toEqual(['SUBSCRIBE']);
    send(sockets[1], clock, id - 1);
    expect(sockets[0].closed).toBe(true);
    expect(sockets[1].sent.map((m) => JSON.parse(m))).toMatchObject([
      { method: 'SUBSCRIBE', params: ['solusdt@trade'] },
    ]);
  });

  it('can be disabled', () => {
    const { clock, sockets } = setup({ rolloverAfterMs: Infinity });
    stream(sockets[0], clock, 1, ROLL * 3);
    expect(sockets).toHaveLength(1);
  });
});
