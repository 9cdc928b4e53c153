import { describe, expect, it, vi } from 'vitest';
import type { Gap, Tick } from '../../../src/domain/types';
import { createFeedClient, type FeedClientDeps, type FeedStatus } from '../../../src/ingest/feedClient';
import { aggFrame, FakeClock, FakeSocket, tradeFrame } from './fakes';

function setup(overrides: Partial<FeedClientDeps> = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const batches: Tick[][] = [];
  const gaps: Gap[] = [];
  const statuses: FeedStatus[] = [];
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
    onStatus: (s) => statuses.push(s),
    ...overrides,
  });
  const last = () => sockets[sockets.length - 1];
  return { clock, sockets, batches, gaps, statuses, client, last };
}

/** Feed `n` consecutive trades, one every `every` ms, on the given socket. */
function feed(s: FakeSocket, clock: FakeClock, symbol: string, from: number, n: number, every = 100): number {
  for (let i = 0; i < n; i++) {
    s.message(tradeFrame(symbol, from + i, clock.now()));
    if (every) clock.advance(every);
  }
  return from + n;
}

describe('createFeedClient: connecting', () => {
  it('opens one combined @trade stream on the /public route for the accepted symbols', () => {
    const { client, sockets } = setup();
    client.setSymbols(['btcusdt', 'ETHUSDT']);
    client.start();
    expect(sockets.map((s) => s.url)).toEqual([
      'wss://fstream.binance.com/public/stream?streams=btcusdt@trade/ethusdt@trade',
    ]);
  });

  it('refuses invalid symbols with a message and never puts them into a URL', () => {
    const { client, sockets } = setup();
    const r = client.setSymbols(['BTCUSDT', 'eth/usdt', 'x@trade&streams=evil', 'ETHUSDT']);
    client.start();
    expect(r.accepted).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(r.refused.map((x) => x.symbol)).toEqual(['eth/usdt', 'x@trade&streams=evil']);
    expect(sockets[0].url).not.toMatch(/eth\/usdt|evil/);
  });

  it('refuses symbols that are not in the injected exchangeInfo set', () => {
    const { client, sockets } = setup({ knownSymbols: new Set(['BTCUSDT']) });
    const r = client.setSymbols(['BTCUSDT', 'FAKEUSDT']);
    client.start();
    expect(r.refused).toMatchObject([{ symbol: 'FAKEUSDT' }]);
    expect(sockets[0].url).toBe('wss://fstream.binance.com/public/stream?streams=btcusdt@trade');
  });

  it('reports live only after the first trade arrives, not when the socket opens', () => {
    const { client, last, clock } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    expect(client.status().state).toBe('connecting');
    last().open();
    expect(client.status().state).toBe('subscribed-waiting');
    last().message('{"result":null,"id":1}');
    expect(client.status().state).toBe('subscribed-waiting');
    last().message(tradeFrame('BTCUSDT', 1, clock.now()));
    expect(client.status()).toMatchObject({
      state: 'live',
      route: 'public-trade',
      workingRoute: 'public-trade',
    });
    expect(client.status().lastTradeAt).toEqual({ BTCUSDT: clock.now() });
  });

  it('splits more than 200 streams over several sockets of at most 200 streams each', () => {
    const { client, sockets } = setup();
    const symbols = Array.from({ length: 450 }, (_, i) => `S${i}USDT`);
    client.setSymbols(symbols);
    client.start();
    const counts = sockets.map((s) => new URL(s.url).searchParams.get('streams')!.split('/').length);
    expect(counts).toEqual([200, 200, 50]);
  });

  it('rejects a base URL that is not ws:// or wss://', () => {
    expect(() => setup({ wsBase: 'https://fstream.binance.com' })).toThrow(TypeError);
  });
});

