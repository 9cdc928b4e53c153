// Why: the browser's `online` event must end the live feed's backoff wait at once. The wiring is tested on
// its own, then end to end with the real storage service against the replay server, whose refusals push the
// backoff to its 30 s cap first.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import initSqlJs from 'sql.js';
import { watchConnectivity } from '../../../src/app/connectivity';
import { createStorageService } from '../../../src/services/storageService';
import type { StorageEvent } from '../../../src/services/storageApi';
import type { SocketLike } from '../../../src/ingest';
import { createMemoryKv } from '../../../src/storage';
import { startReplayServer } from '../../replay-server/index';

function recorder() {
  const calls: string[] = [];
  let reconnect: () => Promise<void> = async () => {};
  const errors: unknown[] = [];
  return {
    calls,
    errors,
    failReconnect(error: Error) {
      reconnect = () => Promise.reject(error);
    },
    deps: {
      setOffline: (offline: boolean) => calls.push(offline ? 'offline' : 'online'),
      reconnectNow: () => {
        calls.push('reconnectNow');
        return reconnect();
      },
      onError: (e: unknown) => errors.push(e),
    },
  };
}

describe('watchConnectivity', () => {
  it('marks the app online and asks the feed to reconnect now when the browser comes back online', () => {
    const events = new EventTarget();
    const r = recorder();
    watchConnectivity(events, r.deps);
    events.dispatchEvent(new Event('online'));
    expect(r.calls).toEqual(['online', 'reconnectNow']);
  });

  it('only marks the app offline when the network goes away, without asking for a reconnect', () => {
    const events = new EventTarget();
    const r = recorder();
    watchConnectivity(events, r.deps);
    events.dispatchEvent(new Event('offline'));
    expect(r.calls).toEqual(['offline']);
  });

  it('reports a failed reconnect request instead of leaving an unhandled rejection', async () => {
    const events = new EventTarget();
    const r = recorder();
    r.failReconnect(new Error('worker gone'));
    watchConnectivity(events, r.deps);
    events.dispatchEvent(new Event('online'));
    await expect.poll(() => r.errors, { timeout: 10_000 }).toEqual([new Error('worker gone')]);
  });

  it('stops listening once disposed', () => {
    const events = new EventTarget();
    const r = recorder();
    const dispose = watchConnectivity(events, r.deps);
    dispose();
    events.dispatchEvent(new Event('online'));
    events.dispatchEvent(new Event('offline'));
    expect(r.calls).toEqual([]);
  });
});

describe('the online event and the storage service', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('reconnects the live feed at once instead of waiting out a 30 s backoff', async () => {
    const market = await startReplayServer({ speed: 'max', loop: true });
    cleanups.push(() => market.close());
    // Refused upgrades with no jitter wait push the attempt counter up quickly; then full jitter = 1 makes the
    // next wait the whole ceiling (30 s, the cap).
    let jitter = 0;
    const api = createStorageService({
      loadSql: () => initSqlJs(),
      kv: createMemoryKv(),
      socketFactory: (url) => new WebSocket(url) as unknown as SocketLike,
      fetch: (url, init) => fetch(url, init),
      random: () => jitter,
      statusIntervalMs: 10,
    });
    cleanups.push(() => api.stop());
    market.setFaults({ refuse: { forMs: 60_000 } });
    let dataEvents = 0;
    const onEvent = (e: StorageEvent) => {
      if (e.type === 'data' && e.inserted > 0) dataEvents++;
    };
    await api.start(
      {
        endpoints: { ws: market.wsUrl, rest: market.httpUrl },
        symbols: ['BTCUSDT', 'ETHUSDT'],
        source: 'live',
        speed: 10,
        sampleUrl: `${market.httpUrl}/nothing`,
      },
      onEvent,
    );
    // Polls wait up to 10 s: vitest's 1 s default is too short when the machine is busy.
    await expect
      .poll(async () => (await api.status()).feed?.attempt ?? 0, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(6);
    jitter = 1;
    await expect
      .poll(async () => (await api.status()).feed?.reconnectInMs ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(25_000);
    market.setFaults({ refuse: null });
    const opened = market.stats().counters.connectionsOpened;
    expect(dataEvents).toBe(0);

    const events = new EventTarget();
    const dispose = watchConnectivity(events, {
      setOffline: () => {},
      reconnectNow: () => api.reconnectNow(),
    });
    cleanups.push(async () => dispose());
    const onlineAt = performance.now();
    events.dispatchEvent(new Event('online'));
    await expect.poll(() => dataEvents, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(market.stats().counters.connectionsOpened).toBeGreaterThan(opened);
    expect(performance.now() - onlineAt).toBeLessThan(10_000);
  });
});
