// Why: the storage service end to end in Node: real sql.js, the real feed client over `ws`, the replay
// server as Binance, an in-memory IndexedDB stand-in, and fake Web Locks shared by two "tabs".
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import initSqlJs from 'sql.js';
import { createStorageService } from '../../../src/services/storageService';
import type { SessionConfig, StorageEvent } from '../../../src/services/storageApi';
import { createMemoryKv, type SnapshotKv } from '../../../src/storage';
import type { SocketLike } from '../../../src/ingest';
import { createMemoryBus } from '../../../src/session/channel';
import { startReplayServer, type ReplayServer } from '../../replay-server/index';
import { FakeLockManager } from '../session/fakeLocks';

describe('the storage service against the replay server', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup() {
    const market = await startReplayServer({ speed: 'max', loop: true });
    cleanups.push(() => market.close());
    return market;
  }

  function service(
    market: ReplayServer,
    kv: SnapshotKv,
    extra: Partial<Parameters<typeof createStorageService>[0]> = {},
  ) {
    const api = createStorageService({
      loadSql: () => initSqlJs(),
      kv,
      socketFactory: (url) => new WebSocket(url) as unknown as SocketLike,
      fetch: (url, init) => fetch(url, init),
      statusIntervalMs: 10,
      ...extra,
    });
    cleanups.push(() => api.stop());
    const config: SessionConfig = {
      endpoints: { ws: market.wsUrl, rest: market.httpUrl },
      symbols: ['BTCUSDT', 'ETHUSDT'],
      source: 'live',
      speed: 10,
      sampleUrl: `${market.httpUrl}/nothing`,
    };
    return { api, config };
  }

  /** Collects worker events and resolves waiters from the event itself (no polling). */
  function collector() {
    const seen = new Set<string>();
    const waiters: { symbols: string[]; resolve: () => void }[] = [];
    const onEvent = (e: StorageEvent) => {
      if (e.type !== 'data' || e.inserted === 0) return;
      for (const s of e.symbols) seen.add(s);
      for (const w of waiters.splice(0)) {
        if (w.symbols.every((s) => seen.has(s))) w.resolve();
        else waiters.push(w);
      }
    };
    const waitFor = (symbols: string[]) =>
      new Promise<void>((resolve) => {
        if (symbols.every((s) => seen.has(s))) resolve();
        else waiters.push({ symbols, resolve });
      });
    return { onEvent, waitFor };
  }

  it('ingests live trades of both symbols into bars and saves a snapshot that a new session restores', async () => {
    const market = await setup();
    const kv = createMemoryKv();
    const first = service(market, kv);
    const events = collector();
    const status = await first.api.start(first.config, events.onEvent);
    expect(status.role).toBe('leader');
    await events.waitFor(['BTCUSDT', 'ETHUSDT']);
    const bars = await first.api.getBars({ symbol: 'BTCUSDT', interval: '1s', source: 'live' });
    expect(bars.openTime.length).toBeGreaterThan(0);
    expect(await first.api.flush()).toBe(true);
    await first.api.stop();

    // A new session (a reload) opens the snapshot before anything else arrives.
    market.setPaused(true);
    const second = service(market, kv);
    const restored = await second.api.start({ ...second.config, source: 'upload' }, () => {});
    expect(restored.db.load).toBe('loaded');
    const again = await second.api.getBars({ symbol: 'BTCUSDT', interval: '1s', source: 'live' });
    expect(Array.from(again.openTime.slice(0, bars.openTime.length))).toEqual(Array.from(bars.openTime));
  });

  it('keeps the second tab a follower that does not connect, and hands over cleanly on "use here"', async () => {
    const market = await setup();
    const kv = createMemoryKv();
    const locks = new FakeLockManager();
    const bus = createMemoryBus();
    const a = service(market, kv, { locks: locks.tab(), channel: bus.endpoint() });
    const b = service(market, kv, { locks: locks.tab(), channel: bus.endpoint(), handoverTimeoutMs: 5_000 });
    const eventsA = collector();
    const eventsB = collector();
    expect((await a.api.start(a.config, eventsA.onEvent)).role).toBe('leader');
    await eventsA.waitFor(['BTCUSDT', 'ETHUSDT']);
    const statusB = await b.api.start(b.config, eventsB.onEvent);
    expect(statusB.role).toBe('follower');
    expect(market.stats().openConnections).toBe(1);

    await b.api.takeOver();
    await expect.poll(async () => (await b.api.status()).role).toBe('leader');
    await expect.poll(async () => (await a.api.status()).role).toBe('follower');
    // The new leader opened what the old one saved during the handover, then went on ingesting itself.
    expect(
      (await b.api.getBars({ symbol: 'ETHUSDT', interval: '1s', source: 'live' })).openTime.length,
    ).toBeGreaterThan(0);
    await eventsB.waitFor(['BTCUSDT', 'ETHUSDT']);
    expect((await a.api.status()).feed).toBeNull();
  });

  it('refuses an invalid symbol with a message and never puts it into a URL', async () => {
    const market = await setup();
    const s = service(market, createMemoryKv());
    const events = collector();
    const status = await s.api.start({ ...s.config, symbols: ['BTCUSDT', 'NOTASYMBOL1'] }, events.onEvent);
    expect(status.refused.map((r) => r.symbol)).toEqual(['NOTASYMBOL1']);
    await events.waitFor(['BTCUSDT']);
    const urls = market.stats().connections.map((c) => `${c.path}?${c.query}`);
    expect(urls.join(' ')).not.toMatch(/notasymbol1/i);
  });

  it('checks symbols against the exchange list it cached, when exchangeInfo cannot be reached', async () => {
    const market = await setup();
    const kv = createMemoryKv();
    const online = service(market, kv);
    const events = collector();
    await online.api.start(online.config, events.onEvent);
    await events.waitFor(['BTCUSDT']);
    expect((await online.api.exchangeSymbols()).map((s) => s.symbol)).toContain('ETHUSDT');
    expect(await online.api.flush()).toBe(true);
    await online.api.stop();

    // Next session: REST is down. NOTASYMBOL1 matches the symbol pattern, so only the cached list refuses it.
    const offline = service(market, kv, {
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const status = await offline.api.start(
      { ...offline.config, symbols: ['BTCUSDT', 'NOTASYMBOL1'] },
      collector().onEvent,
    );
    expect((await offline.api.exchangeSymbols()).map((s) => s.symbol)).toContain('ETHUSDT');
    expect(status.refused).toEqual([{ symbol: 'NOTASYMBOL1', message: expect.any(String) as unknown }]);
  });
});

describe('an unreadable stored database', () => {
  it('is kept aside untouched, the app starts empty, and the bad snapshot can be downloaded', async () => {
    const kv = createMemoryKv();
    const junk = new Uint8Array(4096).fill(7);
    kv.map.set('pairs-lab:db:a', junk);
    kv.map.set('pairs-lab:db:current', {
      format: 1,
      key: 'pairs-lab:db:a',
      bytes: junk.length,
      savedAt: 1,
      rows: null,
    });
    const api = createStorageService({ loadSql: () => initSqlJs(), kv });
    const status = await api.start(
      {
        endpoints: { ws: 'ws://127.0.0.1:1', rest: 'http://127.0.0.1:1' },
        symbols: [],
        source: 'upload',
        speed: 1,
        sampleUrl: '',
      },
      () => {},
    );
    expect(status.db.load).toBe('corrupt');
    expect(status.db.ticks).toBe(0);
    expect(status.notices.join(' ')).toMatch(/could not be read; it was kept aside/);
    const kept = await api.readSetAsideSnapshot();
    expect(kept && Array.from(kept.slice(0, 4))).toEqual([7, 7, 7, 7]);
    expect(kept?.length).toBe(junk.length);
    await api.stop();
  });
});

describe('the version fence between tabs', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function tab(
    locks: FakeLockManager,
    bus: ReturnType<typeof createMemoryBus>,
    kv: SnapshotKv,
    appVersion: string,
  ) {
    const api = createStorageService({
      loadSql: () => initSqlJs(),
      kv,
      locks: locks.tab(),
      channel: bus.endpoint(),
      appVersion,
      statusIntervalMs: 10,
    });
    cleanups.push(() => api.stop());
    return api;
  }
  const config: SessionConfig = {
    endpoints: { ws: 'ws://127.0.0.1:1', rest: 'http://127.0.0.1:1' },
    symbols: [],
    source: 'upload',
    speed: 1,
    sampleUrl: '',
  };

  it('stops an old tab from writing when a newer build opens, and hands the lead to the newer tab', async () => {
    const locks = new FakeLockManager();
    const bus = createMemoryBus();
    const kv = createMemoryKv();
    const old = tab(locks, bus, kv, '2026-01-01T00:00:00Z');
    expect((await old.start(config, () => {})).role).toBe('leader');
    const newer = tab(locks, bus, kv, '2026-02-01T00:00:00Z');
    await newer.start(config, () => {});
    await expect.poll(async () => (await old.status()).role).toBe('stopped');
    expect((await old.status()).notices.join(' ')).toMatch(/newer version of the app/);
    await expect.poll(async () => (await newer.status()).role).toBe('leader');
  });

  it('fences an old tab that opens after a newer one: it never leads', async () => {
    const locks = new FakeLockManager();
    const bus = createMemoryBus();
    const kv = createMemoryKv();
    const newer = tab(locks, bus, kv, '2026-02-01T00:00:00Z');
    expect((await newer.start(config, () => {})).role).toBe('leader');
    const old = tab(locks, bus, kv, '2026-01-01T00:00:00Z');
    await old.start(config, () => {});
    await expect.poll(async () => (await old.status()).role).toBe('stopped');
    expect((await newer.status()).role).toBe('leader');
  });
});