describe('createFeedClient: route fallback', () => {
  it('falls back from a silent /public route to the unrouted path, then to /market aggTrade, and remembers it', () => {
    const learned: string[] = [];
    const { client, sockets, clock, last } = setup({ onRouteLearned: (r) => learned.push(r) });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    last().message('{"result":null,"id":1}'); // acknowledged but never delivers
    clock.advance(9_999);
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets[0].closed).toBe(true);
    clock.advance(500); // backoff (random 0.5 × 0.5 s)
    expect(last().url).toBe('wss://fstream.binance.com/stream?streams=btcusdt@trade');
    last().open();
    clock.advance(10_000);
    clock.advance(1_000);
    expect(last().url).toBe('wss://fstream.binance.com/market/stream?streams=btcusdt@aggTrade');
    last().open();
    last().message(aggFrame('BTCUSDT', 1, 10, 12, clock.now()));
    expect(client.status()).toMatchObject({
      state: 'live',
      route: 'market-aggTrade',
      workingRoute: 'market-aggTrade',
    });
    expect(learned).toEqual(['market-aggTrade']);
    expect(sockets).toHaveLength(3);
  });

  it('cycles back to /public after the /market route is silent too', () => {
    const { client, sockets, clock, last } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    for (let i = 0; i < 3; i++) {
      last().open();
      clock.advance(10_000);
      clock.advance(client.status().reconnectInMs!);
    }
    expect(sockets.map((s) => new URL(s.url).pathname)).toEqual([
      '/public/stream',
      '/stream',
      '/market/stream',
      '/public/stream',
    ]);
  });

  it('starts with the preferred (remembered) route', () => {
    const { client, sockets } = setup({ preferredRoute: 'market-aggTrade' });
    client.setSymbols(['BTCUSDT']);
    client.start();
    expect(sockets[0].url).toBe('wss://fstream.binance.com/market/stream?streams=btcusdt@aggTrade');
    expect(client.status().workingRoute).toBe('market-aggTrade');
  });

  it('gives a route that is known to work as long as the watchdog before abandoning it (a quiet market is likelier)', () => {
    const { client, sockets, clock, last } = setup({ preferredRoute: 'public-trade' });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    clock.advance(14_999);
    expect(sockets[0].closed).toBe(false);
    clock.advance(1);
    expect(sockets[0].closed).toBe(true);
  });

  it('also moves on when a route fails before delivering anything (e.g. the path does not exist)', () => {
    const { client, sockets, clock, last } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().serverClose(1006);
    expect(client.status().state).toBe('reconnecting');
    clock.advance(1_000);
    expect(new URL(sockets[1].url).pathname).toBe('/stream');
  });

  it('uses a configurable data timeout', () => {
    const { client, sockets, clock, last } = setup({ dataTimeoutMs: 3_000 });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    clock.advance(3_000);
    expect(sockets[0].closed).toBe(true);
  });
});

describe('createFeedClient: batching and sequence', () => {
  it('delivers ticks in one callback per batch window, never one per tick', () => {
    const { client, last, clock, batches } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    feed(last(), clock, 'BTCUSDT', 1, 50, 0);
    expect(batches).toHaveLength(0);
    clock.advance(100);
    expect(batches).toHaveLength(1);
    expect(batches[0].map((t) => t.tradeId)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('flushes early at the batch size limit', () => {
    const { client, last, clock, batches } = setup({ batchMax: 20 });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    feed(last(), clock, 'BTCUSDT', 1, 45, 0);
    expect(batches.map((b) => b.length)).toEqual([20, 20]);
  });

  it('drops duplicate frames and reports a hole against the seeded last stored id', () => {
    const { client, last, clock, batches, gaps } = setup({ seedLastIds: { BTCUSDT: 100 } });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    last().message(tradeFrame('BTCUSDT', 100, clock.now()));
    last().message(tradeFrame('BTCUSDT', 105, clock.now()));
    last().message(tradeFrame('BTCUSDT', 105, clock.now()));
    clock.advance(100);
    expect(batches.flat().map((t) => t.tradeId)).toEqual([105]);
    expect(gaps).toMatchObject([{ symbol: 'BTCUSDT', source: 'live', fromId: 101, toId: 104, missed: 4 }]);
    expect(client.status().sequence).toMatchObject({ duplicates: 2, gaps: 1 });
    expect(client.lastTradeIds()).toEqual({ BTCUSDT: 105 });
  });

  it('counts malformed frames, control replies and errors without breaking the receive loop', () => {
    const { client, last, clock, batches } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    last().message('not json');
    last().message('[1]');
    last().message('{"result":null,"id":1}');
    last().message('{"error":{"code":2,"msg":"Invalid request"},"id":9}');
    last().message('{"e":"kline"}');
    last().message(tradeFrame('BTCUSDT', 1, clock.now()));
    clock.advance(100);
    expect(batches.flat()).toHaveLength(1);
    const d = client.diagnostics();
    expect(d.counts).toMatchObject({ malformed: 3, control: 1, error: 1 });
    expect(d.malformedByReason).toMatchObject({ 'not-json': 1, 'not-object': 1, 'unknown-event': 1 });
    expect(d.examples.find((e) => e.kind === 'error')?.text).toContain('Invalid request');
    expect(client.status().diagnostics.malformed).toBe(3);
  });

  it('decodes text sent in binary frames', () => {
    const { client, last, clock, batches } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    last().onmessage?.({ data: new TextEncoder().encode(tradeFrame('BTCUSDT', 1, clock.now())) });
    clock.advance(100);
    expect(batches.flat()).toHaveLength(1);
  });
});

describe('createFeedClient: subscription changes', () => {
  function live() {
    const ctx = setup();
    ctx.client.setSymbols(['BTCUSDT', 'ETHUSDT']);
    ctx.client.start();
    ctx.last().open();
    ctx.last().message(tradeFrame('BTCUSDT', 1, ctx.clock.now()));
    return ctx;
  }

  it('sends one UNSUBSCRIBE and one SUBSCRIBE on the open socket instead of reconnecting', () => {
    const { client, sockets, last } = live();
    client.setSymbols(['ETHUSDT', 'SOLUSDT', 'XRPUSDT']);
    expect(sockets).toHaveLength(1);
    expect(last().sent.map((m) => JSON.parse(m))).toEqual([
      { method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: 1 },
      { method: 'SUBSCRIBE', params: ['solusdt@trade', 'xrpusdt@trade'], id: 2 },
    ]);
    expect(client.status().pendingAcks).toBe(2);
    last().message('{"result":null,"id":1}');
    last().message('{"result":null,"id":2}');
    expect(client.status().pendingAcks).toBe(0);
  });

  it('subscribes with the event kind of the live route', () => {
    const { client, last, clock } = setup({ preferredRoute: 'market-aggTrade' });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    last().message(aggFrame('BTCUSDT', 1, 1, 1, clock.now()));
    client.setSymbols(['BTCUSDT', 'ETHUSDT']);
    expect(JSON.parse(last().sent[0])).toMatchObject({ method: 'SUBSCRIBE', params: ['ethusdt@aggTrade'] });
  });

  it('chunks the params of a very large change into several messages', () => {
    const { client, last } = setup({ subscribeChunk: 50 });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    client.setSymbols(['BTCUSDT', ...Array.from({ length: 120 }, (_, i) => `S${i}USDT`)]);
    const msgs = last().sent.map((m) => JSON.parse(m) as { params: string[] });
    expect(msgs.map((m) => m.params.length)).toEqual([50, 50, 20]);
  });

  it('keeps to at most 10 outgoing messages per second and ends on the latest selection', () => {
    const { client, sockets, clock } = live();
    const s = sockets[0];
    for (let i = 0; i < 40; i++) {
      client.setSymbols(['ETHUSDT', `S${i}USDT`]);
      clock.advance(20); // 50 changes per second
    }
    clock.advance(3_000);
    expect(sockets).toHaveLength(1);
    for (const t of s.sentAt)
      expect(s.sentAt.filter((u) => u > t - 1_000 && u <= t).length).toBeLessThanOrEqual(10);
    // Replaying URL + SUBSCRIBE/UNSUBSCRIBE gives exactly the last selection.
    const onServer = new Set(new URL(s.url).searchParams.get('streams')!.split('/'));
    for (const m of s.sent.map((x) => JSON.parse(x) as { method: string; params: string[] })) {
      for (const p of m.params) {
        if (m.method === 'SUBSCRIBE') onServer.add(p);
        else onServer.delete(p);
      }
    }
    expect([...onServer].sort()).toEqual(['ethusdt@trade', 's39usdt@trade']);
    // Coalesced: far fewer than the 80 messages a naive queue would send.
    expect(s.sent.length).toBeLessThan(40);
  });

  it('never sends a refused symbol in SUBSCRIBE params', () => {
    const { client, last } = live();
    const r = client.setSymbols(['ETHUSDT', 'BTCUSDT', 'sol"usdt', 'ADAUSDT']);
    expect(r.refused).toHaveLength(1);
    expect(last().sent.map((m) => JSON.parse(m))).toEqual([
      { method: 'SUBSCRIBE', params: ['adausdt@trade'], id: 1 },
    ]);
  });

  it('sends the changes made while the socket was still connecting once it opens', () => {
    const { client, last } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    client.setSymbols(['ETHUSDT']);
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent.map((m) => JSON.parse(m).method)).toEqual(['UNSUBSCRIBE', 'SUBSCRIBE']);
  });

  it('closes the socket when every symbol is removed', () => {
    const { client, last } = live();
    client.setSymbols([]);
    expect(last().closed).toBe(true);
    expect(client.status().state).toBe('idle');
  });
});

describe('createFeedClient: reconnect backoff', () => {
  it('waits random() × min(30 s, 0.5 s × 2^attempt) between failed attempts', () => {
    const { client, clock, last, sockets } = setup({ random: () => 0.999 });
    client.setSymbols(['BTCUSDT']);
    client.start();
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      last().serverClose();
      waits.push(client.status().reconnectInMs!);
      clock.advance(waits[i]);
    }
    expect(waits.map((w) => Math.round(w / 0.999))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(sockets).toHaveLength(10);
  });

  it('reconnects immediately-ish with random() = 0 and on the same route when the socket had delivered', () => {
    const { client, clock, last, sockets } = setup({ random: () => 0 });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    last().message(tradeFrame('BTCUSDT', 1, clock.now()));
    last().serverClose();
    expect(client.status()).toMatchObject({ state: 'reconnecting', reconnectInMs: 0 });
    clock.advance(0);
    expect(sockets).toHaveLength(2);
    expect(new URL(sockets[1].url).pathname).toBe('/public/stream');
  });

  it('resets the attempt counter after a minute of healthy data', () => {
    const { client, clock, last } = setup({ random: () => 1 });
    client.setSymbols(['BTCUSDT']);
    client.start();
    for (let i = 0; i < 5; i++) {
      last().serverClose();
      clock.advance(client.status().reconnectInMs!);
    }
    // route cycled while failing; make the current one deliver
    last().open();
    const id = feed(last(), clock, 'BTCUSDT', 1, 100, 100); // 10 s of data
    expect(client.status().attempt).toBe(5);
    last().serverClose();
    expect(client.status().reconnectInMs).toBe(16_000);
    clock.advance(16_000);
    last().open();
    feed(last(), clock, 'BTCUSDT', id, 601, 100); // a bit over a minute
    expect(client.status().attempt).toBe(0);
    last().serverClose();
    expect(client.status().reconnectInMs).toBe(500);
  });

  it('skips the remaining backoff wait on reconnectNow()', () => {
    const { client, last, sockets } = setup({ random: () => 1 });
    client.setSymbols(['BTCUSDT']);
    client.start();
    for (let i = 0; i < 6; i++) {
      last().serverClose();
      client.reconnectNow();
    }
    expect(sockets).toHaveLength(7);
    expect(client.status().state).toBe('connecting');
  });

  it('reports offline while the injected online check says so', () => {
    const { client, last } = setup({ isOnline: () => false });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().serverClose();
    expect(client.status().state).toBe('offline');
  });

  it('retries after the socket factory throws', () => {
    let calls = 0;
    const clock = new FakeClock();
    const client = createFeedClient({
      wsBase: 'ws://127.0.0.1:9443',
      socketFactory: (url) => {
        if (++calls === 1) throw new Error('blocked');
        return new FakeSocket(url, clock);
      },
      timers: clock,
      random: () => 0.5,
      onTicks: () => {},
    });
    client.setSymbols(['BTCUSDT']);
    client.start();
    expect(client.status().state).toBe('reconnecting');
    expect(client.diagnostics().counts.socket).toBe(1);
    clock.advance(250);
    expect(calls).toBe(2);
  });
});

describe('createFeedClient: watchdog', () => {
  it('reconnects a live socket after 15 s without data when trades are frequent', () => {
    const { client, clock, last, sockets } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    feed(last(), clock, 'BTCUSDT', 1, 50, 100);
    clock.advance(14_800); // 14.9 s since the last trade
    expect(sockets[0].closed).toBe(false);
    clock.advance(100);
    expect(sockets[0].closed).toBe(true);
    expect(client.diagnostics().counts.watchdog).toBe(1);
    expect(client.status().state).toBe('reconnecting');
  });

  it('allows 20 × the median gap between trades for a quiet symbol', () => {
    const { client, clock, last, sockets } = setup();
    client.setSymbols(['QUIETUSDT']);
    client.start();
    last().open();
    feed(last(), clock, 'QUIETUSDT', 1, 20, 3_000); // median gap 3 s → 60 s watchdog
    clock.advance(59_000 - 3_000);
    expect(sockets[0].closed).toBe(false);
    clock.advance(1_000);
    expect(sockets[0].closed).toBe(true);
  });

  it('is not fooled by steady data: it never fires while trades keep arriving', () => {
    const { client, clock, last, sockets } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    feed(last(), clock, 'BTCUSDT', 1, 600, 1_000);
    expect(sockets).toHaveLength(1);
    expect(client.status().state).toBe('live');
  });
});

describe('createFeedClient: status and stop', () => {
  it('reports status changes through onStatus with route, url and attempt', () => {
    const { client, statuses, last, clock } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    last().message(tradeFrame('BTCUSDT', 1, clock.now()));
    const states = statuses.map((s) => s.state);
    expect(states).toContain('connecting');
    expect(states).toContain('subscribed-waiting');
    expect(states[states.length - 1]).toBe('live');
    expect(statuses[statuses.length - 1]).toMatchObject({
      route: 'public-trade',
      url: 'wss://fstream.binance.com/public/stream?streams=btcusdt@trade',
      attempt: 0,
    });
  });

  it('measures ticks per second over the last seconds', () => {
    const { client, clock, last } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    feed(last(), clock, 'BTCUSDT', 1, 100, 50); // 20 per second for 5 s
    expect(client.status().ticksPerSecond).toBeCloseTo(20, 0);
  });

  it('stops: closes sockets, flushes buffered ticks, cancels timers and reports stopped', () => {
    const onTicks = vi.fn();
    const { client, clock, last } = setup({ onTicks });
    client.setSymbols(['BTCUSDT']);
    client.start();
    last().open();
    last().message(tradeFrame('BTCUSDT', 1, clock.now()));
    client.stop();
    expect(onTicks).toHaveBeenCalledTimes(1);
    expect(last().closed).toBe(true);
    expect(client.status().state).toBe('stopped');
    expect(clock.pendingTimers).toBe(0);
  });

  it('can be started again after a stop', () => {
    const { client, sockets, last } = setup();
    client.setSymbols(['BTCUSDT']);
    client.start();
    client.stop();
    client.start();
    expect(sockets).toHaveLength(2);
    expect(last().closed).toBe(false);
    expect(client.status().state).toBe('connecting');
  });
});
